//! The page layout of a report: the [`Document`] set on A4 pages of 22 lines
//! × 28 characters (GB/T 9704; docs/layout.md), for the writers that draw
//! fixed pages (PDF, HTML) and, through its resolved paragraphs
//! ([`resolve`]), for the DOCX writer.
//!
//! Three steps: [`resolve`] turns blocks into paragraphs with their faces,
//! sizes, indents, alignment and keep rules, and numbers the attachments
//! (no writer counts); [`lines`] breaks each paragraph into lines with the
//! Chinese rules (禁则, hanging marks, digits and Latin at their real widths
//! from [`Metrics`]); [`pages`] puts the lines on pages, keeping what must
//! stay together. Positions are in points from the page's top-left corner.

pub mod geometry;
pub mod lines;
pub mod pages;
pub mod resolve;
pub mod sign_off;

use crate::document::Document;

pub use geometry::*;

/// A typeface of the report (docs/layout.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// 方正小标宋简体: the title.
    XiaoBiaoSong,
    /// 仿宋_GB2312: the body.
    FangSong,
    /// 黑体: `一、` headings, the 附件 label of an attached page.
    HeiTi,
    /// 楷体_GB2312: `（一）` headings, subtitle, byline.
    KaiTi,
    /// 宋体: page numbers.
    SongTi,
}

/// How wide characters are.
pub trait Metrics {
    /// The advance of `c` in `face` (bold or not), in em of the face.
    fn advance(&self, face: Face, bold: bool, c: char) -> f32;
}

/// Widths without fonts: CJK and full-width characters 1 em, ASCII and other
/// narrow characters 0.5 em. Used when no font is found, and by tests that
/// must not depend on the machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixedMetrics;

impl Metrics for FixedMetrics {
    fn advance(&self, _face: Face, _bold: bool, c: char) -> f32 {
        if is_wide(c) { 1.0 } else { 0.5 }
    }
}

/// Whether `c` is full-width in a CJK face: ideographs, kana, CJK and
/// full-width punctuation, the curly quotes, `—` and `…`.
pub fn is_wide(c: char) -> bool {
    (c as u32) >= 0x2000 && !matches!(c as u32, 0xFF61..=0xFFDC | 0xFFE8..=0xFFEE)
}

/// A report laid out on pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The title, for the file's metadata.
    pub title: String,
    /// The issuing body, for the file's metadata.
    pub author: String,
    /// The pages, first to last.
    pub pages: Vec<Page>,
    /// The bookmarks: `一、` headings (level 1) and `（一）` headings (level 2),
    /// and each attached page (level 1), in reading order.
    pub outline: Vec<OutlineEntry>,
}

/// One A4 page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page number, from 1.
    pub number: usize,
    /// The lines of the type area, top to bottom (cells of a table included).
    pub lines: Vec<Line>,
    /// Lines to draw: a table's borders.
    pub rules: Vec<Rule>,
    /// The page number `— N —` (4号 宋体, odd pages right, even pages left,
    /// its dashes 7 mm below the type area).
    pub folio: Line,
}

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The baseline, in points from the page's top edge.
    pub baseline: f32,
    /// The runs, left to right.
    pub runs: Vec<Run>,
}

/// Characters of one face, size and style, placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Where the first character starts, in points from the page's left edge.
    pub x: f32,
    /// The characters.
    pub text: String,
    /// The face.
    pub face: Face,
    /// The size in points.
    pub size: f32,
    /// Bold (in the 仿宋 body: a run-in lead of 工作综述).
    pub bold: bool,
    /// A placeholder `【待补充：…】`: highlighted.
    pub placeholder: bool,
    /// The advance of each character in points, spacing and justification
    /// included: character `i` starts at `x` plus the advances before it.
    pub advances: Vec<f32>,
}

impl Run {
    /// Where the run ends: `x` plus all advances.
    pub fn end(&self) -> f32 {
        self.x + self.advances.iter().sum::<f32>()
    }
}

/// A straight line to draw (a table border), in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Start, from the left edge.
    pub x1: f32,
    /// Start, from the top edge.
    pub y1: f32,
    /// End, from the left edge.
    pub x2: f32,
    /// End, from the top edge.
    pub y2: f32,
    /// Stroke width.
    pub width: f32,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The heading with its number: `一、主要工作及成效`.
    pub text: String,
    /// 1 for `一、` headings and attached pages, 2 for `（一）`.
    pub level: u8,
    /// The page it is on, from 1.
    pub page: usize,
    /// The top of its first line, in points from the page's top edge.
    pub y: f32,
}

/// Lays out `doc`, measuring characters with `metrics`.
pub fn lay_out(doc: &Document, metrics: &dyn Metrics) -> Layout {
    let items = resolve::resolve(doc);
    let broken = lines::break_items(&items, metrics);
    let (pages, outline) = pages::paginate(&broken, metrics);
    Layout {
        title: doc.title.clone(),
        author: doc.author.clone(),
        pages,
        outline,
    }
}

#[cfg(test)]
mod tests;
