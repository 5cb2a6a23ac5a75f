//! The form's keys are spelled in four places: the tables of `src/form/keys.rs`
//! (messages, hints, schema), the serde attributes of `src/form/model.rs`
//! (parsing), the `walker!` paths of `src/form/paths.rs` (placeholder paths,
//! `check`) and the checks of `src/form/validate.rs`. serde needs its own
//! spelling, so these tests prove that the four agree (docs/form.md §1, §9).
//! They iterate the tables, so a key added to a table is covered at once, and a
//! key added elsewhere but not to a table fails here.

mod support;

use std::collections::BTreeSet;

use serde_json::{Value, json};

use support::{Table, expected_fields, fill, sample, spellings, tables, top_keys};

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

/// The walker (`src/form/paths.rs`) visits every text, number and date key of
/// every table: a form with each of them a placeholder lists each one's
/// canonical path in `check`, in Chinese keys or in aliases alike.
#[test]
fn check_names_every_placeholder_key_by_its_path() {
    let tables = tables();
    let top = top_keys(&tables);
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
    let top = top_keys(&tables);
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
