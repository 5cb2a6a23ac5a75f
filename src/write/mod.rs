//! Output writers: the [`Document`] model to a file format.
//!
//! Every format is written through one signature, [`Format::write`] (or
//! [`encode`] for the bytes), whatever the target: a file, a pipe, memory.
//! Adding a format is a variant here, its writer module and its extension.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;

/// An output format, chosen by `-f` or else by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark, for review and diffing.
    Markdown,
    /// Word (OOXML), laid out per GB/T 9704.
    Docx,
    /// A standalone HTML page with the Word file's page layout.
    Html,
    /// PDF drawn from the layout, fonts embedded (docs/layout.md §17).
    Pdf,
}

/// What the fixed-layout formats need besides the document: where to look
/// for fonts, PDF/A. Markdown and DOCX ignore it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// A directory searched for the 公文 faces before the system's (`--fonts`).
    pub fonts: Option<PathBuf>,
    /// PDF/A-2b (`--pdfa`).
    pub pdfa: bool,
}

impl Format {
    /// The format named by `path`'s extension (case-insensitive): `.md` and
    /// `.markdown` → Markdown, `.docx` → Docx, `.html`/`.htm` → Html, `.pdf` → Pdf;
    /// anything else → `None`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "docx" => Some(Format::Docx),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The file extension this format writes, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the output is text a terminal can show (DOCX is a zip archive).
    pub fn is_text(self) -> bool {
        match self {
            Format::Markdown | Format::Html => true,
            Format::Docx | Format::Pdf => false,
        }
    }

    /// Writes `doc` in this format to `out`. Errors of `out` itself come back
    /// as [`ErrorKind::Io`] with the Chinese reason; callers name the target.
    pub fn write(self, doc: &Document, out: &mut dyn Write) -> Result<()> {
        self.write_with(doc, &Settings::default(), out)
    }

    /// [`Format::write`] with the fixed-layout [`Settings`].
    pub fn write_with(
        self,
        doc: &Document,
        settings: &Settings,
        out: &mut dyn Write,
    ) -> Result<()> {
        let bytes = match self {
            Format::Markdown => markdown::to_markdown(doc).into_bytes(),
            Format::Docx => docx::to_docx(doc)?,
            Format::Html => html::to_html(doc).into_bytes(),
            Format::Pdf => pdf::encode(doc, settings)?.bytes,
        };
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|e| Error::new(ErrorKind::Io, crate::pipeline::io_message(&e)))
    }
}

/// `doc` in `format`, as bytes.
pub fn encode(doc: &Document, format: Format) -> Result<Vec<u8>> {
    encode_with(doc, format, &Settings::default())
}

/// `doc` in `format` with the fixed-layout `settings`, as bytes.
pub fn encode_with(doc: &Document, format: Format, settings: &Settings) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    format.write_with(doc, settings, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("报告.md"), Some(Format::Markdown));
        assert_eq!(f("out/报告.MARKDOWN"), Some(Format::Markdown));
        assert_eq!(f("报告.Docx"), Some(Format::Docx));
        assert_eq!(f("报告.HTM"), Some(Format::Html));
        assert_eq!(f("报告.html"), Some(Format::Html));
        assert_eq!(f("报告.PDF"), Some(Format::Pdf));
        assert_eq!(f("报告.doc"), None);
        assert_eq!(f("报告"), None);
        assert_eq!(f("md"), None);
        assert_eq!(f("报告.docx.txt"), None);
    }

    // Every format through the same call gives what its writer gives.
    #[test]
    fn one_signature_for_every_format() {
        let doc = Document {
            title: "t".into(),
            author: "a".into(),
            blocks: vec![crate::document::Block::Paragraph(vec![
                crate::document::Inline::plain("正文"),
            ])],
        };
        assert_eq!(
            encode(&doc, Format::Markdown).unwrap(),
            markdown::to_markdown(&doc).into_bytes()
        );
        assert!(encode(&doc, Format::Docx).unwrap().starts_with(b"PK"));
    }
}
