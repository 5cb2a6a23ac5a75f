//! Every `{名称}` in prose must name a figure it can see (docs/form.md §9.4):
//! one of the same 条目 or 板块, else of 主要指标. Checked before anything is
//! rendered, so an unknown name is an error with its field path and line.

use crate::error::{Error, ErrorKind};
use crate::facts::refs::{Part, scan};

use super::keys::did_you_mean;
use super::model::{Form, Indicator, Item};
use super::value::Field;

/// A refused reference: the error and the text to point at (`{揭榜项木`),
/// boxed since it travels through every `?` of a check that usually passes.
type Problem = Box<Refused>;

struct Refused {
    error: Error,
    needle: String,
}

/// Checks the references of every prose field (导语, 成效, 概述, 内容, 结语).
pub(crate) fn check_refs(form: &Form) -> Result<(), Error> {
    all_refs(form).map_err(|p| p.error)
}

/// `e` (already located at its field) pointed at the offending reference
/// itself when `e` is the reference error of `form` and the reference can be
/// found in `text` from the field's position on.
pub(crate) fn at_reference(e: Error, form: &Form, text: &str) -> Error {
    let Err(p) = all_refs(form) else { return e };
    let (Some(line), Some(column)) = (e.line, e.column) else {
        return e;
    };
    if p.error.path != e.path || p.error.message != e.message {
        return e;
    }
    let found = text.lines().enumerate().skip(line - 1).find_map(|(i, l)| {
        let from = if i + 1 == line {
            l.char_indices().nth(column - 1).map_or(l.len(), |(b, _)| b)
        } else {
            0
        };
        let at = l[from..].find(&p.needle)? + from;
        Some((i + 1, l[..at].chars().count() + 1))
    });
    match found {
        Some((l, c)) => e.at_line(l, c),
        None => e,
    }
}

fn all_refs(form: &Form) -> Result<(), Problem> {
    let top = names(&form.indicators);
    check(&form.lead, &|| "导语".to_string(), &[&top])?;
    for (i, s) in form.achievements.iter().enumerate() {
        let here = names(&s.indicators);
        let path = || format!("工作成效[{i}]");
        check(&s.result, &|| format!("{}.成效", path()), &[&here, &top])?;
        check(&s.summary, &|| format!("{}.概述", path()), &[&here, &top])?;
        items(&s.points, &|| format!("{}.要点", path()), &[&here, &top])?;
    }
    for (part, key) in [(&form.problems, "存在问题"), (&form.plans, "下一步打算")] {
        if part.mapped {
            check(&part.summary, &|| format!("{key}.概述"), &[&top])?;
            items(&part.items, &|| format!("{key}.条目"), &[&top])?;
        } else {
            items(&part.items, &|| key.to_string(), &[&top])?;
        }
    }
    check(&form.closing, &|| "结语".to_string(), &[&top])
}

type Scope<'a> = Vec<(&'a str, &'a Indicator)>;

/// A field's path, made only for an error: most forms have none.
type Path<'a> = &'a dyn Fn() -> String;

fn items(list: &[Item], path: Path<'_>, outer: &[&Scope<'_>]) -> Result<(), Problem> {
    for (i, it) in list.iter().enumerate() {
        let here = names(&it.indicators);
        let mut scopes = vec![&here];
        scopes.extend_from_slice(outer);
        check(&it.text, &|| format!("{}[{i}].内容", path()), &scopes)?;
    }
    Ok(())
}

/// The referable figures of a list: name and what it gives.
fn names(list: &[Indicator]) -> Scope<'_> {
    list.iter()
        .filter_map(|i| i.name.given().map(|n| (n.trim(), i)))
        .collect()
}

/// Why `{名称:部分}` would print nothing, if it would.
fn missing_part(ind: &Indicator, part: Part) -> Option<&'static str> {
    match part {
        Part::Whole => None,
        Part::Value => ind.value.is_none().then_some("没有数值"),
        Part::Change => (ind.change.is_none()
            && ind.growth.is_none()
            && !(ind.previous.is_some() && ind.value.is_some()))
        .then_some("没有变化(上期、增速或变化)"),
        Part::Rank => ind.rank.is_none().then_some("没有排名"),
    }
}

