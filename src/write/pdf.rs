//! PDF from the layout (docs/layout.md §17): every line, run and rule that
//! [`crate::layout`] placed, drawn at exactly those positions in the font
//! files [`crate::fonts`] found, embedded and subset.
//!
//! Nothing is measured or broken here: glyph `i` of a run stands at
//! `run.x + run.advances[..i].sum()`, as the layout computed. The writer adds
//! what belongs to the file rather than the page: the fonts, page labels,
//! bookmarks from the layout's outline, the title and author, and with
//! `--pdfa` what PDF/A-2b asks for.
//!
//! Written with pdf-writer rather than krilla, which draws through it: for
//! the CJK CFF faces krilla subsets by undoing every subroutine, computes
//! every glyph's outline box and compresses at level 6, 93 M instructions a
//! report, which made a PDF 6.8 times the DOCX report (docs/layout.md §17).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pdf_writer::{Filter, Finish, Name, Pdf as PdfFile, Rect, Ref};

use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::fonts::Fonts;
use crate::layout::{Layout, PAGE_HEIGHT, PAGE_WIDTH, lay_out};
use crate::write::Settings;

mod book;
mod cff;
mod content;
mod embed;
mod meta;

pub use book::{FaceFile, FontBook};

/// How to write the PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// PDF/A-2b (`--pdfa`).
    pub pdfa: bool,
    /// The creation date PDF/A requires in the metadata (by default the day
    /// of the run, or `SOURCE_DATE_EPOCH`'s). An ordinary PDF carries no
    /// date, so the same form gives the same bytes on any day.
    pub date: Option<chrono::NaiveDate>,
}

/// A written PDF and what the reader should be told about it.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Characters no font on the machine has, drawn as an empty box.
    pub missing: Vec<char>,
}

/// The fonts of one `--fonts` choice: what the layout measures with and the
/// PDF embeds, and which faces stood in for official ones.
pub struct PdfFonts {
    fonts: &'static Fonts,
    book: FontBook,
    notes: Vec<String>,
}

impl PdfFonts {
    /// The fonts, as the layout measures with them.
    pub fn metrics(&self) -> &'static Fonts {
        self.fonts
    }

    /// The files the PDF embeds.
    pub fn book(&self) -> &FontBook {
        &self.book
    }

    /// One line per official face that is missing, naming its stand-in
    /// (`本机没有仿宋_GB2312,以 Noto Serif CJK SC 代替`), for stderr.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

/// The fonts for `dir` (`--fonts`, searched before the system's), found
/// once per process and directory. No CJK face at all is an error: a PDF
/// without one could not show the report.
pub fn fonts(dir: Option<&Path>) -> Result<Arc<PdfFonts>> {
    static FOUND: Mutex<Vec<(Option<PathBuf>, Arc<PdfFonts>)>> = Mutex::new(Vec::new());
    let mut found = FOUND.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, fonts)) = found.iter().find(|(d, _)| d.as_deref() == dir) {
        return Ok(fonts.clone());
    }
    // The system's set is shared with the other writers; a `--fonts` set is
    // found once and kept, as the system's is, for the process's life.
    let fonts: &'static Fonts = match dir {
        None => Fonts::system(),
        Some(d) => Box::leak(Box::new(Fonts::discover(Some(d)))),
    };
    let pdf_fonts = from_fonts(fonts)?;
    found.push((dir.map(Path::to_path_buf), pdf_fonts.clone()));
    Ok(pdf_fonts)
}

/// The PDF's fonts from a font set; an error when it has no face at all.
pub fn from_fonts(fonts: &'static Fonts) -> Result<Arc<PdfFonts>> {
    let book = FontBook::from_fonts(fonts);
    if book.is_empty() {
        return Err(Error::new(
            ErrorKind::Io,
            "找不到任何中文字体,无法生成 PDF;请安装公文字体(仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体)\
             或开源的 Noto Serif CJK SC 字体\u{ff08}Debian 软件包 fonts-noto-cjk\u{ff09},或用 --fonts 指定字体所在的目录",
        ));
    }
    Ok(Arc::new(PdfFonts {
        fonts,
        book,
        notes: fonts.notes(),
    }))
}

/// `doc` laid out and drawn as PDF with the fonts `settings` chooses.
pub fn encode(doc: &Document, settings: &Settings) -> Result<Pdf> {
    let fonts = fonts(settings.fonts.as_deref())?;
    let layout = lay_out(doc, fonts.fonts);
    to_pdf(
        &layout,
        &fonts.book,
        PdfOptions {
            pdfa: settings.pdfa,
            date: None,
        },
    )
}

