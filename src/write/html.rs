//! The HTML writer: a [`Document`] as a standalone page laid out like the Word
//! file (docs/layout.md §2–§7): A4 pages, a grid of 22 lines × 28 characters, the
//! 公文 faces with fallbacks, `— N —` page numbers, placeholders highlighted.
//!
//! `huibao serve` shows exactly this page as its preview, so what the clerk
//! sees while typing is what `render -o 报告.html` writes.
//!
//! Lines are broken here, not by the browser: every line is one grid line,
//! so pages hold exactly 22 of them whatever fonts the reader has. Widths
//! count a full-width character as two units and a half-width one as one;
//! punctuation that may not start a line (，。) takes the previous character
//! with it, and opening marks (“《) never end a line. All text from the form
//! is HTML-escaped.

use std::fmt::Write as _;

use crate::document::{Block, Document, Heading, Inline, InlineStyle};

/// Lines per page (docs/layout.md §3).
pub const LINES_PER_PAGE: usize = 22;
/// Half-width units per body line: 28 full-width characters.
const BODY_UNITS: usize = 56;
/// Units per title line: the 2号 title face (22 pt) in the 442 pt type area.
const TITLE_UNITS: usize = 40;
/// The 附件 lead (`附件：`) hangs by three characters.
const ATTACHMENT_LEAD: usize = 6;

/// The page's style sheet; the preview of `huibao serve` uses the same page.
const CSS: &str = include_str!("html.css");

/// Renders `doc` as a standalone HTML page.
pub fn to_html(doc: &Document) -> String {
    let lines = lay_out(doc);
    let mut out = String::with_capacity(4096 + lines.len() * 160);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title));
    if !doc.author.is_empty() {
        let _ = writeln!(
            out,
            "<meta name=\"author\" content=\"{}\">",
            escape(&doc.author)
        );
    }
    let _ = write!(
        out,
        "<style>\n{CSS}</style>\n</head>\n<body>\n<main class=\"doc\">\n"
    );
    for (n, page) in paginate(lines).iter().enumerate() {
        out.push_str("<section class=\"page\">\n<div class=\"area\">\n");
        for line in page {
            line.write(&mut out);
        }
        let side = if n % 2 == 0 { "odd" } else { "even" };
        let _ = write!(
            out,
            "</div>\n<footer class=\"pn {side}\">\u{2014} {} \u{2014}</footer>\n</section>\n",
            n + 1
        );
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// How one character is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Bold,
    Placeholder,
    /// Body text run in after a heading: body face, not the heading's.
    RunIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Justify,
    Center,
    Right,
}

/// One grid line.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    /// The block's class: `body`, `title`, `sub`, `h1`…`h4`, `sig`, `date`.
    class: &'static str,
    align: Align,
    /// Space before the text, in half-width units.
    indent: usize,
    /// Space after the text (right-aligned lines), in half-width units.
    right: usize,
    /// A full line inside a justified paragraph: spread to the margin.
    spread: bool,
    chars: Vec<(char, Kind)>,
    /// A heading on its own line: kept with the line after it.
    keep_next: bool,
}

impl Line {
    fn blank() -> Line {
        Line {
            class: "body",
            align: Align::Justify,
            indent: 0,
            right: 0,
            spread: false,
            chars: Vec::new(),
            keep_next: false,
        }
    }

    fn write(&self, out: &mut String) {
        let align = match self.align {
            Align::Justify if self.spread => " j",
            Align::Justify => "",
            Align::Center => " c",
            Align::Right => " r",
        };
        let _ = write!(out, "<div class=\"ln {}{align}\"", self.class);
        // Indents in em of the body face: one character is 1em.
        match (self.indent, self.right) {
            (0, 0) => {}
            (l, 0) => {
                let _ = write!(out, " style=\"padding-left:{}em\"", l as f32 / 2.0);
            }
            (0, r) => {
                let _ = write!(out, " style=\"padding-right:{}em\"", r as f32 / 2.0);
            }
            (l, r) => {
                let _ = write!(
                    out,
                    " style=\"padding-left:{}em;padding-right:{}em\"",
                    l as f32 / 2.0,
                    r as f32 / 2.0
                );
            }
        }
        out.push('>');
        let mut i = 0;
        while i < self.chars.len() {
            let kind = self.chars[i].1;
            let end = self.chars[i..]
                .iter()
                .position(|c| c.1 != kind)
                .map_or(self.chars.len(), |p| i + p);
            let text: String = self.chars[i..end].iter().map(|c| c.0).collect();
            let text = escape(&text);
            match kind {
                Kind::Plain => out.push_str(&text),
                Kind::Bold => {
                    let _ = write!(out, "<b>{text}</b>");
                }
                Kind::Placeholder => {
                    let _ = write!(out, "<mark class=\"ph\">{text}</mark>");
                }
                Kind::RunIn => {
                    let _ = write!(out, "<span class=\"run\">{text}</span>");
                }
            }
            i = end;
        }
        out.push_str("</div>\n");
    }
}

