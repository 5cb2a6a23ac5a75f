//! `huibao next FORM -o NEW`: next period's form (docs/form.md §11.4). 时期
//! moves on, each figure's 数值 becomes its 上期 and its 位次 its 上期位次,
//! this period's values and texts become placeholders, and last period's
//! achievements, problems and plans stay beside their keys as comments.

use std::path::Path;

use serde_json::Value;

use super::{Status, clean_up_on_signals};
use crate::error::{Error, ErrorKind, Result};
use crate::form::edit::{Edit, Source, Step};
use crate::form::encoding;
use crate::pipeline;

/// The placeholder this period's values and texts get.
const TODO: &str = "xx";

/// Next period's form.
#[derive(Debug, Clone)]
pub struct NextForm {
    pub text: String,
    /// 时期 before and after, when it moved on.
    pub period: Option<(String, String)>,
    /// What the clerk should know (a 时期 that could not be moved on).
    pub notes: Vec<String>,
}

/// The period after `period` for next period's report of the same kind:
/// `2024年` → `2025年`, `2024年上半年` → `2025年上半年`, `2024年1—6月` →
/// `2025年1—6月`, `2024年第三季度` → `2024年第四季度`, `2024年第四季度` →
/// `2025年第一季度`. `None` when it does not start with a year.
pub fn advance(period: &str) -> Option<String> {
    let t = period.trim();
    let (year, rest) = t.split_once('年')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: u32 = year.parse().ok()?;
    if let Some(q) = rest.strip_prefix('第').and_then(|r| r.strip_suffix("季度")) {
        const CN: [&str; 4] = ["一", "二", "三", "四"];
        let (n, digits) = match q {
            "1" | "2" | "3" | "4" => (q.parse::<usize>().ok()?, true),
            _ => (CN.iter().position(|c| *c == q)? + 1, false),
        };
        let name = |n: usize| {
            if digits {
                n.to_string()
            } else {
                CN[n - 1].to_string()
            }
        };
        return Some(if n == 4 {
            format!("{}年第{}季度", y + 1, name(1))
        } else {
            format!("{y}年第{}季度", name(n + 1))
        });
    }
    Some(format!("{}年{rest}", y + 1))
}

fn key(k: &str) -> Step {
    Step::from(k)
}

fn with(path: &[Step], more: &[Step]) -> Vec<Step> {
    let mut p = path.to_vec();
    p.extend_from_slice(more);
    p
}

fn set(path: Vec<Step>, value: &str) -> Edit {
    Edit::Set {
        path,
        value: Some(value.to_string()),
    }
}

fn unset(path: Vec<Step>) -> Edit {
    Edit::Set { path, value: None }
}

/// The edits turning the figure at `path` (now `f`) into next period's:
/// 上期 = 数值, 上期位次 = 位次, this period's values placeholders, growth
/// and change (this period's) removed; parts likewise.
fn figure(path: &[Step], f: &Value, edits: &mut Vec<Edit>) {
    let Some(m) = f.as_object() else {
        return;
    };
    let get = |k: &str| m.get(k).and_then(Value::as_str);
    if let Some(v) = get("数值") {
        edits.push(set(with(path, &[key("上期")]), v));
        edits.push(set(with(path, &[key("数值")]), TODO));
    }
    for k in ["增速", "变化"] {
        if m.contains_key(k) {
            edits.push(unset(with(path, &[key(k)])));
        }
    }
    for k in ["目标", "说明"] {
        if m.contains_key(k) {
            edits.push(set(with(path, &[key(k)]), TODO));
        }
    }
    match m.get("排名") {
        Some(Value::Object(r)) => {
            if let Some(p) = r.get("位次").and_then(Value::as_str) {
                edits.push(set(with(path, &[key("排名"), key("上期位次")]), p));
            }
            edits.push(set(with(path, &[key("排名"), key("位次")]), TODO));
        }
        Some(Value::String(t)) => match crate::table::split_rank(t) {
            Some((object, scope, place)) => {
                let rank = with(path, &[key("排名")]);
                edits.push(unset(rank.clone()));
                edits.push(set(with(&rank, &[key("范围")]), &scope));
                edits.push(set(with(&rank, &[key("位次")]), TODO));
                if let Some(o) = object {
                    edits.push(set(with(&rank, &[key("对象")]), &o));
                }
                edits.push(set(with(&rank, &[key("上期位次")]), &place));
            }
            None => edits.push(set(with(path, &[key("排名")]), TODO)),
        },
        _ => {}
    }
    if let Some(Value::Object(share)) = m.get("占比") {
        if share.contains_key("数值") {
            edits.push(set(with(path, &[key("占比"), key("数值")]), TODO));
        }
        if share.contains_key("变化") {
            edits.push(unset(with(path, &[key("占比"), key("变化")])));
        }
    }
    figures(&with(path, &[key("其中")]), m.get("其中"), edits);
}

