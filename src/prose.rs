//! Prose rules (docs/form.md §9.7): how sentences are closed, hand-typed
//! numbering, doubled marks from joining, and the lead's hand-over sentence.
//!
//! These are text functions shared by the context (which applies them) and
//! `check` (which reports what the clerk typed).

use crate::facts::numeral::cn_numeral;

/// Marks that end a sentence.
const FINAL: [char; 7] = [
    '\u{3002}', '\u{ff01}', '\u{ff1f}', '!', '?', '\u{2026}', '.',
];

/// Marks after which a text is open for what follows (a colon hands over).
const OPENING: [char; 2] = ['\u{ff1a}', ':'];

/// Closing quotes and brackets: a sentence ending in one still needs its mark
/// after it, unless the quoted text itself ended with one (`…。”`).
const CLOSERS: [char; 8] = [
    '\u{201d}', '\u{2019}', '\u{300d}', '\u{300f}', '\u{3011}', '\u{ff09}', ')', '\u{300b}',
];

/// Closes a text with `。` unless it already ends a sentence or hands over
/// with a colon; an open comma, semicolon or 顿号 at the end is replaced.
/// A closing quote or bracket gets its `。` after it (`…开发区”。`).
/// Also a template filter: `{{ text | sentence }}`.
pub fn sentence(text: &str) -> String {
    // Each paragraph of a prose field (separated by a blank line) is closed.
    if text.trim().lines().any(|l| l.trim().is_empty()) {
        let mut paragraphs = Vec::new();
        let mut current = String::new();
        for line in text.lines() {
            if line.trim().is_empty() {
                if !current.trim().is_empty() {
                    paragraphs.push(sentence_one(&current));
                }
                current.clear();
            } else {
                if !current.is_empty() {
                    current.push('\n');
                }
                current.push_str(line);
            }
        }
        if !current.trim().is_empty() {
            paragraphs.push(sentence_one(&current));
        }
        return paragraphs.join("\n\n");
    }
    sentence_one(text)
}

/// [`sentence`] for one paragraph.
fn sentence_one(text: &str) -> String {
    let t = text.trim_end();
    let t = t
        .trim_end_matches([',', '\u{ff0c}', '\u{3001}', ';', '\u{ff1b}'])
        .trim_end();
    if t.is_empty() {
        return String::new();
    }
    let inner = t.trim_end_matches(CLOSERS);
    let quoted = inner.len() < t.len();
    let closed = if quoted {
        // `他说:“…。”` is closed; `…开发区”` is not.
        inner.ends_with(FINAL)
    } else {
        t.ends_with(FINAL) || t.ends_with(OPENING)
    };
    if closed {
        t.to_string()
    } else {
        // `concat`, not `format!`: one sized copy for every sentence closed.
        [t, "\u{3002}"].concat()
    }
}

/// Marks that leave a text open for what follows: a colon hands over, a
/// comma runs on (`主要做了以下工作：`, `围绕创新主体培育，`).
const LEAD_IN: [char; 4] = ['\u{ff1a}', ':', '\u{ff0c}', ','];

/// Whether `text` leads in to what follows it (ends with `：` or `，`).
pub fn is_lead_in(text: &str) -> bool {
    text.trim_end().ends_with(LEAD_IN)
}

/// A 概述 that leads in to the points after it (docs/form.md §9.14): kept
/// open as typed when it ends with `：` or `，`, else closed as a sentence.
pub fn lead_in(text: &str) -> String {
    if is_lead_in(text) {
        text.trim_end().to_string()
    } else {
        sentence(text)
    }
}

