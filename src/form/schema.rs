//! The JSON Schema of the form (`huibao schema`), for editors' completion and
//! validation, built from the same key tables the parser's messages use.

use serde_json::{Map, Value, json};

use super::keys::{ATTACHMENT, FORM, INDICATOR, ITEM, Key, Kind, PART, RANK, SECTION, SHARE};
use super::validate::MAX_LIST_ENTRIES;

/// What a number field accepts besides a number: a placeholder (`xx`, `1xx`,
/// `待补充`, empty, docs/form.md §5) or a number as people type it (§9.2):
/// full-width digits, thousands separators, a qualifier (`近300`, `1200余`,
/// `300以上`).
const NUMBER_TEXT: &str = r"^\s*(|xx|XX|x\.x|xx\.x|待补充|[0-9.xX]*[xX][0-9.xX]*|(近|约|超过|超|逾)?[-+]?[0-9０-９][0-9０-９,，]*([.．][0-9０-９]{1,6})?[%％]?(余|多|以上)?)\s*$";

/// A date (`2025-10-12`, `2025/10/12`, `2025.10.12`, `2025年10月12日`), or a placeholder.
const DATE_TEXT: &str = r"^\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}|[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|xx|XX|x\.x|xx\.x|待补充|)\s*$";

/// The JSON Schema (draft 2020-12) of a form: Chinese keys and their English
/// aliases, unknown keys rejected everywhere, descriptions in Chinese.
pub fn schema() -> Value {
    let mut top = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "汇报表单",
        "description": "huibao 汇报表单\u{ff1a}一个文件描述一篇工作汇报。键为中文\u{ff0c}也可用英文别名。",
        "type": "object",
        "properties": properties(FORM),
        "additionalProperties": false,
        "$defs": {
            "text": {
                "description": "文本\u{ff1b}写 xx、待补充 或留空表示待补充",
                "type": ["string", "number", "boolean", "null"]
            },
            "number": {
                "description": "数字\u{ff1b}未知时写 xx\u{ff08}或 1xx、x.x、待补充\u{ff09}",
                "anyOf": [
                    { "type": "number" },
                    { "type": "string", "pattern": NUMBER_TEXT },
                    { "type": "null" }
                ]
            },
            "date": {
                "description": "日期\u{ff0c}写作 YYYY-MM-DD\u{ff0c}如 2024-07-15\u{ff1b}也可写 2024年7月15日\u{3001}2024/7/15\u{3001}2024.7.15",
                "anyOf": [
                    { "type": "string", "pattern": DATE_TEXT },
                    { "type": "null" }
                ]
            },
            "style": {
                "description": "文种名称或代号",
                "type": "string",
                "examples": style_examples()
            },
            "indicator": object("指标", INDICATOR),
            "attachment": {
                "description": "附件\u{ff1a}名称\u{ff0c}或含 名称/表格 的映射",
                "anyOf": [
                    { "$ref": "#/$defs/text" },
                    object("附件", ATTACHMENT)
                ]
            },
            "share": object("占比", SHARE),
            "section": object("板块", SECTION),
            "item": {
                "description": "条目\u{ff1a}一段文本\u{ff0c}或含 标题/内容/指标 的映射",
                "anyOf": [
                    { "$ref": "#/$defs/text" },
                    {
                        "allOf": [
                            object("条目", ITEM),
                            { "anyOf": one_of_keys(&ITEM[..2]) }
                        ]
                    }
                ]
            },
            "part": {
                "description": "条目列表\u{ff0c}或含 标题/概述/条目 的映射",
                "anyOf": [
                    list_of("item", 0),
                    object("存在问题或下一步打算", PART)
                ]
            },
            "rank": {
                "description": "排名\u{ff1a}文本\u{ff08}如 全省第2位\u{ff09}\u{ff0c}或 {范围: 全省, 位次: 2}",
                "anyOf": [
                    { "$ref": "#/$defs/text" },
                    object("排名", RANK)
                ]
            }
        }
    });
    add_required(&mut top, FORM);
    top
}

/// The built-in styles' names, then their ids, as their template headers
/// say (a user directory's styles are valid too, so these are examples).
fn style_examples() -> Vec<String> {
    let styles = crate::render::styles::discover(None).unwrap_or_default();
    let names = styles.iter().map(|s| s.name.clone());
    names.chain(styles.iter().map(|s| s.id.clone())).collect()
}

/// An object of `keys` with nothing else allowed.
fn object(what: &str, keys: &[Key]) -> Value {
    let mut schema = json!({
        "description": what,
        "type": "object",
        "properties": properties(keys),
        "additionalProperties": false
    });
    add_required(&mut schema, keys);
    schema
}

/// Each key and each alias as a property.
fn properties(keys: &[Key]) -> Value {
    let mut props = Map::new();
    for k in keys {
        let mut schema = kind_schema(k.kind);
        schema["description"] = Value::String(k.description.to_string());
        props.insert(k.name.to_string(), schema.clone());
        for alias in k.aliases {
            let mut aliased = schema.clone();
            aliased["description"] =
                Value::String(format!("“{}”的别名\u{ff1a}{}", k.name, k.description));
            props.insert(alias.to_string(), aliased);
        }
    }
    Value::Object(props)
}

/// A required key may be given under its name or any alias, so each becomes
/// an `anyOf` of `required`s (an empty `allOf` is not allowed).
fn add_required(schema: &mut Value, keys: &[Key]) {
    let all: Vec<Value> = keys
        .iter()
        .filter(|k| k.required)
        .map(|k| json!({ "anyOf": one_of_keys(std::slice::from_ref(k)) }))
        .collect();
    if !all.is_empty() {
        schema["allOf"] = Value::Array(all);
    }
}

/// `[{required: [name]}, {required: [alias]}, …]` for every name of `keys`.
fn one_of_keys(keys: &[Key]) -> Value {
    let names = keys
        .iter()
        .flat_map(|k| std::iter::once(&k.name).chain(k.aliases.iter()))
        .map(|n| json!({ "required": [n] }))
        .collect();
    Value::Array(names)
}

fn list_of(item: &str, min: usize) -> Value {
    json!({
        "type": "array",
        "items": { "$ref": format!("#/$defs/{item}") },
        "minItems": min,
        "maxItems": MAX_LIST_ENTRIES
    })
}

fn kind_schema(kind: Kind) -> Value {
    let reference = |name: &str| json!({ "$ref": format!("#/$defs/{name}") });
    match kind {
        Kind::Style => reference("style"),
        Kind::Text => reference("text"),
        Kind::Number => reference("number"),
        Kind::Date => reference("date"),
        Kind::Rank => reference("rank"),
        Kind::Share => reference("share"),
        Kind::Attachments => list_of("attachment", 0),
        Kind::TableName => json!({ "enum": [crate::form::INDICATOR_TABLE, "indicators"] }),
        Kind::Indicators => list_of("indicator", 0),
        Kind::Items => list_of("item", 0),
        Kind::Part => reference("part"),
        Kind::Sections => list_of("section", 1),
    }
}
