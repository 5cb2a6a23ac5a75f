//! The sign-off and the title as a reader sees them (GB/T 9704 7.3.1,
//! 7.3.5.2; docs/layout.md §6): LibreOffice renders, poppler measures.

use crate::office;

use std::sync::OnceLock;

use huibao::document::{Block, Document, Inline};
use huibao::write::docx::to_docx;
use office::{Line, Page, Scratch};

/// Two 3号 characters, in points.
const TWO_CHARS: f64 = 32.0;

/// Signatures measured, each with its date: a usual unit name, one longer
/// than the date, and one shorter than the date.
const SIGN_OFFS: [(&str, &str); 3] = [
    ("某某县科学技术局", "2025年7月1日"),
    ("某某省某某市某某区科学技术和工业信息化局", "2025年7月1日"),
    ("某某局", "2025年10月12日"),
];

/// Body lengths (one-line paragraphs) that end the body at the foot of page
/// 1, or one or two lines above it.
const FOOT_LINES: [usize; 3] = [20, 21, 22];

/// Body lengths that put the 附件说明 and the sign-off across the foot of
/// page 1 in every way.
const ATTACHED_FEET: [usize; 6] = [15, 16, 17, 18, 19, 20];

fn sign_off_doc(body_lines: usize, signature: &str, date: &str) -> Document {
    let mut blocks: Vec<Block> = (0..body_lines)
        .map(|i| Block::Paragraph(vec![Inline::plain(format!("第{}段正文到此结束。", i + 1))]))
        .collect();
    blocks.push(Block::Signature(vec![Inline::plain(signature)]));
    blocks.push(Block::Date(vec![Inline::plain(date)]));
    Document {
        title: String::new(),
        author: signature.to_string(),
        blocks,
    }
}

/// [`sign_off_doc`] with a two-entry 附件说明 before the sign-off.
fn attached_doc(body_lines: usize) -> Document {
    let mut doc = sign_off_doc(body_lines, SIGN_OFFS[0].0, SIGN_OFFS[0].1);
    let at = doc.blocks.len() - 2;
    doc.blocks.insert(
        at,
        Block::Attachments(vec![
            vec![Inline::plain("某某县科技创新主要指标完成情况表")],
            vec![Inline::plain("某某县科技创新政策文件目录")],
        ]),
    );
    doc
}

/// A 工作总结 with a derived title, rendered through the pipeline.
fn zongjie_doc() -> Document {
    let yaml = "地区: 某某县\n单位: 某某县科学技术局\n日期: 2025-01-10\n工作成效:\n  - 标题: 强化企业主体\n    概述: 企业创新活力增强\n下一步打算: [加大研发投入]\n";
    let renderer = huibao::render::Renderer::new(None).unwrap();
    let loaded = huibao::pipeline::parse(yaml.as_bytes(), "f.yaml").unwrap();
    let opts = huibao::pipeline::RenderOptions {
        style: Some("zongjie".into()),
        strict: false,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    huibao::pipeline::document(&renderer, &loaded, &opts, today).unwrap()
}

struct Rendered {
    /// Pages of each [`SIGN_OFFS`] document.
    sign_offs: Vec<Vec<Page>>,
    /// Pages of each [`FOOT_LINES`] document.
    feet: Vec<Vec<Page>>,
    /// Pages of each [`ATTACHED_FEET`] document.
    attached: Vec<Vec<Page>>,
    zongjie: Vec<Page>,
}

fn rendered(test: &str) -> Option<&'static Rendered> {
    static RENDERED: OnceLock<Option<Rendered>> = OnceLock::new();
    if !office::soffice_available(test) {
        return None;
    }
    RENDERED
        .get_or_init(|| {
            let dir = Scratch::new("sign-off-reader");
            let mut files = Vec::new();
            let mut write = |name: String, doc: &Document| {
                let path = dir.0.join(format!("{name}.docx"));
                std::fs::write(&path, to_docx(doc).unwrap()).unwrap();
                files.push(path);
                name
            };
            let sign_offs: Vec<String> = SIGN_OFFS
                .iter()
                .enumerate()
                .map(|(i, (s, d))| write(format!("sign{i}"), &sign_off_doc(3, s, d)))
                .collect();
            let feet: Vec<String> = FOOT_LINES
                .iter()
                .map(|n| {
                    write(
                        format!("foot{n}"),
                        &sign_off_doc(*n, SIGN_OFFS[0].0, SIGN_OFFS[0].1),
                    )
                })
                .collect();
            let attached: Vec<String> = ATTACHED_FEET
                .iter()
                .map(|n| write(format!("attached{n}"), &attached_doc(*n)))
                .collect();
            let zongjie = write("zongjie".into(), &zongjie_doc());
            office::to_pdf(&dir.0, &files);
            let pages = |name: &str| office::bbox(&dir.0.join(format!("{name}.pdf"))).2;
            Some(Rendered {
                sign_offs: sign_offs.iter().map(|n| pages(n)).collect(),
                feet: feet.iter().map(|n| pages(n)).collect(),
                attached: attached.iter().map(|n| pages(n)).collect(),
                zongjie: pages(&zongjie),
            })
        })
        .as_ref()
}