/// Draws `layout` with the fonts of `book`.
pub fn to_pdf(layout: &Layout, book: &FontBook, options: PdfOptions) -> Result<Pdf> {
    let mut usage = embed::Usage::default();
    let mut missing = Vec::new();
    let mut deflater = Deflater::new();
    let streams: Vec<Vec<u8>> = layout
        .pages
        .iter()
        .map(|page| deflater.deflate(&content::page(page, book, &mut usage, &mut missing)))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if options.pdfa && !missing.is_empty() {
        let chars: String = missing.iter().collect();
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "本机字体中都没有“{chars}”,而 PDF/A 不允许缺字,未写出;请用 --fonts 指定含这些字的字体,或不加 --pdfa"
            ),
        ));
    }

    let mut refs = Refs(1);
    let catalog_ref = refs.next();
    let tree_ref = refs.next();
    let info_ref = refs.next();
    let page_refs: Vec<(Ref, Ref)> = streams.iter().map(|_| (refs.next(), refs.next())).collect();
    let fonts = usage.fonts();
    let font_refs: Vec<Ref> = fonts.iter().map(|_| refs.next()).collect();

    // Written straight into the file's buffer, sized for the fonts' glyphs
    // (about 300 bytes each in the CJK faces) and the pages, so the bytes
    // are copied once.
    let glyphs = usage.glyph_count();
    let capacity = streams.iter().map(Vec::len).sum::<usize>() + glyphs * 400 + 32 * 1024;
    let mut pdf = PdfFile::with_capacity(capacity);
    pdf.set_version(1, 7);
    let job = embed::Job {
        book,
        usage: &usage,
        archival: options.pdfa,
    };
    for (&font, &type0) in fonts.iter().zip(&font_refs) {
        embed::write_font(&mut pdf, &mut refs, &mut deflater, type0, font, &job)?;
    }
    pdf.pages(tree_ref)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(page_refs.len() as i32);
    for ((page_ref, content_ref), stream) in page_refs.iter().zip(&streams) {
        let mut page = pdf.page(*page_ref);
        page.parent(tree_ref)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(*content_ref);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (&font, &r) in fonts.iter().zip(&font_refs) {
            font_dict.pair(Name(content::font_name(font).as_bytes()), r);
        }
        font_dict.finish();
        content::color_spaces(&mut resources);
        resources.finish();
        page.finish();
        pdf.stream(*content_ref, stream).filter(Filter::FlateDecode);
    }
    let outline_ref = meta::outline(&mut pdf, &mut refs, layout, &page_refs);
    let label_ref = refs.next();
    meta::page_label(&mut pdf, label_ref, layout);
    let metadata_ref = options.pdfa.then(|| refs.next());

    let date = options
        .pdfa
        .then(|| options.date.unwrap_or_else(crate::pipeline::today));
    meta::info(&mut pdf, info_ref, layout, date);
    let mut catalog = pdf.catalog(catalog_ref);
    catalog.pages(tree_ref);
    catalog.lang(pdf_writer::TextStr("zh-CN"));
    meta::page_labels(&mut catalog, label_ref);
    if let Some(r) = outline_ref {
        catalog.outlines(r);
        catalog.page_mode(pdf_writer::types::PageMode::UseOutlines);
    }
    if let Some(r) = metadata_ref {
        catalog.metadata(r);
    }
    catalog.finish();
    if let (Some(r), Some(date)) = (metadata_ref, date) {
        let xmp = meta::xmp(layout, date);
        pdf.metadata(r, xmp.as_bytes())
            .pair(Name(b"Subtype"), Name(b"XML"));
    }
    pdf.set_file_id(meta::file_id(&streams, layout));
    Ok(Pdf {
        bytes: pdf.finish(),
        missing,
    })
}

/// Numbers the file's objects.
pub(super) struct Refs(i32);

impl Refs {
    /// A new object number.
    pub(super) fn next(&mut self) -> Ref {
        let r = Ref::new(self.0);
        self.0 += 1;
        r
    }
}

/// Compresses streams, one compressor for the whole file: zlib's state is
/// a third of a megabyte that a fresh compressor per page would allocate
/// and clear again.
pub(super) struct Deflater(flate2::Compress);

impl Deflater {
    pub(super) fn new() -> Deflater {
        // The fastest level: a page's text shrinks fivefold at it already.
        Deflater(flate2::Compress::new_with_window_bits(
            flate2::Compression::fast(),
            true,
            12,
        ))
    }

    /// `data` as a zlib stream (`/FlateDecode`).
    pub(super) fn deflate(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let before = self.0.total_in();
            let consumed = usize::try_from(before).unwrap_or(usize::MAX);
            let rest = data.get(consumed..).unwrap_or_default();
            match self
                .0
                .compress_vec(rest, &mut out, flate2::FlushCompress::Finish)
            {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
                // Compressing into memory does not fail; were it to, the
                // stream would be unreadable, so stop with what is there.
                Err(_) => break,
            }
        }
        self.0.reset();
        out
    }
}

/// A fast hasher for the writer's small integer keys (glyph ids, subroutine
/// states): SipHash, the default, was a tenth of the PDF's instructions.
#[derive(Default, Clone, Copy)]
pub(super) struct FastHash(u64);

impl std::hash::Hasher for FastHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_u16(&mut self, v: u16) {
        self.write_u64(u64::from(v));
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
}

/// A map keyed by small integers, hashed with [`FastHash`].
pub(super) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHash>>;

#[cfg(test)]
mod tests;
