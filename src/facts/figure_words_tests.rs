//! docs/form.md §9.11: the figure wording a clerk still edited by hand —
//! a verb, a base period, 含 in brackets, a bracketed 说明, 换算, the
//! decimals typed and computed — each with the exact wording.

use super::*;
use crate::facts::change::default_basis;

const C: &str = "\u{ff0c}";

fn yaml(src: &str) -> Indicator {
    serde_yaml::from_str(src).unwrap()
}

fn year(src: &str) -> String {
    let w = Wording {
        basis: default_basis("2024年"),
        ..Wording::default()
    };
    figure_facts_in(&yaml(src), &w).sentence
}

fn plan(src: &str) -> String {
    let w = Wording {
        plan: true,
        ..Wording::default()
    };
    figure_facts_in(&yaml(src), &w).sentence
}

#[test]
fn a_verb_goes_between_the_name_and_the_value() {
    assert_eq!(
        year("{名称: 科技特派员, 动词: 已达到, 数值: 400多, 单位: 人}"),
        "科技特派员已达到400多人"
    );
    assert_eq!(
        year("{名称: 技术合同成交额, verb: 突破, value: 30, unit: 亿元, growth: 12}"),
        format!("技术合同成交额突破30亿元{C}较上年增长12%")
    );
    // In a plan, the verb replaces 达到.
    assert_eq!(
        plan("{名称: 全社会研发投入强度, 单位: '%', 动词: 突破, 目标: 2.6}"),
        "力争全社会研发投入强度突破2.6%"
    );
    // The value alone (`{名称:数值}`) does not carry the verb.
    let f = figure_facts_in(
        &yaml("{名称: 科技特派员, 动词: 已达到, 数值: 400多, 单位: 人}"),
        &Wording::default(),
    );
    assert_eq!(f.amount, "400多人");
}

#[test]
fn a_base_period_is_printed_with_its_value() {
    assert_eq!(
        year(
            "{名称: 研发经费投入, 数值: 12000, 单位: 万元, 上期: 5500, 基期: \u{201c}十二五\u{201d}时期}"
        ),
        format!(
            "研发经费投入1.2亿元{C}较\u{201c}十二五\u{201d}时期5500万元增加6500万元{C}增长1.2倍"
        )
    );
    // Counting units say 增加 after a base value; a leading 较 is not doubled.
    assert_eq!(
        year("{名称: 高新技术企业, 数值: 251, 单位: 家, 上期: 175, 基期: 较2020年}"),
        format!("高新技术企业251家{C}较2020年175家增加76家{C}增长43.4%")
    );
    assert_eq!(
        year("{名称: 研发投入强度, 数值: 2.45, 单位: '%', 上期: 2.1, 基期: 2020年}"),
        format!("研发投入强度2.45%{C}较2020年2.1%提高0.35个百分点")
    );
    // No value of 上期: only the period.
    assert_eq!(
        year("{名称: 规上工业增加值, 增速: 8.5, 基期: 2020年}"),
        "规上工业增加值较2020年增长8.5%"
    );
}

#[test]
fn parts_in_brackets_follow_the_value() {
    assert_eq!(
        year("{名称: 众创空间, 数值: 12, 单位: 个, 含: [{名称: 国家级, 数值: 1}]}"),
        "众创空间12个\u{ff08}含国家级1个\u{ff09}"
    );
    assert_eq!(
        year(
            "{名称: 众创空间, 数值: 12, 单位: 个, 上期: 10, including: [{名称: 国家级, 数值: 1}, {名称: 省级, 数值: 5}]}"
        ),
        format!(
            "众创空间12个\u{ff08}含国家级1个\u{3001}省级5个\u{ff09}{C}较上年净增2个{C}增长20.0%"
        )
    );
}

#[test]
fn a_note_in_brackets_takes_no_comma() {
    assert_eq!(
        year("{名称: 孵化器, 数值: 5, 单位: 家, 说明: \u{ff08}不含新区\u{ff09}}"),
        "孵化器5家\u{ff08}不含新区\u{ff09}"
    );
    assert_eq!(
        year("{名称: 孵化器, 数值: 5, 单位: 家, 上期: 4, 说明: (不含新区)}"),
        format!("孵化器5家{C}较上年净增1家{C}增长25.0%(不含新区)")
    );
}

#[test]
fn conversion_to_yiyuan_can_be_turned_off() {
    assert_eq!(
        year("{名称: 财政科技支出, 数值: 15600, 单位: 万元, 换算: 否}"),
        "财政科技支出15600万元"
    );
    assert_eq!(
        year("{名称: 财政科技支出, 数值: 15600, 单位: 万元, convert: false, 变化: 12000}"),
        format!("财政科技支出15600万元{C}较上年增加12000万元")
    );
    assert_eq!(
        year("{名称: 财政科技支出, 数值: 15600, 单位: 万元, 换算: 是}"),
        "财政科技支出1.56亿元"
    );
}

#[test]
fn rates_keep_the_decimals_typed_and_computed_ones_keep_one() {
    assert_eq!(
        year("{名称: 规上工业增加值, 增速: 10.0}"),
        "规上工业增加值较上年增长10.0%"
    );
    assert_eq!(
        year("{名称: 研发经费, 数值: 15.50, 单位: 亿元}"),
        "研发经费15.50亿元"
    );
    assert_eq!(
        year("{名称: 高新技术企业, 数值: 152, 单位: 家, 上期: 100}"),
        format!("高新技术企业152家{C}较上年净增52家{C}增长52.0%")
    );
    assert_eq!(
        year("{名称: 技术合同成交额, 数值: 30, 单位: 亿元, 上期: 10}"),
        "技术合同成交额30亿元\u{ff0c}较上年增长2.0倍"
    );
}

#[test]
fn a_placeholder_keeps_its_qualifier() {
    let mut ind = yaml("{名称: 高新技术企业, 单位: 家, 目标: xx以上}");
    if let Some(crate::form::Field::Placeholder(slot)) = &mut ind.target {
        slot.path = "下一步打算[0].指标[0].目标".to_string();
    }
    assert_eq!(
        figure_facts_in(
            &ind,
            &Wording {
                plan: true,
                ..Wording::default()
            }
        )
        .sentence,
        format!(
            "力争高新技术企业达到{}家以上",
            placeholder_text("下一步打算[0].指标[0].目标")
        )
    );
    let ind = yaml("{名称: 科技型企业, 数值: 近xx, 单位: 家}");
    assert_eq!(
        figure_facts(&ind).amount,
        format!("近{}家", placeholder_text(""))
    );
}
