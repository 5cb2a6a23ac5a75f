//! Breaking a title into lines (docs/form.md §9.9; GB/T 9704 7.3.1: 词意完整，
//! 排列对称): every title longer than one line, typed or built, is broken
//! only between words, into balanced lines, none of them a stub.
//!
//! The title is cut into tokens: words of the list in `title_words`, the
//! form's own values (known phrases), numbers with their unit (`2024年`),
//! bracketed and quoted spans, placeholders. A line may break between two
//! tokens unless one of them holds on to the other (a line never starts with
//! 的, 上的, 和 or 及, never ends with 在 or 关于, and a character the list
//! does not know holds on to both neighbours). Among the allowed breaks the
//! tool takes the fewest lines that fit, then the split that costs least:
//! the spread between the longest and shortest line, twice any amount the
//! first line is shorter than the second counted half again (梯形: the upper
//! line not much shorter),
//! and what each break costs (nothing between two of the form's values or
//! after 及, more between two words of one phrase, most inside a value).

use super::title_words::{Glue, LONGEST, glue, is_conjunction, is_word};
use crate::document::PLACEHOLDER_MARK;

/// What a line of 2号 type holds in the 156 mm type area, in tenths of a
/// character: 20 characters (docs/layout.md §3, §4: 20 × 21.75 pt = 435 pt
/// of the 442 pt line).
pub const LINE_WIDTH: u32 = 200;

/// The narrowest line that is not a stub: six characters.
const STUB_WIDTH: u32 = 60;

/// A break between two words of one phrase.
const WORD_BREAK: u32 = 30;
/// A break after 的 (`…情况的` / `汇报`): allowed, not liked.
const AFTER_DE: u32 = 40;
/// A break inside one of the form's values (a 会议 too long for one line).
const INSIDE_VALUE: u32 = 80;
/// A value of at most this many characters (地区, 主题, 时期, most 单位) is a
/// word and never broken; a longer one (a 会议) is a phrase.
const WORD_VALUE: usize = 10;
/// Breaking where the word list knows nothing (the last resort).
const UNKNOWN_BREAK: u32 = 100;
/// A stub line, or a line too wide: only when nothing else is possible.
const LAST_RESORT: u32 = 10_000;

/// The width of `c` in tenths of a character: 汉字 and full-width marks a
/// whole character, ASCII six tenths (digits and Latin letters are set
/// narrow), a placeholder's mark (never printed) nothing.
fn char_width(c: char) -> u32 {
    match c {
        PLACEHOLDER_MARK => 0,
        c if c.is_ascii() => 6,
        _ => 10,
    }
}

/// Where Latin text meets Chinese a reader may add a little space (LibreOffice
/// does, about a fifth of a character), so each such change counts two tenths.
const SCRIPT_CHANGE: u32 = 2;

/// The printed width of `text` in tenths of a character (see [`LINE_WIDTH`]).
/// Measured through LibreOffice: a 2号 汉字 takes 21.75 pt, a digit about
/// 11.8 pt and a change of script about 4.5 pt.
pub fn title_width(text: &str) -> u32 {
    let mut width = 0;
    let mut last: Option<bool> = None;
    for c in text.chars().filter(|&c| c != PLACEHOLDER_MARK) {
        width += char_width(c);
        let latin = c.is_ascii_alphanumeric();
        let chinese = !c.is_ascii();
        if let Some(was_latin) = last
            && ((was_latin && chinese) || (!was_latin && latin))
        {
            width += SCRIPT_CHANGE;
        }
        if latin || chinese {
            last = Some(latin);
        }
    }
    width
}

/// The lines of a title: each line typed in it (a line break typed in 标题
/// splits the title there) broken further when wider than a line.
/// `known` are the form's values (地区, 单位, 主题, 时期, 下一时期, 会议),
/// words the list may not know and phrases best kept whole.
pub fn break_title(text: &str, known: &[&str]) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .flat_map(|line| break_line(line, known))
        .collect()
}

