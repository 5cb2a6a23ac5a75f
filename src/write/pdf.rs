//! PDF from the layout (docs/layout.md §15): every line, run and rule that
//! [`crate::layout`] placed, drawn with krilla at exactly those positions,
//! in the font files [`crate::fonts`] found, embedded and subset.
//!
//! Nothing is measured or broken here: glyph `i` of a run stands at
//! `run.x + run.advances[..i].sum()`, as the layout computed. The writer adds
//! what belongs to the page rather than the text: page numbers `— N —`
//! (GB/T 9704 7.5), page labels, bookmarks from the layout's outline, the
//! document's title and author, and with `--pdfa` PDF/A-2b conformance.

use krilla::SerializeSettings;
use krilla::configure::{Archival, ConfigurationBuilder, Validator};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, LineCap, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::write::Settings;

mod book;
mod errors;

pub use book::{FaceFile, FontBook};

use crate::fonts::Fonts;
use crate::layout::{Layout, Line, PAGE_HEIGHT, PAGE_WIDTH, Rule, Run, lay_out};

/// How to write the PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// PDF/A-2b (`--pdfa`): archival, validated by krilla while writing.
    pub pdfa: bool,
    /// The creation date PDF/A requires in the metadata (the day of the
    /// run, or `SOURCE_DATE_EPOCH`'s). An ordinary PDF carries no date, so
    /// the same form gives the same bytes on any day.
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
    let mut settings = SerializeSettings::default();
    if options.pdfa {
        settings.configuration = ConfigurationBuilder::new()
            .set_validator(Validator::A(Archival::A2_B))
            .finish()
            .map_err(|e| Error::new(ErrorKind::Io, format!("PDF/A 设置有误:{e:?}")))?;
    }
    let mut document = krilla::Document::new_with(settings);
    let mut missing = Vec::new();
    for page in &layout.pages {
        let label = PageLabel::new(
            Some(NumberingStyle::Arabic),
            None,
            std::num::NonZeroU32::new(page.number.max(1) as u32),
        );
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .expect("A4 is a valid size")
            .with_page_label(label);
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for line in &page.lines {
            draw_line(&mut surface, book, line, &mut missing);
        }
        for rule in &page.rules {
            draw_rule(&mut surface, rule);
        }
        draw_line(&mut surface, book, &page.folio, &mut missing);
        surface.finish();
        pdf_page.finish();
    }
    document.set_outline(outline(layout));
    document.set_metadata(metadata(layout, options));
    let bytes = document.finish().map_err(errors::message)?;
    missing.sort_unstable();
    missing.dedup();
    Ok(Pdf { bytes, missing })
}

