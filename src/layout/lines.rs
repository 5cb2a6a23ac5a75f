//! Paragraphs → lines (docs/layout.md §15): characters measured through
//! [`Metrics`], lines broken where Chinese typesetting allows (禁则: no line
//! starts with a closing mark, none ends with an opening one; numbers and
//! Latin words stay whole), a closing mark that would overflow hangs in the
//! margin, and justified lines are spread to the margin.

use super::geometry::{AREA_LEFT, AREA_WIDTH, CHAR_SPACING, pt};
use super::resolve::{Align, Item, Para};
use super::{Line, Metrics, Run};

/// Marks no line may start with: the zh-CN list LibreOffice applies
/// (its locale data, `ForbiddenLineBeginCharacters`), closing punctuation
/// and brackets among them.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '\''
            | ')'
            | ','
            | '-'
            | '.'
            | ':'
            | ';'
            | '?'
            | ']'
            | '}'
            | '\u{a2}'
            | '\u{b7}'
            | '\u{2c7}'
            | '\u{2c9}'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{2015}'
            | '\u{2016}'
            | '\u{2019}'
            | '\u{201d}'
            | '\u{2022}'
            | '\u{2032}'
            | '\u{3001}'
            | '\u{3002}'
            | '\u{3005}'
            | '\u{3009}'
            | '\u{300b}'
            | '\u{300d}'
            | '\u{300f}'
            | '\u{3011}'
            | '\u{3015}'
            | '\u{3017}'
            | '\u{301e}'
            | '\u{fe30}'
            ..='\u{fe5e}'
                | '\u{ff01}'
                | '\u{ff09}'
                | '\u{ff0c}'
                | '\u{ff0e}'
                | '\u{ff1a}'
                | '\u{ff1b}'
                | '\u{ff1f}'
                | '\u{ff5c}'
                | '\u{ff5d}'
                | '\u{ff5e}'
                | '\u{ff64}'
                | '\u{ffe0}'
    ) && !no_line_end_only(c)
}

/// Vertical-form opening brackets, which the range above would catch.
fn no_line_end_only(c: char) -> bool {
    matches!(
        c,
        '\u{fe35}'
            | '\u{fe37}'
            | '\u{fe39}'
            | '\u{fe3b}'
            | '\u{fe3d}'
            | '\u{fe3f}'
            | '\u{fe41}'
            | '\u{fe43}'
            | '\u{fe59}'
            | '\u{fe5b}'
            | '\u{fe5d}'
    )
}

/// Marks no line may end with: the zh-CN list LibreOffice applies
/// (`ForbiddenLineEndCharacters`), opening punctuation and brackets.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '\u{a3}'
            | '\u{a5}'
            | '\u{2018}'
            | '\u{201c}'
            | '\u{2035}'
            | '\u{3008}'
            | '\u{300a}'
            | '\u{300c}'
            | '\u{300e}'
            | '\u{3010}'
            | '\u{3014}'
            | '\u{3016}'
            | '\u{301d}'
            | '\u{ff08}'
            | '\u{ff3b}'
            | '\u{ff5b}'
            | '\u{ffe1}'
            | '\u{ffe5}'
    ) || no_line_end_only(c)
}

/// Characters that form unbreakable words with their neighbours: Latin
/// letters, digits, and the marks inside numbers (`43.4%`, `1,000`, `5G`).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '_' | '/' | ':' | '+' | '&')
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

/// The script of a character as LibreOffice sorts text into portions:
/// Asian (CJK), Latin (letters and digits), or weak (punctuation, spaces),
/// which joins its neighbour's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Asian,
    Latin,
    Weak,
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => Script::Latin,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF => Script::Asian,
        0x20000..=0x3FFFF => Script::Asian,
        _ => Script::Weak,
    }
}

/// Marks a CJK face sets a full character wide in Chinese text (LibreOffice
/// shapes them with the zh-CN forms), whatever its default glyph.
fn full_width_in_asian(c: char) -> bool {
    matches!(
        c,
        '\u{2014}' | '\u{2015}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{2026}'
    )
}

