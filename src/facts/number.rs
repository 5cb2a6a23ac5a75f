//! Numbers as printed (docs/form.md §3.1) and the rounding shared by all derived
//! wording (§3.2).

use crate::form::Number;

/// Significant digits kept before any rounding or comparison.
///
/// Arithmetic on figures leaves binary noise (`43.45` may come out as
/// `43.449999999999996`); no figure in a report has more than 12 significant
/// digits, so cutting there recovers the decimal the clerk meant.
const SIGNIFICANT: usize = 12;

/// The shortest exact form of a number (`15.5`, `251`; never `251.0`,
/// `1e6` or thousands separators), or the text exactly as written when the
/// clerk quoted it (`'15.50'` prints `15.50`).
pub fn number_text(n: &Number) -> String {
    match &n.written {
        Some(w) => w.clone(),
        None => shortest(n.value),
    }
}

/// The shortest decimal text of `x`. `f64`'s `Display` is the shortest
/// round-trip form and never uses an exponent; only `-0` needs care.
pub fn shortest(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        x.to_string()
    }
}

/// A value and its unit as printed, after the 万元 → 亿元 rule: a `万元`
/// value of 10000 or more is printed in `亿元` with two decimals, trailing
/// zeros trimmed (`155500` → `("15.55", "亿元")`, `120000` → `("12", "亿元")`).
///
/// A converted value is a new number, so a quoted written form is not kept
/// for it; any other value keeps its written form ([`number_text`]).
pub fn amount(n: &Number, unit: &str) -> (String, String) {
    if unit == "万元" && n.value >= 10000.0 {
        (round_text(n.value / 10000.0, 2), "亿元".to_string())
    } else {
        (number_text(n), unit.to_string())
    }
}

/// A percentage as printed: rounded half away from zero to one decimal, a
/// trailing `.0` dropped (`20`, not `20.0`). The `%` sign is not included.
///
/// Float noise is removed first (see [`round_text`]), so a computed
/// `43.449999999999996` reads `43.5`, while a real `43.449999` reads `43.4`.
pub fn percent_text(x: f64) -> String {
    round_text(x, 1)
}

/// Integers of at most 12 digits: already exact, and the most common
/// figure, so the decimal formatting below is skipped for them.
fn small_integer(x: f64) -> bool {
    x.fract() == 0.0 && x.abs() < 1e12
}

/// `x` with float noise removed: rounded to 12 significant digits.
pub fn clean(x: f64) -> f64 {
    if !x.is_finite() || small_integer(x) {
        return x;
    }
    format!("{:.*e}", SIGNIFICANT - 1, x).parse().unwrap_or(x)
}

/// `x` rounded half away from zero to at most `places` decimals, with
/// trailing zeros (and a bare `.`) dropped; `-0` prints as `0`.
///
/// The rounding works on the decimal digits of `x` cut to 12 significant
/// digits, not on its binary value, so `2.675` rounds to `2.68` and
/// `0.1 + 0.2` counts as `0.3`.
pub fn round_text(x: f64, places: u32) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if small_integer(x) {
        // `-0` prints as `0`.
        return (x as i64).to_string();
    }
    round_digits(x, places)
}

