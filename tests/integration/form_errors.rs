//! Forms that fail to parse: each error class gives a Chinese message with the
//! file, the field path and the line and column, and never English.

use huibao::error::{Error, ErrorKind};
use huibao::form;

/// A minimal valid head to build broken forms on.
const HEAD: &str = "地区: 示例市\n单位: 示例市科学技术局\n";

fn fail(text: &str) -> Error {
    fail_bytes(text.as_bytes())
}

fn fail_bytes(bytes: &[u8]) -> Error {
    match form::parse(bytes, "表单.yaml") {
        Ok(_) => panic!("parsed, but should have failed"),
        Err(e) => e,
    }
}

/// Checks the message fragment, path and position, and that the message
/// holds no English beyond the `allowed` words the user typed.
fn check(
    e: &Error,
    fragment: &str,
    path: Option<&str>,
    at: Option<(usize, usize)>,
    allowed: &[&str],
) {
    assert_eq!(e.kind, ErrorKind::Form);
    assert_eq!(e.file.as_deref(), Some("表单.yaml"));
    assert!(
        e.message.contains(fragment),
        "missing “{fragment}” in: {}",
        e.message
    );
    assert_eq!(e.path.as_deref(), path, "path of: {e}");
    assert_eq!(e.line.zip(e.column), at, "position of: {e}");
    assert_no_english(&e.message, allowed);
}

fn assert_no_english(message: &str, allowed: &[&str]) {
    let known = ["YAML", "UTF", "GBK", "MiB", "Tab", "YYYY"];
    for word in message.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() >= 3 && !known.contains(&word) && !allowed.contains(&word) {
            panic!("English “{word}” in message: {message}");
        }
    }
    for rust in ["struct", "Vec", "Field<", "alloc::", "expected", "invalid"] {
        assert!(!message.contains(rust), "“{rust}” in message: {message}");
    }
}

// A UTF-8 form with a piece of GBK pasted in is reported where the UTF-8
// breaks, not read as GBK (whole GBK forms are read: encodings.rs).
#[test]
fn non_utf8_bytes_give_the_line_of_the_first_bad_byte() {
    // `测试` in GBK.
    let mut bytes = "地区: 示例市\n单位: ".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xb2\xe2\xca\xd4\n");
    let e = fail_bytes(&bytes);
    check(&e, "不是 UTF-8 编码", None, Some((2, 5)), &[]);
}

// UTF-16 is read with its byte-order mark; without one, it is not text the
// tool can tell, and the message names the encodings it reads.
#[test]
fn utf16_is_named() {
    let no_mark: Vec<u8> = "地区: 甲\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    check(&fail_bytes(&no_mark), "UTF-16", None, None, &[]);
    let bom: Vec<u8> = "\u{feff}地区: 甲\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let e = fail_bytes(&bom);
    check(&e, "缺少必填项“单位”", Some("单位"), Some((1, 1)), &[]);
}

#[test]
fn empty_forms_are_named_empty() {
    for text in [
        "",
        "\n\n",
        "# 只有注释\n# 还是注释\n",
        "---\n",
        "\u{feff}",
        "~\n",
    ] {
        let e = fail(text);
        assert!(e.message.starts_with("表单为空"), "{text:?}: {e}");
        assert_no_english(&e.message, &[]);
    }
}

#[test]
fn oversized_forms_are_refused_before_parsing() {
    let mut text = String::from(HEAD);
    text.push_str(&"# 填充\n".repeat(form::MAX_FORM_BYTES / 8));
    assert!(text.len() > form::MAX_FORM_BYTES);
    check(&fail(&text), "表单文件过大", None, None, &[]);
}

#[test]
fn a_list_or_scalar_at_the_top_is_explained() {
    check(
        &fail("- 地区\n- 单位\n"),
        "最外层应为“键: 值”形式的映射",
        None,
        Some((1, 1)),
        &[],
    );
    check(
        &fail("随便写点什么\n"),
        "却是文本“随便写点什么”",
        None,
        Some((1, 1)),
        &[],
    );
}

#[test]
fn chinese_colons_get_a_hint() {
    let e = fail("地区\u{ff1a}示例市\n单位\u{ff1a}局\n");
    check(&e, "英文冒号加空格", None, Some((1, 1)), &[]);
    let e = fail(&format!("{HEAD}主要指标:\n  - 名称:高新技术企业\n"));
    check(&e, "英文冒号加空格", Some("主要指标[0]"), Some((4, 5)), &[]);
}

