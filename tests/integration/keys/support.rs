//! The key tables with where each sits in a form, and a form filled from
//! them, for the agreement tests in `keys.rs`.

use std::collections::BTreeSet;

use huibao::form::{KeyInfo, key_tables};
use serde_json::{Map, Value, json};

/// Where a mapping of each table sits in a form.
pub(super) struct Host {
    /// A key only this table has (the first match in [`HOSTS`] wins).
    pub(super) marker: &'static str,
    /// The `Kind` of the keys whose values are this table's mappings.
    pub(super) kind: &'static str,
    /// Whether such a value is a list of mappings (else one mapping).
    pub(super) list: bool,
    /// The place as YAML, `@` standing for the mapping.
    pub(super) yaml: &'static str,
    /// The field path of the mapping.
    pub(super) path: &'static str,
}

pub(super) const HOSTS: &[Host] = &[
    Host {
        marker: "地区",
        kind: "",
        list: false,
        yaml: "@",
        path: "",
    },
    Host {
        marker: "要点",
        kind: "Sections",
        list: true,
        yaml: "工作成效:\n  - @",
        path: "工作成效[0]",
    },
    Host {
        marker: "内容",
        kind: "Items",
        list: true,
        yaml: "工作成效:\n  - 要点:\n      - @",
        path: "工作成效[0].要点[0]",
    },
    // 存在问题 as `{标题, 概述, 条目}` (docs/form.md §9.8).
    Host {
        marker: "条目",
        kind: "Part",
        list: false,
        yaml: "存在问题: @",
        path: "存在问题",
    },
    Host {
        marker: "位次",
        kind: "Rank",
        list: false,
        yaml: "主要指标:\n  - {名称: 指标, 数值: 1, 排名: @}",
        path: "主要指标[0].排名",
    },
    // 附件 as `{名称, 表格}` (docs/form.md §12); before 指标, which also has 名称.
    Host {
        marker: "表格",
        kind: "Attachments",
        list: true,
        yaml: "主要指标: [{名称: 指标, 数值: 1}]\n附件:\n  - @",
        path: "附件[0]",
    },
    Host {
        marker: "名称",
        kind: "Indicators",
        list: true,
        yaml: "主要指标:\n  - @",
        path: "主要指标[0]",
    },
    // 占比 (docs/form.md §9.3); after 排名, which may also have 对象.
    Host {
        marker: "对象",
        kind: "Share",
        list: false,
        yaml: "主要指标:\n  - {名称: 指标, 数值: 1, 占比: @}",
        path: "主要指标[0].占比",
    },
];

/// A key table with where it is tested.
pub(super) struct Table {
    pub(super) host: &'static Host,
    pub(super) keys: Vec<KeyInfo>,
}

/// Every table, each with its host.
pub(super) fn tables() -> Vec<Table> {
    key_tables()
        .into_iter()
        .map(|keys| {
            let host = HOSTS
                .iter()
                .find(|h| keys.iter().any(|k| k.name == h.marker))
                .unwrap_or_else(|| {
                    let names: Vec<_> = keys.iter().map(|k| k.name).collect();
                    panic!("a new key table {names:?}: add where it sits in a form to HOSTS")
                });
            Table { host, keys }
        })
        .collect()
}

/// The keys of the top-level table (the one whose host is the form itself).
pub(super) fn top_keys(tables: &[Table]) -> &[KeyInfo] {
    tables
        .iter()
        .find(|t| t.host.yaml == "@")
        .map(|t| t.keys.as_slice())
        .expect("the top-level table")
}

/// Every spelling of the keys of `table`: canonical names and aliases.
pub(super) fn spellings(table: &[KeyInfo]) -> BTreeSet<&'static str> {
    table
        .iter()
        .flat_map(|k| std::iter::once(k.name).chain(k.aliases.iter().copied()))
        .collect()
}

/// The backticked names in serde's "unknown field `x`, expected one of `a`, `b`".
pub(super) fn expected_fields(message: &str) -> BTreeSet<String> {
    let list = message
        .split_once("expected one of ")
        .unwrap_or_else(|| panic!("not serde's unknown-field message: {message}"))
        .1;
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A value any key of this kind accepts, for the required-key test.
pub(super) fn sample(key: &KeyInfo) -> &'static str {
    match key.kind.as_str() {
        "Number" => "1",
        "Sections" => "[{标题: 板块}]",
        "Indicators" | "Items" | "Attachments" => "[]",
        "TableName" => "主要指标",
        _ => "文字",
    }
}

/// The table whose mappings a key of `kind` holds, and whether as a list.
pub(super) fn table_of_kind<'t>(tables: &'t [Table], kind: &str) -> Option<(&'t [KeyInfo], bool)> {
    tables
        .iter()
        .find(|t| !kind.is_empty() && t.host.kind == kind)
        .map(|t| (t.keys.as_slice(), t.host.list))
}

/// A mapping using every key of `table` (by its canonical name, or by its
/// first alias when `alias`), each text, number and date field a placeholder
/// `xx`; `paths` receives the field path of each placeholder. A table is
/// nested in itself once (a 指标 in 其中), not deeper.
pub(super) fn fill(
    tables: &[Table],
    table: &[KeyInfo],
    path: &str,
    alias: bool,
    stack: &mut Vec<*const KeyInfo>,
    paths: &mut Vec<String>,
) -> Value {
    stack.push(table.as_ptr());
    let mut map = Map::new();
    for key in table {
        let at = if path.is_empty() {
            key.name.to_string()
        } else {
            format!("{path}.{}", key.name)
        };
        let value = match key.kind.as_str() {
            "Text" | "Number" | "Date" => {
                paths.push(at);
                json!("xx")
            }
            "Style" => json!("情况汇报"),
            "TableName" => json!("主要指标"),
            kind => {
                let (inner, list) = table_of_kind(tables, kind).unwrap_or_else(|| {
                    panic!(
                        "key {} has a kind this test does not know ({kind}): add its table to HOSTS",
                        key.name
                    )
                });
                if stack.iter().filter(|t| **t == inner.as_ptr()).count() > 1 {
                    continue;
                }
                if !list {
                    fill(tables, inner, &at, alias, stack, paths)
                } else {
                    let entry = format!("{at}[0]");
                    json!([fill(tables, inner, &entry, alias, stack, paths)])
                }
            }
        };
        let spelled = match key.aliases.first() {
            Some(a) if alias => a,
            _ => key.name,
        };
        map.insert(spelled.to_string(), value);
    }
    stack.pop();
    Value::Object(map)
}