/// [`round_text`] for any finite `x`, through its decimal digits.
fn round_digits(x: f64, places: u32) -> String {
    let sci = format!("{:.*e}", SIGNIFICANT - 1, x.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return shortest(x);
    };
    let (Ok(m), Ok(exp)) = (
        mantissa.replace('.', "").parse::<u128>(),
        exp.parse::<i32>(),
    ) else {
        return shortest(x);
    };
    // |x| = m × 10^(exp − 11); we want round(|x| × 10^places) as an integer.
    let shift = exp - (SIGNIFICANT as i32 - 1) + places as i32;
    let scaled = if shift >= 0 {
        match 10u128
            .checked_pow(shift as u32)
            .and_then(|p| m.checked_mul(p))
        {
            Some(v) => v,
            // Beyond 10^26 there are no decimals left to round.
            None => return shortest(x),
        }
    } else if -shift > SIGNIFICANT as i32 {
        0
    } else {
        let div = 10u128.pow((-shift) as u32);
        let (q, r) = (m / div, m % div);
        if 2 * r >= div { q + 1 } else { q }
    };
    let mut digits = format!("{:0>width$}", scaled, width = places as usize + 1);
    if places > 0 {
        digits.insert(digits.len() - places as usize, '.');
        let trimmed = digits.trim_end_matches('0').trim_end_matches('.');
        digits = trimmed.to_string();
    }
    if x < 0.0 && scaled != 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// How many decimals the shortest form of `x` has (`2.43` → 2, `251` → 0).
pub fn decimals(x: f64) -> u32 {
    if small_integer(x) {
        return 0;
    }
    let s = shortest(clean(x));
    s.split_once('.').map_or(0, |(_, frac)| frac.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shortcut for integers gives what the decimal digits give.
    #[test]
    fn integers_skip_formatting_with_the_same_result() {
        let mut xs: Vec<f64> = (-2000..=2000).map(f64::from).collect();
        xs.extend([
            -0.0,
            1e11,
            999_999_999_999.0,
            -999_999_999_999.0,
            123_456_789_012.0,
        ]);
        for x in xs {
            assert!(small_integer(x), "{x}");
            for places in 0..4 {
                assert_eq!(
                    round_text(x, places),
                    round_digits(x, places),
                    "{x} {places}"
                );
            }
            let formatted: f64 = format!("{:.*e}", SIGNIFICANT - 1, x).parse().unwrap();
            assert_eq!(clean(x), formatted, "{x}");
            assert_eq!(decimals(x), 0, "{x}");
        }
        // Past 12 digits an integer is rounded like any other number.
        assert!(!small_integer(1e12) && !small_integer(0.5));
        assert_eq!(clean(1_234_567_890_123.0), 1_234_567_890_120.0);
    }

    fn written(s: &str) -> Number {
        Number {
            value: s.parse().unwrap(),
            written: Some(s.to_string()),
            ..Number::default()
        }
    }

    #[test]
    fn number_text_is_shortest_exact_form() {
        assert_eq!(number_text(&Number::new(15.5)), "15.5");
        assert_eq!(number_text(&Number::new(251.0)), "251");
        assert_eq!(number_text(&Number::new(1e6)), "1000000");
        assert_eq!(number_text(&Number::new(1e21)), "1000000000000000000000");
        assert_eq!(number_text(&Number::new(0.0000001)), "0.0000001");
        assert_eq!(number_text(&Number::new(1234567.0)), "1234567");
        assert_eq!(number_text(&Number::new(-0.0)), "0");
        assert_eq!(number_text(&Number::new(-3.25)), "-3.25");
    }

    #[test]
    fn number_text_keeps_quoted_form_verbatim() {
        assert_eq!(number_text(&written("15.50")), "15.50");
        assert_eq!(number_text(&written("007")), "007");
    }

    #[test]
    fn wanyuan_of_ten_thousand_and_above_prints_in_yiyuan() {
        let a = |v: f64| amount(&Number::new(v), "万元");
        assert_eq!(a(155500.0), ("15.55".to_string(), "亿元".to_string()));
        assert_eq!(a(120000.0), ("12".to_string(), "亿元".to_string()));
        assert_eq!(a(125000.0), ("12.5".to_string(), "亿元".to_string()));
        assert_eq!(a(10000.0), ("1".to_string(), "亿元".to_string()));
        // Two decimals, half away from zero: 1.23456 亿元 → 1.23, 1.235 → 1.24.
        assert_eq!(a(12345.6), ("1.23".to_string(), "亿元".to_string()));
        assert_eq!(a(12350.0), ("1.24".to_string(), "亿元".to_string()));
        assert_eq!(a(9999.5), ("9999.5".to_string(), "万元".to_string()));
    }

    #[test]
    fn converted_wanyuan_drops_the_written_form() {
        assert_eq!(
            amount(&written("155500.00"), "万元"),
            ("15.55".to_string(), "亿元".to_string())
        );
        assert_eq!(
            amount(&written("15.50"), "亿元"),
            ("15.50".to_string(), "亿元".to_string())
        );
    }

    #[test]
    fn other_units_are_untouched() {
        assert_eq!(
            amount(&Number::new(155500.0), "元"),
            ("155500".to_string(), "元".to_string())
        );
        assert_eq!(
            amount(&Number::new(251.0), "家"),
            ("251".to_string(), "家".to_string())
        );
    }

    #[test]
    fn percent_rounds_half_away_from_zero_and_drops_point_zero() {
        assert_eq!(percent_text(43.428571), "43.4");
        assert_eq!(percent_text(43.45), "43.5");
        assert_eq!(percent_text(-43.45), "-43.5");
        assert_eq!(percent_text(20.0), "20");
        assert_eq!(percent_text(19.96), "20");
        assert_eq!(percent_text(0.04), "0");
        assert_eq!(percent_text(-0.04), "0");
        assert_eq!(percent_text(84.0), "84");
    }

    #[test]
    fn percent_ignores_float_noise_but_not_real_digits() {
        // Noise from arithmetic: the clerk's 43.45 still rounds up.
        assert_eq!(percent_text(43.449999999999996), "43.5");
        // (143.45 − 100) / 100 × 100 computes to 43.44999999999999.
        assert_eq!(percent_text((143.45 - 100.0) / 100.0 * 100.0), "43.5");
        // A genuine value below the half rounds down.
        assert_eq!(percent_text(43.449999), "43.4");
    }

    #[test]
    fn round_text_handles_extremes() {
        assert_eq!(round_text(2.675, 2), "2.68");
        assert_eq!(round_text(0.1 + 0.2, 2), "0.3");
        assert_eq!(round_text(1e30, 1), "1000000000000000000000000000000");
        assert_eq!(round_text(1e-20, 1), "0");
        assert_eq!(round_text(0.05, 1), "0.1");
        assert_eq!(round_text(999.96, 1), "1000");
        assert_eq!(round_text(7.0, 0), "7");
        assert_eq!(round_text(7.5, 0), "8");
    }

    #[test]
    fn decimals_count_the_shortest_form() {
        assert_eq!(decimals(2.43), 2);
        assert_eq!(decimals(251.0), 0);
        assert_eq!(decimals(0.1 + 0.2), 1);
    }
}
