//! docs/form.md §3.2, row by row.

use super::*;

fn words(net: Option<&str>, growth: Option<&str>) -> ChangeWords {
    ChangeWords {
        net: net.map(str::to_string),
        growth: growth.map(str::to_string),
    }
}

/// Growth phrase only, for a non-counting unit.
fn growth_of(v: f64, p: Option<f64>, g: Option<f64>, unit: &str, b: Option<&str>) -> String {
    let w = change_words(v, p, g, unit, b);
    assert_eq!(w.net, None, "no net phrase for unit {unit}");
    w.growth.expect("a growth phrase")
}

#[test]
fn growth_below_100_percent() {
    assert_eq!(
        growth_of(251.0, Some(175.0), None, "亿元", None),
        "同比增长43.4%"
    );
}

#[test]
fn computed_growth_rounds_half_away_despite_float_noise() {
    // (143.45 − 100) / 100 × 100 is 43.44999999999999 in binary.
    assert_eq!(
        growth_of(143.45, Some(100.0), None, "亿元", None),
        "同比增长43.5%"
    );
    assert_eq!(
        growth_of(56.55, Some(100.0), None, "亿元", None),
        "同比下降43.5%"
    );
}

// A computed growth keeps its one decimal, as statistical reports write
// rates (docs/form.md §3.2): `增长20.0%`, never `增长20%`; a given one is
// printed as typed.
#[test]
fn computed_growth_keeps_one_decimal() {
    assert_eq!(
        growth_of(120.0, Some(100.0), None, "亿元", None),
        "同比增长20.0%"
    );
    assert_eq!(
        growth_of(152.0, Some(100.0), None, "亿元", None),
        "同比增长52.0%"
    );
    assert_eq!(
        growth_of(1.0, None, Some(20.0), "亿元", None),
        "同比增长20%"
    );
}

#[test]
fn growth_of_100_percent_and_more_reads_as_times() {
    assert_eq!(
        growth_of(230.0, Some(100.0), None, "亿元", None),
        "同比增长1.3倍"
    );
    assert_eq!(
        growth_of(300.0, Some(100.0), None, "亿元", None),
        "同比增长2.0倍"
    );
    assert_eq!(
        growth_of(3.2, Some(1.4), None, "亿元", None),
        "同比增长1.3倍"
    );
}

#[test]
fn exactly_double_is_fanfan() {
    assert_eq!(
        growth_of(200.0, Some(100.0), None, "亿元", None),
        "实现翻番"
    );
    assert_eq!(growth_of(0.6, Some(0.3), None, "亿元", None), "实现翻番");
}

#[test]
fn decline() {
    assert_eq!(
        growth_of(80.0, Some(100.0), None, "亿元", None),
        "同比下降20.0%"
    );
    assert_eq!(
        growth_of(8.0, Some(9.0), None, "亿元", None),
        "同比下降11.1%"
    );
}

#[test]
fn unchanged() {
    assert_eq!(growth_of(15.5, Some(15.5), None, "亿元", None), "同比持平");
}

#[test]
fn growth_rounding_to_zero_is_unchanged() {
    assert_eq!(
        growth_of(100.04, Some(100.0), None, "亿元", None),
        "同比持平"
    );
}

#[test]
fn from_zero_is_a_breakthrough() {
    assert_eq!(
        growth_of(3.0, Some(0.0), None, "亿元", None),
        "实现零的突破"
    );
}

#[test]
fn zero_to_zero_is_unchanged() {
    assert_eq!(growth_of(0.0, Some(0.0), None, "亿元", None), "同比持平");
}

#[test]
fn no_rate_from_a_negative_or_zero_base() {
    assert_eq!(
        change_words(5.0, Some(-10.0), None, "亿元", None),
        words(None, None)
    );
    assert_eq!(
        change_words(-5.0, Some(0.0), None, "亿元", None),
        words(None, None)
    );
}

