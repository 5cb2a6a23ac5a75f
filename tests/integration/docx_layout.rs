//! The DOCX package as Word reads it: page, grid, styles, runs, footers,
//! metadata, and byte-for-byte reproducibility.

use crate::fixture;

use fixture::{AUTHOR, TITLE, fw, part, plain, report};
use huibao::document::{Block, Document};
use huibao::write::docx::to_docx;

fn render(doc: &Document) -> Vec<u8> {
    to_docx(doc).expect("renders")
}

/// The `<w:style>` element with `id`.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let start = styles
        .find(&format!("w:styleId=\"{id}\""))
        .unwrap_or_else(|| panic!("no style {id}"));
    let end = start + styles[start..].find("</w:style>").unwrap();
    &styles[start..end]
}

/// The body paragraphs, each as its XML.
fn paragraphs(document: &str) -> Vec<&str> {
    document
        .split("<w:p ")
        .skip(1)
        .map(|p| &p[..p.find("</w:p>").unwrap_or(p.len())])
        .collect()
}

/// The paragraph holding `text`, and its index.
fn paragraph_with<'a>(document: &'a str, text: &str) -> (usize, &'a str) {
    paragraphs(document)
        .into_iter()
        .enumerate()
        .find(|(_, p)| p.contains(text))
        .unwrap_or_else(|| panic!("no paragraph with {text}"))
}

fn fonts_attr(face: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{face}\" w:hAnsi=\"{face}\" w:cs=\"{face}\" w:eastAsia=\"{face}\" w:hint=\"eastAsia\" />"
    )
}

#[test]
fn page_is_a4_with_gbt9704_margins_and_a_22_line_grid() {
    let doc = part(&render(&report()), "word/document.xml");
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"));
    assert!(
        doc.contains("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\"")
    );
    assert!(doc.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\" />"));
}

#[test]
fn paragraph_properties_start_with_the_style() {
    let bytes = render(&report());
    for name in ["word/document.xml", "word/styles.xml", "word/footer1.xml"] {
        let xml = part(&bytes, name);
        assert!(
            !xml.contains("<w:rPr />"),
            "{name} has empty run properties"
        );
    }
    let doc = part(&bytes, "word/document.xml");
    for p in paragraphs(&doc) {
        if let Some(at) = p.find("<w:pPr>") {
            assert!(p[at..].starts_with("<w:pPr><w:pStyle "), "{p}");
        }
    }
}

#[test]
fn styles_carry_the_gbt9704_faces_and_sizes() {
    let styles = part(&render(&report()), "word/styles.xml");
    let expected = [
        ("HbTitle", "方正小标宋简体", 44),
        ("HbSubtitle", "楷体_GB2312", 32),
        ("HbByline", "楷体_GB2312", 32),
        ("HbSalutation", "仿宋_GB2312", 32),
        ("HbBody", "仿宋_GB2312", 32),
        ("Heading1", "黑体", 32),
        ("Heading2", "楷体_GB2312", 32),
        ("Heading3", "仿宋_GB2312", 32),
        ("Heading4", "仿宋_GB2312", 32),
        ("HbAttachment", "仿宋_GB2312", 32),
        ("HbSignature", "仿宋_GB2312", 32),
        ("HbDate", "仿宋_GB2312", 32),
        ("HbPageNumber", "宋体", 28),
        ("HbBodyChar", "仿宋_GB2312", 32),
    ];
    for (id, face, size) in expected {
        let s = style(&styles, id);
        assert!(
            s.contains(&fonts_attr(face)),
            "{id} is not set in {face}: {s}"
        );
        assert!(
            s.contains(&format!("<w:sz w:val=\"{size}\" />")),
            "{id} size: {s}"
        );
        assert!(!s.contains("<w:b />"), "{id} must not be bold");
    }
    // Every style but docx-rs's own empty Normal sets all four slots.
    for s in styles.split("<w:style ").skip(1) {
        if !s.contains("w:styleId=\"Normal\"") {
            assert!(s.contains("w:hint=\"eastAsia\" />"), "{s}");
        }
    }
    assert_eq!(styles.matches("w:styleId=\"Normal\"").count(), 1);
    // The document defaults (used by docx-rs's Normal) are 仿宋 too.
    assert!(styles.contains(&fonts_attr("仿宋_GB2312")));
}

#[test]
fn headings_have_outline_levels_for_the_navigation_pane() {
    let styles = part(&render(&report()), "word/styles.xml");
    for level in 1..=4 {
        let s = style(&styles, &format!("Heading{level}"));
        assert!(s.contains(&format!("<w:name w:val=\"heading {level}\" />")));
        assert!(s.contains(&format!("<w:outlineLvl w:val=\"{}\" />", level - 1)));
        assert!(s.contains("w:firstLine=\"640\""), "indented like body");
    }
    for id in ["HbTitle", "HbBody", "HbSalutation", "HbSignature"] {
        assert!(!style(&styles, id).contains("outlineLvl"), "{id}");
    }
}

