//! Speaking time of a speech (docs/form.md §9.10): the draft's length in
//! characters and the minutes it takes at 220 characters a minute.

use crate::document::{Block, Document};

/// Characters a speaker reads in one minute.
pub const CHARS_PER_MINUTE: usize = 220;

/// Length of `text` as a speaker reads it: every 汉字 and full-width mark
/// counts one, a run of digits and Latin letters (with the `.` and `%` inside
/// a figure, `15.5%`) counts one, spaces count nothing.
pub fn count_text(text: &str) -> usize {
    let mut count = 0;
    let mut in_run = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (in_run && matches!(c, '.' | '%')) {
            if !in_run {
                count += 1;
                in_run = true;
            }
            continue;
        }
        in_run = false;
        if !c.is_whitespace() && !c.is_ascii() {
            count += 1;
        }
    }
    count
}

/// Length of the whole rendered draft, as [`count_text`] counts.
pub fn count_document(doc: &Document) -> usize {
    let label = |b: &Block| match b {
        Block::Heading(h) => count_text(&h.label),
        _ => 0,
    };
    doc.blocks
        .iter()
        // An attached table is not spoken.
        .filter(|b| !matches!(b, Block::Appendix(_)))
        .map(|b| {
            let runs = b.run_lists().into_iter().flatten();
            label(b) + runs.map(|i| count_text(&i.text)).sum::<usize>()
        })
        .sum()
}

/// Minutes needed to speak `chars` characters, rounded up (at least 1 for
/// any text): a draft of 2650 characters does not fit in 12 minutes.
pub fn minutes(chars: usize) -> usize {
    chars.div_ceil(CHARS_PER_MINUTE)
}

/// `约2640字,预计发言12分钟` (full-width comma), as `check` prints it.
pub fn summary(doc: &Document) -> String {
    let chars = count_document(doc);
    format!("约{chars}字\u{ff0c}预计发言{}分钟", minutes(chars))
}

/// The warning when the estimate exceeds the allowed `duration` (时长, in
/// minutes), or `None` when it fits.
pub fn over_time(doc: &Document, duration: f64) -> Option<String> {
    let needed = minutes(count_document(doc));
    (needed as f64 > duration).then(|| {
        let allowed = crate::facts::number::shortest(duration);
        format!("预计发言{needed}分钟\u{ff0c}超过时长{allowed}分钟\u{ff0c}请压缩篇幅")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // 汉字 and full-width marks count one each; a figure counts one.
    #[test]
    fn counts_characters_as_spoken() {
        assert_eq!(count_text("增长15.5%\u{ff0c}达到2024年"), 8);
        assert_eq!(count_text("R&D 投入"), 4);
        assert_eq!(count_text(""), 0);
    }

    #[test]
    fn rounds_minutes_up() {
        assert_eq!(minutes(2640), 12);
        assert_eq!(minutes(2641), 13);
        assert_eq!(minutes(1), 1);
    }
}