/// The page index and line whose text (spaces dropped) is `text`.
fn find<'a>(pages: &'a [Page], text: &str) -> (usize, &'a Line) {
    pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.lines
                .iter()
                .find(|l| l.text().replace(' ', "") == text)
                .map(|l| (i, l))
        })
        .unwrap_or_else(|| panic!("no line {text} in {pages:#?}"))
}

// GB/T 9704 7.3.5.2: the date's first character two characters right of the
// signature's, whichever of the two is longer.
#[test]
fn date_starts_two_characters_right_of_the_signature() {
    let Some(r) = rendered("date_starts_two_characters_right_of_the_signature") else {
        return;
    };
    for ((signature, date), pages) in SIGN_OFFS.iter().zip(&r.sign_offs) {
        let (_, s) = find(pages, signature);
        let (_, d) = find(pages, date);
        let offset = d.x_min() - s.x_min();
        assert!(
            (offset - TWO_CHARS).abs() <= 1.5,
            "{signature} / {date}: date starts {offset:.1} pt right of the signature"
        );
        assert!(
            d.y_min() > s.y_min(),
            "{signature}: date under the signature"
        );
        // Neither runs into the right margin.
        let right = pages[0].width - 1474.0 / 20.0;
        assert!(d.x_max() <= right + 0.5, "{date}: ends at {:.1}", d.x_max());
        // A signature longer than the date keeps two characters of right
        // space (all full-width, so its width is exact in any CJK face).
        if signature.chars().count() > 8 {
            let space = right - s.x_max();
            assert!(
                (space - TWO_CHARS).abs() <= 1.5,
                "{signature}: {space:.1} pt of right space"
            );
        }
    }
}

// Signature and date stay together, on the page of the text above them,
// when the body ends at or near the foot of a page.
#[test]
fn sign_off_stays_with_the_text_above() {
    let Some(r) = rendered("sign_off_stays_with_the_text_above") else {
        return;
    };
    for (n, pages) in FOOT_LINES.iter().zip(&r.feet) {
        let (sp, _) = find(pages, SIGN_OFFS[0].0);
        let (dp, _) = find(pages, SIGN_OFFS[0].1);
        let (lp, _) = find(pages, &format!("第{n}段正文到此结束。"));
        assert_eq!(sp, dp, "{n} lines: signature and date on one page");
        assert_eq!(lp, sp, "{n} lines: the last text on the signature's page");
    }
}

// The 附件说明 and the sign-off stay on the page of the last body text, and
// no page starts with an empty line, wherever the page break falls.
#[test]
fn attachment_note_and_sign_off_stay_with_the_text_above() {
    let Some(r) = rendered("attachment_note_and_sign_off_stay_with_the_text_above") else {
        return;
    };
    let top = 2098.0 / 20.0;
    for (n, pages) in ATTACHED_FEET.iter().zip(&r.attached) {
        let (lp, _) = find(pages, &format!("第{n}段正文到此结束。"));
        let (np, _) = find(pages, "附件\u{ff1a}1.某某县科技创新主要指标完成情况表");
        let (sp, _) = find(pages, SIGN_OFFS[0].0);
        let (dp, _) = find(pages, SIGN_OFFS[0].1);
        assert_eq!((np, sp, dp), (lp, lp, lp), "{n} lines: {pages:#?}");
        for (i, page) in pages.iter().enumerate() {
            let first = page.lines[0].y_min();
            assert!(
                first < top + 28.95 * 0.9,
                "{n} lines: page {} starts with an empty line",
                i + 1
            );
        }
    }
}

// §9.9: a derived 工作总结 title longer than one line shows as two lines
// broken between its parts.
#[test]
fn long_derived_title_breaks_between_parts_on_the_page() {
    let Some(r) = rendered("long_derived_title_breaks_between_parts_on_the_page") else {
        return;
    };
    let lines: Vec<String> = r.zongjie[0]
        .lines
        .iter()
        .map(|l| l.text().replace(' ', ""))
        .collect();
    assert_eq!(lines[0], "某某县科学技术局2025年科技创新", "{lines:#?}");
    assert_eq!(lines[1], "工作总结及2026年工作思路", "{lines:#?}");
    assert!(
        lines[2].starts_with("2025年"),
        "the lead follows: {lines:#?}"
    );
}
