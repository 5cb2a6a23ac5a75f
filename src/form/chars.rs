//! Characters an XML file cannot carry (docs/form.md §3): C0 controls other
//! than tab, newline and carriage return, and the non-characters U+FFFE and
//! U+FFFF. A Word file holding one does not open at all, so they are refused
//! wherever they come from: the form (here, also when written as a YAML escape
//! such as `"\x01"`, `"\v"` or `"\uFFFF"`) or a template's output. The form
//! may not hold the tool's placeholder mark either ([`PLACEHOLDER_MARK`]).

use crate::document::PLACEHOLDER_MARK;

/// Whether XML 1.0 cannot carry `c`.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character of `s` XML cannot carry, with its byte offset.
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    // A forbidden control is one byte of its own; U+FFFE and U+FFFF are
    // `EF BF BE` and `EF BF BF`. Searching bytes spares decoding every
    // character of text that holds none (nearly all text), and the first
    // test, without an early exit, runs on whole vectors of bytes.
    static NONCHAR_LEAD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\xef\xbf"));
    let bytes = s.as_bytes();
    let any_control = bytes.iter().fold(false, |seen, &b| {
        seen | (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
    });
    if !any_control && NONCHAR_LEAD.find(bytes).is_none() {
        return None;
    }
    let control = s
        .bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    let scope = &s.as_bytes()[..control.unwrap_or(s.len())];
    let nonchar = memchr::memmem::find_iter(scope, b"\xef\xbf")
        .find(|&i| matches!(scope.get(i + 2), Some(0xbe | 0xbf)));
    let at = nonchar.or(control)?;
    s[at..].chars().next().map(|c| (at, c))
}

/// Characters that take no room on screen or reorder what is around them:
/// zero-width spaces and joiners, the word joiner, a stray byte-order mark,
/// and the bidirectional controls (embeddings, overrides, isolates, marks).
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{180e}'
        )
}

/// The bidirectional embeddings, overrides and isolates, which make text
/// display in another order than it is read (U+202A–U+202E, U+2066–U+2069),
/// and the marks U+200E, U+200F.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// The first bidirectional embedding, override or isolate in `s`, with its
/// byte offset: text holding one displays in another order than it is
/// stored and printed ("Trojan Source"), so forms may not hold them.
pub fn first_bidi_override(s: &str) -> Option<(usize, char)> {
    // Each is `E2 80 AA`–`E2 80 AE` or `E2 81 A6`–`E2 81 A9`.
    let bytes = s.as_bytes();
    memchr::memchr_iter(0xe2, bytes).find_map(|i| {
        let hit = matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        );
        hit.then(|| (i, s[i..].chars().next().unwrap_or_default()))
    })
}

/// The message for a bidirectional control in a form.
pub fn bidi_message(c: char) -> String {
    format!(
        "这里有一个看不见的文字方向控制字符({}),它会让文字显示的顺序与实际内容不同;\
         多半是从其他软件复制时带进来的,请删除它",
        describe(c)
    )
}

/// `s` with its invisible characters written as `\u{200b}`, for messages
/// that quote what the clerk typed.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// How `c` is named in messages: `U+000B`.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Refuses a form text holding a character XML cannot carry; raised inside
/// the YAML visitor, so the message gets the node's line and column.
pub fn check_text<E: serde::de::Error>(s: &str) -> Result<(), E> {
    if s.contains(PLACEHOLDER_MARK) {
        // The tool's own placeholder mark: a form holding it could make
        // ordinary text print as a placeholder (docs/form.md §5).
        return Err(E::custom(format!(
            "文本含有保留字符 {}(本工具用于标记待补充项),请删去",
            describe(PLACEHOLDER_MARK)
        )));
    }
    if let Some((_, c)) = first_bidi_override(s) {
        return Err(E::custom(bidi_message(c)));
    }
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

    // The byte search finds what a character-by-character search finds.
    #[test]
    fn first_forbidden_agrees_with_is_forbidden() {
        let samples = [
            "",
            "甲乙",
            "a\tb\nc\r",
            "甲\u{1}乙",
            "甲\u{ffff}",
            "\u{fffe}\u{1}",
            "\u{1}\u{fffe}",
            "\u{fffd}\u{ff0c}\u{efbf}",
            "\u{b}",
            "a\u{1f}",
            "\u{ffef}\u{ffff}",
        ];
        for s in samples {
            let slow = s.char_indices().find(|&(_, c)| is_forbidden(c));
            assert_eq!(first_forbidden(s), slow, "{s:?}");
        }
    }

    #[test]
    fn finds_bidi_overrides_only() {
        for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}'] {
            assert_eq!(first_bidi_override(&format!("甲{c}乙")), Some((3, c)));
        }
        for c in ['\u{200e}', '\u{2029}', '\u{2070}', '\u{2000}', '\u{e000}'] {
            assert_eq!(first_bidi_override(&format!("甲{c}乙")), None, "{c:?}");
        }
        assert_eq!(visible("标\u{200b}题"), "标\\u{200b}题");
    }

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