/// Space LibreOffice puts between Chinese and Latin letters or digits: a
/// fifth of the font size (its "autospace", which it applies whatever the
/// file says; docs/layout.md §15).
pub fn autospace(size: f32) -> f32 {
    // Whole twips, as LibreOffice computes it.
    ((size * 20.0) as i32 / 5) as f32 / 20.0
}

/// One measured character.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    c: char,
    /// Its segment in the paragraph.
    seg: usize,
    /// The glyph's own advance in points, without character spacing.
    advance: f32,
    /// Its script, weak characters resolved to their neighbour's.
    script: Script,
    /// It starts a portion: its segment is set differently from the one
    /// before, or its script differs.
    starts_portion: bool,
}

impl Glyph {
    fn is_control(&self) -> bool {
        matches!(self.c, '\n' | '\t')
    }
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

/// An item broken into lines: a paragraph, or a table's rows.
#[derive(Debug, Clone)]
pub enum Laid {
    /// A paragraph's lines.
    Para(ParaLines),
    /// A table's rows.
    Table(super::table::TableRows),
}

/// Every item broken into lines.
pub fn break_items(items: &[Item], metrics: &dyn Metrics) -> Vec<Laid> {
    items
        .iter()
        .map(|item| match item {
            Item::Para(p) => Laid::Para(break_para(p, metrics)),
            Item::Table(t) => Laid::Table(super::table::lay_out_table(t, metrics)),
        })
        .collect()
}

/// Where a paragraph's lines go across: the type area, or a table cell's
/// text box; in points from the page's left edge.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// The left edge.
    pub left: f32,
    /// The width.
    pub width: f32,
}

/// The type area.
pub const AREA: Frame = Frame {
    left: AREA_LEFT,
    width: AREA_WIDTH,
};

/// The characters of `p`, measured and sorted into portions.
fn glyphs(p: &Para, metrics: &dyn Metrics) -> Vec<Glyph> {
    let mut out: Vec<Glyph> = Vec::new();
    for (seg, s) in p.segments.iter().enumerate() {
        for c in s.text.chars() {
            out.push(Glyph {
                c,
                seg,
                advance: 0.0,
                script: script_of(c),
                starts_portion: false,
            });
        }
    }
    // Weak characters join the script before them; leading ones the first
    // strong one after them; a paragraph of weak characters only is Latin.
    let mut last = None;
    for g in out.iter_mut() {
        if g.script == Script::Weak {
            if let Some(s) = last {
                g.script = s;
            }
        } else {
            last = Some(g.script);
        }
    }
    let first_strong = out
        .iter()
        .map(|g| g.script)
        .find(|s| *s != Script::Weak)
        .unwrap_or(Script::Latin);
    for g in out.iter_mut().take_while(|g| g.script == Script::Weak) {
        g.script = first_strong;
    }
    let style = |g: &Glyph| {
        let s = &p.segments[g.seg];
        (s.face, s.bold, s.placeholder, s.run_in)
    };
    for i in 0..out.len() {
        let g = out[i];
        let s = &p.segments[g.seg];
        let mut em = metrics.advance(s.face, s.bold, g.c);
        if g.script == Script::Asian && full_width_in_asian(g.c) {
            em = 1.0;
        }
        out[i].advance = if g.is_control() { 0.0 } else { em * p.size };
        out[i].starts_portion = i == 0
            || g.is_control()
            || out[i - 1].is_control()
            || style(&out[i - 1]) != style(&g)
            || out[i - 1].script != g.script;
    }
    out
}

/// What follows glyph `i` on its line when glyph `i + 1` is on it too:
/// character spacing inside a portion, the autospace between Chinese and
/// Latin letters or digits.
fn gap_after(glyphs: &[Glyph], i: usize, size: f32) -> f32 {
    let (a, b) = (glyphs[i], glyphs[i + 1]);
    if b.is_control() || a.is_control() {
        return 0.0;
    }
    if !b.starts_portion {
        return CHAR_SPACING;
    }
    let scripts_differ = a.script != b.script;
    if scripts_differ && a.c.is_alphanumeric() && b.c.is_alphanumeric() {
        autospace(size)
    } else {
        0.0
    }
}