#[test]
fn tab_indentation() {
    let e = fail(&format!("{HEAD}工作成效:\n\t- 标题: 甲\n"));
    check(&e, "制表符(Tab)缩进", Some("工作成效"), Some((4, 1)), &[]);
    let e = fail(&format!("{HEAD}工作成效:\n  - 标题: 甲\n  \t概述: 乙\n"));
    check(
        &e,
        "只能用空格缩进",
        Some("工作成效[0].标题"),
        Some((5, 3)),
        &[],
    );
}

#[test]
fn bad_indentation() {
    check(
        &fail("地区: 示例市\n  单位: 局\n"),
        "缩进不对",
        None,
        Some((2, 5)),
        &[],
    );
    let e = fail(&format!("{HEAD}工作成效:\n  - 标题: 甲\n   概述: 乙\n"));
    check(&e, "缩进不对", Some("工作成效"), Some((5, 4)), &[]);
}

#[test]
fn an_unclosed_quote_points_at_where_it_opens() {
    let e = fail(&format!(
        "{HEAD}工作成效:\n  - 标题: \"深化改革\n  - 标题: 乙\n"
    ));
    check(
        &e,
        "引号没有配对",
        Some("工作成效[0].标题"),
        Some((4, 9)),
        &[],
    );
}

#[test]
fn a_string_where_a_number_belongs() {
    let text = format!(
        "{HEAD}工作成效:\n  - 标题: 甲\n  - 标题: 乙\n    要点:\n      - 标题: 丙\n        指标:\n          - 名称: 丁\n            数值: 很多\n"
    );
    let e = fail(&text);
    check(
        &e,
        "应为数字,却是文本“很多”",
        Some("工作成效[1].要点[0].指标[0].数值"),
        Some((10, 17)),
        &[],
    );
    let e = fail(&format!(
        "{HEAD}工作成效:\n  - 标题: 甲\n    指标:\n      - {{名称: 乙, 数值: true}}\n"
    ));
    check(
        &e,
        "应为数字,却是逻辑值",
        Some("工作成效[0].指标[0].数值"),
        Some((6, 21)),
        &["true"],
    );
}

#[test]
fn wrong_shapes() {
    let e = fail(&format!("{HEAD}工作成效:\n  标题: 甲\n"));
    check(
        &e,
        "应为列表(每一项以“- ”开头),却是映射",
        Some("工作成效"),
        Some((4, 3)),
        &[],
    );
    let e = fail(&format!("{HEAD}工作成效: [深化改革]\n"));
    check(
        &e,
        "应为“键: 值”形式的映射,却是文本“深化改革”",
        Some("工作成效[0]"),
        Some((3, 8)),
        &[],
    );
    let e = fail(&format!(
        "{HEAD}时期: {{年: 2024}}\n工作成效: [{{标题: 甲}}]\n"
    ));
    check(&e, "应为文本,却是映射", Some("时期"), Some((3, 5)), &[]);
    let e = fail(&format!(
        "{HEAD}主要指标:\n  - {{名称: 甲, 数值: 1, 排名: [1]}}\n工作成效: [{{标题: 乙}}]\n"
    ));
    check(&e, "却是列表", Some("主要指标[0].排名"), Some((4, 24)), &[]);
}

#[test]
fn unknown_keys_get_a_did_you_mean_hint() {
    let e = fail("地区: 示例市\n地去: 某某县\n");
    check(
        &e,
        "未知的键“地去”,是否想写“地区”?",
        Some("地去"),
        Some((2, 1)),
        &[],
    );
    let e = fail("locallity: 示例市\n");
    check(
        &e,
        "未知的键“locallity”,是否想写“locality”?",
        Some("locallity"),
        Some((1, 1)),
        &["locallity", "locality"],
    );
    let text = format!(
        "{HEAD}工作成效:\n  - 标题: 甲\n    要点:\n      - 标题: 乙\n        指标:\n          - {{名称: 丙, valeu: 1}}\n"
    );
    let e = fail(&text);
    check(
        &e,
        "是否想写“value”?",
        Some("工作成效[0].要点[0].指标[0].valeu"),
        Some((8, 21)),
        &["valeu", "value"],
    );
}

#[test]
fn unknown_keys_without_a_close_match_list_the_valid_ones() {
    let e = fail(&format!("{HEAD}工作成效:\n  - 标题: 甲\n    天气: 晴\n"));
    check(
        &e,
        "未知的键“天气”,此处可用的键有:标题、成效、概述、要点、指标",
        Some("工作成效[0].天气"),
        Some((5, 5)),
        &[],
    );
}

