//! The DOCX package around a report's body.
//!
//! Only `document.xml`'s paragraphs, the two footers (their paragraph ids
//! follow the body's) and `core.xml` differ between reports. Every other
//! part is fixed and compiled into the binary (`parts/`): a process writing
//! one report builds no styles, settings or numbering at all.
//!
//! Two kinds of fixed parts:
//! - written by hand: the content types, relationships, `app.xml`, the font
//!   table (the five faces with charset 86 (GB2312), panose and signature,
//!   and the names Windows ships as alternates) and the theme;
//! - built from code ([`super::generate`]): `styles.xml`, `settings.xml`
//!   the start and end of `document.xml` (page size, margins, grid,
//!   footer references) and the footers. The test `generated_parts_are_current` rebuilds
//!   them and fails when they differ; `HUIBAO_BLESS=1 cargo test --lib
//!   generated_parts` rewrites them after a change to the styles.
//!
//! The package holds no parts docx-rs writes empty and nothing references
//! (comments, footnotes, numbering, custom properties). docx-rs 0.4.22
//! reads themes but writes none, hence the theme here; Word and WPS take the
//! theme's fonts and colours for anything a style leaves open.

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::error::{Error, ErrorKind};

/// `[Content_Types].xml`.
const CONTENT_TYPES: &[u8] = include_bytes!("parts/content-types.xml");
/// `_rels/.rels`.
const RELS: &[u8] = include_bytes!("parts/rels.xml");
/// `docProps/app.xml`.
const APP: &[u8] = include_bytes!("parts/app.xml");
/// `word/_rels/document.xml.rels`.
const DOCUMENT_RELS: &[u8] = include_bytes!("parts/document.xml.rels");
/// `word/fontTable.xml`.
const FONT_TABLE: &[u8] = include_bytes!("parts/fontTable.xml");
/// `word/theme/theme1.xml`.
const THEME: &[u8] = include_bytes!("parts/theme1.xml");
/// `word/styles.xml`, generated.
pub(super) const STYLES: &[u8] = include_bytes!("parts/styles.xml");
/// `word/settings.xml`, generated.
pub(super) const SETTINGS: &[u8] = include_bytes!("parts/settings.xml");
/// `document.xml` up to and with `<w:body>`, generated.
pub(super) const DOCUMENT_START: &[u8] = include_bytes!("parts/document-start.xml");
/// `document.xml` from the section properties on, generated.
pub(super) const DOCUMENT_END: &[u8] = include_bytes!("parts/document-end.xml");
/// `footer1.xml`, odd pages, generated with a placeholder paragraph id.
pub(super) const FOOTER_ODD: &[u8] = include_bytes!("parts/footer-odd.xml");
/// `footer2.xml`, even pages, generated with a placeholder paragraph id.
pub(super) const FOOTER_EVEN: &[u8] = include_bytes!("parts/footer-even.xml");

/// What differs between reports.
pub struct Parts<'a> {
    /// The paragraphs of `document.xml`, schema-ordered.
    pub body: &'a [u8],
    /// `footer1.xml` (odd pages) and `footer2.xml` (even pages).
    pub footers: [Vec<u8>; 2],
    /// `docProps/core.xml`.
    pub core: Vec<u8>,
}

/// The package of one report.
pub fn pack(parts: &Parts) -> Result<Vec<u8>, Error> {
    let entries = entries(parts);
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(packed_size(&entries))));
    write_entries(&mut zip, &entries)
        .and_then(|()| zip.finish())
        .map(|c| c.into_inner())
        .map_err(|e| Error::new(ErrorKind::Io, format!("无法生成 Word 文件\u{ff1a}{e}")))
}

/// One part: its name in the package and its bytes, in up to three pieces.
pub(super) type Entry<'a> = (&'static str, [&'a [u8]; 3]);

/// The parts in package order: the content types first, as Word writes them.
pub(super) fn entries<'a>(parts: &'a Parts<'a>) -> [Entry<'a>; 12] {
    [
        ("[Content_Types].xml", [CONTENT_TYPES, &[], &[]]),
        ("_rels/.rels", [RELS, &[], &[]]),
        ("docProps/app.xml", [APP, &[], &[]]),
        ("docProps/core.xml", [&parts.core, &[], &[]]),
        ("word/_rels/document.xml.rels", [DOCUMENT_RELS, &[], &[]]),
        (
            "word/document.xml",
            [DOCUMENT_START, parts.body, DOCUMENT_END],
        ),
        ("word/styles.xml", [STYLES, &[], &[]]),
        ("word/settings.xml", [SETTINGS, &[], &[]]),
        ("word/fontTable.xml", [FONT_TABLE, &[], &[]]),
        ("word/theme/theme1.xml", [THEME, &[], &[]]),
        ("word/footer1.xml", [&parts.footers[0], &[], &[]]),
        ("word/footer2.xml", [&parts.footers[1], &[], &[]]),
    ]
}

/// The size of the package, so its buffer is allocated once: each entry's
/// bytes, its local header (30 bytes) and directory record (46), each with
/// the name and room for an extra field, and the directory's end (22).
pub(super) fn packed_size(entries: &[Entry]) -> usize {
    let entry = |(name, chunks): &Entry| {
        30 + 46 + 2 * (name.len() + 16) + chunks.iter().map(|c| c.len()).sum::<usize>()
    };
    entries.iter().map(entry).sum::<usize>() + 22
}

fn write_entries<W: Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    entries: &[Entry],
) -> zip::result::ZipResult<()> {
    // Stored, not deflated: a report is small and packing stays cheap. No
    // `time` feature in `zip`, so every entry is dated 1980 and the bytes
    // depend on the report only.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o644);
    for (name, chunks) in entries {
        zip.start_file(*name, options)?;
        for chunk in chunks {
            zip.write_all(chunk)?;
        }
    }
    Ok(())
}
