//! The JSON Schema accepts what the parser accepts and rejects what it rejects.

use huibao::form;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&form::schema()).expect("the schema itself is valid")
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("test forms are valid YAML")
}

/// Whether the schema accepts `text`; checks the parser agrees.
fn accepts(text: &str) -> bool {
    let schema_ok = validator().is_valid(&yaml(text));
    let parse_ok = form::parse(text.as_bytes(), "表单.yaml").is_ok();
    assert_eq!(
        schema_ok, parse_ok,
        "schema and parser disagree on:\n{text}"
    );
    schema_ok
}

const HEAD: &str = "地区: 示例市\n单位: 示例市科学技术局\n";

#[test]
fn sample_forms_are_valid() {
    assert!(accepts(include_str!("form_samples/full.yaml")));
    assert!(accepts(include_str!("form_samples/aliases.yaml")));
    assert!(accepts(include_str!("form_samples/seed-prose.yaml")));
}

#[test]
fn unknown_keys_are_invalid() {
    assert!(!accepts(&format!(
        "{HEAD}地去: 某某县\n工作成效: [{{标题: 甲}}]\n"
    )));
    let nested =
        format!("{HEAD}工作成效:\n  - 标题: 甲\n    指标: [{{名称: 乙, 数值: 1, 颜色: 红}}]\n");
    assert!(!accepts(&nested));
}

#[test]
fn a_string_where_a_number_belongs_is_invalid() {
    let figure =
        |v: &str| format!("{HEAD}工作成效:\n  - 标题: 甲\n    指标: [{{名称: 乙, 数值: {v}}}]\n");
    assert!(!accepts(&figure("很多")));
    assert!(accepts(&figure("'15.50'")));
    assert!(accepts(&figure("1xx")));
    assert!(accepts(&figure("待补充")));
    assert!(accepts(&figure("12.5")));
}

#[test]
fn required_keys_may_use_aliases() {
    assert!(accepts(
        "locality: 示例市\norganization: 局\nachievements: [{title: 甲}]\n"
    ));
    assert!(!accepts("organization: 局\nachievements: [{title: 甲}]\n"));
    assert!(!accepts(&format!("{HEAD}下一步打算: [一]\n")));
}

#[test]
fn items_and_ranks_take_both_shapes() {
    assert!(accepts(&format!(
        "{HEAD}工作成效: [{{标题: 甲, 要点: [一, {{标题: 乙}}, {{内容: 丙}}]}}]\n"
    )));
    assert!(!accepts(&format!(
        "{HEAD}工作成效: [{{标题: 甲, 要点: [{{指标: []}}]}}]\n"
    )));
    let rank = |r: &str| {
        format!("{HEAD}主要指标: [{{名称: 乙, 数值: 1, 排名: {r}}}]\n工作成效: [{{标题: 甲}}]\n")
    };
    assert!(accepts(&rank("全省第2位")));
    assert!(accepts(&rank("{范围: 全省, 位次: 2}")));
    assert!(!accepts(&rank("{范围: 全省}")));
}

#[test]
fn dates_follow_the_pattern() {
    let date = |d: &str| format!("{HEAD}日期: {d}\n工作成效: [{{标题: 甲}}]\n");
    assert!(accepts(&date("2024-07-15")));
    assert!(accepts(&date("xx")));
    // docs/form.md §9.2: the spellings people type are dates too.
    assert!(accepts(&date("2024年7月15日")));
    assert!(accepts(&date("2024/7/15")));
    assert!(accepts(&date("2024.7.15")));
    assert!(!accepts(&date("7月15日")));
}

#[test]
fn every_key_has_a_chinese_description() {
    let schema = form::schema();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "地区",
        "locality",
        "主要工作",
        "基本情况",
        "工作安排",
        "对策建议",
    ] {
        let d = props[key]["description"].as_str().unwrap_or_default();
        assert!(
            d.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{key}: {d}"
        );
    }
    assert_eq!(schema["additionalProperties"], Value::Bool(false));
    assert_eq!(
        schema["$defs"]["indicator"]["additionalProperties"],
        Value::Bool(false)
    );
}

// docs/form.md §9: the new figure keys and numbers as people type them are
// valid for the schema exactly when the parser takes them.
#[test]
fn version_2_figures_follow_the_schema() {
    for form in crate::common::examples() {
        assert!(
            accepts(&std::fs::read_to_string(&form).unwrap()),
            "{}",
            form.display()
        );
    }
    let figure = |f: &str| format!("{HEAD}工作成效: [{{标题: 甲, 指标: [{f}]}}]\n");
    assert!(accepts(&figure("{名称: 甲, 数值: 1200余, 单位: 家}")));
    assert!(accepts(&figure("{名称: 甲, 数值: '１,２６８'}")));
    assert!(accepts(&figure("{名称: 甲, 增速: 35}")));
    assert!(accepts(&figure("{名称: 甲, 增速: 35%}")));
    assert!(accepts(&figure(
        "{名称: 甲, 排名: {范围: 全省, 位次: 2, 对象: 增幅, 上期位次: 70}}"
    )));
    assert!(accepts(&figure(
        "{名称: 甲, 数值: 8, 占比: {对象: 乙, 数值: 45.6, 变化: 1.2}, 时段: 1—6月, 其中: [{名称: 丙, 数值: 2}]}"
    )));
    assert!(!accepts(&figure("{名称: 甲, 数值: 很多}")));
    assert!(!accepts(&figure("{名称: 甲, 占比: {数值: 4}}")));
}

// The style examples are the built-in styles as their headers name them,
// and 附件 takes names and {名称, 表格} mappings (docs/form.md §12).
#[test]
fn styles_come_from_the_headers_and_attachments_may_be_tables() {
    let schema = form::schema();
    let examples: Vec<&str> = schema["$defs"]["style"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let renderer = huibao::render::Renderer::new(None).unwrap();
    for style in renderer.styles() {
        assert!(examples.contains(&style.name.as_str()), "{}", style.name);
        assert!(examples.contains(&style.id.as_str()), "{}", style.id);
    }
    let head = "地区: 甲\n单位: 乙\n工作成效: [{标题: 甲}]\n主要指标: [{名称: 甲, 数值: 1}]\n";
    assert!(accepts(&format!(
        "{head}附件: [名单, {{名称: 表, 表格: 主要指标}}]\n"
    )));
    assert!(!accepts(&format!(
        "{head}附件: [{{名称: 表, 表格: 别的}}]\n"
    )));
    assert!(!accepts(&format!("{head}附件: [{{表格: 主要指标}}]\n")));
}
