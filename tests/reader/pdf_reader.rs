//! Our PDF as a reader sees it: every example in every style written as PDF
//! (with the fonts this machine has, as `huibao render -o x.pdf` writes it)
//! and read back with poppler, against LibreOffice's rendering of the same
//! document's DOCX (docs/layout.md §17). Needs `soffice`, `pdftotext`,
//! `pdffonts` and `pdftoppm` (`.ci/libreoffice.sh`).
//!
//! The golden outputs (`tests/reader/snapshots/pdf__*.snap`) hold each
//! page's lines with their positions as poppler reads them: they depend on
//! the faces found, Debian's fonts-noto-cjk on CI and here (docs/layout.md
//! §14), so they live in this binary, beside the other tests that need the
//! machine's fonts.

use std::process::Command;
use std::sync::OnceLock;

use huibao::fonts::Fonts;
use huibao::layout::lay_out;
use huibao::write::Settings;

use crate::docx_examples_reader::{Counted, check_pages, rendered};
use crate::layout_reader::{Compared, dash_below_type_area, office_lines};
use crate::office::{self, Page, Scratch};

/// One example in one style, as our PDF shows it.
struct Ours {
    /// `form (exN-style)`, for messages, as LibreOffice's.
    what: String,
    /// The snapshot name: the form's stem and the style id.
    name: String,
    /// The PDF's pages, from `pdftotext -bbox`.
    pages: Vec<Page>,
    /// LibreOffice's pages of the same document.
    theirs: &'static [Page],
    /// The titles of the PDF's bookmarks, in order.
    bookmarks: Vec<String>,
    /// The headings of the layout's outline, in order.
    outline: Vec<String>,
    /// `pdffonts` on the file.
    fonts: String,
    /// Page 1 in gray at 300 dpi.
    page1: (usize, usize, Vec<u8>),
}

/// Every example × style written as PDF once for this binary's tests;
/// `None` without LibreOffice (the comparison needs it).
fn ours(test: &str) -> Option<&'static [Ours]> {
    static OURS: OnceLock<Vec<Ours>> = OnceLock::new();
    let all = rendered(test)?;
    Some(OURS.get_or_init(|| {
        let dir = Scratch::new("pdf-reader");
        let fonts = Fonts::system();
        all.iter()
            .enumerate()
            .map(|(i, shown)| {
                let pdf =
                    huibao::write::pdf::encode(&shown.doc, &Settings::default()).expect("a PDF");
                let path = dir.0.join(format!("{i}.pdf"));
                std::fs::write(&path, &pdf.bytes).unwrap();
                let (_, _, pages) = office::bbox(&path);
                let listing = Command::new("pdffonts").arg(&path).output().unwrap();
                assert!(listing.status.success(), "pdffonts failed");
                Ours {
                    what: shown.what.clone(),
                    name: snapshot_name(&shown.what),
                    pages,
                    theirs: &shown.pages,
                    bookmarks: office::bookmarks(&path),
                    outline: lay_out(&shown.doc, fonts)
                        .outline
                        .into_iter()
                        .map(|o| o.text)
                        .collect(),
                    fonts: String::from_utf8_lossy(&listing.stdout).into_owned(),
                    page1: office::page1_gray(&path, 300),
                }
            })
            .collect()
    }))
}

/// `examples/某某县-工作总结.yaml (ex1-zongjie)` → `某某县-工作总结__zongjie`.
fn snapshot_name(what: &str) -> String {
    let (form, rest) = what.split_once(" (").expect("form (exN-style)");
    let stem = std::path::Path::new(form)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let style = rest.trim_end_matches(')').rsplit('-').next().unwrap();
    format!("{stem}__{style}")
}

// The PDF and LibreOffice's rendering of the DOCX break every line and every
// page of every example in every style at the same characters (measured: no
// exceptions).
#[test]
fn pdf_breaks_lines_and_pages_as_libreoffice_does() {
    let Some(all) = ours("pdf_breaks_lines_and_pages_as_libreoffice_does") else {
        return;
    };
    let mut compared = Compared::default();
    for o in all {
        compared.pages(
            &o.what,
            "PDF",
            &office_lines(&o.pages),
            &office_lines(o.theirs),
        );
    }
    compared.agree();
}

