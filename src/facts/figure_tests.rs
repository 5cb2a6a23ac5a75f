//! docs/form.md §3.3 and §3.4.

use super::*;
use crate::form::Rank;

const C: &str = "\u{ff0c}";

fn given(s: &str) -> Field<String> {
    Field::Given(s.to_string())
}

fn ph<T>(path: &str) -> Field<T> {
    Field::Placeholder(path.into())
}

fn num(v: f64) -> Option<Field<Number>> {
    Some(Field::Given(Number::new(v)))
}

fn ind(name: &str, value: f64, unit: &str) -> Indicator {
    Indicator {
        name: given(name),
        value: Some(Field::Given(Number::new(value))),
        unit: Some(given(unit)),
        ..Indicator::default()
    }
}

/// The example of docs/form.md §3.4.
fn high_tech() -> Indicator {
    Indicator {
        previous: num(175.0),
        rank: Some(Rank::Text(given("全省第2位"))),
        ..ind("高新技术企业", 251.0, "家")
    }
}

#[test]
fn spec_example_sentence() {
    assert_eq!(
        figure_facts(&high_tech()).sentence,
        "高新技术企业251家\u{ff0c}同比净增76家\u{ff0c}增长43.4%\u{ff0c}居全省第2位"
    );
}

#[test]
fn spec_example_fields() {
    let f = figure_facts(&high_tech());
    assert_eq!(f.name, "高新技术企业");
    assert_eq!(f.value, "251");
    assert_eq!(f.unit, "家");
    assert_eq!(f.amount, "251家");
    assert_eq!(f.net.as_deref(), Some("同比净增76家"));
    assert_eq!(f.growth.as_deref(), Some("增长43.4%"));
    assert_eq!(f.rank.as_deref(), Some("居全省第2位"));
    assert_eq!(f.target, None);
    assert_eq!(f.note, None);
}

#[test]
fn serializes_with_english_field_names() {
    let json = serde_json::to_value(figure_facts(&high_tech())).unwrap();
    assert_eq!(json["amount"], "251家");
    assert_eq!(json["net"], "同比净增76家");
    assert_eq!(json["target"], serde_json::Value::Null);
    assert_eq!(json["sentence"].as_str().unwrap().matches(C).count(), 3);
}

#[test]
fn basis_shapes_net_and_growth() {
    let i = Indicator {
        basis: Some(given("较上年")),
        ..high_tech()
    };
    assert_eq!(
        figure_facts(&i).sentence,
        "高新技术企业251家\u{ff0c}较上年净增76家\u{ff0c}增长43.4%\u{ff0c}居全省第2位"
    );
}

#[test]
fn rank_from_text_or_mapping() {
    let text = Rank::Text(given("全省第2位"));
    let map = Rank::Place {
        scope: given("全省"),
        place: Field::Given(Number::new(2.0)),
        object: None,
        previous: None,
    };
    assert_eq!(rank_text(&text), "居全省第2位");
    assert_eq!(rank_text(&map), "居全省第2位");
}

#[test]
fn rank_already_starting_with_ju_is_not_doubled() {
    assert_eq!(rank_text(&Rank::Text(given("居全省第2位"))), "居全省第2位");
    assert_eq!(
        rank_text(&Rank::Text(given("位居全市第一"))),
        "位居全市第一"
    );
}

#[test]
fn target_rows() {
    assert_eq!(
        target_words(85.2, 100.0).as_deref(),
        Some("完成目标的85.2%")
    );
    assert_eq!(target_words(84.0, 100.0).as_deref(), Some("完成目标的84%"));
    assert_eq!(target_words(2.1, 2.5).as_deref(), Some("完成目标的84%"));
    assert_eq!(target_words(100.0, 100.0).as_deref(), Some("完成目标"));
    assert_eq!(target_words(0.3, 0.1 + 0.2).as_deref(), Some("完成目标"));
    assert_eq!(target_words(120.0, 100.0).as_deref(), Some("超额完成目标"));
    assert_eq!(target_words(-1.0, 0.0), None);
}

#[test]
fn phrases_come_in_order() {
    let i = Indicator {
        target: num(300.0),
        note: Some(given("数量创历史新高")),
        ..high_tech()
    };
    assert_eq!(
        figure_facts(&i).sentence,
        [
            "高新技术企业251家",
            "同比净增76家",
            "增长43.4%",
            "居全省第2位",
            "完成目标的83.7%",
            "数量创历史新高",
        ]
        .join(C)
    );
}

#[test]
fn note_loses_its_final_stop_or_comma() {
    for note in [
        "数量创历史新高\u{3002}",
        "数量创历史新高\u{ff0c}",
        "数量创历史新高; ",
    ] {
        let i = Indicator {
            note: Some(given(note)),
            ..ind("高新技术企业", 251.0, "家")
        };
        assert_eq!(
            figure_facts(&i).sentence,
            "高新技术企业251家\u{ff0c}数量创历史新高",
            "note {note:?}"
        );
    }
}

