//! The 主要指标 as a table (docs/form.md §12): one row per headline figure,
//! worded as the text words it (the same numbers, units and changes), but
//! without the comparison word the 上期 column already says.

use super::figure::{Wording, figure_facts_in};
use super::number::{amount, number_text, round_text};
use super::placeholder_text;
use crate::form::{Field, Indicator, Number};

/// The column headings.
pub const HEADER: [&str; 6] = ["名称", "单位", "本期", "上期", "增减/增速", "排名"];

/// What an empty cell shows.
const NONE: &str = "\u{2014}";

/// One row of the table: a cell per column of [`HEADER`]. Placeholders are
/// in their marked form (see [`placeholder_text`]).
pub fn indicator_rows(indicators: &[Indicator]) -> Vec<[String; 6]> {
    // No default comparison word: the 上期 column says what is compared. A
    // 比较 the clerk wrote is kept.
    let wording = Wording {
        basis: "",
        ..Wording::default()
    };
    indicators.iter().map(|ind| row(ind, &wording)).collect()
}

fn row(ind: &Indicator, wording: &Wording<'_>) -> [String; 6] {
    let f = figure_facts_in(ind, wording);
    let name = match &f.span {
        Some(span) => format!("{}\u{ff08}{span}\u{ff09}", f.name),
        None => f.name.clone(),
    };
    let unit_given = match &ind.unit {
        Some(Field::Given(u)) => u.trim().to_string(),
        _ => String::new(),
    };
    let current = match &ind.value {
        Some(Field::Given(n)) => qualified(n, &f.value),
        Some(Field::Placeholder(p)) => placeholder_text(p),
        None => String::new(),
    };
    // 上期 in the unit 本期 is printed in (万元 turned into 亿元 for both).
    let previous = match &ind.previous {
        Some(Field::Given(n)) if f.unit == "亿元" && unit_given == "万元" => {
            round_text(n.value / 10000.0, 2)
        }
        Some(Field::Given(n)) => amount(n, &f.unit).0,
        Some(Field::Placeholder(p)) => placeholder_text(p),
        None => String::new(),
    };
    let change = f.change.clone().unwrap_or_default();
    let rank = f
        .rank
        .as_deref()
        .map(|r| r.strip_prefix('居').unwrap_or(r).to_string())
        .unwrap_or_default();
    [name, f.unit.clone(), current, previous, change, rank].map(|cell| {
        if cell.trim().is_empty() {
            NONE.to_string()
        } else {
            cell
        }
    })
}

/// A value with its qualifier, without the unit: `1200余`, `近300`, `300以上`.
fn qualified(n: &Number, value: &str) -> String {
    let before = n.before.unwrap_or("");
    let after = n.after.unwrap_or("");
    let value = if value.is_empty() {
        number_text(n)
    } else {
        value.to_string()
    };
    format!("{before}{value}{after}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(yaml: &str) -> crate::form::Form {
        let full = format!(
            "地区: 某某县\n单位: 某某县科学技术局\n工作成效: [{{标题: 甲}}]\n主要指标:\n{yaml}"
        );
        crate::form::parse(full.as_bytes(), "t.yaml").expect("parses")
    }

    // The same numbers and changes as the text, without 同比/较上年.
    #[test]
    fn rows_word_figures_as_the_text_does() {
        let f = form(concat!(
            "  - {名称: 全社会研发投入, 数值: 155500, 单位: 万元, 上期: 132000, 排名: {范围: 全省, 位次: 3, 对象: 增幅}}\n",
            "  - {名称: 研发投入强度, 数值: 2.45, 单位: \"%\", 上期: 2.31}\n",
            "  - {名称: 高新技术企业, 数值: 251, 单位: 家, 上期: 175, 排名: 全省第2位}\n",
            "  - {名称: 服务企业, 数值: 1200余, 单位: 家}\n",
        ));
        let rows = indicator_rows(&f.indicators);
        assert_eq!(
            rows[0],
            [
                "全社会研发投入",
                "亿元",
                "15.55",
                "13.2",
                "增长17.8%",
                "增幅居全省第3位"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "研发投入强度",
                "%",
                "2.45",
                "2.31",
                "提高0.14个百分点",
                "\u{2014}"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "高新技术企业",
                "家",
                "251",
                "175",
                "净增76家\u{ff0c}增长43.4%",
                "全省第2位"
            ]
        );
        assert_eq!(
            rows[3],
            [
                "服务企业",
                "家",
                "1200余",
                "\u{2014}",
                "\u{2014}",
                "\u{2014}"
            ]
        );
    }

    #[test]
    fn placeholders_keep_their_cells() {
        let f = form("  - {名称: 技术合同成交额, 数值: xx, 单位: 亿元, 上期: 18.6}\n");
        let rows = indicator_rows(&f.indicators);
        assert_eq!(rows[0][2], placeholder_text("主要指标[0].数值"));
        assert_eq!(rows[0][3], "18.6");
    }
}
