//! Paragraphs → lines (docs/layout.md §15): characters measured through
//! [`Metrics`], lines broken where Chinese typesetting allows (禁则: no line
//! starts with a closing mark, none ends with an opening one; numbers and
//! Latin words stay whole), a closing mark that would overflow hangs in the
//! margin, and justified lines are spread to the margin.

use super::geometry::{AREA_LEFT, AREA_WIDTH, CHAR_SPACING, pt};
use super::resolve::{Align, Item, Para};
use super::{Line, Metrics, Run};

/// Marks no line may start with (GB/T 15834 and the zh-CN rules LibreOffice
/// applies): closing punctuation and brackets, `%`.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '\u{ff0c}'
            | '\u{3002}'
            | '\u{3001}'
            | '\u{ff1b}'
            | '\u{ff1a}'
            | '\u{ff01}'
            | '\u{ff1f}'
            | '\u{ff09}'
            | '\u{300b}'
            | '\u{3009}'
            | '\u{300d}'
            | '\u{300f}'
            | '\u{3011}'
            | '\u{3015}'
            | '\u{3017}'
            | '\u{201d}'
            | '\u{2019}'
            | '\u{2026}'
            | '\u{ff0e}'
            | '\u{ff05}'
            | '\u{ff3d}'
            | '\u{ff5d}'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Marks no line may end with: opening punctuation and brackets.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '\u{ff08}'
            | '\u{300a}'
            | '\u{3008}'
            | '\u{300c}'
            | '\u{300e}'
            | '\u{3010}'
            | '\u{3014}'
            | '\u{3016}'
            | '\u{201c}'
            | '\u{2018}'
            | '\u{ff3b}'
            | '\u{ff5b}'
            | '('
            | '['
            | '{'
    )
}

/// Marks that may hang past the right margin rather than start a line.
pub fn hangs(c: char) -> bool {
    matches!(
        c,
        '\u{ff0c}' | '\u{3002}' | '\u{3001}' | '\u{ff1b}' | '\u{ff1a}' | '\u{ff01}' | '\u{ff1f}'
    )
}

/// Characters that form unbreakable words with their neighbours: Latin
/// letters, digits, and the marks inside numbers (`43.4%`, `1,000`, `5G`).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-' | '_' | '/' | ':' | '+' | '&')
}

/// Whether a line may break between `a` and `b`.
pub fn may_break(a: char, b: char) -> bool {
    if b == ' ' {
        return false;
    }
    if a == ' ' {
        return true;
    }
    if no_line_start(b) || no_line_end(a) {
        return false;
    }
    if is_word(a) && is_word(b) {
        return false;
    }
    // `——` and `……` stay whole.
    if a == b && matches!(a, '\u{2014}' | '\u{2026}') {
        return false;
    }
    true
}

/// One measured character.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    c: char,
    /// Its segment in the paragraph.
    seg: usize,
    /// Natural advance in points, character spacing included.
    advance: f32,
}

/// A paragraph broken into lines, not yet on a page.
#[derive(Debug, Clone)]
pub struct ParaLines {
    /// The lines, baselines at 0.
    pub lines: Vec<Line>,
    /// The height of each line, in points.
    pub height: f32,
    /// Kept on the page of the next paragraph.
    pub keep_next: bool,
    /// Starts a new page.
    pub page_break_before: bool,
    /// A bookmark for it: its text and level.
    pub outline: Option<(String, u8)>,
}

/// Every item broken into lines.
pub fn break_items(items: &[Item], metrics: &dyn Metrics) -> Vec<ParaLines> {
    items
        .iter()
        .map(|item| match item {
            Item::Para(p) => break_para(p, metrics),
            Item::Table(_) => ParaLines {
                lines: Vec::new(),
                height: super::geometry::PITCH,
                keep_next: false,
                page_break_before: false,
                outline: None,
            },
        })
        .collect()
}

/// A paragraph's lines.
pub fn break_para(p: &Para, metrics: &dyn Metrics) -> ParaLines {
    let glyphs: Vec<Glyph> = p
        .segments
        .iter()
        .enumerate()
        .flat_map(|(seg, s)| s.text.chars().map(move |c| (seg, s, c)))
        .map(|(seg, s, c)| Glyph {
            c,
            seg,
            advance: match c {
                '\n' | '\t' => 0.0,
                _ => metrics.advance(s.face, s.bold, c) * p.size + CHAR_SPACING,
            },
        })
        .collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < glyphs.len() || lines.is_empty() {
        let first = lines.is_empty();
        let indent = p.left + if first { p.first } else { 0 };
        let x0 = AREA_LEFT + pt(indent);
        let avail = AREA_WIDTH - pt(indent + p.right);
        let (end, next, forced) = fit(&glyphs, start, x0, avail, p);
        let last = next >= glyphs.len() || forced;
        let spread = p.align == Align::Justify && !last;
        lines.push(place(p, &glyphs[start..end], x0, avail, spread));
        start = next;
        if start >= glyphs.len() {
            break;
        }
    }
    let outline = match p.role {
        super::resolve::Role::Heading(level @ (1 | 2)) => {
            let text: String = p
                .segments
                .iter()
                .filter(|s| !s.run_in)
                .map(|s| s.text.as_str())
                .collect();
            Some((text, level))
        }
        _ => None,
    };
    ParaLines {
        lines,
        height: super::geometry::PITCH,
        keep_next: p.keep_next,
        page_break_before: p.page_break_before,
        outline,
    }
}

