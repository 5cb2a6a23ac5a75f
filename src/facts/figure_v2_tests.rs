//! docs/form.md §9.1–§9.5: one test per rule, with the exact wording.
//! Full-width marks are escapes: `C` is the comma U+FF0C, `S` the semicolon.

use super::*;
use crate::facts::change::default_basis;

const C: &str = "\u{ff0c}";
const S: &str = "\u{ff1b}";

/// A figure from its YAML flow mapping, as a clerk writes it.
fn yaml(src: &str) -> Indicator {
    serde_yaml::from_str(src).unwrap()
}

/// The sentence with `basis` as the default comparison word.
fn said(src: &str, basis: &str) -> String {
    let w = Wording {
        basis,
        ..Wording::default()
    };
    figure_facts_in(&yaml(src), &w).sentence
}

fn year(src: &str) -> String {
    said(src, default_basis("2024年"))
}

fn half(src: &str) -> String {
    said(src, default_basis("2024年上半年"))
}

fn plan(src: &str) -> String {
    let w = Wording {
        plan: true,
        ..Wording::default()
    };
    figure_facts_in(&yaml(src), &w).sentence
}

const HIGH_TECH: &str = "{名称: 高新技术企业, 数值: 251, 单位: 家, 上期: 175}";

// §9.1

#[test]
fn basis_defaults_to_jiao_shangnian_after_a_calendar_year_else_tongbi() {
    assert_eq!(default_basis("2024年"), "较上年");
    assert_eq!(default_basis("2024年上半年"), "同比");
    assert_eq!(default_basis("\u{201c}十四五\u{201d}以来"), "同比");
    assert_eq!(
        year("{名称: 技术合同成交额, 数值: 42.8, 单位: 亿元, 上期: 18.6}"),
        "技术合同成交额42.8亿元\u{ff0c}较上年增长1.3倍"
    );
    assert_eq!(
        half("{名称: 全社会研发投入, 数值: 118, 单位: 亿元, 上期: 100}"),
        "全社会研发投入118亿元\u{ff0c}同比增长18.0%"
    );
}

#[test]
fn explicit_basis_wins_and_wu_prints_none() {
    assert_eq!(
        year("{名称: 研发投入, 数值: 106.5, 单位: 亿元, 上期: 100, 比较: 同比}"),
        format!("研发投入106.5亿元{C}同比增长6.5%")
    );
    assert_eq!(
        year("{名称: 地区生产总值, 增速: 6.5, 比较: 无}"),
        "地区生产总值增长6.5%"
    );
}

#[test]
fn counting_unit_says_the_comparison_word_once_first() {
    assert_eq!(
        year(HIGH_TECH),
        format!("高新技术企业251家{C}较上年净增76家{C}增长43.4%")
    );
    assert_eq!(
        half(HIGH_TECH),
        format!("高新技术企业251家{C}同比净增76家{C}增长43.4%")
    );
    assert_eq!(
        half("{名称: 高新技术企业, 数值: 251, 单位: 家, 上期: 175, 比较: 无}"),
        format!("高新技术企业251家{C}净增76家{C}增长43.4%")
    );
}

#[test]
fn no_change_follows_the_comparison_word() {
    let flat = |basis: &str| {
        year(&format!(
            "{{名称: 孵化器, 数值: 5, 单位: 亿元, 上期: 5, 比较: {basis}}}"
        ))
    };
    assert_eq!(flat("较上年"), format!("孵化器5亿元{C}与上年持平"));
    assert_eq!(flat("较上月"), format!("孵化器5亿元{C}与上月持平"));
    assert_eq!(flat("同比"), format!("孵化器5亿元{C}同比持平"));
    assert_eq!(flat("环比"), format!("孵化器5亿元{C}环比持平"));
    assert_eq!(flat("无"), format!("孵化器5亿元{C}持平"));
}

// §9.2

#[test]
fn full_width_digits_and_thousands_separators_are_numbers() {
    assert_eq!(
        year("{名称: 高新技术企业, 数值: \u{ff12}\u{ff15}\u{ff11}, 单位: 家}"),
        "高新技术企业251家"
    );
    assert_eq!(
        year("{名称: 技术合同, 数值: '1,268', 单位: 项}"),
        "技术合同1268项"
    );
    assert_eq!(
        year("{名称: 成交额, 数值: '1,268.5', 单位: 万元}"),
        "成交额1268.5万元"
    );
}

