//! The form's keys are spelled in four places: the tables of `src/form/keys.rs`
//! (messages, hints, schema), the serde attributes of `src/form/model.rs`
//! (parsing), the `walker!` paths of `src/form/paths.rs` (placeholder paths,
//! `check`) and the checks of `src/form/validate.rs`. serde needs its own
//! spelling, so these tests prove that the four agree (docs/form.md §1, §9).
//! They iterate the tables, so a key added to a table is covered at once, and a
//! key added elsewhere but not to a table fails here.

use std::collections::BTreeSet;

use huibao::form::{KeyInfo, key_tables};
use serde_json::{Map, Value, json};

/// Where a mapping of each table sits in a form.
struct Host {
    /// A key only this table has (the first match in [`HOSTS`] wins).
    marker: &'static str,
    /// The `Kind` of the keys whose values are this table's mappings.
    kind: &'static str,
    /// Whether such a value is a list of mappings (else one mapping).
    list: bool,
    /// The place as YAML, `@` standing for the mapping.
    yaml: &'static str,
    /// The field path of the mapping.
    path: &'static str,
}

const HOSTS: &[Host] = &[
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
struct Table {
    host: &'static Host,
    keys: Vec<KeyInfo>,
}

/// Every table, each with its host.
fn tables() -> Vec<Table> {
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

/// Every spelling of the keys of `table`: canonical names and aliases.
fn spellings(table: &[KeyInfo]) -> BTreeSet<&'static str> {
    table
        .iter()
        .flat_map(|k| std::iter::once(k.name).chain(k.aliases.iter().copied()))
        .collect()
}

/// The backticked names in serde's "unknown field `x`, expected one of `a`, `b`".
fn expected_fields(message: &str) -> BTreeSet<String> {
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

/// Each table lists exactly the keys serde accepts at its place, aliases
/// included: a bogus key makes serde list every field it knows there.
#[test]
fn tables_list_exactly_the_keys_serde_knows() {
    for Table { host, keys: table } in tables() {
        let host = host.yaml;
        let yaml = host.replace('@', "{zz_bogus: 1}");
        let err = serde_yaml::from_str::<huibao::form::Form>(&yaml)
            .expect_err("a bogus key must be refused");
        let known = expected_fields(&err.to_string());
        let listed: BTreeSet<String> = spellings(&table).iter().map(|s| s.to_string()).collect();
        assert_eq!(
            listed,
            known,
            "keys.rs table and model.rs serde attributes differ at {host:?}: only in the table {:?}, only in serde {:?}",
            listed.difference(&known).collect::<Vec<_>>(),
            known.difference(&listed).collect::<Vec<_>>(),
        );
    }
}

/// Required keys in the tables are the keys serde requires: a mapping holding
/// every key but one required key is refused naming that key.
#[test]
fn required_keys_agree_with_serde() {
    for Table { host, keys: table } in tables() {
        let host = host.yaml;
        for required in table.iter().filter(|k| k.required) {
            // Only the required key is absent, so serde must say it is missing.
            let others: Vec<String> = table
                .iter()
                .filter(|k| k.required && k.name != required.name)
                .map(|k| format!("{}: {}", k.name, sample(k)))
                .collect();
            let yaml = host.replace('@', &format!("{{{}}}", others.join(", ")));
            let err = serde_yaml::from_str::<huibao::form::Form>(&yaml)
                .expect_err("a missing required key must be refused");
            assert!(
                err.to_string()
                    .contains(&format!("missing field `{}`", required.name)),
                "{} is required in keys.rs; serde said: {err}",
                required.name
            );
        }
    }
}

/// A value any key of this kind accepts, for the required-key test.
fn sample(key: &KeyInfo) -> &'static str {
    match key.kind.as_str() {
        "Number" => "1",
        "Sections" => "[{标题: 板块}]",
        "Indicators" | "Items" | "TextList" => "[]",
        _ => "文字",
    }
}

/// Every table is one object of the JSON Schema, with each key and alias as a
/// property and nothing else, and the same keys required.
#[test]
fn schema_has_every_key_and_alias() {
    let schema = huibao::form::schema();
    let mut objects = Vec::new();
    collect_objects(&schema, &mut objects);
    for Table { keys: table, .. } in tables() {
        let want: BTreeSet<String> = spellings(&table).iter().map(|s| s.to_string()).collect();
        let object = objects
            .iter()
            .find(|o| property_names(o) == want)
            .unwrap_or_else(|| panic!("no schema object has exactly the keys {want:?}"));
        let mut required = BTreeSet::new();
        required_names(object, &mut required);
        for key in &table {
            assert_eq!(
                required.contains(key.name),
                key.required,
                "schema and keys.rs disagree on whether {} is required",
                key.name
            );
        }
    }
}

/// Every schema object that has `properties`.
fn collect_objects<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
    match v {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object) {
                out.push(v);
            }
            map.values().for_each(|v| collect_objects(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_objects(v, out)),
        _ => {}
    }
}