fn check(
    text: &Option<Field<String>>,
    path: Path<'_>,
    scopes: &[&Scope<'_>],
) -> Result<(), Problem> {
    let Some(Field::Given(text)) = text else {
        return Ok(());
    };
    if memchr::memchr2(b'{', b'}', text.as_bytes()).is_none() {
        return Ok(());
    }
    let refs = scan(text).map_err(|e| {
        Box::new(Refused {
            error: invalid(&path(), e.message),
            needle: text.chars().skip(e.offset).take(6).collect(),
        })
    })?;
    for r in refs {
        let found = scopes
            .iter()
            .find_map(|s| s.iter().find(|(n, _)| *n == r.name).map(|(_, i)| *i));
        if let Some(ind) = found {
            if let Some(why) = missing_part(ind, r.part) {
                return Err(problem(
                    &r.name,
                    invalid(
                        &path(),
                        format!(
                            "指标“{}”{why},引用无从代入;请补上,或改用 {{{}}}",
                            r.name, r.name
                        ),
                    ),
                ));
            }
            continue;
        }
        let all: Vec<&str> = scopes
            .iter()
            .flat_map(|s| s.iter().map(|(n, _)| *n))
            .collect();
        let hint = match did_you_mean(&r.name, &all).or_else(|| containing(&r.name, &all)) {
            Some(near) => format!(";是不是“{near}”?"),
            None if all.is_empty() => {
                ";这里没有可引用的指标,请先在同一条目、板块或 主要指标 中定义它".to_string()
            }
            None => format!(";这里可引用的指标有:{}", all.join("、")),
        };
        return Err(problem(
            &r.name,
            invalid(
                &path(),
                format!(
                    "引用了未定义的指标“{}”(同一条目、板块或 主要指标 中没有名称为它的指标){hint}",
                    r.name
                ),
            ),
        ));
    }
    Ok(())
}

/// A name that contains the written one or is contained in it, when only one does.
fn containing<'a>(written: &str, names: &[&'a str]) -> Option<&'a str> {
    let mut found = names
        .iter()
        .filter(|n| n.contains(written) || written.contains(**n));
    match (found.next(), found.next()) {
        (Some(n), None) => Some(n),
        _ => None,
    }
}

fn problem(name: &str, error: Error) -> Problem {
    Box::new(Refused {
        error,
        needle: format!("{{{name}"),
    })
}

fn invalid(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Form, message).at_path(path)
}

#[cfg(test)]
mod tests {
    const HEAD: &str =
        "地区: 示例市\n单位: 局\n主要指标: [{名称: 高新技术企业, 数值: 251, 单位: 家}]\n";

    fn parse(rest: &str) -> Result<crate::form::Form, crate::error::Error> {
        crate::form::parse(format!("{HEAD}{rest}").as_bytes(), "f.yaml")
    }

    #[test]
    fn an_unknown_name_is_located_with_a_hint() {
        let e = parse("工作成效:\n  - 标题: 甲\n    概述: 全市{高新技术企}稳步增长\n").unwrap_err();
        assert!(e.message.contains("是不是“高新技术企业”"), "{e}");
        assert_eq!(e.path.as_deref(), Some("工作成效[0].概述"));
        // Line and column of the `{` itself.
        assert_eq!((e.line, e.column), (Some(6), Some(11)));
        let e = parse(
            "工作成效:\n  - 标题: 甲\n    概述: >-\n      全市稳步增长,\n      共{高新技术企}\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(8), Some(8)));
    }

    #[test]
    fn scopes_are_the_item_the_section_then_the_headline_figures() {
        let section = "工作成效:\n  - 标题: 甲\n    指标: [{名称: 揭榜项目, 数值: 36, 单位: 项}]\n    要点:\n      - 内容: 共{揭榜项目:数值},{高新技术企业}\n";
        assert!(parse(section).is_ok());
        let e = parse(&format!("{section}存在问题:\n  - 仅{{揭榜项目}}\n")).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("存在问题[0].内容"));
        assert!(e.message.contains("可引用的指标有:高新技术企业"), "{e}");
        // The mapping form of 下一步打算 (docs/form.md §9.8): its 概述 is prose too.
        let mapped = format!("{section}下一步打算:\n  概述: 力争{{高新技术企}}\n  条目: [甲]\n");
        let e = parse(&mapped).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("下一步打算.概述"));
        assert!(e.message.contains("是不是“高新技术企业”"), "{e}");
    }

    #[test]
    fn a_part_the_figure_does_not_have_is_refused() {
        let e = parse("导语: 全市{高新技术企业:排名}\n工作成效: [{标题: 甲}]\n").unwrap_err();
        assert!(e.message.contains("没有排名"), "{e}");
        assert_eq!(e.path.as_deref(), Some("导语"));
    }

    #[test]
    fn an_unclosed_brace_says_how_to_print_one() {
        let e = parse("导语: 全市{高新技术企业\n工作成效: [{标题: 甲}]\n").unwrap_err();
        assert!(e.message.contains("{{"), "{e}");
    }
}