#[test]
fn qualifiers_are_kept_in_the_wording() {
    assert_eq!(
        year("{名称: 科技型企业, 数值: 1200余, 单位: 家}"),
        "科技型企业1200余家"
    );
    assert_eq!(
        year("{名称: 科技型企业, 数值: 300以上, 单位: 家}"),
        "科技型企业300家以上"
    );
    assert_eq!(
        year("{名称: 科技型企业, 数值: 近300, 单位: 家}"),
        "科技型企业近300家"
    );
    assert_eq!(year("{名称: 人才, 数值: 超过50, 单位: 名}"), "人才超过50名");
}

#[test]
fn given_growth_is_printed_as_written_computed_is_rounded() {
    assert_eq!(
        half("{名称: 研发投入, 增速: 1.25}"),
        "研发投入同比增长1.25%"
    );
    assert_eq!(
        half("{名称: 研发投入, 数值: 103.456, 上期: 100, 单位: 亿元}"),
        format!("研发投入103.456亿元{C}同比增长3.5%")
    );
}

#[test]
fn leading_zeros_are_not_octal() {
    assert_eq!(year("{名称: 专利, 数值: 0755, 单位: 件}"), "专利755件");
}

// §9.3

#[test]
fn change_given_on_a_percent_figure_is_percentage_points() {
    assert_eq!(
        half("{名称: 研发投入强度, 数值: 2.6, 单位: '%', 变化: 1.25}"),
        format!("研发投入强度2.6%{C}同比提高1.25个百分点")
    );
}

#[test]
fn change_given_in_the_unit() {
    assert_eq!(
        year("{名称: 研发投入, 数值: 45.6, 单位: 亿元, 变化: 3.2}"),
        format!("研发投入45.6亿元{C}较上年增加3.2亿元")
    );
    assert_eq!(
        year("{名称: 高新技术企业, 数值: 251, 单位: 家, 变化: 76}"),
        format!("高新技术企业251家{C}较上年净增76家")
    );
    assert_eq!(
        year("{名称: 孵化器, 数值: 9, 单位: 个, 变化: -3}"),
        format!("孵化器9个{C}较上年减少3个")
    );
}

#[test]
fn growth_only() {
    assert_eq!(
        half("{名称: 高新技术产业投资, 增速: 35}"),
        "高新技术产业投资同比增长35%"
    );
}

#[test]
fn rank_only() {
    assert_eq!(
        half("{名称: 科技进步环境指数, 排名: 全省第3位}"),
        "科技进步环境指数居全省第3位"
    );
}

#[test]
fn rank_of_something_else() {
    let want = format!("规上工业增加值同比增长9.1%{C}增幅居全省第2位");
    assert_eq!(
        half("{名称: 规上工业增加值, 增速: 9.1, 排名: {范围: 全省, 位次: 2, 对象: 增幅}}"),
        want
    );
    assert_eq!(
        half("{名称: 规上工业增加值, 增速: 9.1, 排名: 增幅居全省第2位}"),
        want
    );
    assert_eq!(
        half("{名称: 规上工业增加值, 增速: 9.1, 排名: 增幅全省第2位}"),
        want
    );
}

#[test]
fn rank_text_scope_starts_at_the_last_quan() {
    assert_eq!(
        half("{名称: 甲, 排名: 安全指数全省第2位}"),
        "甲安全指数居全省第2位"
    );
    assert_eq!(half("{名称: 甲, 排名: 同类市第1位}"), "甲居同类市第1位");
}

#[test]
fn rank_movement_follows_the_comparison_word() {
    let r = |prev: u32| {
        year(&format!(
            "{{名称: 创新指数, 排名: {{范围: 全省, 位次: 2, 上期位次: {prev}}}}}"
        ))
    };
    assert_eq!(r(70), format!("创新指数居全省第2位{C}较上年提升68位"));
    assert_eq!(r(1), format!("创新指数居全省第2位{C}较上年下降1位"));
    assert_eq!(r(2), format!("创新指数居全省第2位{C}位次与上年持平"));
    assert_eq!(
        half("{名称: 创新指数, 排名: {范围: 全省, 位次: 2, 上期位次: 5}}"),
        format!("创新指数居全省第2位{C}同比提升3位")
    );
}

