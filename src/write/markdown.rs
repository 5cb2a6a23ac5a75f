//! The Markdown writer: a [`Document`] as CommonMark, for review and diffs.
//!
//! Layout: the title is `# `, headings on their own line are `##`–`#####` by
//! level, a heading with run-in text is a paragraph starting with the bold
//! label and heading text, every other block is a plain paragraph; blocks are
//! separated by one blank line.
//!
//! Everything that came from the form is escaped so it cannot create markup
//! (HTML, links, lists, quotes, headings, code, entities such as `&amp;`),
//! placeholders included (a clerk may type `【待补充…】` with anything inside).
//! Only what CommonMark would interpret is escaped, so Chinese text reads as
//! typed. Two CommonMark details shape the output beyond plain escaping:
//! - `**` only opens or closes bold when it "flanks" the text: a closing `**`
//!   after punctuation must be followed by a space or punctuation, which
//!   Chinese text never has (`**标题。**正文` stays literal). Punctuation at the
//!   edge of a bold run is therefore moved outside it (`**标题**。正文`).
//! - A line break inside a text becomes a hard line break (`\` at line end)
//!   in paragraphs, and is joined away in headings, so a block stays one block;
//!   a title line break gives one `# ` line per title line.

use crate::document::{Appendix, Block, Document, Heading, Inline, InlineStyle};
use crate::punct::is_chinese;

/// Renders `doc` as Markdown, ending with exactly one newline.
pub fn to_markdown(doc: &Document) -> String {
    let blocks: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| {
            let label = match b {
                Block::Appendix(a) => crate::layout::resolve::appendix_label(doc, a.entry),
                _ => String::new(),
            };
            block(b, &label)
        })
        .filter(|b| !b.is_empty())
        .collect();
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn block(b: &Block, label: &str) -> String {
    match b {
        Block::Title(runs) => title(runs),
        Block::Subtitle(runs)
        | Block::Byline(runs)
        | Block::Salutation(runs)
        | Block::Paragraph(runs)
        | Block::Signature(runs)
        | Block::Date(runs) => paragraph(chars(runs, false)),
        Block::Heading(h) => heading(h),
        Block::Attachments(items) => attachments(items),
        Block::Appendix(a) => appendix(a, label),
    }
}

/// An attached page: its label (`附件1`), its title as a heading, and the
/// table as a GFM pipe table (`|` in a cell escaped).
fn appendix(a: &Appendix, label: &str) -> String {
    let title = atx(2, &chars(&a.title, false));
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut lines = vec![
        paragraph(generated(label)),
        String::new(),
        title,
        String::new(),
        row(a.header.clone()),
        row(a.header.iter().map(|_| "---".to_string()).collect()),
    ];
    for r in &a.rows {
        let cells = r
            .iter()
            .map(|cell| {
                let text = emit(&tidy_lines(&chars(cell, false)), false);
                // A cell is not a block start: `15.55` is no list marker.
                let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                let text = if digits > 0 && text[digits..].starts_with("\\.") {
                    format!("{}{}", &text[..digits], &text[digits + 1..])
                } else {
                    text
                };
                text.replace('\n', " ").replace('|', "\\|")
            })
            .collect();
        lines.push(row(cells));
    }
    lines.join("\n")
}

/// The title as one `# ` line per title line: a line break in the title
/// (typed, or placed by the tool in a long derived title) is kept.
fn title(runs: &[Inline]) -> String {
    let text = chars(runs, false);
    text.split(|c| c.c == '\n')
        .map(|line| atx(1, line))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn heading(h: &Heading) -> String {
    let label = Inline::plain(h.label.as_str());
    let mut text = chars(std::slice::from_ref(&label), false);
    if h.run_in.iter().all(|r| r.text.trim().is_empty()) {
        text.extend(chars(&h.text, false));
        atx(h.level.saturating_add(1), &text)
    } else {
        text.extend(chars(&h.text, true));
        text.iter_mut().for_each(|c| c.bold = true); // the label too
        text.extend(chars(&h.run_in, false));
        paragraph(text)
    }
}

/// `附件：名称`, or for several `附件：1.名称` with each further one on its own
/// line (`2.名称`), as GB/T 9704 lays out the 附件说明.
fn attachments(items: &[Vec<Inline>]) -> String {
    let items: Vec<&Vec<Inline>> = items
        .iter()
        .filter(|i| i.iter().any(|r| !r.text.trim().is_empty()))
        .collect();
    let mut text = generated("附件\u{ff1a}");
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            text.extend(generated("\n"));
        }
        if items.len() > 1 {
            text.extend(generated(&format!("{}.", n + 1)));
        }
        text.extend(chars(item, false));
    }
    if items.is_empty() {
        String::new()
    } else {
        paragraph(text)
    }
}

