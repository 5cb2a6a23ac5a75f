//! The layout against LibreOffice (docs/layout.md §15): LibreOffice sets
//! each example's DOCX in every style, and every page holds the lines the
//! layout computed, each with the same characters. Also measured on the same
//! rendering: the page number's dashes 7 mm below the type area, and the
//! PDF's bookmarks listing headings only. Needs `soffice`, `pdftotext` and
//! `pdftoppm` (`.ci/libreoffice.sh`).

use std::process::Command;

use huibao::fonts::{FACES, Fonts};
use huibao::layout::geometry::{AREA_BOTTOM, AREA_RIGHT, MM};
use huibao::layout::{Layout, lay_out};

use crate::docx_examples_reader::rendered;
use crate::office::Page;

/// The text of each line of each page as the layout sets it: lines on one
/// baseline (the cells of a table row) joined left to right, spaces dropped.
fn layout_lines(layout: &Layout) -> Vec<Vec<String>> {
    layout
        .pages
        .iter()
        .map(|page| {
            let mut lines = page.lines.clone();
            lines.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
            let mut rows: Vec<(f32, Vec<(f32, String)>)> = Vec::new();
            for l in lines {
                let runs = l.runs.iter().map(|r| (r.x, r.text.clone()));
                match rows.last_mut() {
                    Some((y, row)) if (*y - l.baseline).abs() < 1.0 => row.extend(runs),
                    _ => rows.push((l.baseline, runs.collect())),
                }
            }
            rows.into_iter()
                .map(|(_, mut row)| {
                    row.sort_by(|a, b| a.0.total_cmp(&b.0));
                    row.into_iter()
                        .map(|r| r.1)
                        .collect::<String>()
                        .replace(' ', "")
                })
                .collect()
        })
        .collect()
}

/// The text of each line of each page as poppler reads it from a PDF
/// (LibreOffice's or ours), the page number left out.
pub fn office_lines(pages: &[Page]) -> Vec<Vec<String>> {
    pages
        .iter()
        .map(|page| {
            page.lines
                .iter()
                .filter(|l| l.y_min() < f64::from(AREA_BOTTOM))
                .map(|l| l.text().replace(' ', ""))
                .collect()
        })
        .collect()
}

// The layout and LibreOffice break every line and every page of every
// example in every style at the same characters (measured: no exceptions).
#[test]
fn layout_breaks_lines_and_pages_as_libreoffice_does() {
    let Some(all) = rendered("layout_breaks_lines_and_pages_as_libreoffice_does") else {
        return;
    };
    let fonts = Fonts::system();
    let mut compared = Compared::default();
    for shown in all {
        let ours = layout_lines(&lay_out(&shown.doc, fonts));
        compared.pages(&shown.what, "layout", &ours, &office_lines(&shown.pages));
    }
    compared.agree();
}

/// Pages of lines compared with LibreOffice's, every difference kept.
#[derive(Default)]
pub struct Compared {
    lines: usize,
    differ: Vec<String>,
}

impl Compared {
    /// Compares one document's pages (`ours`, made by `who`) with
    /// LibreOffice's, page by page and line by line.
    pub fn pages(&mut self, what: &str, who: &str, ours: &[Vec<String>], theirs: &[Vec<String>]) {
        if ours.len() != theirs.len() {
            self.differ.push(format!(
                "{what}: {} pages, LibreOffice {}",
                ours.len(),
                theirs.len()
            ));
            return;
        }
        for (n, (a, b)) in ours.iter().zip(theirs).enumerate() {
            if a != b {
                self.differ.push(format!(
                    "{what} page {}:\n  {who:<11} {a:?}\n  LibreOffice {b:?}",
                    n + 1
                ));
            }
            self.lines += a.len();
        }
    }

    /// Asserts that every page agreed, and that enough lines were compared
    /// for that to mean something.
    pub fn agree(&self) {
        assert!(self.differ.is_empty(), "{}", self.differ.join("\n"));
        assert!(self.lines > 500, "{} lines compared", self.lines);
    }
}

// The layout measures the faces LibreOffice draws with: each official name
// resolves (through .ci/fonts.conf) to the family the layout found.
#[test]
fn the_layout_measures_the_faces_libreoffice_uses() {
    if rendered("the_layout_measures_the_faces_libreoffice_uses").is_none() {
        return;
    }
    let fonts = Fonts::system();
    for face in FACES {
        let official = fonts
            .stand_ins()
            .into_iter()
            .find(|s| s.face == face)
            .map(|s| s.wanted)
            .unwrap_or_else(|| fonts.family(face).expect("a face"));
        let out = Command::new("fc-match")
            .args(["-f", "%{family[0]}", official])
            .output()
            .expect("run fc-match");
        let matched = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(fonts.family(face), Some(matched.as_str()), "{face:?}");
    }
}

// GB/T 9704 7.5: the page number's dashes 7 mm below the type area,
// measured on the ink of page 1's first dash.
#[test]
fn page_number_dashes_stand_7_mm_below_the_type_area() {
    let Some(all) = rendered("page_number_dashes_stand_7_mm_below_the_type_area") else {
        return;
    };
    for shown in all.iter().take(1) {
        let folio = shown.pages[0].lines.last().expect("a page number");
        let below = dash_below_type_area(&shown.page1, folio);
        assert!(
            (below - 7.0).abs() < 0.4,
            "{}: the dash {below:.2} mm below",
            shown.what
        );
        assert!(folio.x_max() as f32 <= AREA_RIGHT);
    }
}

/// How far below the type area, in mm, the ink of page 1's first
/// page-number dash is centred: `page1` is the page drawn in gray at 300
/// dpi, `folio` the page number's line as poppler reads it.
pub fn dash_below_type_area(page1: &(usize, usize, Vec<u8>), folio: &crate::office::Line) -> f32 {
    let dpi = 300.0;
    let px = |pt: f32| (pt / 72.0 * dpi) as usize;
    let (w, h, pixels) = page1;
    // The odd page's number ends one character in from the right edge:
    // its first dash lies in the 8 pt left of the number's 14 pt box.
    let x0 = px(folio.x_min() as f32 + 2.0);
    let x1 = px(folio.x_min() as f32 + 8.0);
    let (y0, y1) = (px(AREA_BOTTOM), px(AREA_BOTTOM + 15.0 * MM).min(*h));
    let inked: Vec<usize> = (y0..y1)
        .filter(|y| (x0..x1.min(*w)).any(|x| pixels[y * w + x] < 128))
        .collect();
    assert!(!inked.is_empty(), "no dash below the type area");
    let middle = (inked[0] + inked[inked.len() - 1]) as f32 / 2.0;
    (middle / dpi * 72.0 - AREA_BOTTOM) / MM
}

// The navigation pane and the PDF's bookmarks list headings only: every
// bookmark LibreOffice makes is a heading of the layout's outline, never a
// paragraph with body text run in.
#[test]
fn bookmarks_list_headings_only() {
    let Some(all) = rendered("bookmarks_list_headings_only") else {
        return;
    };
    let mut seen = 0;
    for shown in all {
        let outline = lay_out(&shown.doc, &huibao::layout::FixedMetrics).outline;
        for title in &shown.bookmarks {
            seen += 1;
            assert!(
                outline.iter().any(|o| &o.text == title),
                "{}: bookmark {title:?} is no heading",
                shown.what
            );
        }
    }
    assert!(seen > 20, "{seen} bookmarks");
}