fn property_names(object: &Value) -> BTreeSet<String> {
    object["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Names under any `required` of `object`, not looking inside its properties
/// or definitions (a required key may be given under any spelling: an `anyOf`
/// of them).
fn required_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("properties" | "$defs", _) => {}
                    ("required", Value::Array(names)) => {
                        out.extend(names.iter().filter_map(|n| n.as_str().map(str::to_string)))
                    }
                    _ => required_names(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| required_names(v, out)),
        _ => {}
    }
}

/// The table whose mappings a key of `kind` holds, and whether as a list.
fn table_of_kind<'t>(tables: &'t [Table], kind: &str) -> Option<(&'t [KeyInfo], bool)> {
    tables
        .iter()
        .find(|t| !kind.is_empty() && t.host.kind == kind)
        .map(|t| (t.keys.as_slice(), t.host.list))
}

/// A mapping using every key of `table` (by its canonical name, or by its
/// first alias when `alias`), each text, number and date field a placeholder
/// `xx`; `paths` receives the field path of each placeholder. A table is
/// nested in itself once (a 指标 in 其中), not deeper.
fn fill(
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
            "TextList" => {
                paths.push(format!("{at}[0]"));
                json!(["xx"])
            }
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

/// The walker (`src/form/paths.rs`) visits every text, number and date key of
/// every table: a form with each of them a placeholder lists each one's
/// canonical path in `check`, in Chinese keys or in aliases alike.
#[test]
fn check_names_every_placeholder_key_by_its_path() {
    let tables = tables();
    let top = tables
        .iter()
        .find(|t| t.host.yaml == "@")
        .map(|t| t.keys.as_slice())
        .expect("the top-level table");
    for alias in [false, true] {
        let mut paths = Vec::new();
        let form = fill(&tables, top, "", alias, &mut Vec::new(), &mut paths);
        let validator = jsonschema::validator_for(&huibao::form::schema()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&form)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "the schema refuses a form the tool accepts: {errors:?}"
        );
        // JSON is YAML; the form is written to a file for the real `check`.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("全部占位.yaml");
        std::fs::write(&file, serde_json::to_string_pretty(&form).unwrap()).unwrap();
        let out = assert_cmd::Command::cargo_bin("huibao")
            .unwrap()
            .arg("check")
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
        let listed: BTreeSet<&str> = stdout
            .lines()
            .filter_map(|l| l.trim().strip_prefix("待补充\u{ff1a}"))
            .collect();
        let wanted: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        assert!(
            listed == wanted,
            "check (aliases: {alias}) must list every placeholder key by its canonical path; \
             not listed: {:?}, unexpected: {:?}",
            wanted.difference(&listed).collect::<Vec<_>>(),
            listed.difference(&wanted).collect::<Vec<_>>(),
        );
    }
}

