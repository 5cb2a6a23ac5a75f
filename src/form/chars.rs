//! Characters an XML file cannot carry (docs/form.md §3): C0 controls other
//! than tab, newline and carriage return, and the non-characters U+FFFE and
//! U+FFFF. A Word file holding one does not open at all, so they are refused
//! wherever they come from: the form (here, also when written as a YAML escape
//! such as `"\x01"`, `"\v"` or `"\uFFFF"`) or a template's output.

/// Whether XML 1.0 cannot carry `c`.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character of `s` XML cannot carry, with its byte offset.
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    // Every forbidden character starts with a byte below 0x20 or with 0xEF
    // (U+FFFE/U+FFFF): the common case is one pass over the bytes.
    if !s.bytes().any(|b| b < 0x20 || b == 0xef) {
        return None;
    }
    s.char_indices().find(|&(_, c)| is_forbidden(c))
}

/// How `c` is named in messages: `U+000B`.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Refuses a form text holding a character XML cannot carry; raised inside
/// the YAML visitor, so the message gets the node's line and column.
pub fn check_text<E: serde::de::Error>(s: &str) -> Result<(), E> {
    match first_forbidden(s) {
        None => Ok(()),
        Some((_, c)) => Err(E::custom(format!(
            "文本含有控制字符 {}(Word 文件无法保存),请删去",
            describe(c)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_only_what_xml_cannot_carry() {
        for c in [
            '\u{0}', '\u{1}', '\u{b}', '\u{c}', '\u{1f}', '\u{fffe}', '\u{ffff}',
        ] {
            assert!(is_forbidden(c), "{}", describe(c));
        }
        for c in [
            '\t', '\n', '\r', ' ', '\u{7f}', '\u{fffd}', '\u{ff0c}', '汇',
        ] {
            assert!(!is_forbidden(c), "{}", describe(c));
        }
        assert_eq!(first_forbidden("汇报\u{ffff}x\u{1}"), Some((6, '\u{ffff}')));
        assert_eq!(first_forbidden("汇报\t正文\n"), None);
        assert_eq!(describe('\u{b}'), "U+000B");
    }
}