/// One character of a block, with how it is set.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    bold: bool,
    source: Source,
}

/// Where a character came from, which decides how it is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The form or a template: escaped wherever CommonMark would read markup.
    Text,
    /// A placeholder: escaped the same way, except the `[2]` of its field
    /// path (`【待补充:主要指标[2].数值】`), which no reader takes for a link.
    Placeholder,
    /// Written by this writer (`附件:`, `1.`): as is.
    Generated,
}

fn chars(runs: &[Inline], bold: bool) -> Vec<Ch> {
    runs.iter()
        .flat_map(|r| {
            let bold = bold || r.style == InlineStyle::Bold;
            let source = if r.style == InlineStyle::Placeholder {
                Source::Placeholder
            } else {
                Source::Text
            };
            r.text.chars().map(move |c| Ch { c, bold, source })
        })
        .collect()
}

fn generated(s: &str) -> Vec<Ch> {
    s.chars()
        .map(|c| Ch {
            c,
            bold: false,
            source: Source::Generated,
        })
        .collect()
}

/// An ATX heading (`#` × level, at most six) on one line; empty when there
/// is no text, so that no stray `#` line is written.
fn atx(level: u8, text: &[Ch]) -> String {
    let mut line: Vec<Ch> = Vec::with_capacity(text.len());
    let text = tidy_lines(text);
    for (i, &ch) in text.iter().enumerate() {
        if ch.c != '\n' {
            line.push(ch);
            continue;
        }
        // Chinese needs no space where a line was broken; Latin words do.
        let before = line.last().is_some_and(|p| is_chinese(p.c));
        let after = text.get(i + 1).is_some_and(|n| is_chinese(n.c));
        if !before && !after {
            line.push(Ch { c: ' ', ..ch });
        }
    }
    if line.is_empty() {
        return String::new();
    }
    format!(
        "{} {}",
        "#".repeat(usize::from(level.clamp(1, 6))),
        emit(&line, true)
    )
}

fn paragraph(text: Vec<Ch>) -> String {
    emit(&tidy_lines(&text), false)
}

/// Trims spaces at the ends of the block and of each line, drops `\r` and
/// empty lines: leading spaces would make a code block, trailing ones a
/// break, and a blank line would split the block.
fn tidy_lines(text: &[Ch]) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(text.len());
    for &ch in text.iter().filter(|ch| ch.c != '\r') {
        let at_line_start = out.last().is_none_or(|p| p.c == '\n');
        match ch.c {
            ' ' | '\t' if at_line_start => {}
            '\n' => {
                while out.last().is_some_and(|p| p.c == ' ' || p.c == '\t') {
                    out.pop();
                }
                if !at_line_start && !out.is_empty() {
                    out.push(ch);
                }
            }
            _ => out.push(ch),
        }
    }
    while out.last().is_some_and(|p| p.c.is_whitespace()) {
        out.pop();
    }
    out
}

