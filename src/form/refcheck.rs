//! Every `{名称}` in prose must name a figure it can see (docs/form.md §9.4):
//! one of the same 条目 or 板块, else of 主要指标. Checked before anything is
//! rendered, so an unknown name is an error with its field path and line.

use crate::error::{Error, ErrorKind};
use crate::facts::refs::scan;

use super::keys::did_you_mean;
use super::model::{Form, Indicator, Item};
use super::value::Field;

/// Checks the references of every prose field (导语, 成效, 概述, 内容, 结语).
pub(crate) fn check_refs(form: &Form) -> Result<(), Error> {
    let top = names(&form.indicators);
    check(&form.lead, "导语", &[&top])?;
    for (i, s) in form.achievements.iter().enumerate() {
        let here = names(&s.indicators);
        let path = format!("工作成效[{i}]");
        check(&s.result, &format!("{path}.成效"), &[&here, &top])?;
        check(&s.summary, &format!("{path}.概述"), &[&here, &top])?;
        items(&s.points, &format!("{path}.要点"), &[&here, &top])?;
    }
    items(&form.problems, "存在问题", &[&top])?;
    items(&form.plans, "下一步打算", &[&top])?;
    check(&form.closing, "结语", &[&top])
}

fn items(list: &[Item], path: &str, outer: &[&Vec<String>]) -> Result<(), Error> {
    for (i, it) in list.iter().enumerate() {
        let here = names(&it.indicators);
        let mut scopes = vec![&here];
        scopes.extend_from_slice(outer);
        check(&it.text, &format!("{path}[{i}].内容"), &scopes)?;
    }
    Ok(())
}

fn names(list: &[Indicator]) -> Vec<String> {
    list.iter()
        .filter_map(|i| i.name.given())
        .map(|n| n.trim().to_string())
        .collect()
}

fn check(text: &Option<Field<String>>, path: &str, scopes: &[&Vec<String>]) -> Result<(), Error> {
    let Some(Field::Given(text)) = text else {
        return Ok(());
    };
    let refs = scan(text).map_err(|e| invalid(path, e.message))?;
    for r in refs {
        if scopes.iter().any(|s| s.contains(&r.name)) {
            continue;
        }
        let all: Vec<&str> = scopes
            .iter()
            .flat_map(|s| s.iter().map(String::as_str))
            .collect();
        let hint = match did_you_mean(&r.name, &all).or_else(|| containing(&r.name, &all)) {
            Some(near) => format!(";是不是“{near}”?"),
            None if all.is_empty() => {
                ";这里没有可引用的指标,请先在同一条目、板块或 主要指标 中定义它".to_string()
            }
            None => format!(";这里可引用的指标有:{}", all.join("、")),
        };
        return Err(invalid(
            path,
            format!(
                "引用了未定义的指标“{}”(同一条目、板块或 主要指标 中没有名称为它的指标){hint}",
                r.name
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

fn invalid(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Form, message).at_path(path)
}
