//! Every `{名称}` must name a figure it can see (docs/form.md §9.4, §9.13):
//! one of the same 条目 or 板块, else of 主要指标. References are read in
//! the prose (导语, 成效, 概述, 内容, 结语) and in every heading (标题 of the
//! report, of a 板块, of a 条目 or of 存在问题/下一步打算, 副标题, 成效标题);
//! the report's 标题 and 副标题 may also name the form's own values
//! (`{地区}`). Anywhere else a brace is refused with its place, as it would
//! print as typed; `{{` and `}}` print braces. Checked before anything is
//! rendered, so an unknown name is an error with its field path and line.
//!
//! Each reference also costs the length of the wording it stands for: a
//! figure whose 说明 is long, referenced thousands of times, would make a
//! draft of gigabytes from a form of kilobytes. The references of a form may
//! add no more than the form's own text plus [`EXPANSION_ALLOWANCE`]; the one
//! that would pass that is refused before anything is built (§10.4).

use std::cell::Cell;
use std::collections::HashMap;

use crate::error::{Error, ErrorKind};
use crate::facts::change::{DEFAULT_BASIS, YEAR_BASIS};
use crate::facts::figure::{Wording, figure_facts_in};
use crate::facts::refs::{Part, Ref, has_braces, scan};

use super::keys::did_you_mean;
use super::model::{Form, Indicator, Item, Part as FormPart};
use super::paths::{Node, Warning, walk};
use super::value::Field;

/// A refused reference: the error and the text to point at (`{揭榜项木`),
/// boxed since it travels through every `?` of a check that usually passes.
type Problem = Box<Refused>;

struct Refused {
    error: Error,
    needle: String,
    /// Occurrences of `needle` in the field to pass before the one meant.
    skip: usize,
}

/// Bytes the references of any form may add beyond its own text's length:
/// room for the references of a small form (a real report's add a few KiB).
pub const EXPANSION_ALLOWANCE: usize = 64 << 10;

/// The form's own values a title may name (docs/form.md §4).
const TITLE_FIELDS: [&str; 6] = ["地区", "单位", "主题", "时期", "下一时期", "会议"];

/// The keys whose text may name figures: prose and headings.
const REFERRING: [&str; 8] = [
    "标题",
    "副标题",
    "成效标题",
    "导语",
    "成效",
    "概述",
    "内容",
    "结语",
];

/// Checks the references of every field that may hold them, and refuses
/// braces in the others.
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
    let mut skip = p.skip;
    let found = text.lines().enumerate().skip(line - 1).find_map(|(i, l)| {
        let from = if i + 1 == line {
            l.char_indices().nth(column - 1).map_or(l.len(), |(b, _)| b)
        } else {
            0
        };
        let at = l[from..].match_indices(&p.needle).find_map(|(at, _)| {
            let last = skip == 0;
            skip = skip.saturating_sub(1);
            last.then_some(at)
        })? + from;
        Some((i + 1, l[..at].chars().count() + 1))
    });
    match found {
        Some((l, c)) => e.at_line(l, c),
        None => e,
    }
}

/// Warnings for full-width braces that name no figure (`｛注｝`): printed as
/// typed, which a clerk who meant a reference should know (§9.13).
pub(crate) fn full_width_warnings(form: &Form) -> Vec<Warning> {
    let mut out = Vec::new();
    let _ = fields(form, &mut |path, text, scopes, title| {
        let Some(Field::Given(text)) = text else {
            return Ok(());
        };
        let Ok(refs) = scan(text) else { return Ok(()) };
        for r in refs.iter().filter(|r| r.full_width) {
            if find(scopes, &r.name).is_none()
                && !(title && TITLE_FIELDS.contains(&r.name.as_str()))
            {
                out.push(Warning {
                    path: path(),
                    message: format!(
                        "全角花括号中的“{}”不是这里可引用的指标,按原文印出;引用指标请写半角花括号 {{{}}}",
                        r.name, r.name
                    ),
                });
            }
        }
        Ok(())
    });
    out
}

/// Visits every field that may hold references with its path, the figures
/// it can see and whether it is the report's title or subtitle.
type Visit<'v> =
    dyn FnMut(Path<'_>, &Option<Field<String>>, &[&Scope<'_>], bool) -> Result<(), Problem> + 'v;

fn fields(form: &Form, f: &mut Visit<'_>) -> Result<(), Problem> {
    let top = names(&form.indicators);
    f(&|| "标题".to_string(), &form.title, &[&top], true)?;
    f(&|| "副标题".to_string(), &form.subtitle, &[&top], true)?;
    f(&|| "导语".to_string(), &form.lead, &[&top], false)?;
    f(
        &|| "成效标题".to_string(),
        &form.achievements_title,
        &[&top],
        false,
    )?;
    for (i, s) in form.achievements.iter().enumerate() {
        let here = names(&s.indicators);
        let path = || format!("工作成效[{i}]");
        let scopes = [&here, &top];
        f(&|| format!("{}.标题", path()), &s.title, &scopes, false)?;
        f(&|| format!("{}.成效", path()), &s.result, &scopes, false)?;
        f(&|| format!("{}.概述", path()), &s.summary, &scopes, false)?;
        items(f, &s.points, &|| format!("{}.要点", path()), &scopes)?;
        f(&|| format!("{}.结语", path()), &s.closing, &scopes, false)?;
    }
    for (part, key) in [(&form.problems, "存在问题"), (&form.plans, "下一步打算")] {
        part_fields(f, part, key, &top)?;
    }
    f(&|| "结语".to_string(), &form.closing, &[&top], false)
}

