//! Derived facts (docs/form.md §3, §4): the wording of numbers, changes, ranks,
//! targets, periods, numerals and default titles.
//!
//! Templates never compute in text; every style gets its wording from here so
//! that a figure reads the same in every style. All functions are pure.

pub mod change;
pub mod figure;
pub mod number;
pub mod numeral;
pub mod period;
pub mod rank;
pub mod refs;
pub mod speech;
pub mod table;
pub mod title;
pub mod title_lines;
mod title_words;

/// The text a placeholder stands as until the block parser makes it a
/// placeholder run (docs/form.md §5): `【待补充：{path}】`, e.g.
/// `【待补充：主要指标[2].数值】`, with the tool's mark
/// ([`crate::document::PLACEHOLDER_MARK`]) right after the `【`, so that the
/// same text typed in a form is not taken for one. The mark sits inside the
/// brackets so that what looks at a text's ends (sentence closing,
/// punctuation) sees the same characters as in the printed document.
///
/// The brackets and colon are the full-width U+3010, U+FF1A, U+3011.
pub fn placeholder_text(path: &str) -> String {
    format!(
        "\u{3010}{}待补充\u{ff1a}{path}\u{3011}",
        crate::document::PLACEHOLDER_MARK
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_names_the_field_path_in_full_width_brackets() {
        assert_eq!(
            placeholder_text("主要指标[2].数值"),
            "\u{3010}\u{e000}待补充\u{ff1a}主要指标[2].数值\u{3011}"
        );
    }
}
