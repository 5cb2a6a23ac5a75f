//! Every built-in style, rendered from the bundled examples to DOCX: page,
//! fonts and sizes per level, paragraph styles per block, footers, highlight,
//! metadata, and byte-identical output across renders and processes.

use crate::common;
use crate::fixture;

use common::{example, examples, render};
use fixture::part;
use huibao::document::{Block, plain_text};
use huibao::write::docx::to_docx;

/// The `<w:style>` element with `id`.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let start = styles
        .find(&format!("w:styleId=\"{id}\""))
        .unwrap_or_else(|| panic!("no style {id}"));
    &styles[start..start + styles[start..].find("</w:style>").unwrap()]
}

/// Each body paragraph's style id and its text.
fn paragraphs(document: &str) -> Vec<(String, String)> {
    document
        .split("<w:p ")
        .skip(1)
        .map(|p| {
            let p = &p[..p.find("</w:p>").unwrap_or(p.len())];
            let id = p
                .split("<w:pStyle w:val=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let text: String = p
                .split("<w:t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|t| &t[..t.find("</w:t>").unwrap_or(0)])
                .collect();
            (id, text)
        })
        .collect()
}

fn fonts(face: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{face}\" w:hAnsi=\"{face}\" w:cs=\"{face}\" w:eastAsia=\"{face}\" w:hint=\"eastAsia\" />"
    )
}

// Page, grid, fonts and sizes of title, body and each heading level, indent,
// line spacing, footers with a PAGE field: in every style's output.
#[test]
fn every_style_has_the_gongwen_layout() {
    let form = example("示例市");
    for id in common::styles() {
        let bytes = to_docx(&render(&form, Some(&id))).unwrap();
        let doc = part(&bytes, "word/document.xml");
        assert!(
            doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"),
            "{id}"
        );
        assert!(
            doc.contains(
                "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""
            ),
            "{id}"
        );
        assert!(
            doc.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\" />"),
            "{id}"
        );
        let styles = part(&bytes, "word/styles.xml");
        for (sid, face, size) in [
            ("HbTitle", "方正小标宋简体", 44),
            ("HbBody", "仿宋_GB2312", 32),
            ("Heading1", "黑体", 32),
            ("Heading2", "楷体_GB2312", 32),
            ("Heading3", "仿宋_GB2312", 32),
            ("Heading4", "仿宋_GB2312", 32),
            ("HbPageNumber", "宋体", 28),
        ] {
            let s = style(&styles, sid);
            assert!(s.contains(&fonts(face)), "{id}/{sid}: {s}");
            assert!(
                s.contains(&format!("<w:sz w:val=\"{size}\" />")),
                "{id}/{sid}: {s}"
            );
        }
        let body = style(&styles, "HbBody");
        assert!(
            body.contains("w:firstLine=\"640\"")
                && body.contains("w:line=\"579\" w:lineRule=\"exact\""),
            "{id}"
        );
        assert!(
            part(&bytes, "word/settings.xml").contains("<w:evenAndOddHeaders />"),
            "{id}"
        );
        for footer in ["word/footer1.xml", "word/footer2.xml"] {
            assert!(
                part(&bytes, footer).contains("<w:instrText>PAGE</w:instrText>"),
                "{id} {footer}"
            );
        }
    }
}

// Each block of the document model lands in its named paragraph style, in order.
#[test]
fn every_block_gets_its_paragraph_style() {
    for form in examples() {
        for id in common::styles() {
            let model = render(&form, Some(&id));
            let bytes = to_docx(&model).unwrap();
            let paras: Vec<(String, String)> = paragraphs(&part(&bytes, "word/document.xml"))
                .into_iter()
                .filter(|(_, text)| !text.is_empty())
                .filter(|(sid, _)| sid != "HbAttachment" && !sid.starts_with("HbTable"))
                .collect();
            let expected: Vec<(&str, String)> = model
                .blocks
                .iter()
                .flat_map(|b| match b {
                    // An attached page: its label and title, then the table.
                    Block::Appendix(a) => vec![
                        (
                            "HbAppendixLabel",
                            huibao::layout::resolve::appendix_label(&model, a.entry),
                        ),
                        ("HbTitle", plain_text(&a.title)),
                    ],
                    b => one(b).into_iter().collect(),
                })
                .collect();

            let what = format!("{} / {id}", form.display());
            assert_eq!(paras.len(), expected.len(), "{what}: {paras:#?}");
            for ((sid, text), (want_id, want_text)) in paras.iter().zip(&expected) {
                assert_eq!(sid, want_id, "{what}: {text}");
                assert_eq!(text, want_text, "{what}");
            }
        }
    }
}

