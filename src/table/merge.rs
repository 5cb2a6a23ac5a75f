//! Figures from a table merged into a form's 主要指标 by 名称, through the
//! edit engine: a figure already there is updated (its other keys and the
//! comments around it stay), a new one is appended, the rest are left alone
//! (docs/form.md §11.2).

use serde_json::{Map, Value, json};

use super::figures::{Figure, Rank};
use crate::error::{Error, ErrorKind};
use crate::form::edit::{Edit, Source, Step};

/// What an import did, for the clerk to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Names of the figures appended.
    pub added: Vec<String>,
    /// Figures updated, with each value changed.
    pub changed: Vec<Changed>,
    /// Names of the figures left as they were (in the table with the same
    /// values, or only in the form).
    pub kept: Vec<String>,
    /// Rows and columns not imported, the encoding read, anything else to know.
    pub notes: Vec<String>,
}

/// One figure updated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Changed {
    pub name: String,
    pub fields: Vec<FieldChange>,
}

/// One value of a figure changed (`from` is empty when the key was absent).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    pub key: String,
    pub from: String,
    pub to: String,
}

impl Summary {
    /// The summary as the command prints it, one line each.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.added.is_empty() {
            out.push(format!(
                "新增{}项:{}",
                self.added.len(),
                self.added.join("、")
            ));
        }
        if !self.changed.is_empty() {
            let items: Vec<String> = self
                .changed
                .iter()
                .map(|c| {
                    let fields: Vec<String> = c
                        .fields
                        .iter()
                        .map(|f| match f.from.as_str() {
                            "" => format!("{} {}", f.key, f.to),
                            from => format!("{} {from}→{}", f.key, f.to),
                        })
                        .collect();
                    format!("{}({})", c.name, fields.join(","))
                })
                .collect();
            out.push(format!("更新{}项:{}", self.changed.len(), items.join(";")));
        }
        if !self.kept.is_empty() {
            out.push(format!(
                "未改动{}项:{}",
                self.kept.len(),
                self.kept.join("、")
            ));
        }
        out.extend(self.notes.iter().cloned());
        out
    }
}

/// The parts of a rank written as text: `增幅居全省第2位` → (增幅, 全省, 2).
pub fn split_rank(text: &str) -> Option<(Option<String>, String, String)> {
    let (before, after) = text.trim().rsplit_once('第')?;
    let place = after.strip_suffix(['位', '名'])?.trim();
    if place.is_empty() || !place.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let scopes = ["全国", "全省", "全市", "全区", "全县", "全州", "全盟"];
    let at = scopes
        .iter()
        .filter_map(|w| before.rfind(w))
        .max()
        .unwrap_or(0);
    let object = before[..at].trim_end_matches('居').trim();
    let scope = before[at..].trim_start_matches('居').trim();
    if scope.is_empty() {
        return None;
    }
    Some((
        (!object.is_empty()).then(|| object.to_string()),
        scope.to_string(),
        place.to_string(),
    ))
}

fn form_error(path: &str, message: String) -> Error {
    Error::new(ErrorKind::Form, message).at_path(path)
}