#[test]
fn parts_inherit_the_unit_and_join_with_dunhao() {
    assert_eq!(
        year(
            "{名称: 创新平台, 数值: 86, 单位: 个, 其中: [{名称: 国家级创新平台, 数值: 12}, {名称: 省级创新平台, 数值: 74}]}"
        ),
        format!("创新平台86个{C}其中国家级创新平台12个\u{3001}省级创新平台74个")
    );
}

#[test]
fn parts_with_their_own_change_join_with_semicolons() {
    assert_eq!(
        year(
            "{名称: 创新平台, 数值: 86, 单位: 个, 其中: [{名称: 国家级创新平台, 数值: 12, 上期: 10}, {名称: 省级创新平台, 数值: 74}]}"
        ),
        format!(
            "创新平台86个{C}其中国家级创新平台12个{C}较上年净增2个{C}增长20.0%{S}省级创新平台74个"
        )
    );
}

#[test]
fn parts_take_the_whole_s_comparison_word() {
    assert_eq!(
        half(
            "{名称: 创新平台, 数值: 86, 单位: 个, 比较: 较上年同期, 其中: [{名称: 国家级, 数值: 12, 上期: 10}]}"
        ),
        format!("创新平台86个{C}其中国家级12个{C}较上年同期净增2个{C}增长20.0%")
    );
}

#[test]
fn share_with_and_without_change() {
    assert_eq!(
        year("{名称: 高新技术产业增加值, 占比: {对象: 规上工业增加值, 数值: 45.6}}"),
        "高新技术产业增加值占规上工业增加值的比重为45.6%"
    );
    assert_eq!(
        half(
            "{名称: 高新技术产业增加值, 数值: 120, 单位: 亿元, 占比: {对象: 规上工业增加值, 数值: 45.6, 变化: 1.2}}"
        ),
        format!("高新技术产业增加值120亿元{C}占规上工业增加值的比重为45.6%{C}同比提高1.2个百分点")
    );
}

#[test]
fn time_span_comes_first() {
    assert_eq!(
        half(
            "{时段: 1\u{2014}6月, 名称: 规上工业企业研发费用, 数值: 38.2, 单位: 亿元, 增速: 12.5}"
        ),
        format!("1\u{2014}6月{C}规上工业企业研发费用38.2亿元{C}同比增长12.5%")
    );
}

#[test]
fn plan_targets() {
    assert_eq!(
        plan("{名称: 全社会研发投入强度, 单位: '%', 目标: 2.6}"),
        "力争全社会研发投入强度达到2.6%"
    );
    assert_eq!(
        plan("{名称: 全社会研发投入强度, 单位: '%', 目标: 2.6以上}"),
        "力争全社会研发投入强度达到2.6%以上"
    );
}

#[test]
fn order_of_the_parts_of_one_figure() {
    assert_eq!(
        year(
            "{时段: 1\u{2014}6月, 名称: 创新平台, 数值: 86, 单位: 个, 上期: 80, 其中: [{名称: 国家级, 数值: 12}], \
             占比: {对象: 全省, 数值: 10.5}, 排名: 全省第2位, 目标: 80, 说明: 数量创历史新高}"
        ),
        format!(
            "1\u{2014}6月{C}创新平台86个{C}其中国家级12个{C}较上年净增6个{C}增长7.5%{C}占全省的比重为10.5%{C}居全省第2位{C}超额完成目标{C}数量创历史新高"
        )
    );
}

// §9.5

#[test]
fn a_placeholder_value_keeps_the_growth() {
    let mut ind = yaml("{名称: 高新技术产业投资, 数值: xx, 单位: 亿元, 增速: 35}");
    ind.value = Some(Field::Placeholder("主要指标[1].数值".into()));
    let w = Wording::default();
    assert_eq!(
        figure_facts_in(&ind, &w).sentence,
        format!(
            "高新技术产业投资\u{3010}\u{e000}待补充\u{ff1a}主要指标[1].数值\u{3011}亿元{C}同比增长35%"
        )
    );
}

#[test]
fn an_uncomputable_growth_prints_its_slot() {
    let mut ind = yaml("{名称: 研发投入, 数值: xx, 单位: 亿元, 上期: 100}");
    ind.value = Some(Field::Placeholder("主要指标[1].数值".into()));
    assert_eq!(
        figure_facts_in(&ind, &Wording::default()).growth.as_deref(),
        Some("同比增长\u{3010}\u{e000}待补充\u{ff1a}主要指标[1].增速\u{3011}%")
    );
}