// Placeholders are highlighted yellow in every style, the tool's
// 【待补充】 and those left in the clerk's text (`xx个`, `20xx年`,
// docs/form.md §9.12); nothing else is.
#[test]
fn placeholders_are_highlighted_in_every_style() {
    let form = example("示范新区");
    for id in common::styles() {
        let doc = part(
            &to_docx(&render(&form, Some(&id))).unwrap(),
            "word/document.xml",
        );
        let runs: Vec<&str> = doc.split("<w:r>").skip(1).collect();
        let typed = |r: &str| {
            r.contains("<w:t xml:space=\"preserve\">xx</w:t>")
                || r.contains("<w:t xml:space=\"preserve\">20xx</w:t>")
        };
        let marked: Vec<&&str> = runs
            .iter()
            .filter(|r| r.contains("\u{3010}待补充") || typed(r))
            .collect();
        assert!(marked.len() >= 3, "{id}: {} placeholders", marked.len());
        assert!(
            marked.iter().any(|r| typed(r)),
            "{id}: typed xx highlighted"
        );
        for r in &marked {
            assert!(r.contains("<w:highlight w:val=\"yellow\" />"), "{id}: {r}");
        }
        assert_eq!(doc.matches("<w:highlight").count(), marked.len(), "{id}");
    }
}

// Title and author reach the core properties.
#[test]
fn core_properties_carry_title_and_organisation() {
    let form = example("示例市");
    let core = part(
        &to_docx(&render(&form, Some("diaoyan"))).unwrap(),
        "docProps/core.xml",
    );
    assert!(
        core.contains("<dc:title>关于示例市科技创新情况的调研报告</dc:title>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>示例市科学技术局</dc:creator>"),
        "{core}"
    );
}

// The same form gives the same bytes: twice in one process with other forms in
// between, in parallel threads, and from two separate processes.
#[test]
fn same_form_same_bytes() {
    let forms = examples();
    let first = to_docx(&render(&forms[0], None)).unwrap();
    for other in &forms[1..] {
        to_docx(&render(other, Some("zongshu"))).unwrap();
    }
    assert_eq!(first, to_docx(&render(&forms[0], None)).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let forms = forms.clone();
            std::thread::spawn(move || to_docx(&render(&forms[i % forms.len()], None)).unwrap())
        })
        .collect();
    let from_threads: Vec<Vec<u8>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(first, from_threads[0]);

    let dir = tempfile::tempdir().unwrap();
    for name in ["a.docx", "b.docx"] {
        let status = assert_cmd::Command::cargo_bin("huibao")
            .unwrap()
            .env("SOURCE_DATE_EPOCH", "1735689600")
            .arg("render")
            .arg(&forms[0])
            .arg("-o")
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        assert!(status.status.success());
    }
    let a = std::fs::read(dir.path().join("a.docx")).unwrap();
    assert_eq!(a, std::fs::read(dir.path().join("b.docx")).unwrap());
    assert_eq!(a, first, "the CLI and the library agree");
}

/// The paragraph style and text a block lands in, when it is one paragraph.
fn one(b: &Block) -> Option<(&'static str, String)> {
    match b {
        // A title line break is a `<w:br>` inside the one paragraph.
        Block::Title(r) => Some(("HbTitle", plain_text(r).replace('\n', ""))),
        Block::Subtitle(r) => Some(("HbSubtitle", plain_text(r))),
        Block::Byline(r) => Some(("HbByline", plain_text(r))),
        Block::Salutation(r) => Some(("HbSalutation", plain_text(r))),
        Block::Paragraph(r) => Some(("HbBody", plain_text(r))),
        Block::Signature(r) => Some(("HbSignature", plain_text(r))),
        Block::Date(r) => Some(("HbDate", plain_text(r))),
        Block::Heading(h) => Some((
            ["Heading1", "Heading2", "Heading3", "Heading4"][usize::from(h.level) - 1],
            format!(
                "{}{}{}",
                h.label,
                plain_text(&h.text),
                plain_text(&h.run_in)
            ),
        )),
        Block::Attachments(_) | Block::Appendix(_) => None,
    }
}