/// Bookmarks: each 一、 heading at its line; deeper levels under the last
/// shallower one.
fn outline(layout: &Layout) -> Outline {
    let mut outline = Outline::new();
    let mut open: Vec<(u8, OutlineNode)> = Vec::new();
    let close_to = |open: &mut Vec<(u8, OutlineNode)>, outline: &mut Outline, level: u8| {
        while open.last().is_some_and(|(l, _)| *l >= level) {
            let (_, node) = open.pop().expect("checked");
            match open.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    };
    for entry in &layout.outline {
        let Some(index) = layout.pages.iter().position(|p| p.number == entry.page) else {
            continue;
        };
        close_to(&mut open, &mut outline, entry.level);
        let top = (entry.y - 20.0).max(0.0);
        let destination = krilla::destination::XyzDestination::new(index, Point::from_xy(0.0, top));
        open.push((
            entry.level,
            OutlineNode::new(entry.text.clone(), destination),
        ));
    }
    close_to(&mut open, &mut outline, 0);
    outline
}

/// Title, author, language; a date only for PDF/A (see [`PdfOptions::date`]).
fn metadata(layout: &Layout, options: PdfOptions) -> Metadata {
    let mut m = Metadata::new()
        .language("zh-CN".to_string())
        .creator(format!("huibao {}", env!("CARGO_PKG_VERSION")));
    if !layout.title.is_empty() {
        m = m.title(layout.title.clone());
    }
    if !layout.author.is_empty() {
        m = m.authors(vec![layout.author.clone()]);
    }
    if options.pdfa {
        let day = options.date.unwrap_or_else(crate::pipeline::today);
        use chrono::Datelike;
        m = m.creation_date(
            krilla::metadata::DateTime::new(day.year().clamp(0, 9999) as u16)
                .month(day.month() as u8)
                .day(day.day() as u8),
        );
    }
    m
}

/// One line's runs: placeholders highlighted first, then the glyphs.
fn draw_line(surface: &mut Surface, book: &FontBook, line: &Line, missing: &mut Vec<char>) {
    for run in line.runs.iter().filter(|r| r.placeholder) {
        highlight(surface, run, line.baseline);
    }
    for run in &line.runs {
        draw_run(surface, book, run, line.baseline, missing);
    }
}

/// The yellow mark behind a placeholder, over the ideographic em box.
fn highlight(surface: &mut Surface, run: &Run, baseline: f32) {
    let width: f32 = run.advances.iter().sum();
    let Some(rect) = Rect::from_xywh(run.x, baseline - 0.88 * run.size, width, run.size) else {
        return;
    };
    surface.set_fill(Some(solid(255, 255, 0)));
    surface.set_stroke(None);
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    if let Some(path) = pb.finish() {
        surface.draw_path(&path);
    }
    surface.set_fill(Some(solid(0, 0, 0)));
}

/// A run's glyphs, each at the layout's position: a stretch of characters
/// one font has is one text object; a character the face lacks comes from
/// the first other face that has it.
fn draw_run(
    surface: &mut Surface,
    book: &FontBook,
    run: &Run,
    baseline: f32,
    missing: &mut Vec<char>,
) {
    let fonts = book.fonts(run.face, run.bold);
    // Bold without a bold file: the regular face filled and stroked.
    let fake_bold = run.bold && !fonts.bold;
    surface.set_fill(Some(solid(0, 0, 0)));
    surface.set_stroke(fake_bold.then(|| Stroke {
        paint: krilla::color::rgb::Color::black().into(),
        width: run.size * 0.03,
        ..Stroke::default()
    }));
    let mut x = run.x;
    let mut stretch: Option<(usize, f32, usize)> = None; // (font, x, byte start)
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let chars: Vec<(usize, char)> = run.text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let (font_index, glyph) = match book.glyph(&fonts, c) {
            Some(found) => found,
            None => {
                if !c.is_whitespace() {
                    missing.push(c);
                }
                (0, GlyphId::new(0))
            }
        };
        let advance = run
            .advances
            .get(i)
            .copied()
            .unwrap_or_else(|| book.advance(&fonts, font_index, glyph) * run.size);
        if stretch.is_some_and(|(f, _, _)| f != font_index) {
            let (f, sx, start) = stretch.take().expect("checked");
            flush(
                surface,
                &fonts.list[f],
                &glyphs,
                &run.text[start..at],
                sx,
                baseline,
                run.size,
            );
            glyphs.clear();
        }
        let (_, _, start) = *stretch.get_or_insert((font_index, x, at));
        glyphs.push(KrillaGlyph::new(
            glyph,
            advance / run.size,
            0.0,
            0.0,
            0.0,
            at - start..at - start + c.len_utf8(),
            None,
        ));
        x += advance;
    }
    if let Some((f, sx, start)) = stretch {
        flush(
            surface,
            &fonts.list[f],
            &glyphs,
            &run.text[start..],
            sx,
            baseline,
            run.size,
        );
    }
    surface.set_stroke(None);
}

fn flush(
    surface: &mut Surface,
    font: &Font,
    glyphs: &[KrillaGlyph],
    text: &str,
    x: f32,
    baseline: f32,
    size: f32,
) {
    if glyphs.is_empty() {
        return;
    }
    surface.draw_glyphs(
        Point::from_xy(x, baseline),
        glyphs,
        font.clone(),
        text,
        size,
        false,
    );
}

/// A table border.
fn draw_rule(surface: &mut Surface, rule: &Rule) {
    let mut pb = PathBuilder::new();
    pb.move_to(rule.x1, rule.y1);
    pb.line_to(rule.x2, rule.y2);
    let Some(path) = pb.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: krilla::color::rgb::Color::black().into(),
        width: rule.width,
        line_cap: LineCap::Square,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.set_fill(Some(solid(0, 0, 0)));
}

fn solid(r: u8, g: u8, b: u8) -> Fill {
    Fill {
        paint: krilla::color::rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

#[cfg(test)]
mod tests;
