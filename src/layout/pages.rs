//! Lines → pages (docs/layout.md §15): 22 grid lines a page, a paragraph
//! kept with the next one moves down with it (its last line at least), and
//! no page starts with an empty line.

use super::geometry::{AREA_BOTTOM, AREA_LEFT, AREA_RIGHT, AREA_TOP, MM, SIZE_4};
use super::lines::ParaLines;
use super::{CHAR_SPACING, Face, Line, Metrics, OutlineEntry, Page, Run};

/// Where the baseline sits in a grid line of [`PITCH`], from its top: the
/// lines are exact, so the text stands on the same place in every row.
pub const BASELINE_IN_ROW: f32 = 23.2;

/// Height of the type area.
const AREA_HEIGHT: f32 = AREA_BOTTOM - AREA_TOP;

/// One line waiting for its page.
struct Pending<'a> {
    line: &'a Line,
    height: f32,
    /// Must be on the page of the line after it.
    glued: bool,
    /// Starts a new page.
    break_before: bool,
    /// An empty line (dropped at the top of a page).
    blank: bool,
    outline: Option<&'a (String, u8)>,
}

/// Puts the lines on pages; returns the pages and the bookmarks.
pub fn paginate(paras: &[ParaLines], metrics: &dyn Metrics) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut pending: Vec<Pending> = Vec::new();
    for p in paras {
        let n = p.lines.len();
        for (i, line) in p.lines.iter().enumerate() {
            pending.push(Pending {
                line,
                height: p.height,
                glued: i + 1 == n && p.keep_next,
                break_before: i == 0 && p.page_break_before,
                blank: line.runs.is_empty(),
                outline: if i == 0 { p.outline.as_ref() } else { None },
            });
        }
    }
    let mut pages: Vec<Vec<(Line, f32)>> = vec![Vec::new()];
    let mut outline = Vec::new();
    let mut used = 0.0_f32;
    let mut i = 0;
    while i < pending.len() {
        let l = &pending[i];
        let page_empty = pages.last().is_some_and(Vec::is_empty);
        if l.break_before && !page_empty {
            pages.push(Vec::new());
            used = 0.0;
            continue;
        }
        if page_empty && l.blank && pages.len() > 1 && !l.break_before {
            i += 1;
            continue;
        }
        // The lines glued to this one must come along.
        let mut group = l.height;
        let mut j = i;
        while pending[j].glued && j + 1 < pending.len() {
            j += 1;
            group += pending[j].height;
        }
        let fits = |h: f32| used + h <= AREA_HEIGHT + 0.01;
        let overflows = !fits(l.height) || (!fits(group) && group <= AREA_HEIGHT + 0.01);
        if overflows && !page_empty {
            pages.push(Vec::new());
            used = 0.0;
            continue;
        }
        let top = AREA_TOP + used;
        if let Some((text, level)) = l.outline {
            outline.push(OutlineEntry {
                text: text.clone(),
                level: *level,
                page: pages.len(),
                y: top,
            });
        }
        pages
            .last_mut()
            .expect("a page")
            .push((l.line.clone(), top));
        used += l.height;
        i += 1;
    }
    let pages = pages
        .into_iter()
        .enumerate()
        .map(|(n, lines)| Page {
            number: n + 1,
            lines: lines
                .into_iter()
                .map(|(mut line, top)| {
                    line.baseline = top + BASELINE_IN_ROW;
                    line
                })
                .filter(|l| !l.runs.is_empty())
                .collect(),
            rules: Vec::new(),
            folio: folio(n + 1, metrics),
        })
        .collect();
    (pages, outline)
}

/// The page number `— N —`: 4号 宋体, one character in from the type area's
/// outer edge (right on odd pages, left on even ones), its dashes 7 mm below
/// the type area.
pub fn folio(number: usize, metrics: &dyn Metrics) -> Line {
    let text = format!("\u{2014} {number} \u{2014}");
    let advances: Vec<f32> = text
        .chars()
        .map(|c| metrics.advance(Face::SongTi, false, c) * SIZE_4 + CHAR_SPACING)
        .collect();
    let width: f32 = advances.iter().sum();
    let x = if number % 2 == 1 {
        AREA_RIGHT - SIZE_4 - width
    } else {
        AREA_LEFT + SIZE_4
    };
    Line {
        baseline: AREA_BOTTOM + 7.0 * MM + FOLIO_DASH_HEIGHT * SIZE_4,
        runs: vec![Run {
            x,
            text,
            face: Face::SongTi,
            size: SIZE_4,
            bold: false,
            placeholder: false,
            advances,
        }],
    }
}

/// How high above the baseline the em dash's stroke sits, in em of 宋体.
pub const FOLIO_DASH_HEIGHT: f32 = 0.3;