/// Escapes the five characters that could make markup of text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Every line of the document, blank lines included, as the Word writer
/// spaces the blocks (a blank line under the title group, before the
/// 附件说明 and before the signature).
fn lay_out(doc: &Document) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let blank = |lines: &mut Vec<Line>| {
        if lines.last().is_some_and(|l: &Line| !l.chars.is_empty()) {
            lines.push(Line::blank());
        }
    };
    let is_head = |b: &Block| matches!(b, Block::Title(_) | Block::Subtitle(_) | Block::Byline(_));
    let mut after_signature = false;
    for (i, block) in doc.blocks.iter().enumerate() {
        let simple = |class, align, units, first, right, runs: &[Inline]| Para {
            class,
            align,
            units,
            left: 0,
            first,
            right,
            chars: chars(runs, Kind::Plain),
        };
        let para = match block {
            Block::Title(r) => simple("title", Align::Center, TITLE_UNITS, 0, 0, r),
            Block::Subtitle(r) | Block::Byline(r) => {
                simple("sub", Align::Center, BODY_UNITS, 0, 0, r)
            }
            Block::Salutation(r) => simple("body", Align::Justify, BODY_UNITS, 0, 0, r),
            Block::Paragraph(r) => simple("body", Align::Justify, BODY_UNITS, 4, 0, r),
            Block::Heading(h) => heading(h),
            Block::Attachments(entries) => {
                blank(&mut lines);
                for (n, entry) in entries.iter().enumerate() {
                    let mut text = Vec::new();
                    if n == 0 {
                        text.extend("附件\u{ff1a}".chars().map(|c| (c, Kind::Plain)));
                    }
                    if entries.len() > 1 {
                        text.extend(format!("{}.", n + 1).chars().map(|c| (c, Kind::Plain)));
                    }
                    text.extend(chars(entry, Kind::Plain));
                    // The first entry starts two characters in, after
                    // `附件：`; every other line aligns under its name.
                    let hang = 4 + ATTACHMENT_LEAD;
                    Para {
                        class: "body",
                        align: Align::Justify,
                        units: BODY_UNITS,
                        left: if n == 0 { 4 } else { hang },
                        first: 0,
                        right: 0,
                        chars: text,
                    }
                    .break_into(&mut lines, hang);
                }
                continue;
            }
            Block::Signature(r) => {
                blank(&mut lines);
                after_signature = true;
                simple("sig", Align::Right, BODY_UNITS, 0, 4, r).break_into(&mut lines, 0);
                continue;
            }
            Block::Date(r) => {
                if !after_signature {
                    blank(&mut lines);
                }
                simple("date", Align::Right, BODY_UNITS, 0, 8, r)
            }
        };
        after_signature = false;
        let rest = para.left;
        para.break_into(&mut lines, rest);
        if is_head(block) && doc.blocks.get(i + 1).is_some_and(|n| !is_head(n)) {
            blank(&mut lines);
        }
    }
    lines
}

fn heading(h: &Heading) -> Para {
    let mut text: Vec<(char, Kind)> = h.label.chars().map(|c| (c, Kind::Plain)).collect();
    text.extend(chars(&h.text, Kind::Plain));
    text.extend(chars(&h.run_in, Kind::RunIn));
    Para {
        class: ["h1", "h2", "h3", "h4"][usize::from(h.level.clamp(1, 4)) - 1],
        align: Align::Justify,
        units: BODY_UNITS,
        left: 0,
        first: 4,
        right: 0,
        chars: text,
    }
}

fn chars(runs: &[Inline], base: Kind) -> Vec<(char, Kind)> {
    runs.iter()
        .flat_map(|r| {
            let kind = match r.style {
                InlineStyle::Plain => base,
                InlineStyle::Bold => Kind::Bold,
                InlineStyle::Placeholder => Kind::Placeholder,
            };
            r.text.chars().map(move |c| (c, kind))
        })
        .collect()
}

/// A paragraph before line breaking.
struct Para {
    class: &'static str,
    align: Align,
    /// Units of a full line in this block's face.
    units: usize,
    /// Indent of the first line, from the left margin.
    left: usize,
    /// Extra first-line indent on top of `left`.
    first: usize,
    right: usize,
    chars: Vec<(char, Kind)>,
}

