//! One cell of a table as the clerk sees it, and numbers written the way
//! the sheet shows them (docs/form.md §11.1).

/// A cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text as typed (a CSV cell is always text).
    Text(String),
    /// A number cell of a workbook, as the sheet shows it.
    Number(Shown),
}

/// A number as shown: `text` is the number without `%` or separators
/// (`18.4` for 0.184 formatted `0.0%`), `percent` whether it shows as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub percent: bool,
}

impl Cell {
    /// The cell as text, trimmed (a number as shown, `%` added back).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.percent => format!("{}%", n.text),
            Cell::Number(n) => n.text.clone(),
        }
    }

    /// Whether the cell holds nothing but blanks.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// How a number cell is formatted: shown as a percent, with how many
/// decimals (`None`: the general format, as many as the value has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Format {
    pub percent: bool,
    pub decimals: Option<usize>,
}

impl Format {
    /// The format of an Excel number format code (`0.0%`, `#,##0.00`,
    /// `General`): its first section, quoted text and escapes skipped.
    pub fn from_code(code: &str) -> Format {
        let section = code.split(';').next().unwrap_or_default();
        let mut percent = false;
        let mut decimals: Option<usize> = None;
        let mut digits = false;
        let mut quoted = false;
        let mut skip = false;
        let mut bracket = false;
        for c in section.chars() {
            if skip {
                skip = false;
                continue;
            }
            match c {
                '"' => quoted = !quoted,
                _ if quoted => {}
                '\\' | '_' | '*' => skip = true,
                '[' => bracket = true,
                ']' => bracket = false,
                _ if bracket => {}
                '%' => percent = true,
                '0' | '#' | '?' => {
                    digits = true;
                    if let Some(d) = decimals.as_mut() {
                        *d += 1;
                    }
                }
                '.' if digits || decimals.is_none() => decimals = Some(0),
                _ => {}
            }
        }
        Format {
            percent,
            decimals: if digits { decimals.or(Some(0)) } else { None },
        }
    }

    /// The format of a built-in Excel number format id.
    pub fn builtin(id: u32) -> Format {
        let (percent, decimals) = match id {
            1 | 3 | 37 | 38 => (false, Some(0)),
            2 | 4 | 39 | 40 => (false, Some(2)),
            9 => (true, Some(0)),
            10 => (true, Some(2)),
            _ => (false, None),
        };
        Format { percent, decimals }
    }

    /// `value` as this format shows it.
    pub fn show(self, value: f64) -> Shown {
        let v = if self.percent { value * 100.0 } else { value };
        Shown {
            text: number_text(v, self.decimals),
            percent: self.percent,
        }
    }
}

/// A number in the shortest form a person writes it: rounded to `decimals`
/// when given (half away from zero on the fifteen significant digits a
/// spreadsheet shows, so 2.675 at two places is 2.68 as in Excel, not the
/// 2.67 of its binary value), trailing zeros dropped (`2.40` → `2.4`), the
/// binary noise of a value such as 0.1 + 0.2 dropped at ten decimals.
pub fn number_text(v: f64, decimals: Option<usize>) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let places = decimals.unwrap_or(10).min(10);
    // v = n × 10^(e − 14), n the fifteen significant digits.
    let sci = format!("{:.14e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let n: u128 = mantissa.replace('.', "").parse().unwrap_or(0);
    let e: i64 = exp.parse().unwrap_or(0);
    let k = e - 14 + places as i64;
    let scaled: u128 = if k >= 0 {
        n.saturating_mul(10u128.saturating_pow(k.min(38) as u32))
    } else if -k > 38 {
        0
    } else {
        let d = 10u128.pow((-k) as u32);
        n / d + u128::from((n % d) * 2 >= d)
    };
    let digits = format!("{scaled:0>width$}", width = places + 1);
    let (int, frac) = digits.split_at(digits.len() - places);
    let frac = frac.trim_end_matches('0');
    let body = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    if v < 0.0 && body.bytes().any(|b| b != b'0' && b != b'.') {
        format!("-{body}")
    } else {
        body
    }
}

/// `C7` for row 6, column 2 (both from 0).
pub fn address(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// `A`, `B`, … `Z`, `AA` for columns from 0.
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_say_percent_and_decimals() {
        let f = Format::from_code("0.0%");
        assert_eq!((f.percent, f.decimals), (true, Some(1)));
        assert_eq!(f.show(0.184).text, "18.4");
        assert_eq!(f.show(0.18437).text, "18.4");
        assert_eq!(Format::from_code("#,##0.00").show(1268.5).text, "1268.5");
        assert_eq!(Format::from_code("#,##0").show(1268.5).text, "1269");
        assert_eq!(Format::from_code("General").show(0.1 + 0.2).text, "0.3");
        assert_eq!(Format::from_code("0.00\"%\"").decimals, Some(2));
        assert!(!Format::from_code("0.00\"%\"").percent);
        assert!(Format::from_code("[Red]0.0%;-0.0%").percent);
        assert_eq!(Format::builtin(10).show(0.0245).text, "2.45");
        assert_eq!(Format::builtin(0).show(155500.0).text, "155500");
        assert_eq!(number_text(2.675, Some(2)), "2.68");
        assert_eq!(number_text(-0.004, Some(2)), "0");
        assert_eq!(number_text(-3.25, Some(1)), "-3.3");
        assert_eq!(number_text(1e-12, None), "0");
        assert_eq!(number_text(123456789012.5, None), "123456789012.5");
    }

    #[test]
    fn addresses() {
        assert_eq!(address(6, 2), "C7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
    }
}
