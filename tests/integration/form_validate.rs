//! Values that parse but cannot be reported on: each is an error with the
//! canonical field path and, through `parse`, the line of the value.

use huibao::form;

const HEAD: &str = "地区: 示例市\n单位: 示例市科学技术局\n";

/// A form whose first section holds one figure written as a flow mapping on line 6.
fn with_figure(figure: &str) -> String {
    format!("{HEAD}工作成效:\n  - 标题: 甲\n    指标:\n      - {{名称: 乙, {figure}}}\n")
}

fn fail(text: &str) -> huibao::error::Error {
    match form::parse(text.as_bytes(), "表单.yaml") {
        Ok(_) => panic!("parsed, but should have failed:\n{text}"),
        Err(e) => e,
    }
}

fn check(text: &str, fragment: &str, path: &str, line: usize) {
    let e = fail(text);
    assert!(e.message.contains(fragment), "missing “{fragment}” in: {e}");
    assert_eq!(e.path.as_deref(), Some(path), "{e}");
    assert_eq!(e.line, Some(line), "{e}");
}

#[test]
fn numbers_must_be_finite() {
    for v in [".nan", ".inf", "-.inf"] {
        let text = with_figure(&format!("数值: {v}"));
        check(&text, "不是有效的数字", "工作成效[0].指标[0].数值", 6);
    }
}

#[test]
fn figures_cannot_be_negative_except_growth() {
    check(
        &with_figure("数值: -3"),
        "不能是负数",
        "工作成效[0].指标[0].数值",
        6,
    );
    check(
        &with_figure("数值: 3, 上期: -1"),
        "不能是负数",
        "工作成效[0].指标[0].上期",
        6,
    );
    check(
        &with_figure("数值: 3, 目标: -1"),
        "不能是负数",
        "工作成效[0].指标[0].目标",
        6,
    );
    let ok = with_figure("数值: 3, 增速: -12.5");
    assert!(form::parse(ok.as_bytes(), "表单.yaml").is_ok());
}

#[test]
fn huge_numbers_are_refused() {
    check(
        &with_figure("数值: 2e15"),
        "数值过大",
        "工作成效[0].指标[0].数值",
        6,
    );
    check(
        &with_figure("数值: 1, 增速: -1e16"),
        "数值过大",
        "工作成效[0].指标[0].增速",
        6,
    );
    let ok = with_figure("数值: 1e15");
    assert!(form::parse(ok.as_bytes(), "表单.yaml").is_ok());
}

#[test]
fn a_place_is_a_whole_number_from_one() {
    for place in ["0", "2.5"] {
        let text = with_figure(&format!("数值: 1, 排名: {{范围: 全省, 位次: {place}}}"));
        check(
            &text,
            "位次应为 1 或更大的整数",
            "工作成效[0].指标[0].排名.位次",
            6,
        );
    }
}

#[test]
fn growth_from_zero_is_a_contradiction() {
    let text = with_figure("数值: 5, 上期: 0, 增速: 20");
    check(&text, "二者矛盾", "工作成效[0].指标[0].增速", 6);
    let ok = with_figure("数值: 5, 上期: 0");
    assert!(form::parse(ok.as_bytes(), "表单.yaml").is_ok());
}

#[test]
fn lists_stop_at_ninety_nine() {
    let entries = |n: usize| (0..n).map(|i| format!("  - 问题{i}\n")).collect::<String>();
    let ok = format!("{HEAD}工作成效: [{{标题: 甲}}]\n存在问题:\n{}", entries(99));
    assert!(form::parse(ok.as_bytes(), "表单.yaml").is_ok());
    let text = format!(
        "{HEAD}工作成效: [{{标题: 甲}}]\n存在问题:\n{}",
        entries(100)
    );
    check(&text, "列表最多 99 项", "存在问题", 5);
    assert!(fail(&text).message.contains("这里有 100 项"));
}

#[test]
fn nested_lists_too() {
    let points = (0..100)
        .map(|i| format!("要点{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!("{HEAD}主要工作:\n  - 标题: 甲\n    要点: [{points}]\n");
    // The path is canonical even though the form says 主要工作.
    check(&text, "列表最多 99 项", "工作成效[0].要点", 5);
}

#[test]
fn achievements_need_a_section() {
    check(
        &format!("{HEAD}工作成效: []\n"),
        "至少需要一个板块",
        "工作成效",
        3,
    );
}

#[test]
fn validate_alone_gives_path_without_line() {
    let mut text = with_figure("数值: 1, 上期: 2");
    text = text.replace("上期: 2", "上期: 2, 目标: 3");
    let mut f = form::parse(text.as_bytes(), "表单.yaml").unwrap();
    f.achievements[0].indicators[0].target = Some(form::Field::Given(form::Number::new(-1.0)));
    let e = form::validate(&f).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("工作成效[0].指标[0].目标"));
    assert_eq!(e.line, None);
}