/// Every number key is checked by `src/form/validate.rs`: `.nan` in any of
/// them is refused, naming that key's path.
#[test]
fn every_number_key_refuses_nan_at_its_path() {
    for Table { host, keys } in tables() {
        let (host, path) = (host.yaml, host.path);
        for key in keys.iter().filter(|k| k.kind == "Number") {
            let mut fields: Vec<String> = keys
                .iter()
                .filter(|k| k.required && k.name != key.name)
                .map(|k| format!("{}: {}", k.name, sample(k)))
                .collect();
            // A figure also needs something to say (docs/form.md §9.3): its value.
            if key.name != "数值" && keys.iter().any(|k| k.name == "数值" && !k.required) {
                fields.push("数值: 1".to_string());
            }
            fields.push(format!("{}: .nan", key.name));
            let mapping = format!("{{{}}}", fields.join(", "));
            let mut yaml = host.replace('@', &mapping);
            if host != "@" {
                yaml = format!("地区: 示例市\n单位: 示例市科学技术局\n{yaml}\n");
                if !yaml.contains("工作成效") {
                    yaml.push_str("工作成效: [{标题: 板块}]\n");
                }
            }
            let at = if path.is_empty() {
                key.name.to_string()
            } else {
                format!("{path}.{}", key.name)
            };
            let err = huibao::pipeline::parse(yaml.as_bytes(), "t.yaml")
                .expect_err(&format!("{at}: .nan must be refused"))
                .to_string();
            assert!(err.contains(&at), "the error must name {at}: {err}");
        }
    }
}

/// A rank written as text is one field of its own, `….排名`.
#[test]
fn a_rank_as_text_is_one_placeholder() {
    let form = "地区: 示例市\n单位: 示例市科学技术局\n工作成效: [{标题: 板块}]\n\
                主要指标: [{名称: 高新技术企业, 数值: 1, 排名: xx}]\n";
    let loaded = huibao::pipeline::parse(form.as_bytes(), "t.yaml").unwrap();
    assert_eq!(loaded.placeholders, ["主要指标[0].排名"]);
}

/// `check` knows every optional top-level key as "filled" (`src/form/prose_checks.rs`
/// spells them once more): a style whose header says it prints none of them
/// draws a warning for each one a form fills (docs/form.md §9.8).
#[test]
fn check_warns_about_every_filled_key_a_style_does_not_print() {
    let tables = tables();
    let top = tables
        .iter()
        .find(|t| t.host.yaml == "@")
        .map(|t| t.keys.as_slice())
        .expect("the top-level table");
    let optional: Vec<&str> = top
        .iter()
        // 日期 also gives the default 时期 (docs/form.md §1): never unused.
        .filter(|k| !k.required && k.kind != "Style" && k.name != "日期")
        .map(|k| k.name)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let template = format!(
        "{{#\n名称: 空白\n编号: kongbai\n说明: 只有标题\n标题: {{地区}}\n落款: 无\n不用: {}\n#}}\n@title {{{{ report.title }}}}\n",
        optional.join("\u{3001}")
    );
    std::fs::write(dir.path().join("kongbai.jinja"), template).unwrap();
    let Value::Object(mut form) = fill(&tables, top, "", false, &mut Vec::new(), &mut Vec::new())
    else {
        unreachable!("a form is a mapping")
    };
    form.insert("文种".into(), json!("kongbai"));
    let file = dir.path().join("表单.yaml");
    std::fs::write(&file, serde_json::to_string_pretty(&form).unwrap()).unwrap();
    let out = assert_cmd::Command::cargo_bin("huibao")
        .unwrap()
        .arg("check")
        .arg(&file)
        .arg("--templates")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let missing: Vec<&&str> = optional
        .iter()
        .filter(|key| {
            !stdout.lines().any(|l| {
                l.contains(&format!("\u{201c}{key}\u{201d}")) && l.contains("不使用这一项")
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "check does not know these keys as filled: {missing:?}\n{stdout}"
    );
}
