//! Punctuation normalization (docs/form.md §8).
//!
//! Forms arrive with ASCII look-alikes of Chinese punctuation (typed on a
//! Latin keyboard, or passed through NFKC). After rendering, every text run
//! goes through [`normalize`]: an ASCII `, : ; ! ? ( )` touching Chinese text
//! becomes full-width, a pair of `"` around Chinese becomes “ ”, a `。` between
//! two digits becomes `.`, and ASCII stays ASCII between digits and Latin text.
//!
//! Choices where §8 is silent:
//! - "Chinese" means a CJK ideograph, kana, CJK or full-width punctuation
//!   (U+3000–U+303F, U+FF00–U+FFEF, U+FE30–U+FE4F), the curly quotes
//!   U+2018–U+201D, the dash U+2014 and the ellipsis U+2026.
//! - A parenthesis pair is decided by its content: Chinese inside → full-width;
//!   Latin letters (and no Chinese) inside → kept as written, whatever the
//!   neighbours; otherwise (digits, symbols) → full-width when either outer
//!   neighbour is Chinese. A pair with one full-width side is made consistent.
//! - ASCII spaces next to a converted mark, or next to any full-width Chinese
//!   mark (、。,:“ ” …), are dropped: full-width marks carry their own
//!   spacing, and such spaces are mostly left by YAML folding a long line.
//! - The rules are applied until nothing changes, so a mark whose only Chinese
//!   neighbour is another converted mark (`abc,(一)`) is converted too, and
//!   normalizing twice is the same as normalizing once.

use crate::document::{Block, Document, Inline};

/// Normalizes the punctuation of one piece of text; see the module docs.
pub fn normalize(s: &str) -> String {
    let mut text = s.to_string();
    normalize_texts(&mut [&mut text]);
    text
}

/// Normalizes a paragraph split into styled runs.
///
/// The context of a mark crosses run boundaries (a `,` opening a plain run
/// after a bold Chinese run is converted); each character keeps its run's
/// style. Runs left empty (a run that held only a dropped space) are removed.
pub fn normalize_runs(runs: &mut Vec<Inline>) {
    normalize_texts(&mut runs.iter_mut().map(|r| &mut r.text).collect::<Vec<_>>());
    runs.retain(|r| !r.text.is_empty());
}

/// Normalizes every text of a document: all runs of all blocks, plus the
/// title and author metadata. A heading's label, text and run-in text are one
/// paragraph for context; each attachment is its own paragraph.
pub fn normalize_document(doc: &mut Document) {
    doc.title = normalize(&doc.title);
    doc.author = normalize(&doc.author);
    for block in &mut doc.blocks {
        match block {
            Block::Title(runs)
            | Block::Subtitle(runs)
            | Block::Byline(runs)
            | Block::Salutation(runs)
            | Block::Paragraph(runs)
            | Block::Signature(runs)
            | Block::Date(runs) => normalize_runs(runs),
            Block::Attachments(items) => items.iter_mut().for_each(normalize_runs),
            // The title and each cell are texts of their own.
            Block::Appendix(a) => {
                normalize_runs(&mut a.title);
                a.rows.iter_mut().flatten().for_each(normalize_runs);
            }
            Block::Heading(h) => {
                let mut texts = vec![&mut h.label];
                texts.extend(h.text.iter_mut().map(|r| &mut r.text));
                texts.extend(h.run_in.iter_mut().map(|r| &mut r.text));
                normalize_texts(&mut texts);
                h.text.retain(|r| !r.text.is_empty());
                h.run_in.retain(|r| !r.text.is_empty());
            }
        }
    }
}

/// Normalizes `texts` as one paragraph, each character staying in its text.
fn normalize_texts(texts: &mut [&mut String]) {
    let edits = match texts {
        [one] => simple_edits(one),
        _ => simple_edits(&texts.iter().map(|t| t.as_str()).collect::<String>()),
    };
    let Some(edits) = edits else {
        return normalize_generally(texts);
    };
    // Each edit is at one ASCII byte of the joined text: apply those that
    // fall in each text, copying the text between them whole.
    let mut edits = edits.as_slice();
    let mut offset = 0;
    for t in texts.iter_mut() {
        let end = offset + t.len();
        let (own, rest) = edits.split_at(edits.partition_point(|&(at, _)| at < end));
        edits = rest;
        if !own.is_empty() {
            **t = apply(t, own, offset);
        }
        offset = end;
    }
}

