//! Output writers: the [`Document`](crate::document::Document) model to a file format.

use std::path::Path;

pub mod docx;
pub mod html;
pub mod markdown;

/// An output format, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark, for review and diffing.
    Markdown,
    /// Word (OOXML), laid out per GB/T 9704.
    Docx,
    /// A standalone HTML page with the Word file's page layout.
    Html,
}

impl Format {
    /// The format named by `path`'s extension (case-insensitive): `.md` and
    /// `.markdown` → Markdown, `.docx` → Docx, `.html`/`.htm` → Html; anything else → `None`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "docx" => Some(Format::Docx),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The file extension this format writes, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }
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
        assert_eq!(f("报告.doc"), None);
        assert_eq!(f("报告"), None);
        assert_eq!(f("md"), None);
        assert_eq!(f("报告.docx.txt"), None);
    }
}
