//! Change against the comparison period (docs/form.md §3.2).
//!
//! Choices where the form reference is silent (docs/form.md §10.1):
//! - `p = 0, v = 0` reads `与上期持平`; `p = 0, v < 0` and any negative 上期
//!   give no growth phrase, since a rate off a zero or negative base is
//!   meaningless.
//! - A growth that rounds to `0%` reads `与上期持平`, never `增长0%`.
//! - No net phrase when the net change is 0 (the growth already says
//!   `与上期持平`) or when `p = 0` (`实现零的突破` says it).
//! - For unit `%`, 上期 gives the percentage-point change; a 增速 given without
//!   上期 is worded as an ordinary growth rate, since that is all the clerk gave.
//! - `实现翻番`, `与上期持平` and `实现零的突破` carry no comparison word.
//! - A 倍 figure drops a trailing `.0` like percentages do (`增长2倍`).

use super::number::{clean, decimals, percent_text, round_text};

/// The default comparison word.
pub const DEFAULT_BASIS: &str = "同比";

/// Units that count things; with 上期 their net change is printed first.
pub const COUNTING_UNITS: [&str; 10] = ["家", "个", "项", "人", "名", "所", "座", "件", "篇", "次"];

/// The wording of a figure's change, each phrase without punctuation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeWords {
    /// Net change for counting units: `较上期净增76家`, `较上期减少3家`.
    pub net: Option<String>,
    /// Growth: `同比增长43.4%`, `同比增长1.3倍`, `实现翻番`, `同比提高0.07个百分点` ….
    pub growth: Option<String>,
}

/// Words the change of a figure with value `value` (数值) and unit `unit` (单位).
///
/// `previous` is 上期, `growth` 增速 in percent (it wins over 上期 for the
/// growth phrase), `basis` 比较 (default `同比`; an empty one counts as absent).
pub fn change_words(
    value: f64,
    previous: Option<f64>,
    growth: Option<f64>,
    unit: &str,
    basis: Option<&str>,
) -> ChangeWords {
    let basis = basis
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or(DEFAULT_BASIS);

    if unit == "%" {
        let growth = match previous {
            Some(p) => Some(points(value, p, basis)),
            None => growth.map(|g| rate_words(g, basis)),
        };
        return ChangeWords { net: None, growth };
    }

    let net = match previous {
        Some(p) if COUNTING_UNITS.contains(&unit) && p != 0.0 => net_words(value, p, unit, basis),
        _ => None,
    };
    // Once the net phrase has named the comparison, the growth does not repeat it.
    let growth_basis = if net.is_some() && basis != DEFAULT_BASIS {
        ""
    } else {
        basis
    };
    let growth = match (growth, previous) {
        (Some(g), _) => Some(rate_words(g, growth_basis)),
        (None, Some(p)) => growth_from_previous(value, p, growth_basis),
        (None, None) => None,
    };
    ChangeWords { net, growth }
}

/// `较上期净增76家` / `较上期减少3家`; `同比` becomes `较上期`, any other
/// comparison word is used as written (`较上年净增76家`).
fn net_words(value: f64, previous: f64, unit: &str, basis: &str) -> Option<String> {
    let diff = round_text(value - previous, decimals(value).max(decimals(previous)));
    let prefix = if basis == DEFAULT_BASIS {
        "较上期"
    } else {
        basis
    };
    match diff.strip_prefix('-') {
        _ if diff == "0" => None,
        Some(abs) => Some(format!("{prefix}减少{abs}{unit}")),
        None => Some(format!("{prefix}净增{diff}{unit}")),
    }
}

fn growth_from_previous(value: f64, previous: f64, basis: &str) -> Option<String> {
    if previous == 0.0 {
        return if value > 0.0 {
            Some("实现零的突破".to_string())
        } else if value == 0.0 {
            Some(FLAT.to_string())
        } else {
            None
        };
    }
    if previous < 0.0 {
        return None;
    }
    Some(rate_words((value - previous) / previous * 100.0, basis))
}

const FLAT: &str = "与上期持平";

/// Words a growth rate `g` in percent.
fn rate_words(g: f64, basis: &str) -> String {
    let g = clean(g);
    if g == 100.0 {
        return "实现翻番".to_string();
    }
    if g > 100.0 {
        return format!("{basis}增长{}倍", round_text(g / 100.0, 1));
    }
    let pct = percent_text(g);
    match pct.strip_prefix('-') {
        _ if pct == "0" => FLAT.to_string(),
        Some(abs) => format!("{basis}下降{abs}%"),
        None => format!("{basis}增长{pct}%"),
    }
}

/// Percentage-point change for unit `%`, rounded to the larger number of
/// decimals of `value` and `previous` so that `2.5 − 2.43` reads `0.07`.
fn points(value: f64, previous: f64, basis: &str) -> String {
    let diff = round_text(value - previous, decimals(value).max(decimals(previous)));
    match diff.strip_prefix('-') {
        _ if diff == "0" => FLAT.to_string(),
        Some(abs) => format!("{basis}降低{abs}个百分点"),
        None => format!("{basis}提高{diff}个百分点"),
    }
}

#[cfg(test)]
#[path = "change_tests.rs"]
mod tests;