fn part_fields(
    f: &mut Visit<'_>,
    part: &FormPart,
    key: &str,
    top: &Scope<'_>,
) -> Result<(), Problem> {
    if part.mapped {
        f(&|| format!("{key}.标题"), &part.title, &[top], false)?;
        f(&|| format!("{key}.概述"), &part.summary, &[top], false)?;
        items(f, &part.items, &|| format!("{key}.条目"), &[top])?;
        f(&|| format!("{key}.结语"), &part.closing, &[top], false)
    } else {
        items(f, &part.items, &|| key.to_string(), &[top])
    }
}

fn all_refs(form: &Form) -> Result<(), Problem> {
    let cost = &mut Cost::new(form);
    fields(form, &mut |path, text, scopes, title| {
        check(text, path, scopes, title, cost)
    })?;
    braces_elsewhere(form)
}

/// A brace in a field that names no figure (地区, 单位, 名称, 说明 …) would
/// print as typed: refused with its place, unless doubled (`{{`, `}}`).
fn braces_elsewhere(form: &Form) -> Result<(), Problem> {
    let mut found: Option<Problem> = None;
    walk(form, &mut |path, node| {
        if found.is_some() {
            return;
        }
        let Node::Text(Field::Given(text)) = node else {
            return;
        };
        if memchr::memchr2(b'{', b'}', text.as_bytes()).is_none() {
            return;
        }
        let key = path.rsplit('.').next().unwrap_or(path);
        let key = key.split('[').next().unwrap_or(key);
        // Prose and headings of 工作成效, 条目 and the parts, not a figure's.
        if REFERRING.contains(&key) && !path.contains("指标[") {
            return;
        }
        let single = text.replace("{{", "").replace("}}", "");
        if let Some(at) = single.find(['{', '}']) {
            let shown: String = single[at..].chars().take(8).collect();
            found = Some(Box::new(Refused {
                error: invalid(
                    path,
                    format!(
                        "这里不能引用指标,花括号会原样印出(“{shown}”);引用指标请写在正文或标题中,要印出花括号请写 {{{{ 和 }}}}"
                    ),
                ),
                needle: single[at..].chars().take(4).collect(),
                skip: 0,
            }));
        }
    });
    match found {
        Some(p) => Err(p),
        None => Ok(()),
    }
}

/// What the references of a form have added so far, against its limit.
struct Cost<'f> {
    form: &'f Form,
    added: usize,
    /// Computed at the first reference: most forms have none.
    limit: Cell<Option<usize>>,
    /// Bytes of each referenced figure's parts, worded once however often
    /// they are referenced.
    worded: HashMap<(*const Indicator, Part), usize>,
}

impl<'f> Cost<'f> {
    fn new(form: &'f Form) -> Self {
        Cost {
            form,
            added: 0,
            limit: Cell::new(None),
            worded: HashMap::new(),
        }
    }

    /// The most the references may add: the form's own text plus the allowance.
    fn limit(&self) -> usize {
        if let Some(l) = self.limit.get() {
            return l;
        }
        let mut own = 0usize;
        super::paths::walk(self.form, &mut |_, node| {
            if let super::paths::Node::Text(Field::Given(t)) = node {
                own = own.saturating_add(t.len());
            }
        });
        let l = own.saturating_add(EXPANSION_ALLOWANCE);
        self.limit.set(Some(l));
        l
    }

    /// Charges one reference; false once the references pass the limit.
    fn charge(&mut self, ind: &Indicator, part: Part) -> bool {
        let bytes = *self
            .worded
            .entry((std::ptr::from_ref(ind), part))
            .or_insert_with(|| wording_bound(ind, part));
        self.added = self.added.saturating_add(bytes);
        self.added <= self.limit()
    }
}

/// The longest the wording of `part` of `ind` can be, whatever the period
/// and whether it is a plan's: the context words it with one of these.
fn wording_bound(ind: &Indicator, part: Part) -> usize {
    let mut most = 0;
    for basis in [DEFAULT_BASIS, YEAR_BASIS] {
        for plan in [false, true] {
            let f = figure_facts_in(
                ind,
                &Wording {
                    basis,
                    plan,
                    unit: None,
                },
            );
            let len = match part {
                Part::Whole => f.sentence.len(),
                Part::Value => f.amount.len(),
                Part::Change => f.change.map_or(0, |c| c.len()),
                Part::Rank => f.rank.map_or(0, |r| r.len()),
            };
            most = most.max(len);
        }
    }
    most
}

type Scope<'a> = Vec<(&'a str, &'a Indicator)>;