/// Merges `figures` into 主要指标 of `source`. With `fresh` (a new form
/// from the blank template) the template's sample figures give way to the
/// table's: the first takes the first row (keeping the help comments under
/// it), the others not in the table are removed. Returns the summary and,
/// for each figure's place in 主要指标, the row it came from.
pub fn merge(
    source: &mut Source,
    figures: &[Figure],
    fresh: bool,
) -> Result<(Summary, Vec<(usize, usize)>), Error> {
    let tree = source.tree();
    let list = match tree.get("主要指标") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(_) => {
            return Err(form_error(
                "主要指标",
                "表单的主要指标不是列表,无法导入;请先改成列表".into(),
            ));
        }
    };
    let names: Vec<String> = list
        .iter()
        .map(|f| {
            f.get("名称")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect();
    for (j, n) in names.iter().enumerate() {
        if !n.is_empty() && names[..j].contains(n) {
            return Err(form_error(
                &format!("主要指标[{j}].名称"),
                format!("表单的主要指标中“{n}”出现了不止一次,无法确定导入到哪一个"),
            ));
        }
    }
    let mut summary = Summary::default();
    let mut edits = Vec::new();
    let mut rows_at = Vec::new();
    let mut matched = vec![false; list.len()];
    let mut appended = list.len();
    // In a new form the template's first figure takes the first new row.
    let mut reuse = (fresh && !list.is_empty()).then_some(0usize);
    for figure in figures {
        let found = names.iter().position(|n| *n == figure.name);
        let j = match found {
            Some(j) => j,
            None if reuse.is_some_and(|j| !figures.iter().any(|f| f.name == names[j])) => {
                let j = reuse.take().unwrap_or_default();
                edits.extend(replace(j, &list[j], figure, &mut summary.notes));
                matched[j] = true;
                rows_at.push((j, figure.row));
                summary.added.push(figure.name.clone());
                continue;
            }
            None => {
                edits.push(Edit::Insert {
                    path: vec![Step::from("主要指标")],
                    index: None,
                    value: new_figure(figure, &mut summary.notes),
                });
                rows_at.push((appended, figure.row));
                appended += 1;
                summary.added.push(figure.name.clone());
                continue;
            }
        };
        matched[j] = true;
        rows_at.push((j, figure.row));
        let (fig_edits, fields) = update(j, &list[j], figure, &mut summary.notes);
        edits.extend(fig_edits);
        if fields.is_empty() {
            summary.kept.push(figure.name.clone());
        } else {
            summary.changed.push(Changed {
                name: figure.name.clone(),
                fields,
            });
        }
    }
    // Figures only in the form are left alone (in a new form, the
    // template's samples go), removed from the end so earlier places hold.
    let mut only_form = Vec::new();
    for j in (0..list.len()).rev() {
        if matched[j] {
            continue;
        }
        if fresh {
            edits.push(Edit::Remove {
                path: vec![Step::from("主要指标"), Step::Index(j)],
            });
            for (at, _) in rows_at.iter_mut() {
                if *at > j {
                    *at -= 1;
                }
            }
        } else {
            only_form.push(names[j].clone());
        }
    }
    summary.kept.extend(only_form.into_iter().rev());
    source.apply_all(&edits)?;
    Ok((summary, rows_at))
}

/// A new figure as the form view would insert it.
fn new_figure(figure: &Figure, notes: &mut Vec<String>) -> Value {
    let mut m = Map::new();
    m.insert("名称".into(), json!(figure.name));
    for (k, v, _) in &figure.values {
        m.insert((*k).to_string(), json!(v));
    }
    if let Some(rank) = rank_value(figure, None, notes) {
        m.insert("排名".into(), rank);
    }
    // A figure needs a value of some kind (docs/form.md §9.3).
    if !["数值", "增速", "排名", "目标"]
        .iter()
        .any(|k| m.contains_key(*k))
    {
        m.insert("数值".into(), json!("xx"));
    }
    Value::Object(m)
}

/// The 排名 a row gives: text, or `{范围, 位次, 对象, 上期位次}`; the scope
/// taken from `existing` text when the table has only last period's place.
fn rank_value(figure: &Figure, existing: Option<&Value>, notes: &mut Vec<String>) -> Option<Value> {
    match figure.rank.as_ref()? {
        Rank::Text(t, _) => Some(json!(t)),
        Rank::Place {
            scope,
            object,
            place,
            previous,
            ..
        } => {
            let from_text = existing.and_then(Value::as_str).and_then(split_rank);
            let existing_map = existing.and_then(Value::as_object);
            let scope = scope
                .clone()
                .or_else(|| from_text.as_ref().map(|t| t.1.clone()))
                .or_else(|| existing_map.and_then(|m| m.get("范围")?.as_str().map(str::to_string)));
            let Some(scope) = scope else {
                notes.push(format!(
                    "“{}”的排名没有范围(如 全省),未导入;请把表头写作 全省排名 等",
                    figure.name
                ));
                return None;
            };
            let mut m = Map::new();
            m.insert("范围".into(), json!(scope));
            let old_place = from_text.as_ref().map(|t| t.2.clone());
            m.insert(
                "位次".into(),
                json!(place.clone().or(old_place).unwrap_or("xx".into())),
            );
            if let Some(o) = object.clone().or_else(|| from_text.and_then(|t| t.0)) {
                m.insert("对象".into(), json!(o));
            }
            if let Some(p) = previous {
                m.insert("上期位次".into(), json!(p));
            }
            Some(Value::Object(m))
        }
    }
}

fn path(j: usize, keys: &[&str]) -> Vec<Step> {
    let mut p = vec![Step::from("主要指标"), Step::Index(j)];
    p.extend(keys.iter().map(|k| Step::from(*k)));
    p
}

/// How a rank reads in the summary.
fn rank_shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            let get = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
            format!("{}{}第{}位", get("对象"), get("范围"), get("位次"))
        }
        _ => String::new(),
    }
}