/// Where the line from `start` ends: (end of its glyphs, start of the next
/// line, whether a line break ended it).
fn fit(glyphs: &[Glyph], start: usize, x0: f32, avail: f32, p: &Para) -> (usize, usize, bool) {
    let mut width = 0.0;
    let mut i = start;
    while i < glyphs.len() {
        let g = glyphs[i];
        if g.c == '\n' {
            return (i, i + 1, true);
        }
        let advance = if g.c == '\t' {
            tab_advance(p, x0 + width)
        } else {
            g.advance
        };
        // Spaces may pass the margin: they end the line unseen.
        if width + advance > avail + 0.01 && i > start && g.c != ' ' {
            // A closing mark that would start the next line hangs instead.
            if hangs(g.c) && (i + 1 == glyphs.len() || may_break(g.c, glyphs[i + 1].c)) {
                return (i + 1, skip_spaces(glyphs, i + 1), false);
            }
            // Back to the last place a line may break.
            let mut b = i;
            while b > start + 1 && !may_break(glyphs[b - 1].c, glyphs[b].c) {
                b -= 1;
            }
            if b == start + 1 && !may_break(glyphs[start].c, glyphs[b].c) {
                // No break possible in the whole line: cut at the margin.
                b = i;
            }
            return (b, skip_spaces(glyphs, b), false);
        }
        width += advance;
        i += 1;
    }
    (glyphs.len(), glyphs.len(), false)
}

fn skip_spaces(glyphs: &[Glyph], mut i: usize) -> usize {
    while i < glyphs.len() && glyphs[i].c == ' ' {
        i += 1;
    }
    i
}

/// The advance of a tab at `x`: to the paragraph's tab stop, or nothing
/// when already past it.
fn tab_advance(p: &Para, x: f32) -> f32 {
    match p.tab {
        Some(stop) => (AREA_LEFT + pt(stop) - x).max(0.0),
        None => 0.0,
    }
}

/// The glyphs of one line as runs, aligned in `avail` from `x0`.
fn place(p: &Para, glyphs: &[Glyph], x0: f32, avail: f32, spread: bool) -> Line {
    // Trailing spaces take no room.
    let mut glyphs = glyphs;
    while glyphs.last().is_some_and(|g| g.c == ' ') {
        glyphs = &glyphs[..glyphs.len() - 1];
    }
    let mut advances: Vec<f32> = Vec::with_capacity(glyphs.len());
    let mut x = x0;
    for g in glyphs {
        let a = if g.c == '\t' {
            tab_advance(p, x)
        } else {
            g.advance
        };
        advances.push(a);
        x += a;
    }
    let natural: f32 = advances.iter().sum();
    // A hanging mark past the margin is not spread over.
    let hanging = glyphs.last().is_some_and(|g| hangs(g.c)) && natural > avail + 0.01;
    let offset = match p.align {
        Align::Center => ((avail - natural) / 2.0).max(0.0),
        _ => 0.0,
    };
    if spread && !hanging && natural < avail {
        let gaps: Vec<usize> = (1..glyphs.len())
            .filter(|&i| may_break(glyphs[i - 1].c, glyphs[i].c) || !is_word(glyphs[i].c))
            .collect();
        if !gaps.is_empty() {
            let extra = (avail - natural) / gaps.len() as f32;
            for i in gaps {
                advances[i - 1] += extra;
            }
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut x = x0 + offset;
    for (g, a) in glyphs.iter().zip(&advances) {
        let s = &p.segments[g.seg];
        let same = runs.last().is_some_and(|r: &Run| {
            r.face == s.face && r.bold == s.bold && r.placeholder == s.placeholder
        });
        if g.c == '\t' {
            x += a;
            continue;
        }
        if !same || runs.last().is_some_and(|r| (r.end() - x).abs() > 0.001) {
            runs.push(Run {
                x,
                text: String::new(),
                face: s.face,
                size: p.size,
                bold: s.bold,
                placeholder: s.placeholder,
                advances: Vec::new(),
            });
        }
        let run = runs.last_mut().expect("a run");
        run.text.push(g.c);
        run.advances.push(*a);
        x += a;
    }
    Line {
        baseline: 0.0,
        runs,
    }
}
