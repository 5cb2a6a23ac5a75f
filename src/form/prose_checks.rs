//! What `check` says about the prose of a form (docs/form.md §9.7, §9.8):
//! hand-typed numbering the tool removed, points opening with a connective of
//! their own, and filled keys the chosen style does not print.

use crate::facts::numeral::cn_numeral;
use crate::prose::{leading_connective, leading_number};

use super::model::{Form, Item, Part};
use super::paths::Warning;
use super::value::Field;

/// Warnings about the wording of titles, points and items: numbering typed
/// by hand (removed when rendering) and connectives that numbering makes
/// read `二是此外`.
pub fn prose_warnings(form: &Form) -> Vec<Warning> {
    let mut out = Vec::new();
    numbered(&mut out, "成效标题", &form.achievements_title);
    for (i, s) in form.achievements.iter().enumerate() {
        let path = format!("工作成效[{i}]");
        numbered(&mut out, &format!("{path}.标题"), &s.title);
        items(&mut out, &format!("{path}.要点"), &s.points);
    }
    part(&mut out, "存在问题", &form.problems);
    part(&mut out, "下一步打算", &form.plans);
    out
}

fn part(out: &mut Vec<Warning>, path: &str, p: &Part) {
    if p.mapped {
        numbered(out, &format!("{path}.标题"), &p.title);
        items(out, &format!("{path}.条目"), &p.items);
    } else {
        items(out, path, &p.items);
    }
}

/// The start of each item: its 标题, or its 内容 when it has none.
fn items(out: &mut Vec<Warning>, path: &str, list: &[Item]) {
    for (i, item) in list.iter().enumerate() {
        let (key, field) = match &item.title {
            Some(t) => ("标题", t),
            None => match &item.text {
                Some(t) => ("内容", t),
                None => continue,
            },
        };
        let at = format!("{path}[{i}].{key}");
        let Field::Given(text) = field else { continue };
        let rest = match leading_number(text) {
            Some((label, rest)) => {
                out.push(removed(&at, label));
                rest
            }
            None => text.as_str(),
        };
        if let Some(word) = leading_connective(rest) {
            let label = cn_numeral(i + 1).unwrap_or_default();
            out.push(Warning {
                path: at,
                message: format!(
                    "以\u{201c}{word}\u{201d}开头\u{ff0c}编号后读作\u{201c}{label}是{word}\u{201d}\u{ff0c}建议删去\u{201c}{word}\u{201d}"
                ),
            });
        }
    }
}

fn numbered(out: &mut Vec<Warning>, path: &str, field: &Option<Field<String>>) {
    if let Some(Field::Given(text)) = field
        && let Some((label, _)) = leading_number(text)
    {
        out.push(removed(path, label));
    }
}

fn removed(path: &str, label: &str) -> Warning {
    Warning {
        path: path.to_string(),
        message: format!(
            "开头手写的序号\u{201c}{label}\u{201d}已删去\u{ff08}序号由工具编排\u{ff09}"
        ),
    }
}

/// Filled keys that the chosen style does not print (e.g. 称呼 in 情况汇报):
/// `unused` is the style's own list (its template header's `不用:` line), of
/// top-level keys and of `存在问题.标题`-style paths; `style_name` names the
/// style in the message.
pub fn unprinted_keys(form: &Form, style_name: &str, unused: &[String]) -> Vec<Warning> {
    unused
        .iter()
        .filter(|key| filled(form, key))
        .map(|key| Warning {
            path: key.clone(),
            message: format!(
                "已填写\u{ff0c}但\u{201c}{style_name}\u{201d}不使用这一项\u{ff0c}不会出现在文中"
            ),
        })
        .collect()
}

/// Whether the key (or `part.key` path) `key` is filled in `form`.
fn filled(form: &Form, key: &str) -> bool {
    let text = |f: &Option<Field<String>>| f.is_some();
    let part = |p: &Part, sub: &str| match sub {
        "标题" => p.title.is_some(),
        "概述" => p.summary.is_some(),
        _ => false,
    };
    match key.split_once('.') {
        Some(("存在问题", sub)) => part(&form.problems, sub),
        Some(("下一步打算", sub)) => part(&form.plans, sub),
        Some(_) => false,
        None => match key {
            "标题" => text(&form.title),
            "副标题" => text(&form.subtitle),
            "主题" => text(&form.topic),
            "时期" => text(&form.period),
            "下一时期" => text(&form.next_period),
            "会议" => text(&form.meeting),
            "称呼" => text(&form.salutation),
            "主送" => text(&form.recipient),
            "发言人" => text(&form.speaker),
            "导语" => text(&form.lead),
            "成效标题" => text(&form.achievements_title),
            "结语" => text(&form.closing),
            "时长" => form.duration.is_some(),
            "附件" => !form.attachments.is_empty(),
            "主要指标" => !form.indicators.is_empty(),
            "存在问题" => !form.problems.is_empty() || form.problems.mapped,
            "下一步打算" => !form.plans.is_empty() || form.plans.mapped,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(yaml: &str) -> Form {
        let head = "地区: 某县\n单位: 某县科技局\n工作成效:\n  - 标题: 甲\n    要点:\n      - 一是首先加强\n      - 另外,推进\n";
        crate::form::parse(format!("{head}{yaml}").as_bytes(), "f.yaml").unwrap()
    }

    // Numbering is reported as removed; a connective after it is still found.
    #[test]
    fn numbering_then_connective() {
        let w = prose_warnings(&form(""));
        let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "工作成效[0].要点[0].内容",
                "工作成效[0].要点[0].内容",
                "工作成效[0].要点[1].内容"
            ]
        );
        assert!(w[1].message.contains("一是首先"), "{}", w[1].message);
        assert!(w[2].message.contains("二是另外"), "{}", w[2].message);
    }

    // Only filled keys of the style's list are named; part titles by path.
    #[test]
    fn names_filled_unused_keys() {
        let f = form("称呼: 各位\n存在问题:\n  标题: 困难\n  条目: [甲]\n");
        let unused: Vec<String> = ["称呼", "会议", "存在问题.标题", "下一步打算.标题"]
            .map(String::from)
            .to_vec();
        let w = unprinted_keys(&f, "情况汇报", &unused);
        let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["称呼", "存在问题.标题"]);
    }
}