/// Writes a tidied block: bold markers, escapes, hard line breaks.
/// `heading` escapes every `#`, which could otherwise close an ATX heading.
fn emit(text: &[Ch], heading: bool) -> String {
    let mut text = text.to_vec();
    fix_bold_edges(&mut text);
    let mut out = String::new();
    let mut bold = false;
    let mut line_start = !heading;
    let mut escape_at = None;
    let mut keep_at = None;
    for (i, ch) in text.iter().enumerate() {
        if ch.bold != bold {
            out.push_str("**");
            bold = ch.bold;
            line_start = false;
        }
        if ch.c == '\n' {
            out.push_str("\\\n");
            line_start = true;
            continue;
        }
        if line_start && ch.source != Source::Generated && ch.c.is_ascii_digit() {
            // `1.` or `1)` opening a line would start an ordered list.
            let end = i + text[i..]
                .iter()
                .take_while(|c| c.c.is_ascii_digit())
                .count();
            if text.get(end).is_some_and(|c| c.c == '.' || c.c == ')') {
                escape_at = Some(end);
            }
        }
        if ch.source == Source::Placeholder && ch.c == '[' {
            keep_at = index_bracket(&text, i);
        }
        let special = match ch.c {
            '[' | ']' if ch.source == Source::Placeholder => {
                keep_at.is_none_or(|k| i != k && i + 1 + digits(&text[i + 1..]) != k)
            }
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => true,
            '&' => entity_follows(&text[i + 1..]),
            '#' => heading || line_start,
            '-' | '+' | '=' => line_start,
            // A fence (`~~~`) at a line's start; `~~` strikes through in GFM.
            '~' => {
                line_start
                    || text.get(i + 1).is_some_and(|n| n.c == '~')
                    || (i > 0 && text[i - 1].c == '~')
            }
            _ => escape_at == Some(i),
        };
        if special && ch.source != Source::Generated {
            out.push('\\');
        }
        out.push(ch.c);
        line_start = false;
    }
    if bold {
        out.push_str("**");
    }
    out
}

/// The number of ASCII digits `text` starts with.
fn digits(text: &[Ch]) -> usize {
    text.iter().take_while(|c| c.c.is_ascii_digit()).count()
}

/// For a `[` at `open`: the index of its `]` when the two enclose only digits
/// and are followed by nothing that makes a link (`(`, `[`, `:`), i.e. the
/// index of a field path (`附件[2]`), which may stay unescaped.
fn index_bracket(text: &[Ch], open: usize) -> Option<usize> {
    let n = digits(&text[open + 1..]);
    let close = open + 1 + n;
    let closes = text.get(close).is_some_and(|c| c.c == ']');
    let link = text
        .get(close + 1)
        .is_some_and(|c| matches!(c.c, '(' | '[' | ':'));
    (n > 0 && closes && !link).then_some(close)
}

/// Whether `&` followed by `rest` would read as an entity (`&amp;`, `&#38;`,
/// `&#x26;`): then the `&` is escaped so the text comes out as typed.
fn entity_follows(rest: &[Ch]) -> bool {
    let name = rest
        .iter()
        .skip(usize::from(rest.first().is_some_and(|c| c.c == '#')))
        .take_while(|c| c.c.is_ascii_alphanumeric())
        .count();
    let hash = usize::from(rest.first().is_some_and(|c| c.c == '#'));
    name > 0 && rest.get(hash + name).is_some_and(|c| c.c == ';')
}

/// Moves characters out of the edges of each bold stretch until its `**`
/// markers are sure to open and close (the flanking rules of CommonMark).
fn fix_bold_edges(text: &mut [Ch]) {
    let mut i = 0;
    while i < text.len() {
        if !text[i].bold {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < text.len() && text[end].bold {
            end += 1;
        }
        let (mut s, mut e) = (i, end);
        while s < e && !opens(s.checked_sub(1).map(|p| text[p].c), text[s].c) {
            text[s].bold = false;
            s += 1;
        }
        while s < e && !opens(text.get(e).map(|n| n.c), text[e - 1].c) {
            text[e - 1].bold = false;
            e -= 1;
        }
        i = end;
    }
}

/// Whether `**` between `outside` (None: the line's edge) and the bold
/// stretch's edge character `edge` flanks the stretch. The rule is symmetric
/// for opening and closing. A character that might be punctuation counts as
/// such at the edge, and only sure punctuation counts outside, so the answer
/// holds whichever Unicode version a renderer uses.
fn opens(outside: Option<char>, edge: char) -> bool {
    if edge.is_whitespace() {
        return false;
    }
    let edge_punct = !edge.is_alphanumeric();
    !edge_punct || outside.is_none_or(|o| o.is_whitespace() || surely_punctuation(o))
}

/// Punctuation in every CommonMark version: ASCII punctuation and the
/// general-category P characters Chinese text uses.
fn surely_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301f}'
            | '\u{ff01}'..='\u{ff03}'
            | '\u{ff05}'..='\u{ff0a}'
            | '\u{ff0c}'..='\u{ff0f}'
            | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff20}'
            | '\u{ff3b}'..='\u{ff3d}'
            | '\u{ff3f}' | '\u{ff5b}' | '\u{ff5d}'
            | '\u{ff5f}'..='\u{ff65}')
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod injection_tests;
