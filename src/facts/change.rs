//! Change against the comparison period (docs/form.md §3.2, §9.1).
//!
//! Choices where the form reference is silent (docs/form.md §10.1):
//! - `p = 0, v = 0` reads as no change; `p = 0, v < 0` and any negative 上期
//!   give no growth phrase, since a rate off a zero or negative base is
//!   meaningless.
//! - A computed growth that rounds to `0%` reads as no change, never `增长0%`;
//!   after a net change it is left out (`较上年净增1家` says enough).
//! - No net phrase when the net change is 0 (the growth says `与上年持平`) or
//!   when `p = 0` (`实现零的突破` says it).
//! - `实现翻番` and `实现零的突破` carry no comparison word.
//! - A computed growth keeps its one decimal, `.0` too (`增长52.0%`,
//!   `增长2.0倍`), as statistical reports write rates; a given one is
//!   printed as typed (docs/form.md §3.2, §10.1).
//! - A 比较 other than `同比`, `环比` and `较X`/`比X` is used as written
//!   (`{B}持平` when flat).

use super::number::{clean, decimals, round_text, shortest};

/// The comparison word when the period is not a calendar year.
pub const DEFAULT_BASIS: &str = "同比";

/// The comparison word after a calendar year (`2024年`).
pub const YEAR_BASIS: &str = "较上年";

/// What `比较: 无` means: no comparison word at all.
pub const NO_BASIS: &str = "无";

/// Units that count things; with 上期 their net change is printed first.
pub const COUNTING_UNITS: [&str; 10] = ["家", "个", "项", "人", "名", "所", "座", "件", "篇", "次"];

/// The default comparison word for 时期 `period` (§9.1): `较上年` after a
/// calendar year (`2024年`), else `同比`.
pub fn default_basis(period: &str) -> &'static str {
    let p = period.trim();
    match p.strip_suffix('年') {
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => YEAR_BASIS,
        _ => DEFAULT_BASIS,
    }
}

/// The comparison word as printed: an explicit 比较 wins over `default`,
/// `无` prints nothing, an empty one counts as absent.
pub fn basis_word(explicit: Option<&str>, default: &str) -> String {
    match explicit.map(str::trim).filter(|b| !b.is_empty()) {
        Some(NO_BASIS) => String::new(),
        Some(b) => b.to_string(),
        None => default.to_string(),
    }
}

/// No change: `与上年持平` for `较上年` (`与X持平` for `较X` or `比X`),
/// `同比持平`, `环比持平`, `持平` without a comparison word.
pub fn flat(basis: &str) -> String {
    match basis
        .strip_prefix('较')
        .or_else(|| basis.strip_prefix('比'))
    {
        Some(rest) if !rest.is_empty() => format!("与{rest}持平"),
        _ => format!("{basis}持平"),
    }
}

/// Whether a unit counts things (its change is a net change: `净增`).
pub fn is_counting(unit: &str) -> bool {
    COUNTING_UNITS.contains(&unit)
}

/// The wording of a figure's change, each phrase without punctuation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeWords {
    /// Net change for counting units: `较上年净增76家`, `同比减少3家`.
    pub net: Option<String>,
    /// Growth: `增长43.4%`, `同比增长1.3倍`, `实现翻番`, `同比提高0.07个百分点` ….
    pub growth: Option<String>,
}

/// Words the change of a figure with value `value` (数值) and unit `unit`
/// (单位) from numbers alone.
///
/// `previous` is 上期, `growth` 增速 in percent (it wins over 上期 for the
/// growth phrase), `basis` the comparison word as printed (see
/// [`basis_word`]; `None` is `同比`). The comparison word is said once,
/// first (§9.1).
pub fn change_words(
    value: f64,
    previous: Option<f64>,
    growth: Option<f64>,
    unit: &str,
    basis: Option<&str>,
) -> ChangeWords {
    let basis = basis_word(basis, DEFAULT_BASIS);
    if unit == "%" {
        let growth = match previous {
            Some(p) => Some(points_between(value, p, &basis)),
            None => growth.map(|g| rate_words(g, &shortest(g), &basis)),
        };
        return ChangeWords { net: None, growth };
    }
    let net = match previous {
        Some(p) if is_counting(unit) && p != 0.0 => net_between(value, p, unit, &basis),
        _ => None,
    };
    let growth_basis = if net.is_some() { "" } else { basis.as_str() };
    let growth = match (growth, previous) {
        (Some(g), _) => Some(rate_words(g, &shortest(g), growth_basis)),
        (None, Some(p)) => growth_from_previous(value, p, growth_basis),
        (None, None) => None,
    };
    ChangeWords {
        growth: growth.filter(|g| net.is_none() || !g.ends_with("持平")),
        net,
    }
}

