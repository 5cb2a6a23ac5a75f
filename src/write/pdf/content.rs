//! A page's content stream: the layout's lines as glyphs at their
//! positions, placeholders on yellow, table rules, the page number.

use pdf_writer::types::{LineCapStyle, TextRenderingMode};
use pdf_writer::writers::Resources;
use pdf_writer::{Content, Finish, Name, Str};

use super::book::FontBook;
use super::embed::Usage;
use crate::layout::{Line, PAGE_HEIGHT, Page, Run};

/// The resource name of font `i` of the book.
pub(super) fn font_name(i: usize) -> String {
    format!("F{i}")
}

/// The page's colours are calibrated RGB (sRGB's white point, gamma and
/// primaries): device-independent, as PDF/A asks, without an ICC profile.
pub(super) fn color_spaces(resources: &mut Resources) {
    let mut spaces = resources.color_spaces();
    spaces
        .insert(Name(b"DefaultRGB"))
        .start::<pdf_writer::writers::ColorSpace>()
        .cal_rgb(
            [0.9505, 1.0, 1.089],
            None,
            Some([2.2, 2.2, 2.2]),
            Some([
                0.4124, 0.2126, 0.0193, 0.3576, 0.7152, 0.1192, 0.1805, 0.0722, 0.9505,
            ]),
        );
    spaces.finish();
}

/// The content of `page`; the glyphs drawn are noted in `usage`, characters
/// no font has in `missing`.
pub(super) fn page(
    page: &Page,
    book: &FontBook,
    usage: &mut Usage,
    missing: &mut Vec<char>,
) -> Vec<u8> {
    let mut c = Content::new();
    // Black in RGB, so no device gray is used.
    c.set_fill_rgb(0.0, 0.0, 0.0);
    c.set_stroke_rgb(0.0, 0.0, 0.0);
    for line in page.lines.iter().chain([&page.folio]) {
        draw_line(&mut c, book, line, usage, missing);
    }
    if !page.rules.is_empty() {
        c.set_line_cap(LineCapStyle::ProjectingSquareCap);
        for r in &page.rules {
            c.set_line_width(r.width);
            c.move_to(r.x1, PAGE_HEIGHT - r.y1);
            c.line_to(r.x2, PAGE_HEIGHT - r.y2);
            c.stroke();
        }
    }
    c.finish().into_vec()
}

fn draw_line(
    c: &mut Content,
    book: &FontBook,
    line: &Line,
    usage: &mut Usage,
    missing: &mut Vec<char>,
) {
    for run in line.runs.iter().filter(|r| r.placeholder) {
        // Yellow over the ideographic em box.
        let width: f32 = run.advances.iter().sum();
        c.set_fill_rgb(1.0, 1.0, 0.0);
        c.rect(
            run.x,
            PAGE_HEIGHT - line.baseline - 0.12 * run.size,
            width,
            run.size,
        );
        c.fill_nonzero();
        c.set_fill_rgb(0.0, 0.0, 0.0);
    }
    for run in &line.runs {
        draw_run(c, book, run, PAGE_HEIGHT - line.baseline, usage, missing);
    }
}

/// A run's glyphs: each stretch of characters one font has is one text
/// object, started at its first character's x; within it a `TJ` adjustment
/// after a glyph whose layout advance differs from the font's width.
fn draw_run(
    c: &mut Content,
    book: &FontBook,
    run: &Run,
    y: f32,
    usage: &mut Usage,
    missing: &mut Vec<char>,
) {
    if run.text.is_empty() {
        return;
    }
    let (chain, real_bold) = book.chain(run.face, run.bold);
    let Some(&primary) = chain.first() else {
        return;
    };
    // Bold without a bold font: filled and stroked, as Word emboldens.
    let fake_bold = run.bold && !real_bold;
    c.begin_text();
    if fake_bold {
        c.set_text_rendering_mode(TextRenderingMode::FillStroke);
        c.set_line_width(run.size * 0.03);
    }
    let mut x = run.x;
    let mut stretch: Option<(usize, Vec<(u16, f32)>)> = None;
    let mut start_x = x;
    for (i, ch) in run.text.chars().enumerate() {
        let (font, glyph) = book.glyph(&chain, ch).unwrap_or_else(|| {
            if !ch.is_whitespace() {
                missing.push(ch);
            }
            (primary, 0)
        });
        let cid = usage.cid(font, glyph, ch);
        let width = book.width(font, glyph);
        let advance = run
            .advances
            .get(i)
            .copied()
            .unwrap_or(width * run.size / 1000.0);
        if stretch.as_ref().is_some_and(|(f, _)| *f != font) {
            let (f, glyphs) = stretch.take().expect("checked");
            show(c, f, &glyphs, start_x, y, run.size);
        }
        let (_, glyphs) = stretch.get_or_insert_with(|| {
            start_x = x;
            (font, Vec::new())
        });
        // The adjustment after this glyph, in thousandths of the size.
        glyphs.push((cid, width - advance * 1000.0 / run.size));
        x += advance;
    }
    if let Some((f, glyphs)) = stretch {
        show(c, f, &glyphs, start_x, y, run.size);
    }
    if fake_bold {
        c.set_text_rendering_mode(TextRenderingMode::Fill);
    }
    c.end_text();
}

/// `glyphs` (CID and the adjustment after it) in font `font` from `(x, y)`.
fn show(c: &mut Content, font: usize, glyphs: &[(u16, f32)], x: f32, y: f32, size: f32) {
    c.set_font(Name(font_name(font).as_bytes()), size);
    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
    let mut tj = c.show_positioned();
    let mut items = tj.items();
    let mut bytes: Vec<u8> = Vec::with_capacity(glyphs.len() * 2);
    let last = glyphs.len() - 1;
    for (i, &(cid, adjust)) in glyphs.iter().enumerate() {
        bytes.extend_from_slice(&cid.to_be_bytes());
        // Differences under a thousandth of a point are rounding.
        if i < last && adjust.abs() * size > 1.0 {
            items.show(Str(&bytes));
            items.adjust(adjust);
            bytes.clear();
        }
    }
    if !bytes.is_empty() {
        items.show(Str(&bytes));
    }
}