/// `text` with `edits` (at byte positions counted from `offset`) applied.
fn apply(text: &str, edits: &[(usize, Option<char>)], offset: usize) -> String {
    let mut out = String::with_capacity(text.len() + 2 * edits.len());
    let mut copied = 0;
    for &(at, new) in edits {
        let at = at - offset;
        out.push_str(&text[copied..at]);
        out.extend(new);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The general rules, pass by pass, for text [`simple_edits`] leaves to them.
fn normalize_generally(texts: &mut [&mut String]) {
    if !may_change(texts.iter().flat_map(|t| t.chars())) {
        return;
    }
    let tagged: Vec<(char, usize)> = texts
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.chars().map(move |c| (c, i)))
        .collect();
    let mut out: Vec<String> = texts
        .iter()
        .map(|t| String::with_capacity(t.len()))
        .collect();
    for (c, i) in normalize_tagged(tagged) {
        out[i].push(c);
    }
    for (t, o) in texts.iter_mut().zip(out) {
        **t = o;
    }
}

/// The rules in one pass over the bytes, for text without ASCII parentheses
/// or quotes and without a `。` between digits: what [`pass`] repeated until
/// nothing changes reaches, for such text, is this. A group of ASCII marks
/// (spaces between them aside) becomes full-width, whole, when the nearest
/// character before or after it is Chinese, since each converted mark is
/// Chinese to its neighbour; then spaces beside a full-width mark are
/// dropped. Every edit is at one ASCII byte: its position and new character
/// (`None`: dropped), in order. `None` for text that needs the general rules.
fn simple_edits(text: &str) -> Option<Vec<(usize, Option<char>)>> {
    let b = text.as_bytes();
    if memchr::memchr3(b'(', b')', b'"', b).is_some() {
        return None;
    }
    let before = |i: usize| text[..i].trim_end_matches(' ').chars().next_back();
    let after = |i: usize| text[i..].trim_start_matches(' ').chars().next();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    for stop in ["\u{3002}", "\u{ff0e}"] {
        if memchr::memmem::find_iter(b, stop.as_bytes())
            .any(|i| digit(before(i)) && digit(after(i + stop.len())))
        {
            return None;
        }
    }
    let is_mark = |x: u8| matches!(x, b',' | b':' | b';' | b'!' | b'?');
    let spaces_from = |i: usize| b[i..].iter().take_while(|&&x| x == b' ').count();
    let mut edits = Vec::new();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&x| is_mark(x)) {
        let start = i + p;
        let mut end = start + 1;
        loop {
            let j = end + spaces_from(end);
            if j < b.len() && is_mark(b[j]) {
                end = j + 1;
            } else {
                break;
            }
        }
        if is_chinese_opt(before(start)) || is_chinese_opt(after(end)) {
            for k in (start..end).filter(|&k| is_mark(b[k])) {
                edits.push((k, full_width(char::from(b[k]))));
            }
        }
        i = end;
    }
    // Spaces beside a full-width mark, typed or just converted.
    let converted = |k: usize| edits.binary_search_by_key(&k, |&(at, _)| at).is_ok();
    let mut dropped = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b' ', &b[i..]) {
        let start = i + p;
        let end = start + spaces_from(start);
        let mark_before = start > 0
            && (converted(start - 1) || text[..start].chars().next_back().is_some_and(is_cjk_mark));
        let mark_after = end < b.len()
            && (converted(end) || text[end..].chars().next().is_some_and(is_cjk_mark));
        if mark_before || mark_after {
            dropped.extend((start..end).map(|k| (k, None)));
        }
        i = end;
    }
    if !dropped.is_empty() {
        edits.extend(dropped);
        edits.sort_unstable_by_key(|&(at, _)| at);
    }
    Some(edits)
}

/// Whether [`pass`] could change anything in `chars`: only an ASCII mark it
/// converts or a `。` between digits sets a rule off (spaces go only next to a
/// converted mark). Most report text has neither, and skips the passes.
fn may_change(chars: impl Iterator<Item = char>) -> bool {
    let (mut before, mut last) = ('\0', '\0');
    for c in chars {
        if matches!(c, ',' | ':' | ';' | '!' | '?' | '(' | ')' | '"')
            || (c == ' ' && is_cjk_mark(last))
            || (last == ' ' && is_cjk_mark(c))
            || (matches!(last, '\u{3002}' | '\u{ff0e}')
                && before.is_ascii_digit()
                && c.is_ascii_digit())
        {
            return true;
        }
        (before, last) = (last, c);
    }
    false
}

/// Applies [`pass`] until it changes nothing. Every change either converts an
/// ASCII mark, turns `。` into `.`, or drops a space, none of which a later
/// pass undoes, so this ends after at most one pass per character. A text
/// left with nothing [`may_change`] sees needs no pass to confirm it (most
/// texts, once their ASCII commas are converted).
fn normalize_tagged<T: Copy>(mut text: Vec<(char, T)>) -> Vec<(char, T)> {
    loop {
        let chars: Vec<char> = text.iter().map(|&(c, _)| c).collect();
        let Some(edit) = pass(&chars) else {
            return text;
        };
        text = text
            .into_iter()
            .zip(edit)
            .filter_map(|((_, tag), e)| e.map(|c| (c, tag)))
            .collect();
        if !may_change(text.iter().map(|&(c, _)| c)) {
            return text;
        }
    }
}

