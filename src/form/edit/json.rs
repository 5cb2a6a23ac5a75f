//! The form as JSON ([`super::Source::tree`]) and what an edit makes of it:
//! the engine's own statement of each edit's meaning, against which every
//! rewritten text is checked before it is kept.

use serde_json::{Map, Value};

use super::ctx::Ctx;
use super::tree::{Kind, Node};
use super::{Edit, Step, path_string};
use crate::error::{Error, ErrorKind};

/// A node as JSON: mappings as objects under canonical keys, lists as
/// arrays, every scalar as the string written (empty values as `""`).
pub(super) fn node_json(node: &Node, ctx: Ctx) -> Value {
    match &node.kind {
        Kind::Alias(target) => node_json(target, ctx),
        Kind::Scalar { .. } => Value::String(node.scalar().unwrap_or_default().to_string()),
        Kind::Seq { items, .. } => {
            Value::Array(items.iter().map(|n| node_json(n, ctx.as_items())).collect())
        }
        Kind::Map { entries, .. } => {
            let ctx = ctx.as_map();
            let mut m = Map::new();
            for (k, v) in entries {
                let key = ctx.canonical(k.scalar().unwrap_or_default()).to_string();
                let child = ctx.child(&key);
                m.insert(key, node_json(v, child));
            }
            Value::Object(m)
        }
    }
}

/// An edit's value as the tree would show it: numbers as their text.
pub(super) fn normalize(value: &Value, path: &[Step]) -> Result<Value, Error> {
    Ok(match value {
        Value::String(s) => Value::String(s.clone()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| normalize(v, path))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(k.clone(), normalize(v, path)?);
            }
            Value::Object(out)
        }
        Value::Bool(_) | Value::Null => {
            return Err(refused(path, "值只能是文本、列表或映射"));
        }
    })
}

/// The tree `tree` becomes under `edit`, or why the edit cannot apply.
pub(super) fn expected(tree: &Value, edit: &Edit) -> Result<Value, Error> {
    let mut out = tree.clone();
    match edit {
        Edit::Set { path, value } => {
            let (last, parent_path) = split(path)?;
            let Step::Key(key) = last else {
                return match value {
                    Some(v) => {
                        let slot = walk_mut(&mut out, path, false)?;
                        set_scalar(slot, v, path)?;
                        Ok(out)
                    }
                    None => Err(refused(path, "删除列表中的一项请用 remove")),
                };
            };
            match value {
                Some(v) => {
                    let parent = walk_mut(&mut out, parent_path, true)?;
                    let obj = as_object(parent, parent_path)?;
                    let slot = obj.entry(key.clone()).or_insert(Value::Null);
                    if slot.is_null() {
                        *slot = Value::String(v.clone());
                    } else {
                        set_scalar(slot, v, path)?;
                    }
                }
                None => {
                    if let Ok(parent) = walk_mut(&mut out, parent_path, false)
                        && let Value::Object(obj) = parent
                    {
                        obj.shift_remove(key);
                    }
                }
            }
        }
        Edit::Insert { path, index, value } => {
            let value = normalize(value, path)?;
            let list = walk_mut(&mut out, path, true)?;
            if list.is_null() || list.as_str() == Some("") {
                *list = Value::Array(Vec::new());
            }
            let Value::Array(items) = list else {
                return Err(refused(path, "这里不是列表,不能插入"));
            };
            let at = index.unwrap_or(items.len());
            if at > items.len() {
                return Err(refused(
                    path,
                    &format!("列表只有{}项,不能插到第{}项", items.len(), at + 1),
                ));
            }
            items.insert(at, value);
        }
        Edit::Remove { path } => {
            let (last, parent_path) = split(path)?;
            let parent = walk_mut(&mut out, parent_path, false)?;
            match (last, parent) {
                (Step::Key(k), Value::Object(obj)) => {
                    if obj.shift_remove(k).is_none() {
                        return Err(refused(path, "没有这个字段"));
                    }
                }
                (Step::Index(i), Value::Array(items)) if *i < items.len() => {
                    items.remove(*i);
                }
                _ => return Err(refused(path, "没有这个字段")),
            }
        }
        Edit::Move { path, to } => {
            let (last, parent_path) = split(path)?;
            let parent = walk_mut(&mut out, parent_path, false)?;
            match (last, parent) {
                (Step::Index(i), Value::Array(items)) if *i < items.len() => {
                    if *to >= items.len() {
                        return Err(refused(
                            path,
                            &format!("列表只有{}项,不能移到第{}项", items.len(), to + 1),
                        ));
                    }
                    let item = items.remove(*i);
                    items.insert(*to, item);
                }
                _ => return Err(refused(path, "只能移动列表中已有的一项")),
            }
        }
    }
    Ok(out)
}

fn split(path: &[Step]) -> Result<(&Step, &[Step]), Error> {
    path.split_last()
        .ok_or_else(|| refused(path, "没有指明要修改的字段"))
}

fn as_object<'v>(v: &'v mut Value, path: &[Step]) -> Result<&'v mut Map<String, Value>, Error> {
    if v.is_null() || v.as_str() == Some("") {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(refused(path, "这里不是映射(键: 值),不能在其中添加字段")),
    }
}

fn set_scalar(slot: &mut Value, v: &str, path: &[Step]) -> Result<(), Error> {
    match slot {
        Value::String(_) | Value::Null => {
            *slot = Value::String(v.to_string());
            Ok(())
        }
        Value::Array(_) => Err(refused(path, "这个字段是列表,不能直接改为文本")),
        _ => Err(refused(path, "这个字段含有下一级字段,不能直接改为文本")),
    }
}

/// The value at `path`; with `create`, missing keys are added as null
/// (and empty values become mappings) on the way.
fn walk_mut<'v>(mut v: &'v mut Value, path: &[Step], create: bool) -> Result<&'v mut Value, Error> {
    for (i, step) in path.iter().enumerate() {
        let here = &path[..=i];
        v = match step {
            Step::Key(k) => {
                let obj = if create {
                    as_object(v, &path[..i])?
                } else {
                    match v {
                        Value::Object(m) => m,
                        _ => return Err(refused(here, "没有这个字段")),
                    }
                };
                if create {
                    obj.entry(k.clone()).or_insert(Value::Null)
                } else {
                    obj.get_mut(k)
                        .ok_or_else(|| refused(here, "没有这个字段"))?
                }
            }
            Step::Index(n) => match v {
                Value::Array(items) => {
                    let len = items.len();
                    items.get_mut(*n).ok_or_else(|| {
                        refused(here, &format!("列表只有{len}项,没有第{}项", n + 1))
                    })?
                }
                _ => return Err(refused(here, "这里不是列表")),
            },
        };
    }
    Ok(v)
}

/// An edit refused, naming its field.
pub(super) fn refused(path: &[Step], message: &str) -> Error {
    Error::new(ErrorKind::Form, message).at_path(path_string(path))
}
