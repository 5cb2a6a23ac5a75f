//! Builds the fixed parts in `parts/` that come from code: `styles.xml`,
//! `settings.xml`, the start and end of `document.xml` and the two
//! page-number footers (their paragraph id is filled in per report). They are built
//! here, in a test, instead of in every process (see `package.rs`):
//!
//! ```text
//! HUIBAO_BLESS=1 cargo test --lib generated_parts   # after changing styles.rs
//! ```
//!
//! What docx-rs cannot write is spliced into its output before the
//! ordering pass puts every element where the schema wants it:
//! - `w:lang` (docx-rs has no setter) with `eastAsia="zh-CN"` in the run
//!   defaults, as zh-CN Word writes it: spelling, line breaking and the
//!   choice of East Asian face follow Simplified Chinese;
//! - `autoSpaceDE`/`autoSpaceDN` off in the paragraph defaults: with them
//!   on, Word puts space between 汉字 and Latin letters or digits, and a
//!   line of a report with figures holds fewer than 28 characters;
//! - `themeFontLang` zh-CN in the settings;
//! - `characterSpacingControl` `doNotCompress`: every punctuation mark keeps
//!   its full character width, so each line holds the 28 characters of the
//!   GB/T 9704 grid. zh-CN Word's blank document has `compressPunctuation`,
//!   which squeezes runs of marks such as `。”` and so breaks the count
//!   (docs/layout.md); `doNotCompress` is also what LibreOffice does by
//!   default, so its rendering is unchanged.

use docx_rs::{
    AlignmentType, BuildXML, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, PageMargin, Paragraph, Run,
};

use super::{FOOTER_ID_MARK, PAGE_HEIGHT, PAGE_WIDTH, order, package, styles};

/// One 4号 character: how far the page number stays from the margin.
const PAGE_NUMBER_INSET: i32 = 280;

/// The page number's line top sits 7 mm under the type area: 35 mm bottom
/// margin − 7 mm = 28 mm (1587 twips) above the page edge, minus the line.
const FOOTER_DISTANCE: i32 = 1587 - styles::PAGE_NUMBER_LINE;

/// A4 page, GB/T 9704 margins and the line grid: what the body part carries.
pub fn page() -> Docx {
    let mut docx = Docx::new().page_size(PAGE_WIDTH, PAGE_HEIGHT).page_margin(
        PageMargin::new()
            .top(2098)
            .bottom(1984)
            .left(1587)
            .right(1474)
            .header(851)
            .footer(FOOTER_DISTANCE)
            .gutter(0),
    );
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(styles::LINE_PITCH as usize),
    );
    docx
}

/// [`page`] with the styles and the footers: every part but the body.
fn frame() -> Docx {
    let mut docx = page()
        .default_fonts(styles::fonts(styles::FANGSONG))
        .default_size(styles::SIZE_3)
        .default_spacing(styles::CHAR_SPACING)
        .default_line_spacing(styles::exact_lines());
    for style in styles::all() {
        docx = docx.add_style(style);
    }
    docx.footer(page_number_footer(String::new(), true))
        .even_footer(page_number_footer(String::new(), false))
}

/// `— N —` in 4号宋体: odd pages right, even pages left, one character in.
pub fn page_number_footer(id: String, odd: bool) -> Footer {
    let (align, indent) = if odd {
        (AlignmentType::Right, (Some(0), Some(PAGE_NUMBER_INSET)))
    } else {
        (AlignmentType::Left, (Some(PAGE_NUMBER_INSET), Some(0)))
    };
    let p = Paragraph::new()
        .id(id)
        .style(styles::PAGE_NUMBER)
        .align(align)
        .indent(indent.0, None, indent.1, None)
        .add_run(Run::new().add_text("\u{2014} "))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("1"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(Run::new().add_text(" \u{2014}"));
    Footer::new().add_paragraph(p)
}

/// `xml` with `insert` right after the first `after`.
fn splice(xml: &[u8], after: &str, insert: &str) -> Vec<u8> {
    let at = xml
        .windows(after.len())
        .position(|w| w == after.as_bytes())
        .unwrap_or_else(|| panic!("docx-rs output without {after}"))
        + after.len();
    [&xml[..at], insert.as_bytes(), &xml[at..]].concat()
}

/// A page-number footer, schema-ordered, with [`FOOTER_ID_MARK`] as its id.
fn footer(odd: bool) -> Vec<u8> {
    order::ordered(&page_number_footer(FOOTER_ID_MARK.to_string(), odd).build())
}

/// The generated parts: `(file in parts/, bytes)`.
pub fn parts() -> Vec<(&'static str, Vec<u8>)> {
    let xml = frame().build();
    let styles = splice(
        &xml.styles,
        "<w:rPrDefault><w:rPr>",
        r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#,
    );
    let styles = splice(
        &styles,
        "<w:pPrDefault><w:pPr>",
        r#"<w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" />"#,
    );
    let settings = splice(
        &xml.settings,
        "</w:compat>",
        r#"<w:characterSpacingControl w:val="doNotCompress" /><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN" />"#,
    );
    let document = order::ordered(&xml.document);
    let split = |needle: &str| {
        document
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .unwrap_or_else(|| panic!("docx-rs document without {needle}"))
    };
    let start = split("<w:body>") + "<w:body>".len();
    let end = split("<w:sectPr>");
    assert_eq!(start, end, "the frame has no paragraphs");
    vec![
        ("styles.xml", order::ordered(&styles)),
        ("settings.xml", order::ordered(&settings)),
        ("document-start.xml", document[..start].to_vec()),
        ("document-end.xml", document[end..].to_vec()),
        ("footer-odd.xml", footer(true)),
        ("footer-even.xml", footer(false)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    // The compiled-in parts are what the code builds today.
    #[test]
    fn generated_parts_are_current() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/write/docx/parts");
        let bless = std::env::var_os("HUIBAO_BLESS").is_some();
        let compiled = [
            package::STYLES,
            package::SETTINGS,
            package::DOCUMENT_START,
            package::DOCUMENT_END,
            package::FOOTER_ODD,
            package::FOOTER_EVEN,
        ];
        for ((name, built), compiled) in parts().into_iter().zip(compiled) {
            if bless {
                std::fs::write(format!("{dir}/{name}"), &built).expect("write part");
            } else {
                assert!(
                    built == compiled,
                    "src/write/docx/parts/{name} is stale: run HUIBAO_BLESS=1 cargo test --lib generated_parts"
                );
            }
        }
    }

    #[test]
    fn zh_cn_settings_and_defaults() {
        let parts = parts();
        let text = |i: usize| String::from_utf8(parts[i].1.clone()).expect("utf-8");
        let styles = text(0);
        assert!(styles.contains(
            r#"<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:cs="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia" /><w:spacing w:val="-5" /><w:sz w:val="32" /><w:szCs w:val="32" /><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" /></w:rPr>"#
        ), "{styles}");
        assert!(styles.contains(
            r#"<w:pPr><w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" /><w:spacing"#
        ));
        let settings = text(1);
        assert!(
            settings.contains(r#"<w:characterSpacingControl w:val="doNotCompress" /><w:compat>"#),
            "{settings}"
        );
        assert!(
            settings.contains(r#"</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN" />"#)
        );
    }
}
