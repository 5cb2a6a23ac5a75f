//! Golden outputs: the Markdown, the `word/document.xml` and the HTML of
//! every bundled example in every built-in style, kept as insta snapshots in
//! `tests/integration/snapshots/`. The HTML is laid out with fixed widths
//! (no fonts: CJK one em, the rest half), so it is the same on every machine. A change of template wording, numbering or
//! punctuation changes a snapshot and fails here until it is reviewed
//! (`cargo insta review`) or accepted (`INSTA_UPDATE=always`; README, 开发).
//!
//! The date is fixed (`common::render` uses 2025-01-01 for forms without
//! 日期), so the snapshots do not change with the day they are made.

use std::path::Path;

use huibao::render::Renderer;

use crate::{common, fixture};

/// The snapshot name of a form in a style: the form's file stem and the style id.
fn name(form: &Path, style: &str) -> String {
    let stem = form.file_stem().unwrap().to_string_lossy();
    format!("{stem}__{style}")
}

/// Every built-in style's id, as the renderer lists them: a new built-in style
/// gets its golden outputs without editing this file.
fn style_ids() -> Vec<String> {
    let renderer = Renderer::new(None).unwrap();
    renderer.styles().iter().map(|s| s.id.clone()).collect()
}

/// Snapshot settings: files beside this test, no source expression in the
/// header (the name says what each is).
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_omit_expression(true);
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn markdown_of_every_example_in_every_style() {
    let styles = style_ids();
    assert!(!styles.is_empty());
    settings().bind(|| {
        for form in common::examples() {
            for style in &styles {
                let md = common::markdown(&form, Some(style));
                insta::assert_snapshot!(format!("md__{}", name(&form, style)), md);
            }
        }
    });
}

/// The styled parts a reader sees: `document.xml` of every example in every
/// style, one element per line.
#[test]
fn document_xml_of_every_example_in_every_style() {
    let styles = style_ids();
    settings().bind(|| {
        for form in common::examples() {
            for style in &styles {
                let doc = common::render(&form, Some(style));
                let docx = huibao::write::docx::to_docx(&doc).unwrap();
                let xml = one_element_per_line(&fixture::part(&docx, "word/document.xml"));
                insta::assert_snapshot!(format!("docx__{}", name(&form, style)), xml);
            }
        }
    });
}

/// The pages as the HTML draws them, laid out with fixed widths: every
/// line, run and rule, one line of HTML per line of the page.
#[test]
fn html_of_every_example_in_every_style() {
    let styles = style_ids();
    let fonts = huibao::fonts::Fonts::default();
    settings().bind(|| {
        for form in common::examples() {
            for style in &styles {
                let doc = common::render(&form, Some(style));
                let html = huibao::write::html::to_html_with(&doc, &fonts);
                // The style sheet is the same for every report.
                let body = &html[html.find("<body>").expect("a body")..];
                insta::assert_snapshot!(format!("html__{}", name(&form, style)), body);
            }
        }
    });
}

/// XML with each tag on a line of its own, indented by depth, text kept beside
/// its tag (`<w:t>文字</w:t>` stays one line), so a diff points at one run.
fn one_element_per_line(xml: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for piece in xml.replace("><", ">\n<").lines() {
        let closing = piece.starts_with("</");
        let opens =
            !closing && !piece.starts_with("<?") && !piece.ends_with("/>") && !piece.contains("</");
        if closing {
            depth = depth.saturating_sub(1);
        }
        out.push_str(&"  ".repeat(depth));
        out.push_str(piece);
        out.push('\n');
        if opens {
            depth += 1;
        }
    }
    out
}

#[test]
fn xml_is_split_one_element_per_line() {
    let xml =
        r#"<?xml version="1.0"?><w:body><w:p><w:r><w:t>文字</w:t></w:r><w:br/></w:p></w:body>"#;
    assert_eq!(
        one_element_per_line(xml),
        "<?xml version=\"1.0\"?>\n<w:body>\n  <w:p>\n    <w:r>\n      <w:t>文字</w:t>\n    </w:r>\n    <w:br/>\n  </w:p>\n</w:body>\n"
    );
}