/// Collapses marks doubled by joining texts: `。。` → `。`, `,,` → `,`,
/// `,。` → `。`, `;。` → `。`, `。,` → `。`. An ellipsis `……` is kept.
pub fn collapse_marks(text: &str) -> String {
    let is_comma = |c: char| matches!(c, '\u{ff0c}' | '\u{3001}' | '\u{ff1b}');
    let is_stop = |c: char| matches!(c, '\u{3002}' | '\u{ff01}' | '\u{ff1f}');
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // The last mark kept while marks follow one another, and where the
    // previous mark ended; the text between marks is copied whole. Every
    // mark is three bytes led by 0xE3 or 0xEF, bytes that only ever start a
    // character, and 汉字 (led by 0xE4 to 0xE9) are skipped without decoding.
    let mut last = None;
    let mut last_end = usize::MAX;
    let mut copied = 0;
    for i in memchr::memchr2_iter(0xe3, 0xef, bytes) {
        let Some(c) = text.get(i..i + 3).and_then(|t| t.chars().next()) else {
            continue;
        };
        if !is_comma(c) && !is_stop(c) {
            continue;
        }
        if i != last_end {
            last = None;
        }
        last_end = i + 3;
        out.push_str(&text[copied..i]);
        copied = i + 3;
        match last {
            Some(l) if is_stop(c) && is_comma(l) => {
                out.pop();
            }
            // `。。` or `。,`: the first stop wins.
            Some(l) if is_stop(l) => continue,
            Some(l) if is_comma(c) && l == c => continue,
            _ => {}
        }
        out.push(c);
        last = Some(c);
    }
    out.push_str(&text[copied..]);
    out
}

/// A hand-typed number at the start of `text` (docs/form.md §9.7): `一是`,
/// `(一)`, `一、`, `1.`, `1、`, `(1)`, `①`. Returns the label as typed
/// and the text after it, or `None`.
pub fn leading_number(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let end = number_end(t)?;
    let rest = t[end..].trim_start_matches([' ', '\u{3000}', '\t']);
    Some((&t[..end], rest))
}

/// The byte length of a leading number label in `t`, if any.
fn number_end(t: &str) -> Option<usize> {
    let first = t.chars().next()?;
    if ('\u{2460}'..='\u{2473}').contains(&first) || ('\u{2776}'..='\u{277f}').contains(&first) {
        return Some(first.len_utf8());
    }
    // (一) (1) in either width.
    if matches!(first, '(' | '\u{ff08}') {
        let inner = &t[first.len_utf8()..];
        let close = inner.find([')', '\u{ff09}'])?;
        let label = &inner[..close];
        if is_cn_number(label) || is_arabic(label) {
            let close_len = inner[close..].chars().next()?.len_utf8();
            return Some(first.len_utf8() + close + close_len);
        }
        return None;
    }
    // 一是 一、 and 1. 1、
    let digits: usize = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || is_cn_digit(*c))
        .map(char::len_utf8)
        .sum();
    if digits == 0 {
        return None;
    }
    let label = &t[..digits];
    let after = &t[digits..];
    let next = after.chars().next()?;
    let following = after[next.len_utf8()..].chars().next();
    if is_cn_number(label) {
        return match next {
            '\u{662f}' | '\u{3001}' => Some(digits + next.len_utf8()),
            _ => None,
        };
    }
    if is_arabic(label) {
        return match next {
            '\u{3001}' | '\u{ff0e}' => Some(digits + next.len_utf8()),
            // `1.5亿元` is a number, not a label.
            '.' if !following.is_some_and(|c| c.is_ascii_digit()) => Some(digits + 1),
            _ => None,
        };
    }
    None
}

fn is_cn_digit(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// `一` … `九十九`, as the tool itself numbers.
fn is_cn_number(s: &str) -> bool {
    !s.is_empty() && (1..=99).any(|n| cn_numeral(n).is_some_and(|x| x == s))
}

fn is_arabic(s: &str) -> bool {
    !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit())
}

/// Words a point should not begin with when the tool numbers it
/// (`二是此外…`); docs/form.md §9.7.
pub const CONNECTIVES: [&str; 8] = [
    "\u{53e6}\u{4e00}\u{65b9}\u{9762}", // 另一方面
    "\u{4e00}\u{65b9}\u{9762}",         // 一方面
    "\u{6b64}\u{5916}",                 // 此外
    "\u{540c}\u{65f6}",                 // 同时
    "\u{53e6}\u{5916}",                 // 另外
    "\u{9996}\u{5148}",                 // 首先
    "\u{5176}\u{6b21}",                 // 其次
    "\u{6700}\u{540e}",                 // 最后
];