// The grid a reader measures: 22 lines a full page on the rows of the grid,
// 28 characters a full line, page numbers — N — on alternate sides one
// character in; the same checks the DOCX passes through LibreOffice.
#[test]
fn pdf_keeps_the_grid_and_page_numbers() {
    let Some(all) = ours("pdf_keeps_the_grid_and_page_numbers") else {
        return;
    };
    let mut counted = Counted::default();
    for o in all {
        check_pages(&o.what, &o.pages, &mut counted);
    }
    assert!(counted.full_pages > 0, "the 22-line check ran");
    assert!(counted.full_lines > 0, "the 28-character check ran");
    assert!(counted.even_pages > 0, "some example reaches page 2");
}

// GB/T 9704 7.5: the page number's dashes 7 mm below the type area.
#[test]
fn pdf_page_number_dashes_stand_7_mm_below_the_type_area() {
    let Some(all) = ours("pdf_page_number_dashes_stand_7_mm_below_the_type_area") else {
        return;
    };
    for o in all.iter().take(4) {
        let folio = o.pages[0].lines.last().expect("a page number");
        let below = dash_below_type_area(&o.page1, folio);
        assert!((below - 7.0).abs() < 0.4, "{}: {below:.2} mm", o.what);
    }
}

// Every font is embedded and subset (pdffonts: emb yes, sub yes, and the
// subset's six-letter tag), and only Type 0 CID fonts carry the text.
#[test]
fn pdf_fonts_are_embedded_and_subset() {
    let Some(all) = ours("pdf_fonts_are_embedded_and_subset") else {
        return;
    };
    for o in all {
        let rows: Vec<&str> = o.fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{}: no fonts\n{}", o.what, o.fonts);
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type [type…] encoding emb sub uni object ID
            let n = cols.len();
            assert!(n >= 7, "{row}");
            let (emb, sub, uni) = (cols[n - 5], cols[n - 4], cols[n - 3]);
            assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{}: {row}", o.what);
            assert_eq!(cols[0].find('+'), Some(6), "{}: {row}", o.what);
        }
    }
}

// The bookmarks are the layout's headings (一、 headings and attached
// pages), in order; examples with headings have them.
#[test]
fn pdf_bookmarks_are_the_headings() {
    let Some(all) = ours("pdf_bookmarks_are_the_headings") else {
        return;
    };
    let mut seen = 0;
    for o in all {
        assert_eq!(o.bookmarks, o.outline, "{}", o.what);
        seen += o.bookmarks.len();
    }
    assert!(seen > 20, "{seen} bookmarks");
}

// The sign-off stands on a page with body text: the page holding the date
// line under the signature has lines above them (GB/T 9704 7.3.5.1).
#[test]
fn pdf_sign_off_shares_a_page_with_body_text() {
    let Some(all) = ours("pdf_sign_off_shares_a_page_with_body_text") else {
        return;
    };
    let mut checked = 0;
    for o in all {
        let date =
            |l: &str| l.ends_with('\u{65e5}') && l.contains('\u{5e74}') && l.chars().count() <= 12;
        for (n, page) in office_lines(&o.pages).iter().enumerate() {
            if let Some(at) = page.iter().position(|l| date(l)) {
                checked += 1;
                assert!(at >= 2, "{} page {}: {page:?}", o.what, n + 1);
            }
        }
    }
    assert!(checked > 10, "{checked} dated pages");
}

// Golden outputs: each page's lines and where they stand, as poppler reads
// our PDF (1/10 pt), for every example in every style.
#[test]
fn pdf_text_with_positions_of_every_example_in_every_style() {
    let Some(all) = ours("pdf_text_with_positions_of_every_example_in_every_style") else {
        return;
    };
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_omit_expression(true);
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for o in all {
            let mut text = String::new();
            for (n, page) in o.pages.iter().enumerate() {
                text.push_str(&format!("\u{2014} page {} \u{2014}\n", n + 1));
                for line in &page.lines {
                    let words: Vec<String> = line
                        .words
                        .iter()
                        .map(|w| format!("{:.1}:{}", w.x_min, w.text))
                        .collect();
                    text.push_str(&format!("{:.1} {}\n", line.y_min(), words.join(" ")));
                }
            }
            insta::assert_snapshot!(format!("pdf__{}", o.name), text);
        }
    });
}
