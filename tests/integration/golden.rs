//! Golden outputs: the Markdown of every bundled example in every built-in
//! style, and the `word/document.xml` of a few, kept as insta snapshots in
//! `tests/integration/snapshots/`. A change of template wording, numbering or
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

/// The styled parts a reader sees: `document.xml` of 示例市 as 情况汇报 (the
/// default style, signature and date) and as 工作总结 (problems as a run-in
/// paragraph, a derived period title), one element per line.
#[test]
fn document_xml_of_chosen_examples() {
    let form = common::example("示例市");
    settings().bind(|| {
        for style in ["qingkuang", "zongjie"] {
            let doc = common::render(&form, Some(style));
            let docx = huibao::write::docx::to_docx(&doc).unwrap();
            let xml = one_element_per_line(&fixture::part(&docx, "word/document.xml"));
            insta::assert_snapshot!(format!("docx__{}", name(&form, style)), xml);
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