/// One piece of a title line.
#[derive(Debug, Clone)]
struct Token {
    /// Byte range in the line.
    start: usize,
    end: usize,
    glue: Glue,
    /// The known value it belongs to, by index.
    value: Option<usize>,
    /// Inside a value short enough to be a word: never broken.
    in_word: bool,
    /// A character the word list does not know (its glue is a guess).
    unknown: bool,
}

fn break_line(line: &str, known: &[&str]) -> Vec<String> {
    let total = title_width(line);
    if total <= LINE_WIDTH {
        return vec![line.to_string()];
    }
    let tokens = tokenize(line, known);
    let fewest = total.div_ceil(LINE_WIDTH).max(2) as usize;
    for relaxed in [false, true] {
        let breaks = breaks(line, &tokens, relaxed);
        for lines in fewest..=fewest + 1 {
            if let Some((cost, cuts)) = best_split(line, &tokens, &breaks, lines)
                && cost < LAST_RESORT
            {
                return cut(line, &tokens, &cuts);
            }
        }
    }
    // Nothing fits without a stub or an overlong line: the least bad split
    // among the breaks that never cut a known word.
    let breaks = breaks(line, &tokens, true);
    match best_split(line, &tokens, &breaks, fewest) {
        Some((_, cuts)) => cut(line, &tokens, &cuts),
        None => vec![line.to_string()],
    }
}

/// The byte ranges of the known values in `line`, longest first, never
/// overlapping one another.
fn value_spans(line: &str, known: &[&str]) -> Vec<(usize, usize)> {
    let mut known: Vec<&str> = known
        .iter()
        .map(|k| k.trim())
        .filter(|k| k.chars().count() >= 2)
        .collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for k in known {
        for (at, _) in line.match_indices(k) {
            let span = (at, at + k.len());
            if spans.iter().all(|s| span.1 <= s.0 || span.0 >= s.1) {
                spans.push(span);
            }
        }
    }
    spans.sort_unstable();
    spans
}

/// The tokens of `line`, values first cut out as their own runs.
fn tokenize(line: &str, known: &[&str]) -> Vec<Token> {
    let spans = value_spans(line, known);
    let mut tokens = Vec::new();
    let mut at = 0;
    for (i, &(start, end)) in spans.iter().enumerate() {
        // A value that starts inside a bracket of the text before it is
        // not cut out: brackets are never broken.
        if start < at {
            continue;
        }
        at = tokenize_run(line, at, start, None, &mut tokens);
        let first = tokens.len();
        at = tokenize_run(line, start.max(at), end, Some(i), &mut tokens);
        let word = line[start..end].chars().count() <= WORD_VALUE;
        for t in &mut tokens[first..] {
            t.in_word = word;
        }
        // A known value is a word: its own edges may break even where it
        // starts or ends with a character the list does not know.
        if let Some(t) = tokens.get_mut(first).filter(|t| t.unknown) {
            t.glue.before = false;
        }
        if let Some(t) = tokens
            .last_mut()
            .filter(|t| t.unknown && t.value == Some(i))
        {
            t.glue.after = false;
        }
    }
    tokenize_run(line, at, line.len(), None, &mut tokens);
    tokens
}

/// Opening brackets and quotes with their closers: what they hold is one token.
const BRACKETS: [(char, char); 10] = [
    ('\u{201c}', '\u{201d}'),
    ('\u{2018}', '\u{2019}'),
    ('\u{300a}', '\u{300b}'),
    ('\u{3008}', '\u{3009}'),
    ('\u{ff08}', '\u{ff09}'),
    ('(', ')'),
    ('\u{3010}', '\u{3011}'),
    ('\u{300c}', '\u{300d}'),
    ('\u{300e}', '\u{300f}'),
    ('"', '"'),
];

