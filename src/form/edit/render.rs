//! New YAML text for values the engine inserts: the layout the examples and
//! the blank form use (two-space indentation, `- ` items, short mappings such
//! as 排名 and 占比 on one line in braces), in the file's own line ending.

use serde_json::Value;

use super::ctx::Ctx;
use super::scalar::{self, Written};

/// How new text is laid out in one file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout<'a> {
    /// `"\n"` or `"\r\n"`, as the file has it.
    pub nl: &'a str,
    /// Keys in English (the mapping written to uses English keys).
    pub english: bool,
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

impl Layout<'_> {
    /// What follows `key:` for `value`, the key being at column `key_col`
    /// in block context: ` 值`, ` |-` and indented lines, or a nested list or
    /// mapping on the next lines.
    pub fn after_colon(&self, value: &Value, key_col: usize, ctx: Ctx) -> String {
        let inner = key_col + 2;
        match value {
            Value::String(s) => format!(" {}", self.block_scalar(s, inner)),
            Value::Object(m) if m.is_empty() => " {}".into(),
            Value::Array(a) if a.is_empty() => " []".into(),
            Value::Object(_) if simple(value) => format!(" {}", self.flow(value, ctx)),
            Value::Object(_) => format!(
                "{}{}{}",
                self.nl,
                spaces(inner),
                self.block_map(value, inner, ctx)
            ),
            Value::Array(items) => {
                let mut out = String::new();
                for item in items {
                    out.push_str(self.nl);
                    out.push_str(&spaces(inner));
                    out.push_str("- ");
                    out.push_str(&self.item(item, inner, ctx.as_items(), false));
                }
                out
            }
            other => format!(" {}", scalar::inline(&other.to_string(), false)),
        }
    }

    /// A list item's text after `- `, the dash at column `dash_col`; a
    /// mapping goes in braces when `flow_like` (its siblings are written so).
    pub fn item(&self, value: &Value, dash_col: usize, ctx: Ctx, flow_like: bool) -> String {
        let inner = dash_col + 2;
        match value {
            Value::String(s) => self.block_scalar(s, inner),
            Value::Object(m) if m.is_empty() => "{}".into(),
            Value::Object(_) if flow_like && simple(value) => self.flow(value, ctx.as_map()),
            Value::Object(_) => self.block_map(value, inner, ctx.as_map()),
            other => self.flow(other, ctx),
        }
    }

    /// A scalar in block context whose block content would go at column `inner`.
    fn block_scalar(&self, s: &str, inner: usize) -> String {
        match scalar::write(s, false) {
            Written::Inline(t) => t,
            Written::Block { header, lines } => {
                let mut out = header.to_string();
                for l in lines {
                    out.push_str(self.nl);
                    if !l.is_empty() {
                        out.push_str(&spaces(inner));
                        out.push_str(&l);
                    }
                }
                out
            }
        }
    }

    /// A block mapping: the first key without indentation (it follows `- `
    /// or an indentation already written), the others at column `col`.
    pub fn block_map(&self, value: &Value, col: usize, ctx: Ctx) -> String {
        let Value::Object(m) = value else {
            return self.flow(value, ctx);
        };
        let mut lines = Vec::new();
        for (k, v) in ordered(m, ctx) {
            lines.push(format!(
                "{}:{}",
                self.key(k, ctx),
                self.after_colon(v, col, ctx.child(k))
            ));
        }
        lines.join(&format!("{}{}", self.nl, spaces(col)))
    }

    /// `{键: 值, …}` or `[…]` on one line.
    pub fn flow(&self, value: &Value, ctx: Ctx) -> String {
        match value {
            Value::String(s) => scalar::inline(s, true),
            Value::Array(items) => {
                let parts: Vec<String> =
                    items.iter().map(|v| self.flow(v, ctx.as_items())).collect();
                format!("[{}]", parts.join(", "))
            }
            Value::Object(m) => {
                let ctx = ctx.as_map();
                let parts: Vec<String> = ordered(m, ctx)
                    .into_iter()
                    .map(|(k, v)| format!("{}: {}", self.key(k, ctx), self.flow(v, ctx.child(k))))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            other => scalar::inline(&other.to_string(), true),
        }
    }

    /// A new key as written in this file.
    pub fn key(&self, canonical: &str, ctx: Ctx) -> String {
        scalar::inline(&ctx.as_map().spelling(canonical, self.english), false)
    }
}

/// A mapping's entries in the order of its key table (名称 first, then 数值
/// …, as the blank form has them); unknown keys after, as given.
fn ordered(m: &serde_json::Map<String, Value>, ctx: Ctx) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = m.iter().collect();
    entries.sort_by_key(|(k, _)| ctx.as_map().order(k).unwrap_or(usize::MAX));
    entries
}

/// Whether a mapping fits on one line in braces: single-line texts only.
pub(super) fn simple(value: &Value) -> bool {
    match value {
        Value::Object(m) => m
            .values()
            .all(|v| matches!(v, Value::String(s) if !s.contains('\n'))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const L: Layout = Layout {
        nl: "\n",
        english: false,
    };

    #[test]
    fn mappings_in_key_order() {
        let v = json!({"数值": "36", "名称": "揭榜项目", "单位": "项"});
        assert_eq!(
            L.flow(&v, Ctx::Indicator),
            "{名称: 揭榜项目, 数值: 36, 单位: 项}"
        );
        assert_eq!(
            L.block_map(&v, 4, Ctx::Indicator),
            "名称: 揭榜项目\n    数值: 36\n    单位: 项"
        );
    }

    #[test]
    fn nested_values() {
        let v = json!({"名称": "甲", "排名": {"位次": "2", "范围": "全省"}, "其中": [{"名称": "乙", "数值": "1"}]});
        assert_eq!(
            L.block_map(&v, 4, Ctx::Indicator),
            "名称: 甲\n    其中:\n      - 名称: 乙\n        数值: 1\n    排名: {范围: 全省, 位次: 2}"
        );
        let english = Layout {
            nl: "\r\n",
            english: true,
        };
        assert_eq!(
            english.after_colon(&json!("一\n\n二"), 2, Ctx::Other),
            " |-\r\n    一\r\n\r\n    二"
        );
        assert_eq!(
            english.flow(&v["排名"], Ctx::Rank),
            "{scope: 全省, place: 2}"
        );
    }
}