/// One round of the rules over `chars`, all decided on the text as it was
/// before the round. Returns the new character for each position (`None`
/// where it is dropped), or `None` if nothing changes.
fn pass(chars: &[char]) -> Option<Vec<Option<char>>> {
    let n = chars.len();
    let mut out: Vec<Option<char>> = chars.iter().map(|&c| Some(c)).collect();
    let mut converted = vec![false; n];
    let mut convert = |i: usize, to: char, out: &mut Vec<Option<char>>| {
        out[i] = Some(to);
        converted[i] = true;
    };

    // A decimal point mistyped as `。` (or full-width `．`) between digits.
    for i in 1..n.saturating_sub(1) {
        if matches!(chars[i], '\u{3002}' | '\u{ff0e}')
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit()
        {
            out[i] = Some('.');
        }
    }

    // Quotes: consecutive ASCII `"` pair up; a pair around Chinese is curled.
    let quotes: Vec<usize> = (0..n).filter(|&i| chars[i] == '"').collect();
    for pair in quotes.chunks_exact(2) {
        let (open, close) = (pair[0], pair[1]);
        if chars[open + 1..close].iter().any(|&c| is_chinese(c)) {
            convert(open, '\u{201c}', &mut out);
            convert(close, '\u{201d}', &mut out);
        }
    }

    // Parentheses: matched pairs are decided by their content.
    let mut stack = Vec::new();
    let mut paired = vec![false; n];
    for i in 0..n {
        match chars[i] {
            '(' | '\u{ff08}' => stack.push(i),
            ')' | '\u{ff09}' => {
                let Some(open) = stack.pop() else { continue };
                paired[open] = true;
                paired[i] = true;
                let content = &chars[open + 1..i];
                let full = if content.iter().any(|&c| is_chinese(c)) {
                    true
                } else if content.iter().any(|&c| c.is_alphabetic()) {
                    false
                } else {
                    is_chinese_opt(neighbour_left(chars, open))
                        || is_chinese_opt(neighbour_right(chars, i))
                };
                let mixed = chars[open] != '(' || chars[i] != ')';
                if full || mixed {
                    if chars[open] == '(' {
                        convert(open, '\u{ff08}', &mut out);
                    }
                    if chars[i] == ')' {
                        convert(i, '\u{ff09}', &mut out);
                    }
                }
            }
            _ => {}
        }
    }

    // Other marks, and unmatched parentheses: decided by their neighbours.
    for i in 0..n {
        let Some(full) = full_width(chars[i]) else {
            continue;
        };
        if paired[i] {
            continue;
        }
        if is_chinese_opt(neighbour_left(chars, i)) || is_chinese_opt(neighbour_right(chars, i)) {
            convert(i, full, &mut out);
        }
    }

    // Spaces next to a converted mark or a full-width Chinese mark.
    for i in (0..n).filter(|&i| converted[i] || is_cjk_mark(chars[i])) {
        let mut j = i;
        while j > 0 && chars[j - 1] == ' ' {
            j -= 1;
            out[j] = None;
        }
        let mut j = i + 1;
        while j < n && chars[j] == ' ' {
            out[j] = None;
            j += 1;
        }
    }

    let changed = out.iter().zip(chars).any(|(o, &c)| *o != Some(c));
    changed.then_some(out)
}

/// Full-width Chinese punctuation: 、。〈〉《》「」『』【】, the full-width
/// marks ！（），：；？ and the curly double quotes.
fn is_cjk_mark(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{ff01}' | '\u{ff08}'..='\u{ff09}' | '\u{ff0c}' | '\u{ff1a}'..='\u{ff1b}' | '\u{ff1f}' | '\u{201c}'..='\u{201d}')
}

/// The full-width form of an ASCII mark that §8 converts.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '\u{ff0c}',
        ':' => '\u{ff1a}',
        ';' => '\u{ff1b}',
        '!' => '\u{ff01}',
        '?' => '\u{ff1f}',
        '(' => '\u{ff08}',
        ')' => '\u{ff09}',
        _ => return None,
    })
}

/// The nearest character before `i`, ASCII spaces skipped.
fn neighbour_left(chars: &[char], i: usize) -> Option<char> {
    chars[..i].iter().rev().copied().find(|&c| c != ' ')
}

/// The nearest character after `i`, ASCII spaces skipped.
fn neighbour_right(chars: &[char], i: usize) -> Option<char> {
    chars[i + 1..].iter().copied().find(|&c| c != ' ')
}

fn is_chinese_opt(c: Option<char>) -> bool {
    c.is_some_and(is_chinese)
}

/// Whether `c` is Chinese text for §8: an ideograph or kana, or CJK /
/// full-width punctuation (see the module docs for the exact set).
pub fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3ffff}'
        | '\u{3040}'..='\u{30ff}'
        | '\u{3000}'..='\u{303f}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{2018}'..='\u{201d}'
        | '\u{2014}'
        | '\u{2026}')
}

#[cfg(test)]
pub(crate) mod tests;