fn figures(path: &[Step], list: Option<&Value>, edits: &mut Vec<Edit>) {
    if let Some(Value::Array(items)) = list {
        for (i, f) in items.iter().enumerate() {
            figure(&with(path, &[Step::Index(i)]), f, edits);
        }
    }
}

/// A text field, when present, becomes a placeholder.
fn blank(path: Vec<Step>, m: &serde_json::Map<String, Value>, k: &str, edits: &mut Vec<Edit>) {
    if m.get(k).is_some_and(Value::is_string) {
        edits.push(set(with(&path, &[key(k)]), TODO));
    }
}

/// 存在问题 / 下一步打算: one placeholder item in place of last period's.
fn part(name: &str, value: &Value, edits: &mut Vec<Edit>) {
    let (items_path, items) = match value {
        Value::Object(m) => {
            blank(vec![key(name)], m, "概述", edits);
            (vec![key(name), key("条目")], m.get("条目"))
        }
        v => (vec![key(name)], Some(v)),
    };
    let Some(Value::Array(items)) = items else {
        return;
    };
    for i in (0..items.len()).rev() {
        edits.push(Edit::Remove {
            path: with(&items_path, &[Step::Index(i)]),
        });
    }
    edits.push(Edit::Insert {
        path: items_path,
        index: None,
        value: Value::String(TODO.into()),
    });
}

/// Next period's form from this period's text.
pub fn next_form(text: &str) -> std::result::Result<NextForm, Error> {
    let mut source = Source::parse(text)?;
    let tree = source.tree();
    let Some(top) = tree.as_object() else {
        return Err(Error::new(ErrorKind::Form, "表单是空的"));
    };
    let mut edits = Vec::new();
    let mut notes = Vec::new();
    let old = top.get("时期").and_then(Value::as_str).map(str::to_string);
    let period = match old.as_deref().map(|p| (p, advance(p))) {
        Some((p, Some(q))) => {
            edits.push(set(vec![key("时期")], &q));
            Some((p.to_string(), q))
        }
        Some((p, None)) => {
            notes.push(format!("时期“{p}”无法自动推算,请手动修改"));
            None
        }
        None => None,
    };
    if let Some(next) = top
        .get("下一时期")
        .and_then(Value::as_str)
        .and_then(advance)
    {
        edits.push(set(vec![key("下一时期")], &next));
    }
    if top.contains_key("日期") {
        edits.push(set(vec![key("日期")], ""));
    }
    // The period named in titles and attachment names moves on with 时期.
    if let Some((p, q)) = &period {
        let moved = |s: &str| {
            let (y0, y1) = (&p[..4], &q[..4]);
            let s = s.replace(p.as_str(), q);
            if y0 == y1 {
                s
            } else {
                s.replace(&format!("{y0}年"), &format!("{y1}年"))
            }
        };
        for k in ["标题", "副标题", "会议"] {
            if let Some(s) = top.get(k).and_then(Value::as_str) {
                edits.push(set(vec![key(k)], &moved(s)));
            }
        }
        if let Some(Value::Array(items)) = top.get("附件") {
            for (i, item) in items.iter().enumerate() {
                if let Some(s) = item.as_str() {
                    edits.push(set(vec![key("附件"), Step::Index(i)], &moved(s)));
                }
                // An attachment that names a table (docs/form.md §12).
                if let Some(s) = item.get("名称").and_then(Value::as_str) {
                    let at = vec![key("附件"), Step::Index(i), key("名称")];
                    edits.push(set(at, &moved(s)));
                }
            }
        }
    }
    blank(Vec::new(), top, "导语", &mut edits);
    blank(Vec::new(), top, "结语", &mut edits);
    figures(&[key("主要指标")], top.get("主要指标"), &mut edits);
    if let Some(Value::Array(sections)) = top.get("工作成效") {
        for (i, s) in sections.iter().enumerate() {
            let Some(m) = s.as_object() else { continue };
            let at = vec![key("工作成效"), Step::Index(i)];
            blank(at.clone(), m, "成效", &mut edits);
            blank(at.clone(), m, "概述", &mut edits);
            figures(&with(&at, &[key("指标")]), m.get("指标"), &mut edits);
            let Some(Value::Array(points)) = m.get("要点") else {
                continue;
            };
            for (k, point) in points.iter().enumerate() {
                let p = with(&at, &[key("要点"), Step::Index(k)]);
                match point {
                    Value::String(_) => edits.push(set(p, TODO)),
                    Value::Object(pm) => {
                        blank(p.clone(), pm, "内容", &mut edits);
                        figures(&with(&p, &[key("指标")]), pm.get("指标"), &mut edits);
                    }
                    _ => {}
                }
            }
        }
    }
    for name in ["存在问题", "下一步打算"] {
        if let Some(v) = top.get(name) {
            part(name, v, &mut edits);
        }
    }
    let original = Source::parse(text)?;
    source.apply_all(&edits)?;
    // Last period's texts, beside their keys, for the clerk to compare.
    // Comments are not punctuation-normalized: full-width marks written here.
    let when = match old.as_deref() {
        Some(p) => format!("上期\u{ff08}{p}\u{ff09}"),
        None => "上期".to_string(),
    };
    for (name, title) in [
        (
            "工作成效",
            format!("{when}的工作成效\u{ff0c}供对照\u{ff1a}"),
        ),
        (
            "存在问题",
            format!("{when}的存在问题\u{ff0c}供对照\u{ff1a}"),
        ),
        (
            "下一步打算",
            format!("{when}的下一步打算\u{ff0c}看看哪些已经兑现\u{ff1a}"),
        ),
    ] {
        let path = [key(name)];
        let Some(span) = original.entry_span(&path) else {
            continue;
        };
        let old_lines: Vec<&str> = original.text()[span].lines().collect();
        let mut lines = vec![title];
        // The key's own line (`工作成效:`) says nothing the title does not.
        let body = match old_lines.first() {
            Some(first)
                if first
                    .split(" #")
                    .next()
                    .unwrap_or_default()
                    .trim_end()
                    .ends_with(':') =>
            {
                &old_lines[1..]
            }
            _ => &old_lines[..],
        };
        lines.extend(body.iter().map(|l| l.to_string()));
        source.comment_above(&path, &lines)?;
    }
    Ok(NextForm {
        text: source.text().to_string(),
        period,
        notes,
    })
}

