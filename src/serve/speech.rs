//! Length and speaking time of a 汇报发言 (docs/form.md §9.10).
//!
//! A stand-in until `crate::facts::speech` lands: the same counting rule
//! (汉字 and full-width marks count one each, a run of digits or Latin
//! letters counts one, 220 characters a minute), used only by the page.

use crate::document::{Block, Document};

/// Characters read aloud per minute.
const PER_MINUTE: usize = 220;

/// The characters of `doc` as the rule counts them.
pub(super) fn count(doc: &Document) -> usize {
    let mut n = 0;
    for block in &doc.blocks {
        let runs: Vec<&[crate::document::Inline]> = match block {
            Block::Heading(h) => vec![&h.text, &h.run_in],
            Block::Attachments(items) => items.iter().map(Vec::as_slice).collect(),
            Block::Title(r)
            | Block::Subtitle(r)
            | Block::Byline(r)
            | Block::Salutation(r)
            | Block::Paragraph(r)
            | Block::Signature(r)
            | Block::Date(r) => vec![r],
        };
        if let Block::Heading(h) = block {
            n += count_text(&h.label);
        }
        for r in runs.into_iter().flatten() {
            n += count_text(&r.text);
        }
    }
    n
}

/// Counts one text: full-width characters one each, runs of ASCII letters
/// and digits one per run, spaces and ASCII marks nothing.
pub(super) fn count_text(text: &str) -> usize {
    let mut n = 0;
    let mut in_run = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if !in_run {
                n += 1;
            }
            in_run = true;
            continue;
        }
        // A decimal point or percent sign inside a number keeps the run.
        if in_run && matches!(c, '.' | '%') {
            continue;
        }
        in_run = false;
        if !c.is_ascii() && !c.is_whitespace() {
            n += 1;
        }
    }
    n
}

/// Estimated minutes, rounded up: a speech of 221 characters needs two.
pub(super) fn minutes(chars: usize) -> usize {
    chars.div_ceil(PER_MINUTE)
}

/// `约2640字，预计发言12分钟`.
pub(super) fn summary(chars: usize) -> String {
    crate::punct::normalize(&format!("约{chars}字,预计发言{}分钟", minutes(chars)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_rule() {
        assert_eq!(count_text("全市高新技术企业"), 8);
        assert_eq!(count_text("达到2024家"), 4);
        assert_eq!(count_text("增长12.5%\u{ff0c}GDP 过万亿"), 8);
        assert_eq!(count_text("  "), 0);
    }

    #[test]
    fn speaking_time() {
        assert_eq!(minutes(2640), 12);
        assert_eq!(minutes(2641), 13);
        assert_eq!(summary(2640), "约2640字\u{ff0c}预计发言12分钟");
    }
}
