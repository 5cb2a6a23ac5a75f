//! The PDF writer on hand-built layouts, with Debian's Noto CJK faces.

use super::*;
use crate::layout::pages::folio;
use crate::layout::{AREA_LEFT, AREA_RIGHT, Face, FixedMetrics, OutlineEntry, Page};
use crate::layout::{Line, Rule, Run};

const SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

/// The index of `family` in the collection at `path`.
fn index_of(data: &[u8], family: &str) -> u32 {
    use skrifa::MetadataProvider;
    (0..32)
        .find(|&i| {
            skrifa::FontRef::from_index(data, i).is_ok_and(|f| {
                f.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                    .english_or_first()
                    .is_some_and(|s| s.chars().eq(family.chars()))
            })
        })
        .expect("family in collection")
}

/// Every face set by Noto Serif CJK SC, or `None` where the file is missing
/// (a machine without fonts-noto-cjk; CI installs it).
fn noto_book() -> Option<FontBook> {
    let data: &'static [u8] = std::fs::read(SERIF).ok()?.leak();
    let index = index_of(data, "Noto Serif CJK SC");
    let file = FaceFile { data, index };
    let faces = [
        Face::XiaoBiaoSong,
        Face::FangSong,
        Face::HeiTi,
        Face::KaiTi,
        Face::SongTi,
    ];
    Some(FontBook::new(faces.into_iter().map(|f| (f, false, file))))
}

fn run(x: f32, text: &str, size: f32) -> Run {
    let advances = text
        .chars()
        .map(|c| if c.is_ascii() { size / 2.0 } else { size })
        .collect();
    Run {
        x,
        text: text.to_string(),
        face: Face::FangSong,
        size,
        bold: false,
        placeholder: false,
        advances,
    }
}

fn two_pages() -> Layout {
    let line = |baseline: f32, text: &str| Line {
        baseline,
        runs: vec![run(AREA_LEFT, text, 16.0)],
    };
    Layout {
        title: "示例市情况汇报".into(),
        author: "示例市科技局".into(),
        pages: vec![
            Page {
                number: 1,
                folio: folio(1, &FixedMetrics),
                lines: vec![
                    line(120.0, "一、主要工作及成效"),
                    line(150.0, "高新技术企业251家。"),
                ],
                rules: vec![],
            },
            Page {
                number: 2,
                folio: folio(2, &FixedMetrics),
                lines: vec![line(120.0, "二、存在的问题")],
                rules: vec![Rule {
                    x1: AREA_LEFT,
                    y1: 200.0,
                    x2: AREA_RIGHT,
                    y2: 200.0,
                    width: 0.75,
                }],
            },
        ],
        outline: vec![
            OutlineEntry {
                text: "一、主要工作及成效".into(),
                level: 1,
                page: 1,
                y: 120.0,
            },
            OutlineEntry {
                text: "二、存在的问题".into(),
                level: 1,
                page: 2,
                y: 120.0,
            },
        ],
    }
}

#[test]
fn writes_a_pdf_with_the_layouts_text() {
    let Some(book) = noto_book() else { return };
    let pdf = to_pdf(&two_pages(), &book, PdfOptions::default()).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(pdf.missing.is_empty());
    std::fs::write("/tmp/huibao-unit.pdf", &pdf.bytes).unwrap();
}

#[test]
fn same_layout_same_bytes() {
    let Some(book) = noto_book() else { return };
    let a = to_pdf(&two_pages(), &book, PdfOptions::default()).unwrap();
    let b = to_pdf(&two_pages(), &book, PdfOptions::default()).unwrap();
    assert_eq!(a.bytes, b.bytes);
}

#[test]
fn pdfa() {
    let Some(book) = noto_book() else { return };
    let pdf = to_pdf(
        &two_pages(),
        &book,
        PdfOptions {
            pdfa: true,
            date: chrono::NaiveDate::from_ymd_opt(2025, 7, 1),
        },
    )
    .unwrap();
    std::fs::write("/tmp/huibao-unit-a.pdf", &pdf.bytes).unwrap();
}