/// Units a number holds on to: `2024年`, `第3批`, `300家`.
const NUMBER_UNITS: &str = "年月日号季期届批次个家项人名位万亿元倍岁天周轮%";

/// Tokenizes `line[from..to]` into `out`; returns where it stopped (past
/// `to` when a bracket closed beyond it).
fn tokenize_run(
    line: &str,
    from: usize,
    to: usize,
    value: Option<usize>,
    out: &mut Vec<Token>,
) -> usize {
    let mut at = from;
    while at < to {
        let rest = &line[at..];
        let Some(c) = rest.chars().next() else { break };
        let (len, glue, unknown) = if let Some(close) = bracket_end(rest, c) {
            (close, Glue::default(), false)
        } else if c.is_ascii_alphanumeric() {
            (number_len(rest), Glue::default(), false)
        } else if is_ideograph(c) {
            word_len(&line[at..to])
        } else {
            // Punctuation ends what comes before it.
            let g = Glue {
                before: true,
                after: false,
            };
            (c.len_utf8(), g, false)
        };
        out.push(Token {
            start: at,
            end: at + len,
            glue,
            value,
            in_word: false,
            unknown,
        });
        at += len;
    }
    at
}

/// The byte length of a bracketed or quoted span opening with `c`, closer
/// included, when it closes in `rest`.
fn bracket_end(rest: &str, c: char) -> Option<usize> {
    let (_, close) = BRACKETS.iter().find(|(open, _)| *open == c)?;
    let inner = &rest[c.len_utf8()..];
    let end = inner.find(*close)?;
    Some(c.len_utf8() + end + close.len_utf8())
}

/// A run of ASCII letters, digits and `.`/`%`, with the unit a number holds
/// on to (`2024年度`, `3个`).
fn number_len(rest: &str) -> usize {
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '%'))
        .unwrap_or(rest.len());
    let after = &rest[len..];
    if !rest[..len].bytes().any(|b| b.is_ascii_digit()) {
        return len;
    }
    if after.starts_with("年度") {
        return len + "年度".len();
    }
    match after.chars().next() {
        Some(u) if NUMBER_UNITS.contains(u) => len + u.len_utf8(),
        _ => len,
    }
}

/// The longest word of the list at the start of `rest` (never past its
/// end), else one character: (byte length, glue, whether unknown).
fn word_len(rest: &str) -> (usize, Glue, bool) {
    let ends: Vec<usize> = rest
        .char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
        .take(LONGEST)
        .collect();
    for &end in ends.iter().skip(1).rev() {
        let w = &rest[..end];
        if w.chars().all(is_ideograph) && is_word(w) {
            return (end, glue(w), false);
        }
    }
    let one = &rest[..ends[0]];
    let g = glue(one);
    // A character of neither binding list is part of a word the list lacks.
    let unknown = g.before && g.after;
    (ends[0], g, unknown)
}

/// A CJK ideograph (汉字).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

/// The allowed breaks, as (token index a line may start at, cost).
/// `relaxed` also allows breaks next to characters the list does not know.
fn breaks(line: &str, tokens: &[Token], relaxed: bool) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for k in 1..tokens.len() {
        let (a, b) = (&tokens[k - 1], &tokens[k]);
        let text_a = &line[a.start..a.end];
        let guessed = |t: &Token, stuck: bool| stuck && !(relaxed && t.unknown);
        if guessed(a, a.glue.after) || guessed(b, b.glue.before) {
            continue;
        }
        // Never start a line with 上的, however it was cut.
        if line[b.start..].starts_with("上的") {
            continue;
        }
        let mut cost = match (a.value, b.value) {
            (Some(x), Some(y)) if x == y && a.in_word => continue,
            (Some(x), Some(y)) if x == y => INSIDE_VALUE,
            (None, None) => WORD_BREAK,
            _ => 0,
        };
        if is_conjunction(text_a) || text_a.chars().all(|c| !is_ideograph(c) && !c.is_ascii()) {
            // After 及 or a mark, a line ends naturally.
            cost = 0;
        } else if text_a == "的" {
            cost = cost.max(AFTER_DE);
        }
        if a.unknown || b.unknown {
            cost += UNKNOWN_BREAK;
        }
        out.push((k, cost));
    }
    out
}

