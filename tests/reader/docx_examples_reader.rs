//! The bundled examples as a reader sees them: every example in every style
//! is converted by LibreOffice, and the PDF's word boxes are measured. Needs
//! `soffice` and `pdftotext` (`.ci/libreoffice.sh`); fails without them on CI.

use crate::common;
use crate::office;

use common::{examples, render};
use huibao::write::docx::to_docx;
use office::{Line, Page, Scratch};
use std::sync::OnceLock;

/// Type area edges in points: left margin 1587 twips, right margin 1474.
const LEFT: f64 = 1587.0 / 20.0;
const RIGHT: f64 = 11906.0 / 20.0 - 1474.0 / 20.0;
/// Top of the type area (top margin 2098 twips) and the grid pitch (579 twips), in points.
const TOP: f64 = 2098.0 / 20.0;
const PITCH: f64 = 579.0 / 20.0;
/// One 3号 character, the unit of the grid's width.
const CHAR: f64 = 16.0 - 0.25;

/// Whether every character of a line is full width (CJK text and punctuation),
/// so its length measures the grid: half-width digits pack tighter.
fn all_full_width(line: &Line) -> bool {
    line.words
        .iter()
        .all(|w| w.text.chars().all(|c| !c.is_ascii() && c != '\u{2014}'))
}

/// Marks that may hang past the right margin (，。、；：！？ and closing brackets).
fn is_closing_mark(c: char) -> bool {
    "\u{ff0c}\u{3002}\u{3001}\u{ff1b}\u{ff1a}\u{ff01}\u{ff1f}\u{ff09}\u{201d}\u{3011}\u{300b}"
        .contains(c)
}

/// One example in one style as LibreOffice showed it.
pub struct Shown {
    /// `form (exN-style)`, for messages.
    pub what: String,
    /// The document the DOCX was written from.
    pub doc: huibao::document::Document,
    /// LibreOffice's pages, from `pdftotext -bbox`.
    pub pages: Vec<Page>,
    /// The titles of the PDF's bookmarks, in order.
    pub bookmarks: Vec<String>,
    /// Page 1 drawn in gray at 300 dpi: (width, height, pixels), for ink
    /// measurements.
    pub page1: (usize, usize, Vec<u8>),
}

/// Every example × style, converted in one LibreOffice run and measured
/// once for all the tests of this binary; `None` without LibreOffice.
pub fn rendered(test: &str) -> Option<&'static [Shown]> {
    static RENDERED: OnceLock<Vec<Shown>> = OnceLock::new();
    if !office::soffice_available(test) {
        return None;
    }
    Some(RENDERED.get_or_init(|| {
        let dir = Scratch::new("examples-reader");
        let mut names = Vec::new();
        let mut files = Vec::new();
        for (i, form) in examples().iter().enumerate() {
            for style in common::styles() {
                let name = format!("ex{i}-{style}");
                let path = dir.0.join(format!("{name}.docx"));
                let doc = render(form, Some(&style));
                std::fs::write(&path, to_docx(&doc).unwrap()).unwrap();
                names.push((name, form.display().to_string(), doc));
                files.push(path);
            }
        }
        office::to_pdf(&dir.0, &files);
        names
            .into_iter()
            .map(|(name, form, doc)| {
                let pdf = dir.0.join(format!("{name}.pdf"));
                let (_, _, pages) = office::bbox(&pdf);
                Shown {
                    what: format!("{form} ({name})"),
                    doc,
                    pages,
                    bookmarks: office::bookmarks(&pdf),
                    page1: office::page1_gray(&pdf, 300),
                }
            })
            .collect()
    }))
}

/// What [`check_pages`] found: pages filled to the 22nd row (the last page
/// of a file not counted), lines of exactly 28 characters, even pages.
#[derive(Default)]
pub struct Counted {
    pub full_pages: usize,
    pub full_lines: usize,
    pub even_pages: usize,
}

