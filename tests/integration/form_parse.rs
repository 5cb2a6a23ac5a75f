//! Forms that parse: encodings, line ends, aliases, placeholders and warnings.

use huibao::form::{self, Field, Form, Rank};

const FULL: &str = include_str!("form_samples/full.yaml");
const ALIASES: &str = include_str!("form_samples/aliases.yaml");

fn parse(text: &str) -> Form {
    form::parse(text.as_bytes(), "表单.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn given(f: &Field<String>) -> &str {
    f.given().map(String::as_str).unwrap_or("<占位>")
}

#[test]
fn full_sample_parses_with_values_as_written() {
    let f = parse(FULL);
    assert_eq!(given(&f.locality), "示例市");
    assert_eq!(f.style.as_deref(), Some("情况汇报"));
    assert_eq!(
        f.date
            .as_ref()
            .and_then(|d| d.given())
            .map(|d| d.to_string()),
        Some("2024-07-15".to_string())
    );
    assert_eq!(f.indicators.len(), 3);
    let written = f.indicators[2].value.as_ref().unwrap().given().unwrap();
    assert_eq!(
        (written.value, written.written.as_deref()),
        (15.5, Some("15.50"))
    );
    assert!(
        matches!(&f.indicators[2].rank, Some(Rank::Place { place, .. })
        if place.given().map(|n| n.value) == Some(3.0))
    );
    assert_eq!(f.achievements.len(), 2);
    let points = &f.achievements[0].points;
    assert_eq!(given(points[0].title.as_ref().unwrap()), "明确政策导向");
    assert!(points[1].title.is_none());
    assert_eq!(f.problems.len(), 2);
    assert!(form::assign_placeholder_paths(&mut f.clone()).is_empty());
    assert!(form::warnings(&f).is_empty());
}

#[test]
fn bom_and_crlf_change_nothing() {
    let plain = parse(FULL);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(FULL.replace('\n', "\r\n").as_bytes());
    let f = form::parse(&bytes, "表单.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(given(&f.locality), "示例市");
    assert_eq!(
        given(&f.achievements[0].points[1].text.clone().unwrap()),
        given(&plain.achievements[0].points[1].text.clone().unwrap())
    );
    assert!(!given(&f.closing.clone().unwrap()).contains('\r'));
}

#[test]
fn english_and_list_aliases_parse_with_placeholder_paths() {
    let mut f = parse(ALIASES);
    assert_eq!(given(&f.locality), "某某县");
    assert_eq!(f.achievements.len(), 1, "基本情况 is 工作成效");
    assert_eq!(f.plans.len(), 1, "对策建议 is 下一步打算");
    // parse has already assigned the paths; doing it again yields the same.
    let paths = form::assign_placeholder_paths(&mut f);
    assert_eq!(
        paths,
        [
            "日期",
            "主要指标[0].数值",
            "主要指标[0].上期",
            "工作成效[0].要点[1].内容",
            "结语",
            "附件[1]",
        ]
    );
    assert_eq!(
        f.indicators[0].value,
        Some(Field::Placeholder("主要指标[0].数值".into()))
    );
    assert_eq!(f.attachments[1].name, Field::Placeholder("附件[1]".into()));
}

#[test]
fn placeholders_carry_paths_straight_from_parse() {
    let f = parse(ALIASES);
    assert_eq!(
        f.achievements[0].points[1].text,
        Some(Field::Placeholder("工作成效[0].要点[1].内容".into()))
    );
    assert_eq!(f.date, Some(Field::Placeholder("日期".into())));
}

#[test]
fn rank_placeholders_get_their_own_paths() {
    let text = "地区: 甲\n单位: 乙\n工作成效:\n  - 标题: 丙\n    指标:\n      - 名称: 丁\n        数值: 1\n        排名: {范围: 全省, 位次: xx}\n      - 名称: 戊\n        数值: 2\n        排名: 待补充\n";
    let mut f = parse(text);
    assert_eq!(
        form::assign_placeholder_paths(&mut f),
        ["工作成效[0].指标[0].排名.位次", "工作成效[0].指标[1].排名"]
    );
}

#[test]
fn xx_inside_a_text_is_a_warning() {
    let f = parse(ALIASES);
    let w = form::warnings(&f);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].path, "工作成效[0].要点[0].内容");
    // Each placeholder left in the text is named with the words around it.
    assert!(
        w[0].message.contains("“中试基地xx个”、“服务企业20xx家次”"),
        "{}",
        w[0].message
    );

    let f = parse("地区: 示例市\n单位: 局\n时期: 20XX年\n工作成效: [{标题: 甲}]\n");
    let w = form::warnings(&f);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].path, "时期");
}

#[test]
fn a_text_field_takes_numbers_as_text() {
    let f = parse("地区: 示例市\n单位: 局\n时期: 2024\n工作成效: [{标题: 甲}]\n");
    assert_eq!(given(f.period.as_ref().unwrap()), "2024");
}