/// The cheapest way to make `lines` lines from `breaks`: its cost and the
/// token indices where lines 2… start.
fn best_split(
    line: &str,
    tokens: &[Token],
    breaks: &[(usize, u32)],
    lines: usize,
) -> Option<(u32, Vec<usize>)> {
    let cuts_wanted = lines.checked_sub(1)?;
    if cuts_wanted == 0 || cuts_wanted > breaks.len() {
        return None;
    }
    let mut pick: Vec<usize> = (0..cuts_wanted).collect();
    let mut best: Option<(u32, u32, Vec<usize>)> = None;
    loop {
        let cuts: Vec<usize> = pick.iter().map(|&i| breaks[i].0).collect();
        let mut starts = vec![0];
        starts.extend(cuts.iter().map(|&k| tokens[k].start));
        starts.push(line.len());
        let widths: Vec<u32> = starts
            .windows(2)
            .map(|w| title_width(line[w[0]..w[1]].trim()))
            .collect();
        let widest = widths.iter().copied().max().unwrap_or(0);
        let narrowest = widths.iter().copied().min().unwrap_or(0);
        let mut cost = widest - narrowest + shape(&widths);
        cost += pick.iter().map(|&i| breaks[i].1).sum::<u32>();
        for &w in &widths {
            if w < STUB_WIDTH {
                cost += LAST_RESORT;
            }
            if w > LINE_WIDTH {
                cost += LAST_RESORT + (w - LINE_WIDTH) * 10;
            }
        }
        // Ties go to the longer first line.
        let tie = u32::MAX - widths[0];
        if best.as_ref().is_none_or(|(c, t, _)| (cost, tie) < (*c, *t)) {
            best = Some((cost, tie, cuts));
        }
        if !next_combination(&mut pick, breaks.len()) {
            break;
        }
    }
    best.map(|(cost, _, cuts)| (cost, cuts))
}

/// What the shape of lines of `widths` costs besides their spread: a
/// first line shorter than the second, half again (梯形: the upper line not
/// much shorter), unless the second is the widest of three (菱形); a line
/// narrower than both its neighbours, by how much.
fn shape(widths: &[u32]) -> u32 {
    let diamond = widths.len() >= 3 && widths[1] >= widths[0] && widths[1] >= widths[2];
    let mut cost = if diamond {
        0
    } else {
        widths[1].saturating_sub(widths[0]) / 2
    };
    for w in widths.windows(3) {
        let lower = w[0].min(w[2]);
        cost += lower.saturating_sub(w[1]);
    }
    cost
}

/// Advances `pick` (strictly increasing, each below `n`) to the next combination.
fn next_combination(pick: &mut [usize], n: usize) -> bool {
    let k = pick.len();
    for i in (0..k).rev() {
        if pick[i] < n - (k - i) {
            pick[i] += 1;
            for j in i + 1..k {
                pick[j] = pick[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

fn cut(line: &str, tokens: &[Token], cuts: &[usize]) -> Vec<String> {
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().map(|&k| tokens[k].start));
    bounds.push(line.len());
    bounds
        .windows(2)
        .map(|w| line[w[0]..w[1]].trim().to_string())
        .collect()
}

/// The tokens of `line` as text, for tests.
#[cfg(test)]
fn token_texts(line: &str, known: &[&str]) -> Vec<String> {
    tokenize(line, known)
        .iter()
        .map(|t| line[t.start..t.end].to_string())
        .collect()
}

#[cfg(test)]
#[path = "title_lines_tests.rs"]
mod tests;