#[test]
fn body_is_justified_with_two_character_indent_and_exact_lines() {
    let styles = part(&render(&report()), "word/styles.xml");
    let body = style(&styles, "HbBody");
    assert!(body.contains("<w:jc w:val=\"both\" />"));
    // In characters too, so Word keeps two characters at any size.
    assert!(body.contains(
        "<w:ind w:left=\"0\" w:right=\"0\" w:firstLine=\"640\" w:firstLineChars=\"200\" />"
    ));
    assert!(body.contains("w:line=\"579\" w:lineRule=\"exact\""));
    assert!(body.contains("<w:widowControl w:val=\"0\" />"));
    // Tightened by 0.25 pt so 28 characters fit the 156 mm line.
    assert!(styles.contains("<w:spacing w:val=\"-5\" />"));
    assert!(style(&styles, "HbTitle").contains("<w:jc w:val=\"center\" />"));
    let salutation = style(&styles, "HbSalutation");
    assert!(salutation.contains("<w:jc w:val=\"left\" />"));
    assert!(!salutation.contains("firstLine"));
}

#[test]
fn one_blank_line_follows_the_head_block_only() {
    let doc = part(&render(&report()), "word/document.xml");
    let ps = paragraphs(&doc);
    let (byline, _) = paragraph_with(&doc, "<w:pStyle w:val=\"HbByline\" />");
    assert!(ps[byline - 2].contains("HbTitle"));
    assert!(ps[byline - 1].contains("HbSubtitle"));
    assert!(
        !ps[byline + 1].contains("<w:t"),
        "blank line after the byline"
    );
    assert!(ps[byline + 2].contains("HbSalutation"));
}

#[test]
fn run_in_second_level_heading_switches_to_fangsong() {
    let doc = part(&render(&report()), "word/document.xml");
    let (_, p) = paragraph_with(&doc, &fw("创新平台建设稳步推进~"));
    assert!(p.contains("<w:pStyle w:val=\"Heading2\" />"));
    let runs: Vec<&str> = p.split("<w:r>").skip(1).collect();
    assert!(runs[0].contains(&fw("(一)")) && !runs[0].contains("rStyle"));
    assert!(runs[1].contains(&fw("创新平台建设稳步推进~")) && !runs[1].contains("rStyle"));
    for run in &runs[2..] {
        assert!(run.contains("<w:rStyle w:val=\"HbBodyChar\" />"), "{run}");
    }
    // Standalone headings keep with the next paragraph (a `一、` heading
    // through its style); run-in ones don't.
    assert!(!p.contains("keepNext"));
    let (_, alone) = paragraph_with(&doc, "主要工作成效");
    assert!(alone.contains("<w:pStyle w:val=\"Heading1\" />"));
    let styles = part(&render(&report()), "word/styles.xml");
    assert!(style(&styles, "Heading1").contains("<w:keepNext />"));
    assert!(!style(&styles, "Heading2").contains("<w:keepNext />"));
}

#[test]
fn placeholders_and_only_placeholders_are_highlighted_yellow() {
    let doc = part(&render(&report()), "word/document.xml");
    let runs: Vec<&str> = doc.split("<w:r>").skip(1).collect();
    let placeholders: Vec<&&str> = runs
        .iter()
        .filter(|r| r.contains("\u{3010}待补充"))
        .collect();
    assert_eq!(placeholders.len(), 2);
    for run in &placeholders {
        assert!(run.contains("<w:highlight w:val=\"yellow\" />"), "{run}");
    }
    assert_eq!(doc.matches("<w:highlight").count(), 2);
    let (_, lead) = paragraph_with(&doc, &fw("科技人才加快集聚~"));
    assert!(lead.contains("<w:b />"));
}