impl Para {
    /// Breaks the paragraph into lines; lines after the first start `rest`
    /// units in.
    fn break_into(self, lines: &mut Vec<Line>, rest: usize) {
        let keep_next =
            self.class.starts_with('h') && !self.chars.iter().any(|c| c.1 == Kind::RunIn);
        let first_indent = self.left + self.first;
        let cap = |first: bool| {
            let indent = if first { first_indent } else { rest };
            self.units.saturating_sub(indent + self.right).max(2)
        };
        let mut out: Vec<Line> = Vec::new();
        let mut cur: Vec<Vec<(char, Kind)>> = Vec::new();
        let mut width = 0;
        let emit = |cur: &mut Vec<Vec<(char, Kind)>>, spread: bool, out: &mut Vec<Line>| {
            let first = out.is_empty();
            out.push(Line {
                class: self.class,
                align: self.align,
                indent: if first { first_indent } else { rest },
                right: self.right,
                spread: spread && self.align == Align::Justify,
                chars: cur.drain(..).flatten().collect(),
                keep_next: false,
            });
        };
        for token in tokens(&self.chars) {
            if token[0].0 == '\n' {
                emit(&mut cur, false, &mut out);
                width = 0;
                continue;
            }
            let w: usize = token.iter().map(|c| char_width(c.0)).sum();
            if width + w > cap(out.is_empty()) && !cur.is_empty() {
                // 避头尾: a closing mark takes the character before it along,
                // an opening mark goes with what follows.
                let mut carry = Vec::new();
                if no_line_start(token[0].0) && cur.len() > 1 {
                    carry.push(cur.pop().unwrap_or_default());
                }
                while cur.len() > 1 && cur.last().is_some_and(|t| no_line_end(t[0].0)) {
                    carry.insert(0, cur.pop().unwrap_or_default());
                }
                emit(&mut cur, true, &mut out);
                width = carry.iter().flatten().map(|c| char_width(c.0)).sum();
                cur = carry;
            }
            width += w;
            cur.push(token);
        }
        if !cur.is_empty() || out.is_empty() {
            emit(&mut cur, false, &mut out);
        }
        if let Some(last) = out.last_mut() {
            last.keep_next = keep_next;
        }
        lines.extend(out);
    }
}

/// Unbreakable pieces: one CJK character, or a run of Latin letters and
/// digits (`2024`, `12.5%`, `GDP`); a `\n` is a token of its own.
fn tokens(chars: &[(char, Kind)]) -> Vec<Vec<(char, Kind)>> {
    let mut out: Vec<Vec<(char, Kind)>> = Vec::new();
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-' | '_');
    for &(c, k) in chars {
        match out.last_mut() {
            Some(last) if word(c) && last.last().is_some_and(|p| word(p.0)) => last.push((c, k)),
            _ => out.push(vec![(c, k)]),
        }
    }
    out
}

/// Half-width units a character takes: ASCII and Latin are half-width; CJK,
/// full-width marks, `“”`, `—` and `…` are full-width in the 公文 faces.
fn char_width(c: char) -> usize {
    if (c as u32) < 0x2000 { 1 } else { 2 }
}

fn no_line_start(c: char) -> bool {
    "\u{ff0c}\u{3002}\u{3001}\u{ff1b}\u{ff1a}\u{ff01}\u{ff1f}\u{ff09}\u{300b}\u{300d}\u{300f}\u{201d}\u{2019}\u{3011}\u{2026}\u{2014},.;:!?)%"
        .contains(c)
}

fn no_line_end(c: char) -> bool {
    "\u{ff08}\u{300a}\u{300c}\u{300e}\u{201c}\u{2018}\u{3010}(".contains(c)
}

/// Lines into pages of [`LINES_PER_PAGE`]; a page never starts with a blank
/// line, and a heading on the last line of a page moves to the next one.
fn paginate(lines: Vec<Line>) -> Vec<Vec<Line>> {
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let many = pages.len() > 1;
        let page = pages.last().expect("one page at least");
        if page.is_empty() && line.chars.is_empty() && many {
            continue;
        }
        let heading_at_foot = page.len() == LINES_PER_PAGE - 1 && line.keep_next && i + 1 < count;
        if heading_at_foot || page.len() == LINES_PER_PAGE {
            pages.push(Vec::new());
        }
        pages.last_mut().expect("just pushed").push(line);
    }
    pages
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
