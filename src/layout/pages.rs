//! Lines → pages (docs/layout.md §15): 22 grid lines a page, a paragraph
//! kept with the next one moves down with it (its last line at least), and
//! no page starts with an empty line.

use super::geometry::TABLE_RULE;
use super::geometry::{AREA_BOTTOM, AREA_LEFT, AREA_RIGHT, AREA_TOP, FOLIO_BASELINE, SIZE_4};
use super::lines::Laid;
use super::table::{Row, TableRows};
use super::{CHAR_SPACING, Face, Line, Metrics, OutlineEntry, Page, Rule, Run};

/// Where the baseline of 3号 text sits in a grid line of 28.95 pt, from its
/// top, as LibreOffice sets it (measured; docs/layout.md §15).
pub const BASELINE_IN_ROW: f32 = 21.8;

/// Height of the type area.
const AREA_HEIGHT: f32 = AREA_BOTTOM - AREA_TOP;
/// A page being filled: its lines (baselines final) and rules.
#[derive(Default)]
struct Sheet {
    lines: Vec<Line>,
    rules: Vec<Rule>,
    /// Whether anything (an empty line included) was put on it.
    used: bool,
}

/// Where a table's first rule stands below the line it starts on (measured
/// in LibreOffice).
const TABLE_TOP: f32 = 0.72;

/// Puts the lines on pages; returns the pages and the bookmarks.
///
/// A paragraph kept with the next one moves to the next page whole,
/// together with the paragraphs it is kept with and the first line of the
/// one after them, when they do not fit below: that is what LibreOffice
/// does (measured; docs/layout.md §15), so a `一、` heading never ends a page
/// and the sign-off never starts one without the text above it.
pub fn paginate(items: &[Laid], metrics: &dyn Metrics) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut sheets: Vec<Sheet> = vec![Sheet::default()];
    let mut outline = Vec::new();
    let mut used = 0.0_f32;
    let fits = |used: f32, h: f32| used + h <= AREA_HEIGHT + 0.01;
    let keeps = |l: &Laid| matches!(l, Laid::Para(p) if p.keep_next);
    for (pi, item) in items.iter().enumerate() {
        let p = match item {
            Laid::Para(p) => p,
            Laid::Table(t) => {
                used = place_table(t, &mut sheets, used);
                continue;
            }
        };
        let page_empty = !sheets.last().is_some_and(|s| s.used);
        if p.page_break_before && !page_empty {
            sheets.push(Sheet::default());
            used = 0.0;
        }
        // The chain this paragraph starts: it and the paragraphs kept with
        // it, and the first line of the item after them.
        let starts_chain = p.keep_next && (pi == 0 || !keeps(&items[pi - 1]));
        if starts_chain && sheets.last().is_some_and(|s| s.used) {
            let mut group = 0.0;
            let mut j = pi;
            while let Some(Laid::Para(q)) = items.get(j).filter(|l| keeps(l)) {
                group += q.height * q.lines.len() as f32;
                j += 1;
            }
            group += match items.get(j) {
                Some(Laid::Para(q)) if !q.lines.is_empty() => q.height,
                Some(Laid::Table(t)) => t.rows.iter().take(2).map(|r| r.height).sum(),
                _ => 0.0,
            };
            if !fits(used, group) && group <= AREA_HEIGHT + 0.01 {
                sheets.push(Sheet::default());
                used = 0.0;
            }
        }
        for (i, line) in p.lines.iter().enumerate() {
            let page_empty = !sheets.last().is_some_and(|s| s.used);
            // No page starts with an empty line.
            if page_empty && line.runs.is_empty() && sheets.len() > 1 && !p.page_break_before {
                continue;
            }
            if !fits(used, p.height) && !page_empty {
                sheets.push(Sheet::default());
                used = 0.0;
            }
            let top = AREA_TOP + used;
            if i == 0
                && let Some((text, level)) = &p.outline
            {
                outline.push(OutlineEntry {
                    text: text.clone(),
                    level: *level,
                    page: sheets.len(),
                    y: top,
                });
            }
            let sheet = sheets.last_mut().expect("a page");
            sheet.used = true;
            if !line.runs.is_empty() {
                let mut line = line.clone();
                line.baseline = top + baseline_in(p.height, line.runs[0].size);
                sheet.lines.push(line);
            }
            used += p.height;
        }
    }
    let pages = sheets
        .into_iter()
        .enumerate()
        .map(|(n, sheet)| Page {
            number: n + 1,
            lines: sheet.lines,
            rules: sheet.rules,
            folio: folio(n + 1, metrics),
        })
        .collect();
    (pages, outline)
}

/// Where the baseline stands in a line of `height`, as LibreOffice sets it:
/// on the grid (measured per size), or four fifths down an exact line.
fn baseline_in(height: f32, size: f32) -> f32 {
    if (height - super::geometry::PITCH).abs() > 0.01 {
        0.8 * height
    } else if size > 20.0 {
        TITLE_BASELINE_IN_ROW
    } else {
        BASELINE_IN_ROW
    }
}

/// Where the baseline of the 2号 title stands in its 28.95 pt line
/// (measured in LibreOffice).
pub const TITLE_BASELINE_IN_ROW: f32 = 23.6;

/// Puts a table's rows on the pages from `used` down, repeating the header
/// row atop every page it runs onto; returns the height used on the last
/// page.
fn place_table(t: &TableRows, sheets: &mut Vec<Sheet>, used: f32) -> f32 {
    let Some((header, body)) = t.rows.split_first() else {
        return used;
    };
    let mut top = AREA_TOP + used + TABLE_TOP;
    let mut y = top;
    let mut on_page: Vec<&Row> = Vec::new();
    let put = |sheet: &mut Sheet, row: &Row, y: f32| {
        sheet.used = true;
        for l in &row.lines {
            let mut l = l.clone();
            l.baseline += y;
            sheet.lines.push(l);
        }
    };
    let bottom = |y: f32, row: &Row| y + row.height + TABLE_RULE / 2.0;
    put(sheets.last_mut().expect("a page"), header, y);
    on_page.push(header);
    y += header.height;
    for row in body {
        if bottom(y, row) > AREA_BOTTOM + 0.01 && on_page.len() > 1 {
            let rules = t.rules(&on_page, top);
            sheets.last_mut().expect("a page").rules.extend(rules);
            sheets.push(Sheet::default());
            top = AREA_TOP + TABLE_TOP;
            y = top;
            on_page.clear();
            put(sheets.last_mut().expect("a page"), header, y);
            on_page.push(header);
            y += header.height;
        }
        put(sheets.last_mut().expect("a page"), row, y);
        on_page.push(row);
        y += row.height;
    }
    let rules = t.rules(&on_page, top);
    sheets.last_mut().expect("a page").rules.extend(rules);
    y + TABLE_RULE / 2.0 - AREA_TOP
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
