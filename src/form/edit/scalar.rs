//! Writing a value the way a clerk would, so that the form reader reads back
//! exactly the string given: plain when that is safe, quoted when the text
//! would read as a number of another form, a boolean, an empty value, or
//! holds YAML's own marks (`: `, ` #`, a leading `-` …), and as a literal
//! block (`|-`) when it runs over several lines.

use serde_yaml::Value;

/// A scalar as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Written {
    /// On the line of its key or item indicator.
    Inline(String),
    /// A block scalar: the header (`|-`, `|`) and the content lines, to be
    /// written on the following lines one level deeper.
    Block {
        header: &'static str,
        lines: Vec<String>,
    },
}

/// How `s` is written: in a flow collection (`{…}`, `[…]`) or in block context.
pub(super) fn write(s: &str, flow: bool) -> Written {
    if !flow && let Some(b) = literal(s) {
        return b;
    }
    Written::Inline(inline(s, flow))
}

/// `s` on one line: plain if it reads back as itself, else quoted.
pub(super) fn inline(s: &str, flow: bool) -> String {
    if s.is_empty() {
        // As the blank form writes an empty value.
        return "''".into();
    }
    if plain_reads_back(s, flow) {
        s.to_string()
    } else if !s.contains('\'') && !needs_escape(s) && !s.contains('\\') && s.contains('"') {
        format!("'{s}'")
    } else {
        double_quoted(s)
    }
}

/// Whether `s` written plain reads back as the same string, where the form
/// reads text: a string equal to `s`, or a number whose own spelling is
/// `s` (`251`, `2.45` — never `15.50`, `0755`, `1e3` or `+5`).
fn plain_reads_back(s: &str, flow: bool) -> bool {
    if s.is_empty()
        || s.trim() != s
        || s.contains(['\n', '\r', '\t'])
        || needs_escape(s)
        || s.chars().any(is_break)
    {
        return false;
    }
    let doc = if flow {
        format!("[{s}]\n")
    } else {
        format!("k: {s}\n")
    };
    let read = match serde_yaml::from_str::<Value>(&doc) {
        Ok(Value::Sequence(mut items)) if flow && items.len() == 1 => items.remove(0),
        Ok(Value::Mapping(mut m)) if !flow && m.len() == 1 => match m.remove("k") {
            Some(v) => v,
            None => return false,
        },
        _ => return false,
    };
    let same = match &read {
        Value::String(t) => t == s,
        Value::Number(n) => n.to_string() == s,
        _ => false,
    };
    // In a flow mapping the same plain text must also read as a value.
    same && (!flow || {
        let doc = format!("{{k: {s}}}\n");
        matches!(serde_yaml::from_str::<Value>(&doc),
            Ok(Value::Mapping(m)) if m.get("k").is_some_and(|v| *v == read))
    })
}

/// Line breaks YAML knows besides `\n` and `\r`: NEL, LS, PS.
fn is_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters only a double-quoted escape writes faithfully.
fn needs_escape(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_break(c) || c == '\u{feff}')
}

/// `"…"` with YAML escapes.
pub(super) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A literal block for text over several lines, when one keeps it exactly:
/// `|-` without a final line break, `|` with one.
fn literal(s: &str) -> Option<Written> {
    if !s.contains('\n') || needs_escape(s) || s.contains('\r') {
        return None;
    }
    let (body, header) = match s.strip_suffix('\n') {
        Some(b) if !b.ends_with('\n') => (b, "|"),
        Some(_) => return None,
        None => (s, "|-"),
    };
    let lines: Vec<String> = body.split('\n').map(str::to_string).collect();
    // The first line sets the indentation; one starting with a space or a
    // tab would need an explicit indentation indicator, a line of blanks
    // only would read as an empty line.
    let first = lines.first()?;
    if first.is_empty() || first.starts_with([' ', '\t']) {
        return None;
    }
    if lines
        .iter()
        .any(|l| !l.is_empty() && l.trim_matches([' ', '\t']).is_empty())
    {
        return None;
    }
    Some(Written::Block { header, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> bool {
        matches!(write(s, false), Written::Inline(t) if t == s)
    }

    #[test]
    fn plain_where_it_reads_back() {
        for s in [
            "示例市",
            "251",
            "2.45",
            "-3",
            "1,268",
            "xx",
            "1200余",
            "近300",
            "2024年",
            "5G 基站",
            "C#",
            "全省第2位",
            "1—6月",
            "a:b",
            // Plain, it reads as the text 0755 (the form then reads 755).
            "0755",
        ] {
            assert!(plain(s), "{s}");
        }
    }

    #[test]
    fn quoted_where_plain_would_read_otherwise() {
        for (s, w) in [
            ("", "''"),
            ("15.50", "\"15.50\""),
            ("1e3", "\"1e3\""),
            ("true", "\"true\""),
            ("null", "\"null\""),
            ("~", "\"~\""),
            ("%", "\"%\""),
            ("a: b", "\"a: b\""),
            ("a #b", "\"a #b\""),
            ("- x", "\"- x\""),
            ("\"好\"说", "'\"好\"说'"),
            (" 前导空格", "\" 前导空格\""),
            ("a\tb", "\"a\\tb\""),
        ] {
            assert_eq!(write(s, false), Written::Inline(w.to_string()), "{s}");
        }
        assert_eq!(inline("a, b", true), "\"a, b\"");
        assert_eq!(inline("a, b", false), "a, b");
        assert_eq!(inline("{x}", true), "\"{x}\"");
    }

    #[test]
    fn several_lines_are_a_literal_block() {
        assert_eq!(
            write("第一段\n\n第二段", false),
            Written::Block {
                header: "|-",
                lines: vec!["第一段".into(), "".into(), "第二段".into()]
            }
        );
        assert_eq!(
            write("一\n二\n", false),
            Written::Block {
                header: "|",
                lines: vec!["一".into(), "二".into()]
            }
        );
        assert_eq!(write("一\n", true), Written::Inline("\"一\\n\"".into()));
        assert_eq!(
            write(" 一\n二", false),
            Written::Inline("\" 一\\n二\"".into())
        );
        assert_eq!(
            write("一\n\n", false),
            Written::Inline("\"一\\n\\n\"".into())
        );
    }
}
