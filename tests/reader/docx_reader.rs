//! The DOCX as a reader sees it: LibreOffice renders it to PDF and the word
//! boxes are measured. Needs `soffice` and `pdftotext` (`.ci/libreoffice.sh`);
//! without them the tests fail on CI and are skipped, loudly, elsewhere.

use crate::fixture;
use crate::office;

use std::sync::OnceLock;

use fixture::{AUTHOR, LONG_PARAGRAPH_LINES, TITLE, long_report, report};
use huibao::write::docx::to_docx;
use office::{Page, Scratch};

/// Type area edges in points: left margin 1587 twips, right margin 1474.
const LEFT: f64 = 1587.0 / 20.0;
const RIGHT: f64 = 11906.0 / 20.0 - 1474.0 / 20.0;

/// What the reader showed: the long document's pages, the report's pages
/// and metadata, and whether a page-1 PNG could be drawn.
struct Rendered {
    long: Vec<Page>,
    report: Vec<Page>,
    meta: (String, String),
    png_ok: bool,
}

/// Both documents rendered once (one LibreOffice start), or `None` when
/// LibreOffice is missing outside CI.
fn rendered(test: &str) -> Option<&'static Rendered> {
    static RENDERED: OnceLock<Option<Rendered>> = OnceLock::new();
    if !office::soffice_available(test) {
        return None;
    }
    RENDERED
        .get_or_init(|| {
            let dir = Scratch::new("docx-reader");
            let long = dir.0.join("long.docx");
            let rep = dir.0.join("report.docx");
            std::fs::write(&long, to_docx(&long_report(12)).unwrap()).unwrap();
            std::fs::write(&rep, to_docx(&report()).unwrap()).unwrap();
            office::to_pdf(&dir.0, &[long.clone(), rep.clone()]);
            let (_, _, long_pages) = office::bbox(&dir.0.join("long.pdf"));
            let (title, author, report_pages) = office::bbox(&dir.0.join("report.pdf"));
            let png = dir.0.join("page1.png");
            office::page1_png(&dir.0.join("report.pdf"), &png);
            let png_ok = std::fs::read(&png).is_ok_and(|b| b.starts_with(b"\x89PNG"));
            Some(Rendered {
                long: long_pages,
                report: report_pages,
                meta: (title, author),
                png_ok,
            })
        })
        .as_ref()
}

/// A page's body lines and its footer line (the last one).
fn split_footer(page: &Page) -> (&[office::Line], &office::Line) {
    let (footer, body) = page.lines.split_last().expect("page has text");
    (body, footer)
}

#[test]
fn a_full_page_holds_22_lines_of_28_characters() {
    let Some(r) = rendered("a_full_page_holds_22_lines_of_28_characters") else {
        return;
    };
    assert!(
        r.long.len() >= 4,
        "12 paragraphs of 7 lines fill 3 pages and more"
    );
    let mut body_lines = Vec::new();
    for (n, page) in r.long.iter().take(3).enumerate() {
        let (body, _) = split_footer(page);
        assert_eq!(
            body.len(),
            22,
            "page {} holds {} body lines",
            n + 1,
            body.len()
        );
        body_lines.extend(body.iter());
    }
    for (i, line) in body_lines.iter().enumerate() {
        let expected = LONG_PARAGRAPH_LINES[i % LONG_PARAGRAPH_LINES.len()];
        assert_eq!(line.chars(), expected, "line {i}: {}", line.text());
        if expected == 28 {
            // A full line spans the type area from margin to margin.
            assert!(
                (line.x_min() - LEFT).abs() < 1.0,
                "line {i} starts at {}",
                line.x_min()
            );
            assert!(
                (RIGHT - line.x_max()).abs() < 2.0,
                "line {i} ends at {}",
                line.x_max()
            );
        }
        if expected == 26 {
            // Two characters of first-line indent.
            assert!(
                (line.x_min() - LEFT - 32.0).abs() < 1.0,
                "indent at {}",
                line.x_min()
            );
        }
    }
}

#[test]
fn page_numbers_read_dash_n_dash_on_alternating_sides() {
    let Some(r) = rendered("page_numbers_read_dash_n_dash_on_alternating_sides") else {
        return;
    };
    for (n, page) in r.long.iter().take(3).enumerate() {
        let number = n + 1;
        let (body, footer) = split_footer(page);
        assert_eq!(footer.text(), format!("\u{2014} {number} \u{2014}"));
        assert!(
            footer.y_min() > body.last().unwrap().y_min() + 29.0,
            "under the type area"
        );
        // One 4号 character (14 pt) in from the margin on the outer side.
        if number % 2 == 1 {
            assert!(
                footer.x_min() > page.width / 2.0,
                "odd page {number}: right"
            );
            assert!(
                (RIGHT - 14.0 - footer.x_max()).abs() < 2.0,
                "at {}",
                footer.x_max()
            );
        } else {
            assert!(
                footer.x_max() < page.width / 2.0,
                "even page {number}: left"
            );
            assert!(
                (footer.x_min() - LEFT - 14.0).abs() < 2.0,
                "at {}",
                footer.x_min()
            );
        }
    }
}

#[test]
fn report_title_signature_and_date_sit_where_gbt9704_puts_them() {
    let Some(r) = rendered("report_title_signature_and_date_sit_where_gbt9704_puts_them") else {
        return;
    };
    assert_eq!(r.meta, (TITLE.to_string(), AUTHOR.to_string()));
    assert!(r.png_ok, "page 1 drawn as PNG");
    let lines: Vec<&office::Line> = r.report.iter().flat_map(|p| p.lines.iter()).collect();
    let find = |text: &str| {
        *lines
            .iter()
            .find(|l| l.text().replace(' ', "") == text)
            .unwrap_or_else(|| panic!("no line {text}"))
    };
    let title = find(TITLE);
    let centre = (title.x_min() + title.x_max()) / 2.0;
    assert!(
        (centre - (LEFT + RIGHT) / 2.0).abs() < 2.0,
        "title centred, at {centre}"
    );
    // The signature is the last line holding only the author.
    let signature = lines.iter().rev().find(|l| l.text() == AUTHOR).unwrap();
    assert!(
        (RIGHT - 32.0 - signature.x_max()).abs() < 2.0,
        "two characters in"
    );
    // The date starts two characters right of the signature (GB/T 9704
    // 7.3.5.2; sign_off_reader measures more lengths).
    let date = find("2024年7月5日");
    assert!(
        (date.x_min() - signature.x_min() - 32.0).abs() < 1.5,
        "date two characters right of the signature"
    );
    assert!(date.y_min() > signature.y_min(), "date under the signature");
}