/// The net change between two values of a counting unit: `较上年净增76家`,
/// `同比减少3家`; `None` when equal.
pub fn net_between(value: f64, previous: f64, unit: &str, basis: &str) -> Option<String> {
    let diff = round_text(value - previous, decimals(value).max(decimals(previous)));
    (diff != "0").then(|| signed_change(&diff, unit, basis, true))
}

/// A change given in the figure's unit: `{B}净增3家` / `{B}减少3家` for
/// counting units, else `{B}增加3.2亿元` / `{B}减少…`; the number is
/// printed as written (`diff` may start with `-`).
pub fn signed_change(diff: &str, unit: &str, basis: &str, counting: bool) -> String {
    match diff.strip_prefix('-') {
        Some(abs) => format!("{basis}减少{abs}{unit}"),
        None if counting => format!("{basis}净增{diff}{unit}"),
        None => format!("{basis}增加{diff}{unit}"),
    }
}

/// The growth computed from 上期 (`p`) and 数值 (`v`).
pub fn growth_from_previous(value: f64, previous: f64, basis: &str) -> Option<String> {
    if previous == 0.0 {
        return if value > 0.0 {
            Some("实现零的突破".to_string())
        } else if value == 0.0 {
            Some(flat(basis))
        } else {
            None
        };
    }
    if previous < 0.0 {
        return None;
    }
    let g = clean((value - previous) / previous * 100.0);
    if g > 100.0 {
        return Some(format!("{basis}增长{}倍", one_decimal(g / 100.0)));
    }
    Some(rate_words(g, &one_decimal(g), basis))
}

/// `x` rounded half away from zero to one decimal, the decimal always
/// written (`52.0`, `-3.0`): how a computed rate is printed.
pub fn one_decimal(x: f64) -> String {
    let text = round_text(x, 1);
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// The growth computed from two values, in percent, for checks.
pub fn computed_growth(value: f64, previous: f64) -> Option<f64> {
    (previous > 0.0).then(|| clean((value - previous) / previous * 100.0))
}

/// Words a growth rate `g` in percent, `text` being its printed number
/// (computed rates rounded to one decimal, given ones as written).
pub fn rate_words(g: f64, text: &str, basis: &str) -> String {
    let g = clean(g);
    if g == 100.0 {
        return "实现翻番".to_string();
    }
    if g > 100.0 {
        return format!("{basis}增长{}倍", round_text(g / 100.0, 1));
    }
    match text.strip_prefix('-') {
        // A rate that rounds to nothing (`0`, `0.0`) is no change.
        _ if g == 0.0 || text.trim_start_matches(['-', '0', '.']).is_empty() => flat(basis),
        Some(abs) => format!("{basis}下降{abs}%"),
        None => format!("{basis}增长{text}%"),
    }
}

/// Percentage-point change for unit `%`, rounded to the larger number of
/// decimals of `value` and `previous` so that `2.5 − 2.43` reads `0.07`.
pub fn points_between(value: f64, previous: f64, basis: &str) -> String {
    let diff = round_text(value - previous, decimals(value).max(decimals(previous)));
    points(&diff, basis)
}

/// A percentage-point change as written: `同比提高1.25个百分点`,
/// `较上年降低0.3个百分点`, or no change.
pub fn points(diff: &str, basis: &str) -> String {
    match diff.strip_prefix('-') {
        _ if diff
            .trim_start_matches('-')
            .trim_start_matches(['0', '.'])
            .is_empty() =>
        {
            flat(basis)
        }
        Some(abs) => format!("{basis}降低{abs}个百分点"),
        None => format!("{basis}提高{diff}个百分点"),
    }
}

#[cfg(test)]
#[path = "change_tests.rs"]
mod tests;