/// A paragraph's lines in the type area.
pub fn break_para(p: &Para, metrics: &dyn Metrics) -> ParaLines {
    break_in(p, metrics, AREA)
}

/// A paragraph's lines in `frame`.
pub fn break_in(p: &Para, metrics: &dyn Metrics, frame: Frame) -> ParaLines {
    let glyphs = glyphs(p, metrics);
    let mut lines = Vec::new();
    let mut start = 0;
    loop {
        let first = lines.is_empty();
        let indent = p.left + if first { p.first } else { 0 };
        let x0 = frame.left + pt(indent);
        let avail = frame.width - pt(indent + p.right);
        let (end, next, forced) = fit(&glyphs, start, x0, avail, p, frame);
        let last = next >= glyphs.len() || forced;
        let spread = p.align == Align::Justify && !last;
        lines.push(place(p, &glyphs[start..end], x0, avail, spread, frame));
        start = next;
        if start >= glyphs.len() {
            break;
        }
    }
    let outline = p.bookmark.clone();
    ParaLines {
        lines,
        height: p.line_height,
        keep_next: p.keep_next,
        page_break_before: p.page_break_before,
        outline,
    }
}

/// Where the line from `start` ends: (end of its glyphs, start of the next
/// line, whether a line break ended it).
fn fit(
    glyphs: &[Glyph],
    start: usize,
    x0: f32,
    avail: f32,
    p: &Para,
    frame: Frame,
) -> (usize, usize, bool) {
    let mut width = 0.0;
    let mut i = start;
    while i < glyphs.len() {
        let g = glyphs[i];
        if g.c == '\n' {
            return (i, i + 1, true);
        }
        let gap = if i > start {
            gap_after(glyphs, i - 1, p.size)
        } else {
            0.0
        };
        let advance = if g.c == '\t' {
            tab_advance(p, x0 + width + gap, frame)
        } else {
            g.advance
        };
        // Spaces may pass the margin: they end the line unseen.
        if width + gap + advance > avail + 0.01 && i > start && g.c != ' ' {
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
        width += gap + advance;
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
fn tab_advance(p: &Para, x: f32, frame: Frame) -> f32 {
    match p.tab {
        Some(stop) => (frame.left + pt(stop) - x).max(0.0),
        None => 0.0,
    }
}

/// The glyphs of one line as runs, aligned in `avail` from `x0`.
fn place(p: &Para, glyphs: &[Glyph], x0: f32, avail: f32, spread: bool, frame: Frame) -> Line {
    // Trailing spaces take no room.
    let mut glyphs = glyphs;
    while glyphs.last().is_some_and(|g| g.c == ' ') {
        glyphs = &glyphs[..glyphs.len() - 1];
    }
    let mut advances: Vec<f32> = Vec::with_capacity(glyphs.len());
    let mut x = x0;
    for (i, g) in glyphs.iter().enumerate() {
        let mut a = if g.c == '\t' {
            tab_advance(p, x, frame)
        } else {
            g.advance
        };
        if i + 1 < glyphs.len() {
            a += gap_after(glyphs, i, p.size);
        }
        advances.push(a);
        x += a;
    }
    let natural: f32 = advances.iter().sum();
    let offset = match p.align {
        Align::Center => ((avail - natural) / 2.0).max(0.0),
        _ => 0.0,
    };
    if spread && natural < avail {
        // The room left is spread between characters, never inside a
        // number or a Latin word.
        let gaps: Vec<usize> = (1..glyphs.len())
            .filter(|&i| !(is_word(glyphs[i - 1].c) && is_word(glyphs[i].c)))
            .filter(|&i| !glyphs[i - 1].is_control() && !glyphs[i].is_control())
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
    let mut split = true;
    for (g, a) in glyphs.iter().zip(&advances) {
        if g.is_control() {
            x += a;
            split = true;
            continue;
        }
        let s = &p.segments[g.seg];
        let same = runs.last().is_some_and(|r: &Run| {
            r.face == s.face && r.bold == s.bold && r.placeholder == s.placeholder
        });
        if !same || split {
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
        split = false;
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