/// Runs `huibao next`.
pub(super) fn next(form: &Path, output: &Path, force: bool) -> Result<Status> {
    let shown = output.display().to_string();
    let exists = std::fs::symlink_metadata(output).is_ok();
    if exists && !force {
        return Err(
            Error::new(ErrorKind::Io, "文件已存在,未覆盖;如需覆盖请加 --force").in_file(shown),
        );
    }
    pipeline::Inputs::new([form]).check_output(output)?;
    let (_, decoded) = super::import::read_form(form)?;
    let file = form.display().to_string();
    // A form with errors gives a next one with the same errors: said first.
    pipeline::parse(decoded.text.as_bytes(), &file)?;
    let next = next_form(&decoded.text).map_err(|e| e.in_file(file.clone()))?;
    let bytes = encoding::encode(&next.text, decoded.encoding, decoded.bom)
        .map_err(|e| e.in_file(shown.clone()))?;
    clean_up_on_signals();
    pipeline::write_atomic(output, &bytes, force)?;
    let mut lines = vec![match &next.period {
        Some((p, q)) => format!("已生成下一期表单:{shown}(时期 {p} → {q})"),
        None => format!("已生成下一期表单:{shown}"),
    }];
    lines.extend(next.notes);
    lines.push(format!("用 huibao check {shown} 查看待补充项"));
    let text: Vec<String> = lines.iter().map(|l| crate::error::printable(l)).collect();
    let mut out = crate::punct::normalize(&text.join("\n"));
    out.push('\n');
    super::output::stdout(out.as_bytes())?;
    Ok(Status::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_move_on() {
        for (from, to) in [
            ("2024年", "2025年"),
            ("2024年上半年", "2025年上半年"),
            ("2024年第三季度", "2024年第四季度"),
            ("2024年第四季度", "2025年第一季度"),
            ("2024年第2季度", "2024年第3季度"),
            ("2024年1—6月", "2025年1—6月"),
            ("2024年度", "2025年度"),
        ] {
            assert_eq!(advance(from).as_deref(), Some(to), "{from}");
        }
        assert_eq!(advance("“十四五”以来"), None);
    }
}
