//! Numbers and dates as people type them (docs/form.md §9.2): full-width
//! digits, thousands separators, leading zeros, a qualifier such as `近`,
//! `余` or `以上`, and dates written `2025年10月12日`, `2025/10/12` or
//! `2025.10.12`.

use super::value::Number;

/// Most decimals a figure may have; beyond it a value is a typing slip or a
/// computed noise (`1e-300` would print 302 digits).
pub const MAX_DECIMALS: u32 = 6;

/// Qualifiers written before a number, longest first so `超过` wins over `超`.
const BEFORE: [&str; 5] = ["超过", "近", "约", "超", "逾"];
/// Qualifiers written after a number, longest first.
const AFTER: [&str; 3] = ["以上", "余", "多"];

/// `s` without the qualifiers written before and after a number:
/// (`近`, the rest, `以上`).
pub fn qualifiers(s: &str) -> (Option<&'static str>, &str, Option<&'static str>) {
    let before = BEFORE.iter().copied().find(|q| s.starts_with(q));
    let s = before.map_or(s, |q| &s[q.len()..]);
    let after = AFTER.iter().copied().find(|q| s.ends_with(q));
    let s = after.map_or(s, |q| &s[..s.len() - q.len()]);
    (before, s, after)
}

/// Full-width digits and marks (typed with a Chinese input method) as ASCII.
fn half_width(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}' => char::from(b'0' + (c as u32 - 0xff10) as u8),
            '\u{ff0e}' => '.',
            '\u{ff0c}' => ',',
            '\u{ff0d}' | '\u{2212}' => '-',
            '\u{ff0b}' => '+',
            _ => c,
        })
        .collect()
}

/// Reads a number written as text. `Ok(None)` when the text is not a number
/// at all (the caller words that error); `Err` with a Chinese reason when it
/// is one but cannot be accepted (too many decimals, misplaced separators).
pub fn parse_number(s: &str) -> Result<Option<Number>, String> {
    let t = half_width(s);
    let (before, t, after) = qualifiers(&t);
    let mut t = t.to_string();
    // `增速: 35%` says the unit the key already implies.
    if let Some(rest) = t.strip_suffix(['%', '\u{ff05}']) {
        t.truncate(rest.len());
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(&t)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty()
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Ok(None);
    }
    let int = if int.contains(',') {
        if !thousands(int) {
            return Err(format!(
                "“{}”的千位分隔符位置不对;写作 1268 或 1,268",
                s.trim()
            ));
        }
        int.replace(',', "")
    } else if int.bytes().all(|b| b.is_ascii_digit()) {
        int.to_string()
    } else {
        return Ok(None);
    };
    let places = frac.map_or(0, str::len);
    if places > MAX_DECIMALS as usize {
        return Err(too_many_decimals(s.trim(), places));
    }
    // Leading zeros are only zeros (`0755` is 755); YAML octal is never meant.
    let int = match int.trim_start_matches('0') {
        "" => "0",
        rest => rest,
    };
    // `-0` is zero: printed `-0家` it would read as a fall.
    let zero = int == "0" && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    let sign = if zero { "" } else { sign };
    let text = match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    };
    let value: f64 = text
        .parse()
        .map_err(|_| format!("“{}”不是数字", s.trim()))?;
    Ok(Some(Number {
        value,
        written: Some(text),
        before,
        after,
    }))
}

/// `1,268` or `12,345,678`: groups of three after the first.
fn thousands(int: &str) -> bool {
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// The message for a value with more than [`MAX_DECIMALS`] decimals.
pub fn too_many_decimals(written: &str, places: usize) -> String {
    format!("数值“{written}”有 {places} 位小数,最多只能有 {MAX_DECIMALS} 位;请四舍五入后填写")
}

/// How many decimals the shortest form of `v` has (`1e-300` has 300).
pub fn float_decimals(v: f64) -> usize {
    let s = if v == 0.0 {
        "0".to_string()
    } else {
        v.to_string()
    };
    s.split_once('.').map_or(0, |(_, f)| f.len())
}

/// Reads a date: `2025-10-12`, `2025/10/12`, `2025.10.12` or `2025年10月12日`
/// (full-width digits too). `None` when it is not one of these or not a
/// real day; a year before 1000 is refused (a slip for `2025`, never meant).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let t = half_width(s);
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        let (y, md) = rest.split_once('年')?;
        let (m, d) = md.split_once('月')?;
        vec![y, m, d]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|&c| t.contains(c))?;
        t.split(sep).collect()
    };
    let [y, m, d] = parts[..] else { return None };
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if year < 1000 {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (f64, String, Option<&'static str>, Option<&'static str>) {
        let n = parse_number(s).unwrap().unwrap();
        (n.value, n.written.unwrap(), n.before, n.after)
    }

    #[test]
    fn full_width_digits_and_separators_are_numbers() {
        assert_eq!(read("\u{ff12}\u{ff15}\u{ff11}").1, "251");
        assert_eq!(read("1,268").1, "1268");
        assert_eq!(read("1,268.5").1, "1268.5");
        assert_eq!(read("12,345,678").0, 12345678.0);
        assert!(parse_number("12,34").is_err());
    }

    #[test]
    fn leading_zeros_are_dropped_never_octal() {
        assert_eq!(read("0755"), (755.0, "755".to_string(), None, None));
        assert_eq!(read("0.5").1, "0.5");
        assert_eq!(read("000").1, "0");
    }

    #[test]
    fn qualifiers_are_kept() {
        assert_eq!(read("1200余"), (1200.0, "1200".into(), None, Some("余")));
        assert_eq!(read("300以上").3, Some("以上"));
        assert_eq!(read("近300").2, Some("近"));
        assert_eq!(read("超过50").2, Some("超过"));
        assert_eq!(read("2.6以上").1, "2.6");
        assert_eq!(read("35%").1, "35");
        assert_eq!(read("30%以上"), (30.0, "30".into(), None, Some("以上")));
    }

    #[test]
    fn more_than_six_decimals_are_refused() {
        let e = parse_number("0.1234567").unwrap_err();
        assert!(
            e.contains("7 位小数") && e.contains("最多只能有 6 位"),
            "{e}"
        );
        assert_eq!(read("0.123456").1, "0.123456");
        assert_eq!(float_decimals(1e-300), 300);
        assert_eq!(float_decimals(2.45), 2);
    }

    #[test]
    fn words_are_not_numbers() {
        assert_eq!(parse_number("很多"), Ok(None));
        assert_eq!(parse_number("251家"), Ok(None));
        assert_eq!(parse_number("1.2.3"), Ok(None));
        assert_eq!(parse_number("."), Ok(None));
    }

    #[test]
    fn dates_in_four_spellings() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 10, 12);
        assert_eq!(parse_date("2025-10-12"), d);
        assert_eq!(parse_date("2025/10/12"), d);
        assert_eq!(parse_date("2025.10.12"), d);
        assert_eq!(parse_date("2025年10月12日"), d);
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("0999-01-01"), None);
        assert_eq!(parse_date("0000-01-01"), None);
        assert_eq!(parse_date("2025-10"), None);
    }
}
