//! Lines → pages (docs/layout.md §15): 22 grid lines a page, a paragraph
//! kept with the next one moves down with it (its last line at least), and
//! no page starts with an empty line.

use super::geometry::{AREA_BOTTOM, AREA_LEFT, AREA_RIGHT, AREA_TOP, FOLIO_BASELINE, SIZE_4};
use super::lines::ParaLines;
use super::{CHAR_SPACING, Face, Line, Metrics, OutlineEntry, Page, Run};

/// Where the baseline of 3号 text sits in a grid line of 28.95 pt, from its
/// top, as LibreOffice sets it (measured; docs/layout.md §15).
pub const BASELINE_IN_ROW: f32 = 21.8;

/// Height of the type area.
const AREA_HEIGHT: f32 = AREA_BOTTOM - AREA_TOP;
/// Puts the lines on pages; returns the pages and the bookmarks.
///
/// A paragraph kept with the next one moves to the next page whole,
/// together with the paragraphs it is kept with and the first line of the
/// one after them, when they do not fit below: that is what LibreOffice
/// does (measured; docs/layout.md §15), so a `一、` heading never ends a page
/// and the sign-off never starts one without the text above it.
pub fn paginate(paras: &[ParaLines], metrics: &dyn Metrics) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut pages: Vec<Vec<(Line, f32)>> = vec![Vec::new()];
    let mut outline = Vec::new();
    let mut used = 0.0_f32;
    let fits = |used: f32, h: f32| used + h <= AREA_HEIGHT + 0.01;
    for (pi, p) in paras.iter().enumerate() {
        let page_empty = pages.last().is_some_and(Vec::is_empty);
        if p.page_break_before && !page_empty {
            pages.push(Vec::new());
            used = 0.0;
        }
        // The chain this paragraph starts: it and the paragraphs kept with
        // it, and the first line of the paragraph after them.
        let starts_chain = p.keep_next && (pi == 0 || !paras[pi - 1].keep_next);
        if starts_chain && !pages.last().is_some_and(Vec::is_empty) {
            let mut group = 0.0;
            let mut j = pi;
            while j < paras.len() && paras[j].keep_next {
                group += paras[j].height * paras[j].lines.len() as f32;
                j += 1;
            }
            if paras.get(j).is_some_and(|next| !next.lines.is_empty()) {
                group += paras[j].height;
            }
            if !fits(used, group) && group <= AREA_HEIGHT + 0.01 {
                pages.push(Vec::new());
                used = 0.0;
            }
        }
        for (i, line) in p.lines.iter().enumerate() {
            let page_empty = pages.last().is_some_and(Vec::is_empty);
            // No page starts with an empty line.
            if page_empty && line.runs.is_empty() && pages.len() > 1 && !p.page_break_before {
                continue;
            }
            if !fits(used, p.height) && !page_empty {
                pages.push(Vec::new());
                used = 0.0;
            }
            let top = AREA_TOP + used;
            if i == 0
                && let Some((text, level)) = &p.outline
            {
                outline.push(OutlineEntry {
                    text: text.clone(),
                    level: *level,
                    page: pages.len(),
                    y: top,
                });
            }
            pages.last_mut().expect("a page").push((line.clone(), top));
            used += p.height;
        }
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
/// the type area. The number is a field in the DOCX file, a portion of its
/// own, so the characters either side of it take no character spacing.
pub fn folio(number: usize, metrics: &dyn Metrics) -> Line {
    let digits = number.to_string();
    let parts = ["\u{2014} ", digits.as_str(), " \u{2014}"];
    let mut text = String::new();
    let mut advances = Vec::new();
    for part in parts {
        let n = part.chars().count();
        for (i, c) in part.chars().enumerate() {
            let spacing = if i + 1 < n { CHAR_SPACING } else { 0.0 };
            text.push(c);
            advances.push(metrics.advance(Face::SongTi, false, c) * SIZE_4 + spacing);
        }
    }
    let width: f32 = advances.iter().sum();
    let x = if number % 2 == 1 {
        AREA_RIGHT - SIZE_4 - width
    } else {
        AREA_LEFT + SIZE_4
    };
    Line {
        baseline: FOLIO_BASELINE,
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