/// The connective `text` opens with, if any.
pub fn leading_connective(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    CONNECTIVES.iter().copied().find(|c| t.starts_with(c))
}

/// Splits a lead that already hands over (`…现将有关情况报告如下:` or
/// `…如下。`) into its body and that last sentence; `None` when it does not.
pub fn split_handover(lead: &str) -> Option<(&str, &str)> {
    let t = lead.trim_end();
    let stem = t.strip_suffix(['\u{ff1a}', ':', '\u{3002}'])?;
    if !stem.ends_with("\u{5982}\u{4e0b}") {
        return None;
    }
    // The hand-over sentence starts after the last stop before it.
    let start = stem
        .rfind(['\u{3002}', '\u{ff01}', '\u{ff1f}', '\n'])
        .map_or(0, |i| {
            i + stem[i..].chars().next().map_or(1, char::len_utf8)
        });
    Some((&t[..start], &t[start..]))
}

/// Joins the lines of a one-line field (地区, 单位, 名称, titles): no space
/// between Chinese, one between Latin words.
pub fn one_line(text: &str) -> String {
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return text.to_string();
    }
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(out.chars().next_back()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// `text` without the ASCII spaces that YAML leaves where a long line was
/// folded (`>-`, or a plain scalar continued on the next line): a space with a
/// CJK ideograph on one side and an ideograph or a digit on the other
/// (`平台建设 补助`, `截至 2024年`). Chinese prose has no spaces there, so the
/// break leaves nothing, as in [`one_line`]; a space beside a Latin letter
/// (`5G 基站`, `R&D 投入`) is kept, as typing habits differ there.
pub fn join_folded(text: &str) -> String {
    if !text.contains(' ') {
        return text.to_string();
    }
    let glued = |c: char| is_ideograph(c) || c.is_ascii_digit();
    // Inside 《》 a title is quoted as written, spaces and all.
    let quoted = book_titles(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(' ') {
        let (before, after) = rest.split_at(at);
        let offset = text.len() - rest.len() + at;
        let spaces = after.len() - after.trim_start_matches(' ').len();
        let (prev, next) = (before.chars().next_back(), after[spaces..].chars().next());
        out.push_str(before);
        let drop = match (prev, next) {
            _ if quoted.iter().any(|r| r.contains(&offset)) => false,
            (Some(p), Some(n)) => (is_ideograph(p) && glued(n)) || (glued(p) && is_ideograph(n)),
            _ => false,
        };
        if !drop {
            out.push_str(&after[..spaces]);
        }
        rest = &after[spaces..];
    }
    out.push_str(rest);
    out
}

/// The byte ranges inside 《…》 in `text`.
fn book_titles(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('\u{300a}') {
        let start = from + open + '\u{300a}'.len_utf8();
        let Some(len) = text[start..].find('\u{300b}') else {
            break;
        };
        out.push(start..start + len);
        from = start + len;
    }
    out
}

/// A CJK ideograph (汉字), in the basic block, extension A, the compatibility
/// block or the supplementary planes.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

/// Applies [`collapse_marks`] to every run of a rendered document, so marks
/// doubled where a template joins texts never reach the reader, and
/// [`join_folded`] to the prose (paragraphs and headings with their run-in
/// text); lines such as the byline keep their spaces (`局长 张三`).
pub fn collapse_document(doc: &mut crate::document::Document) {
    use crate::document::Block;
    for block in &mut doc.blocks {
        let prose = matches!(block, Block::Paragraph(_) | Block::Heading(_));
        for runs in block.run_lists_mut() {
            for r in runs.iter_mut() {
                r.text = collapse_marks(&r.text);
                if prose {
                    r.text = join_folded(&r.text);
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "prose_tests.rs"]
mod tests;