#[test]
fn percent_unit_words_percentage_points() {
    assert_eq!(
        growth_of(2.5, Some(2.43), None, "%", None),
        "同比提高0.07个百分点"
    );
    assert_eq!(
        growth_of(2.1, Some(2.4), None, "%", None),
        "同比降低0.3个百分点"
    );
    assert_eq!(growth_of(2.4, Some(2.4), None, "%", None), "同比持平");
    assert_eq!(
        growth_of(2.5, Some(2.43), None, "%", Some("较上年")),
        "较上年提高0.07个百分点"
    );
}

#[test]
fn percent_unit_prefers_points_over_a_given_growth() {
    assert_eq!(
        growth_of(2.5, Some(2.0), Some(25.0), "%", None),
        "同比提高0.5个百分点"
    );
}

#[test]
fn percent_unit_with_only_a_growth_words_the_growth() {
    assert_eq!(growth_of(2.5, None, Some(5.0), "%", None), "同比增长5%");
}

#[test]
fn counting_unit_puts_the_net_change_first() {
    assert_eq!(
        change_words(251.0, Some(175.0), None, "家", None),
        words(Some("同比净增76家"), Some("增长43.4%"))
    );
}

#[test]
fn counting_unit_decrease() {
    assert_eq!(
        change_words(97.0, Some(100.0), None, "家", None),
        words(Some("同比减少3家"), Some("下降3.0%"))
    );
}

#[test]
fn counting_unit_with_basis_drops_it_from_the_growth() {
    assert_eq!(
        change_words(251.0, Some(175.0), None, "家", Some("较上年")),
        words(Some("较上年净增76家"), Some("增长43.4%"))
    );
}

#[test]
fn every_counting_unit_gets_a_net_change() {
    for unit in ["家", "个", "项", "人", "名", "所", "座", "件", "篇", "次"] {
        let w = change_words(12.0, Some(10.0), None, unit, None);
        assert_eq!(w.net, Some(format!("同比净增2{unit}")), "unit {unit}");
    }
    assert_eq!(change_words(12.0, Some(10.0), None, "万人", None).net, None);
}

#[test]
fn counting_unit_without_net_change_keeps_the_basis() {
    // Net 0: the growth alone says it.
    assert_eq!(
        change_words(10.0, Some(10.0), None, "家", Some("较上年")),
        words(None, Some("与上年持平"))
    );
    // From zero: no net phrase, the breakthrough says it.
    assert_eq!(
        change_words(5.0, Some(0.0), None, "项", None),
        words(None, Some("实现零的突破"))
    );
    // 增速 without 上期: no net phrase, so the basis stays with the growth.
    assert_eq!(
        change_words(12.0, None, Some(5.0), "家", Some("较上年")),
        words(None, Some("较上年增长5%"))
    );
}

#[test]
fn given_growth_wins_over_previous_for_the_growth() {
    assert_eq!(
        change_words(251.0, Some(175.0), Some(10.0), "家", None),
        words(Some("同比净增76家"), Some("增长10%"))
    );
    assert_eq!(
        growth_of(251.0, Some(175.0), Some(-5.55), "亿元", None),
        // A given growth is printed as written (docs/form.md §9.2).
        "同比下降5.55%"
    );
}

#[test]
fn given_growth_of_100_and_more() {
    assert_eq!(growth_of(1.0, None, Some(100.0), "亿元", None), "实现翻番");
    assert_eq!(
        growth_of(1.0, None, Some(150.0), "亿元", None),
        "同比增长1.5倍"
    );
    assert_eq!(growth_of(1.0, None, Some(0.0), "亿元", None), "同比持平");
}

#[test]
fn non_default_basis_without_net_stays_on_the_growth() {
    assert_eq!(
        growth_of(120.0, Some(100.0), None, "亿元", Some("较上年")),
        "较上年增长20.0%"
    );
    assert_eq!(
        growth_of(120.0, Some(100.0), None, "亿元", Some(" ")),
        "同比增长20.0%"
    );
}

#[test]
fn nothing_to_compare() {
    assert_eq!(
        change_words(251.0, None, None, "家", None),
        words(None, None)
    );
}
