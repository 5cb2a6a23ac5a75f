//! The DOCX package around a report's body.
//!
//! Of the package's twenty-odd parts only `document.xml`, the two footers
//! (their paragraph ids follow the body's) and `core.xml` differ between
//! reports. The rest, styles and numbering above all, is built once per
//! process and copied, so a batch does not rebuild the same XML a thousand
//! times. A test checks the bytes equal those of docx-rs's own full build.

use std::io::Cursor;
use std::sync::OnceLock;

use docx_rs::{BuildXML, Docx, XMLDocProps, XMLDocx};

use crate::error::{Error, ErrorKind};

/// Every part of a package, rendered, for a document without paragraphs.
struct Skeleton {
    content_type: Vec<u8>,
    rels: Vec<u8>,
    app: Vec<u8>,
    custom: Vec<u8>,
    styles: Vec<u8>,
    comments: Vec<u8>,
    document_rels: Vec<u8>,
    settings: Vec<u8>,
    font_table: Vec<u8>,
    numberings: Vec<u8>,
    header_rels: Vec<Vec<u8>>,
    footer_rels: Vec<Vec<u8>>,
    comments_extended: Vec<u8>,
    taskpanes_rels: Vec<u8>,
    footnotes: Vec<u8>,
}

/// The shared parts, built on first use from [`super::frame`]: the
/// document-level setup (page, styles, footers) without any body.
fn skeleton() -> &'static Skeleton {
    static SKELETON: OnceLock<Skeleton> = OnceLock::new();
    SKELETON.get_or_init(|| {
        let xml = super::frame().build();
        Skeleton {
            content_type: xml.content_type,
            rels: xml.rels,
            app: xml.doc_props.app,
            custom: xml.doc_props.custom,
            styles: drop_empty_run_properties(&xml.styles),
            comments: xml.comments,
            document_rels: xml.document_rels,
            settings: xml.settings,
            font_table: xml.font_table,
            numberings: xml.numberings,
            header_rels: xml.header_rels,
            footer_rels: xml.footer_rels,
            comments_extended: xml.comments_extended,
            taskpanes_rels: xml.taskpanes_rels,
            footnotes: xml.footnotes,
        }
    })
}

/// Packs `docx` (made by [`super::page`] plus footers and paragraphs, nothing
/// else) with the shared parts and the core properties `core`.
pub fn pack(docx: &Docx, core: Vec<u8>) -> Result<Vec<u8>, Error> {
    let s = skeleton();
    // docx-rs orders footers by their kind; the same order as in its build.
    let mut footers = docx.document.section_property.get_footers();
    footers.sort_by(|a, b| a.0.cmp(&b.0));
    let xml = XMLDocx {
        content_type: s.content_type.clone(),
        rels: s.rels.clone(),
        doc_props: XMLDocProps {
            app: s.app.clone(),
            core,
            custom: s.custom.clone(),
        },
        styles: s.styles.clone(),
        document: drop_empty_run_properties(&docx.document.build()),
        comments: s.comments.clone(),
        document_rels: s.document_rels.clone(),
        settings: s.settings.clone(),
        font_table: s.font_table.clone(),
        numberings: s.numberings.clone(),
        media: Vec::new(),
        headers: Vec::new(),
        header_rels: s.header_rels.clone(),
        footers: footers
            .iter()
            .map(|f| drop_empty_run_properties(&f.1.build()))
            .collect(),
        footer_rels: s.footer_rels.clone(),
        comments_extended: s.comments_extended.clone(),
        taskpanes: None,
        taskpanes_rels: s.taskpanes_rels.clone(),
        web_extensions: Vec::new(),
        custom_items: Vec::new(),
        custom_item_rels: Vec::new(),
        custom_item_props: Vec::new(),
        footnotes: s.footnotes.clone(),
    };
    zip(xml)
}

/// Packs a fully built package (docx-rs's own path, used for comparison).
pub fn zip(xml: XMLDocx) -> Result<Vec<u8>, Error> {
    let mut out = Cursor::new(Vec::with_capacity(64 * 1024));
    xml.pack(&mut out)
        .map_err(|e| Error::new(ErrorKind::Io, format!("无法生成 Word 文件\u{ff1a}{e}")))?;
    Ok(out.into_inner())
}

/// docx-rs writes an empty `<w:rPr />` into every paragraph and run, in pPr
/// ahead of pStyle where the schema forbids it; empty, it says nothing.
pub fn drop_empty_run_properties(xml: &[u8]) -> Vec<u8> {
    const EMPTY: &[u8] = b"<w:rPr />";
    let mut out = Vec::with_capacity(xml.len());
    let mut start = 0;
    let mut at = 0;
    // Scanning for '<' alone is cheap; only then compare the whole tag.
    while let Some(lt) = xml[at..].iter().position(|&b| b == b'<') {
        let i = at + lt;
        if xml[i..].starts_with(EMPTY) {
            out.extend_from_slice(&xml[start..i]);
            start = i + EMPTY.len();
            at = start;
        } else {
            at = i + 1;
        }
    }
    out.extend_from_slice(&xml[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_empty_run_properties() {
        let xml = b"<w:p><w:rPr /><w:r><w:rPr><w:b /></w:rPr><w:rPr /></w:r><w:rPr /></w:p>";
        assert_eq!(
            drop_empty_run_properties(xml),
            b"<w:p><w:r><w:rPr><w:b /></w:rPr></w:r></w:p>".to_vec()
        );
        assert_eq!(
            drop_empty_run_properties(b"a<w:rPr /"),
            b"a<w:rPr /".to_vec()
        );
        assert!(drop_empty_run_properties(b"").is_empty());
    }
}