#[test]
fn missing_required_keys() {
    check(
        &fail("单位: 局\n工作成效: [{标题: 甲}]\n"),
        "缺少必填项“地区”",
        Some("地区"),
        Some((1, 1)),
        &[],
    );
    let e = fail(&format!("{HEAD}工作成效:\n  - 标题: 甲\n  - 概述: 乙\n"));
    check(
        &e,
        "缺少必填项“标题”",
        Some("工作成效[1].标题"),
        Some((5, 5)),
        &[],
    );
    let e = fail(&format!(
        "{HEAD}主要指标:\n  - 名称: 甲\n    单位: 家\n工作成效: [{{标题: 乙}}]\n"
    ));
    check(
        &e,
        "缺少必填项“数值”",
        Some("主要指标[0].数值"),
        Some((4, 5)),
        &[],
    );
}

#[test]
fn duplicate_keys_point_at_the_second_one() {
    let e = fail("地区: 示例市\n单位: 局\n地区: 某某县\n");
    check(&e, "键“地区”重复出现", Some("地区"), Some((3, 1)), &[]);
    // An alias is the same key.
    let e = fail(&format!("{HEAD}工作成效:\n  - 标题: 甲\n    title: 乙\n"));
    check(
        &e,
        "键“标题”重复出现",
        Some("工作成效[0].标题"),
        Some((5, 5)),
        &[],
    );
}

#[test]
fn an_item_needs_a_title_or_a_text() {
    let e = fail(&format!(
        "{HEAD}工作成效:\n  - 标题: 甲\n    要点:\n      - 指标: []\n"
    ));
    check(
        &e,
        "条目至少需要“标题”或“内容”之一",
        Some("工作成效[0].要点[0]"),
        Some((6, 9)),
        &[],
    );
}

#[test]
fn invalid_dates() {
    let e = fail(&format!(
        "{HEAD}日期: 2024-02-30\n工作成效: [{{标题: 甲}}]\n"
    ));
    check(&e, "日期“2024-02-30”无效", Some("日期"), Some((3, 5)), &[]);
}

#[test]
fn a_second_document_is_refused() {
    let e = fail(&format!("{HEAD}工作成效: [{{标题: 甲}}]\n---\n{HEAD}"));
    check(&e, "只能有一份内容", None, Some((4, 1)), &[]);
}

#[test]
fn unknown_anchors() {
    let e = fail(&format!("{HEAD}主题: *undefined\n"));
    check(&e, "未定义的锚点", Some("主题"), Some((3, 5)), &[]);
    // libyaml takes only ASCII names after `*`.
    let e = fail(&format!("{HEAD}主题: *未定义\n"));
    check(&e, "“&”或“*”后应跟名称", Some("主题"), Some((3, 6)), &[]);
}

#[test]
fn alias_bombs_fail_fast() {
    // Each section repeats 40 points, each repeating 40 figures: far more
    // expansion than the text's size justifies.
    let refs = |name: &str, n: usize| vec![format!("*{name}"); n].join(", ");
    let text = format!(
        "{HEAD}主要指标:\n  - &i {{名称: 甲, 数值: 1}}\n存在问题:\n  - &p {{标题: 乙, 指标: [{}]}}\n工作成效: [&s {{标题: 丙, 要点: [{}]}}, {}]\n",
        refs("i", 40),
        refs("p", 40),
        refs("s", 39)
    );
    let e = fail(&text);
    assert!(e.message.contains("别名炸弹"), "{e}");
    assert_no_english(&e.message, &[]);
    // Where expansion stops depends on serde_yaml's budget; it is inside 工作成效.
    assert!(
        e.path
            .as_deref()
            .is_some_and(|p| p.starts_with("工作成效[")),
        "{e}"
    );
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let text = format!("{HEAD}主题: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    // The 64th bracket is the 65th level (the form's own mapping is the first).
    let column = 4 + huibao::form::MAX_DEPTH;
    check(&fail(&text), "表单嵌套过深", None, Some((3, column)), &[]);
}

#[test]
fn display_names_file_position_and_path() {
    let e = fail("地区: 示例市\n地去: 某某县\n");
    assert_eq!(
        e.to_string(),
        "表单.yaml:2:1:字段“地去”:未知的键“地去”,是否想写“地区”?"
    );
}
