//! Periods and dates (docs/form.md §3.5).

use chrono::{Datelike, NaiveDate};

use super::numeral::cn_numeral;

/// A date as printed in Chinese, without leading zeros: `2024年7月5日`.
pub fn date_text(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The period when 时期 is absent: the year of 日期 + `年` (`2024年`).
pub fn default_period(d: NaiveDate) -> String {
    format!("{}年", d.year())
}

/// The period after `period`, when 下一时期 is absent (docs/form.md §3.5):
/// - `YYYY年上半年` → `下半年` (as docs/form.md §3.5 writes it: the year is already said
///   by 时期, as in `2024年上半年工作总结及下半年工作思路`);
/// - `YYYY年` → `(YYYY+1)年`;
/// - `YYYY年第N季度` → the next quarter in the same year without repeating the
///   year (`第二季度`, by the same reasoning as `下半年`), and `第四季度` →
///   `(YYYY+1)年第一季度`; N written in digits stays in digits;
/// - anything else (including `YYYY年下半年`) → `下一步`.
pub fn next_period(period: &str) -> String {
    next(period.trim()).unwrap_or_else(|| "下一步".to_string())
}

fn next(period: &str) -> Option<String> {
    let (year, rest) = period.split_once('年')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u32 = year.parse().ok()?;
    if rest.is_empty() {
        return Some(format!("{}年", year + 1));
    }
    if rest == "上半年" {
        return Some("下半年".to_string());
    }
    let quarter = rest.strip_prefix('第')?.strip_suffix("季度")?;
    let (n, digits) = match quarter {
        "一" | "1" => (1, quarter == "1"),
        "二" | "2" => (2, quarter == "2"),
        "三" | "3" => (3, quarter == "3"),
        "四" | "4" => (4, quarter == "4"),
        _ => return None,
    };
    let q = |n: usize| {
        if digits {
            n.to_string()
        } else {
            cn_numeral(n).unwrap_or_default()
        }
    };
    Some(if n == 4 {
        format!("{}年第{}季度", year + 1, q(1))
    } else {
        format!("第{}季度", q(n + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn date_has_no_leading_zeros() {
        assert_eq!(date_text(ymd(2024, 7, 5)), "2024年7月5日");
        assert_eq!(date_text(ymd(2024, 7, 15)), "2024年7月15日");
        assert_eq!(date_text(ymd(2023, 12, 31)), "2023年12月31日");
    }

    #[test]
    fn default_period_is_the_year() {
        assert_eq!(default_period(ymd(2024, 7, 5)), "2024年");
    }

    #[test]
    fn first_half_is_followed_by_second_half() {
        assert_eq!(next_period("2024年上半年"), "下半年");
    }

    #[test]
    fn year_is_followed_by_next_year() {
        assert_eq!(next_period("2023年"), "2024年");
        assert_eq!(next_period(" 2024年 "), "2025年");
    }

    #[test]
    fn quarter_is_followed_by_next_quarter() {
        assert_eq!(next_period("2024年第一季度"), "第二季度");
        assert_eq!(next_period("2024年第二季度"), "第三季度");
        assert_eq!(next_period("2024年第三季度"), "第四季度");
        assert_eq!(next_period("2024年第2季度"), "第3季度");
    }

    #[test]
    fn fourth_quarter_rolls_over_the_year() {
        assert_eq!(next_period("2024年第四季度"), "2025年第一季度");
        assert_eq!(next_period("2024年第4季度"), "2025年第1季度");
    }

    #[test]
    fn anything_else_is_next_step() {
        for p in [
            "\u{201c}十四五\u{201d}以来",
            "2024年下半年",
            "2024年第五季度",
            "24年",
            "2024年度",
            "",
        ] {
            assert_eq!(next_period(p), "下一步", "period {p:?}");
        }
    }
}