/// The edits updating figure `j` (now `old`) from a row, and the changes.
fn update(
    j: usize,
    old: &Value,
    figure: &Figure,
    notes: &mut Vec<String>,
) -> (Vec<Edit>, Vec<FieldChange>) {
    let mut edits = Vec::new();
    let mut fields = Vec::new();
    for (k, v, _) in &figure.values {
        let before = old.get(*k).and_then(Value::as_str).unwrap_or_default();
        let placeholder = crate::form::is_number_placeholder(before);
        // An empty 数值 cell does not wipe a value the form has.
        if v == "xx" && !placeholder {
            continue;
        }
        if before != v && !(v == "xx" && placeholder) {
            edits.push(Edit::Set {
                path: path(j, &[k]),
                value: Some(v.clone()),
            });
            fields.push(FieldChange {
                key: (*k).to_string(),
                from: before.to_string(),
                to: v.clone(),
            });
        }
    }
    let old_rank = old.get("排名");
    if let Some(new) = rank_value(figure, old_rank, notes) {
        let shown_before = old_rank.map(rank_shown).unwrap_or_default();
        match (&new, old_rank) {
            (Value::Object(m), Some(Value::Object(o))) => {
                for (k, v) in m {
                    if o.get(k) != Some(v) {
                        edits.push(Edit::Set {
                            path: path(j, &["排名", k]),
                            value: v.as_str().map(str::to_string),
                        });
                    }
                }
            }
            (_, Some(before)) if *before == new => {}
            (_, before) => {
                if before.is_some() {
                    edits.push(Edit::Set {
                        path: path(j, &["排名"]),
                        value: None,
                    });
                }
                match &new {
                    Value::Object(m) => {
                        for (k, v) in m {
                            edits.push(Edit::Set {
                                path: path(j, &["排名", k]),
                                value: v.as_str().map(str::to_string),
                            });
                        }
                    }
                    v => edits.push(Edit::Set {
                        path: path(j, &["排名"]),
                        value: v.as_str().map(str::to_string),
                    }),
                }
            }
        }
        let shown_after = rank_shown(&new);
        let moved = match (old_rank, &new) {
            (Some(Value::Object(o)), Value::Object(m)) => {
                o.get("上期位次") != m.get("上期位次") && m.contains_key("上期位次")
            }
            _ => false,
        };
        if shown_after != shown_before {
            fields.push(FieldChange {
                key: "排名".into(),
                from: shown_before,
                to: shown_after,
            });
        } else if moved {
            let p = new
                .get("上期位次")
                .and_then(Value::as_str)
                .unwrap_or_default();
            fields.push(FieldChange {
                key: "上期位次".into(),
                from: old_rank
                    .and_then(|o| o.get("上期位次"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .into(),
                to: p.into(),
            });
        }
    }
    (edits, fields)
}

/// The edits turning the template's sample figure `j` into the row's: its
/// placeholder keys the row does not give are removed.
fn replace(j: usize, old: &Value, figure: &Figure, notes: &mut Vec<String>) -> Vec<Edit> {
    let new = new_figure(figure, notes);
    let mut edits = Vec::new();
    if let Some(o) = old.as_object() {
        for k in o.keys() {
            if new.get(k).is_none() {
                edits.push(Edit::Set {
                    path: path(j, &[k]),
                    value: None,
                });
            }
        }
    }
    if let Some(m) = new.as_object() {
        for (k, v) in m {
            if old.get(k).is_some_and(Value::is_object) || v.is_object() {
                edits.push(Edit::Set {
                    path: path(j, &[k]),
                    value: None,
                });
                if let Some(inner) = v.as_object() {
                    for (ik, iv) in inner {
                        edits.push(Edit::Set {
                            path: path(j, &[k, ik]),
                            value: iv.as_str().map(str::to_string),
                        });
                    }
                }
            } else {
                edits.push(Edit::Set {
                    path: path(j, &[k]),
                    value: v.as_str().map(str::to_string),
                });
            }
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_texts_split() {
        assert_eq!(
            split_rank("增幅居全省第2位"),
            Some((Some("增幅".into()), "全省".into(), "2".into()))
        );
        assert_eq!(
            split_rank("全市第1位"),
            Some((None, "全市".into(), "1".into()))
        );
        assert_eq!(split_rank("第一"), None);
    }
}