/// Checks one file's pages as a reader of a 公文 would: at most 22 lines a
/// page, each on the grid; lines of Chinese text at most 28 characters and
/// inside the type area; page numbers — N — on alternate sides, one
/// character in. Shared by the DOCX (through LibreOffice) and the PDF.
pub fn check_pages(what: &str, pages: &[Page], counted: &mut Counted) {
    let Counted {
        full_pages,
        full_lines,
        even_pages,
    } = counted;
    assert!(!pages.is_empty(), "{what}: no pages");
    for (n, page) in pages.iter().enumerate() {
        let (footer, body) = page.lines.split_last().expect("page has text");
        let number = n + 1;
        assert_eq!(
            footer.text(),
            format!("\u{2014} {number} \u{2014}"),
            "{what} page {number}"
        );
        if number % 2 == 1 {
            assert!(
                (RIGHT - footer.x_max() - 14.0).abs() < 2.0,
                "{what}: odd page number right, one character in"
            );
        } else {
            *even_pages += 1;
            assert!(
                (footer.x_min() - LEFT - 14.0).abs() < 2.0,
                "{what}: even page number left, one character in"
            );
        }
        // An attached page holds a table, whose rows are not grid
        // lines (tests/reader/layout_reader.rs compares it line by line).
        let label = body
            .first()
            .map(|l| l.text().replace(' ', ""))
            .unwrap_or_default();
        let attached = label == "附件"
            || label
                .strip_prefix("附件")
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        if attached {
            continue;
        }
        assert!(
            body.len() <= 22,
            "{what} page {number}: {} lines",
            body.len()
        );
        // Each line's row on the 22-row grid, counted from the top margin.
        let rows: Vec<f64> = body.iter().map(|l| (l.y_min() - TOP) / PITCH).collect();
        for (line, row) in body.iter().zip(&rows) {
            assert!(
                *row > -0.5 && *row < 22.0,
                "{what} page {number}: {} is off the type area",
                line.text()
            );
        }
        for pair in rows.windows(2) {
            assert!(
                pair[1] - pair[0] > 0.9,
                "{what} page {number}: two lines share a row"
            );
        }
        // Body lines sit exactly on the grid rows; the title lines, set
        // larger and off the grid, open page 1.
        let grid = rows[rows.len() - 1].fract();
        let on_grid = |row: &f64| (row.fract() - grid).abs() < 0.05;
        let title_lines = if number == 1 {
            rows.iter().take_while(|r| !on_grid(r)).count()
        } else {
            0
        };
        for (line, row) in body.iter().zip(&rows).skip(title_lines) {
            assert!(
                on_grid(row),
                "{what} page {number}: {} is off the grid",
                line.text()
            );
        }
        if number < pages.len() && rows.last().is_some_and(|r| r.floor() as usize == 21) {
            *full_pages += 1;
        }
        for line in body {
            // Chinese typesetting lets a closing mark hang past the margin.
            let hangs = line.x_max() > RIGHT + 1.0;
            let last = line.text().chars().last().unwrap_or(' ');
            assert!(
                line.x_min() >= LEFT - 1.0
                    && (!hangs || (is_closing_mark(last) && line.x_max() <= RIGHT + CHAR + 1.0)),
                "{what}: {} leaves the type area",
                line.text()
            );
            // A line of Chinese text holds at most 28 characters (a
            // justified line may hold fewer, spread out, when a number
            // cannot be split); lines starting at the margin with 28 are full.
            if all_full_width(line) {
                let on_grid = line.chars() - usize::from(hangs);
                assert!(on_grid <= 28, "{what} page {number}: {}", line.text());
                if on_grid == 28 && line.x_min() < LEFT + 1.0 {
                    *full_lines += 1;
                }
            }
        }
    }
}

// Pages hold at most 22 lines, full pages exactly 22; full lines of Chinese
// text hold exactly 28 characters; page numbers read — N — on alternate sides.
#[test]
fn examples_keep_the_grid_and_page_numbers() {
    let Some(all) = rendered("examples_keep_the_grid_and_page_numbers") else {
        return;
    };
    let mut counted = Counted::default();
    for Shown { what, pages, .. } in all {
        check_pages(what, pages, &mut counted);
    }
    let Counted {
        full_pages,
        full_lines,
        even_pages,
    } = counted;
    assert!(
        full_pages > 0,
        "some example fills a page: the 22-line check ran"
    );
    assert!(
        full_lines > 0,
        "some line is full: the 28-character check ran"
    );
    assert!(even_pages > 0, "some example reaches page 2");
}