/// A field's path, made only for an error: most forms have none.
type Path<'a> = &'a dyn Fn() -> String;

fn items(
    f: &mut Visit<'_>,
    list: &[Item],
    path: Path<'_>,
    outer: &[&Scope<'_>],
) -> Result<(), Problem> {
    for (i, it) in list.iter().enumerate() {
        let here = names(&it.indicators);
        let mut scopes = vec![&here];
        scopes.extend_from_slice(outer);
        f(
            &|| format!("{}[{i}].标题", path()),
            &it.title,
            &scopes,
            false,
        )?;
        f(
            &|| format!("{}[{i}].内容", path()),
            &it.text,
            &scopes,
            false,
        )?;
    }
    Ok(())
}

/// The referable figures of a list: name and what it gives.
fn names(list: &[Indicator]) -> Scope<'_> {
    list.iter()
        .filter_map(|i| i.name.given().map(|n| (n.trim(), i)))
        .collect()
}

/// The figure `name` names, in the first scope that has it.
fn find<'a>(scopes: &[&Scope<'a>], name: &str) -> Option<&'a Indicator> {
    scopes
        .iter()
        .find_map(|s| s.iter().find(|(n, _)| *n == name).map(|(_, i)| *i))
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
    title: bool,
    cost: &mut Cost<'_>,
) -> Result<(), Problem> {
    let Some(Field::Given(text)) = text else {
        return Ok(());
    };
    if !has_braces(text) {
        return Ok(());
    }
    let refs = scan(text).map_err(|e| {
        Box::new(Refused {
            error: invalid(&path(), e.message),
            needle: text.chars().skip(e.offset).take(6).collect(),
            skip: 0,
        })
    })?;
    for r in refs {
        let found = find(scopes, &r.name);
        if let Some(ind) = found
            && !cost.charge(ind, r.part)
        {
            return Err(too_much(text, &r, path(), cost));
        }
        if let Some(ind) = found {
            if let Some(why) = missing_part(ind, r.part) {
                return Err(problem(
                    &r,
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
        // The title may name the form's own values; full-width braces that
        // name nothing are text (a warning says so).
        if (title && TITLE_FIELDS.contains(&r.name.as_str()) && r.part == Part::Whole)
            || r.full_width
        {
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
            &r,
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

fn problem(r: &Ref, error: Error) -> Problem {
    let open = if r.full_width { '\u{ff5b}' } else { '{' };
    Box::new(Refused {
        error,
        needle: format!("{open}{}", r.name),
        skip: 0,
    })
}

/// The reference `r` of `text` (at `path`) that takes the references past
/// the form's limit, pointed at itself.
fn too_much(text: &str, r: &Ref, path: String, cost: &Cost<'_>) -> Problem {
    let written = text.chars().skip(r.offset).take_while(|&c| c != '}');
    let written: String = written.chain(['}']).collect();
    let open = if r.full_width { '\u{ff5b}' } else { '{' };
    let needle = format!("{open}{}", r.name);
    let before: String = text.chars().take(r.offset).collect();
    let message = format!(
        "引用“{written}”代入后文字过多:到这里为止各处引用共代入约 {} 万字,超过上限约 {} 万字\
         (表单本身的字数再加 2 万字左右);每处引用都会代入这项指标的整句措辞(包括说明),\
         请减少引用,或改用 {{{}:数值}} 只引用数值",
        ten_thousands(cost.added),
        ten_thousands(cost.limit()),
        r.name,
    );
    Box::new(Refused {
        error: invalid(&path, message),
        skip: before.matches(&needle).count(),
        needle,
    })
}

/// Bytes of Chinese text as 万字, one decimal (three bytes a character).
fn ten_thousands(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 3.0 / 10_000.0)
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

    // A long 说明 referenced over and over is refused at the reference that
    // passes the limit, before any text is built.
    #[test]
    fn references_may_not_blow_up_the_draft() {
        let note = "说明".repeat(20_000);
        let refs = "{甲}".repeat(2_000);
        let text = format!(
            "地区: 示例市\n单位: 局\n主要指标: [{{名称: 甲, 数值: 1, 说明: {note}}}]\n导语: 全市{refs}\n工作成效: [{{标题: 乙}}]\n"
        );
        let e = crate::form::parse(text.as_bytes(), "f.yaml").unwrap_err();
        assert!(e.message.contains("引用“{甲}”代入后文字过多"), "{e}");
        assert_eq!(e.path.as_deref(), Some("导语"));
        // The form holds 40,000 characters (120 KB) and may add as much
        // again plus 64 KiB: the second reference (2 × 120 KB) passes.
        assert_eq!((e.line, e.column), (Some(4), Some(10)));
        // Referencing only the value costs a few bytes each.
        let values = text.replace("{甲}", "{甲:数值}");
        assert!(crate::form::parse(values.as_bytes(), "f.yaml").is_ok());
    }

    #[test]
    fn an_unclosed_brace_says_how_to_print_one() {
        let e = parse("导语: 全市{高新技术企业\n工作成效: [{标题: 甲}]\n").unwrap_err();
        assert!(e.message.contains("{{"), "{e}");
    }
}