#[test]
fn wanyuan_prints_in_yiyuan() {
    let i = Indicator {
        previous: num(120000.0),
        ..ind("研发经费投入", 155500.0, "万元")
    };
    let f = figure_facts(&i);
    assert_eq!((f.value.as_str(), f.unit.as_str()), ("15.55", "亿元"));
    assert_eq!(f.amount, "15.55亿元");
    assert_eq!(f.sentence, "研发经费投入15.55亿元\u{ff0c}同比增长29.6%");
    assert_eq!(
        figure_facts(&ind("技术合同成交额", 120000.0, "万元")).amount,
        "12亿元"
    );
}

#[test]
fn quoted_value_prints_as_written() {
    let i = Indicator {
        value: Some(Field::Given(Number {
            value: 15.5,
            written: Some("15.50".to_string()),
            ..Number::default()
        })),
        ..ind("财政科技支出", 0.0, "亿元")
    };
    assert_eq!(figure_facts(&i).sentence, "财政科技支出15.50亿元");
}

#[test]
fn percent_figure_in_points() {
    let i = Indicator {
        previous: num(2.43),
        ..ind("研发投入强度", 2.5, "%")
    };
    assert_eq!(
        figure_facts(&i).sentence,
        "研发投入强度2.5%\u{ff0c}同比提高0.07个百分点"
    );
}

#[test]
fn figure_without_unit_or_comparison() {
    let i = Indicator {
        unit: None,
        ..ind("科技型中小企业", 1200.0, "")
    };
    assert_eq!(figure_facts(&i).sentence, "科技型中小企业1200");
}

#[test]
// docs/form.md §9.5: a placeholder keeps its slot and swallows nothing.
fn placeholder_value_keeps_the_given_growth_rank_and_note() {
    let i = Indicator {
        value: Some(ph("主要指标[0].数值")),
        target: num(300.0),
        growth: num(10.0),
        note: Some(given("位居前列")),
        ..high_tech()
    };
    let f = figure_facts(&i);
    assert_eq!(
        f.sentence,
        "高新技术企业\u{3010}\u{e000}待补充\u{ff1a}主要指标[0].数值\u{3011}家\u{ff0c}同比增长10%\u{ff0c}居全省第2位\u{ff0c}位居前列"
    );
    assert_eq!((f.net, f.target), (None, None));
}

#[test]
fn placeholder_previous_prints_the_growth_slot() {
    let i = Indicator {
        previous: Some(ph("主要指标[0].上期")),
        rank: None,
        ..high_tech()
    };
    assert_eq!(
        figure_facts(&i).sentence,
        "高新技术企业251家\u{ff0c}同比增长\u{3010}\u{e000}待补充\u{ff1a}主要指标[0].增速\u{3011}%"
    );
    let with_growth = Indicator {
        growth: num(43.0),
        ..i
    };
    assert_eq!(
        figure_facts(&with_growth).sentence,
        "高新技术企业251家\u{ff0c}同比增长43%"
    );
}

#[test]
fn placeholder_growth_keeps_its_slot() {
    let i = Indicator {
        growth: Some(ph("主要指标[0].增速")),
        rank: None,
        ..high_tech()
    };
    assert_eq!(
        figure_facts(&i).sentence,
        "高新技术企业251家\u{ff0c}同比净增76家\u{ff0c}增长\u{3010}\u{e000}待补充\u{ff1a}主要指标[0].增速\u{3011}%"
    );
}

#[test]
fn placeholder_target_is_skipped() {
    let i = Indicator {
        target: Some(ph("主要指标[0].目标")),
        ..high_tech()
    };
    assert_eq!(figure_facts(&i).target, None);
}

#[test]
fn placeholder_unit_name_basis_rank_and_note_print_as_placeholders() {
    let i = Indicator {
        name: ph("a"),
        unit: Some(ph("b")),
        basis: Some(ph("c")),
        rank: Some(Rank::Place {
            scope: given("全省"),
            place: ph("d"),
            object: None,
            previous: None,
        }),
        note: Some(ph("e")),
        ..high_tech()
    };
    let p = |s: &str| placeholder_text(s);
    // With no known unit there is no net phrase; the basis placeholder
    // stands where 同比 would.
    assert_eq!(
        figure_facts(&i).sentence,
        [
            format!("{}251{}", p("a"), p("b")),
            format!("{}增长43.4%", p("c")),
            format!("居全省第{}位", p("d")),
            p("e"),
        ]
        .join(C)
    );
    assert_eq!(
        rank_text(&Rank::Text(ph("f"))),
        "居\u{3010}\u{e000}待补充\u{ff1a}f\u{3011}"
    );
}