#[test]
fn attachments_signature_and_date_follow_gbt9704() {
    let bytes = render(&report());
    let doc = part(&bytes, "word/document.xml");
    let ps = paragraphs(&doc);
    // `附件：1.`, a tab, the name: wrapped lines and the later names stand
    // under the first name's first character (GB/T 9704 7.3.3), whatever
    // width the reader's face gives the digits. `附件：` is 945 twips, the
    // number one character (320).
    let (first, p) = paragraph_with(&doc, "\u{9644}\u{4ef6}\u{ff1a}1.</w:t><w:tab />");
    assert!(p.contains("<w:tab w:val=\"left\" w:pos=\"1905\" />"), "{p}");
    assert!(p.contains("<w:ind w:left=\"1905\" w:right=\"0\" w:hanging=\"1265\" />"));
    assert!(!ps[first - 1].contains("<w:t"), "blank line before 附件");
    assert!(ps[first + 1].contains(">2.</w:t><w:tab />"));
    assert!(ps[first + 1].contains("<w:ind w:left=\"1905\" w:right=\"0\" w:hanging=\"320\" />"));
    assert!(ps[first + 1].contains("HbAttachment"));
    assert!(
        !ps[first + 2].contains("<w:t"),
        "blank line before the signature"
    );
    assert!(ps[first + 3].contains("HbSignature") && ps[first + 3].contains(AUTHOR));
    assert!(ps[first + 4].contains("HbDate") && ps[first + 4].contains("2024年7月5日"));

    // Positions come from both lengths (GB/T 9704 7.3.5.2): 示例市科学技术局
    // is 8 characters of 315 twips, two characters (640) from the right edge
    // of the 8845-twip type area; the date starts two characters further right.
    assert!(ps[first + 3].contains("<w:ind w:left=\"5685\" w:right=\"0\" />"));
    assert!(ps[first + 4].contains("<w:ind w:left=\"6325\" w:right=\"0\" />"));
    assert!(
        ps[first + 2].contains("<w:keepNext />"),
        "blank line kept with the signature"
    );
    let styles = part(&bytes, "word/styles.xml");
    let signature = style(&styles, "HbSignature");
    assert!(signature.contains("<w:jc w:val=\"left\" />"));
    assert!(signature.contains("<w:keepNext />"));
    let date = style(&styles, "HbDate");
    assert!(date.contains("<w:jc w:val=\"left\" />"));
    assert!(style(&styles, "HbAttachment").contains("<w:ind w:left=\"1585\""));
}

#[test]
fn a_single_attachment_has_no_number() {
    let mut doc = report();
    for block in &mut doc.blocks {
        if let Block::Attachments(entries) = block {
            entries.truncate(1);
        }
    }
    let xml = part(&render(&doc), "word/document.xml");
    let (_, p) = paragraph_with(&xml, "\u{9644}\u{4ef6}\u{ff1a}");
    assert!(p.contains(">\u{9644}\u{4ef6}\u{ff1a}</w:t>"), "{p}");
    assert!(!xml.contains(">2.</w:t>") && !xml.contains("\u{ff1a}1."));
}

#[test]
fn page_numbers_alternate_sides_with_a_page_field() {
    let bytes = render(&report());
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains("<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\" />"));
    assert!(doc.contains("<w:footerReference w:type=\"even\" r:id=\"rIdFooter2\" />"));
    assert!(part(&bytes, "word/settings.xml").contains("<w:evenAndOddHeaders />"));
    let odd = part(&bytes, "word/footer1.xml");
    let even = part(&bytes, "word/footer2.xml");
    for footer in [&odd, &even] {
        assert!(footer.contains("<w:pStyle w:val=\"HbPageNumber\" />"));
        assert!(footer.contains("<w:fldChar w:fldCharType=\"begin\""));
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert!(footer.contains("<w:fldChar w:fldCharType=\"end\""));
        assert!(footer.contains(">\u{2014} </w:t>") && footer.contains("> \u{2014}</w:t>"));
    }
    assert!(odd.contains("<w:jc w:val=\"right\" />") && odd.contains("w:right=\"280\""));
    assert!(even.contains("<w:jc w:val=\"left\" />") && even.contains("w:left=\"280\""));
}

#[test]
fn core_properties_name_title_and_author_without_timestamps() {
    let core = part(&render(&report()), "docProps/core.xml");
    assert!(core.contains(&format!("<dc:title>{TITLE}</dc:title>")));
    assert!(core.contains(&format!("<dc:creator>{AUTHOR}</dc:creator>")));
    assert!(!core.contains("dcterms:created") && !core.contains("dcterms:modified"));
}

#[test]
fn zip_entries_carry_the_fixed_1980_date() {
    let bytes = render(&report());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let year = entry.last_modified().map(|d| d.year());
        assert_eq!(year, Some(1980), "{} is time-stamped", entry.name());
    }
}

fn other() -> Document {
    let mut doc = report();
    doc.title = "示例市另一份汇报".to_string();
    doc.blocks
        .insert(5, Block::Paragraph(vec![plain("另起一段,使段落编号错位~")]));
    doc
}

#[test]
fn same_document_gives_the_same_bytes() {
    let first = render(&report());
    assert_eq!(first, render(&report()));
    // Interleaved with another document on the same thread.
    let b = render(&other());
    assert_ne!(first, b);
    assert_eq!(first, render(&report()));
    // Paragraphs created on this thread without being built must not shift
    // the ids of the next document.
    let _stray = docx_rs::Paragraph::new();
    assert_eq!(first, render(&report()));
    // And on a fresh thread.
    let from_thread = std::thread::spawn(|| render(&report())).join().unwrap();
    assert_eq!(first, from_thread);
}
