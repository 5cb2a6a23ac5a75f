//! The DOCX writer: a report laid out after GB/T 9704-2012, so a clerk edits
//! words, not layout (A4, 22 lines × 28 characters, 仿宋 body, `— N —` page
//! numbers on alternating sides).
//!
//! Everything visible comes from named paragraph styles (`HbTitle`, `HbBody`,
//! `Heading1`..`Heading4`, …) so a user who changes a style changes every
//! paragraph that uses it; headings carry outline levels for the navigation
//! pane. Output bytes depend only on the [`Document`]: paragraph ids are
//! numbered here rather than by docx-rs's per-thread counter, and the package
//! carries no timestamps.
//!
//! Headings `1.` and `(1)` are set in plain 仿宋 as the standard says; the
//! bold some offices use for a `1.` lead is left to the template, through
//! [`InlineStyle::Bold`] runs.

mod core_props;
mod package;
mod sign_off;
mod styles;

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, PageMargin, Paragraph, Run, SpecialIndentType,
};

use crate::document::{Block, Document, Heading, Inline, InlineStyle, plain_text};
use crate::error::Error;
use sign_off::sign_off_indents;
use styles::{ATTACHMENT, ATTACHMENT_LEAD, BODY, BODY_CHAR, CHAR, SIZE_3};

/// A4 in twips.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;

/// The page number's line top sits 7 mm under the type area: 35 mm bottom
/// margin − 7 mm = 28 mm (1587 twips) above the page edge, minus the line.
const FOOTER_DISTANCE: i32 = 1587 - styles::PAGE_NUMBER_LINE;

/// One 4号 character: how far the page number stays from the margin.
const PAGE_NUMBER_INSET: i32 = 280;

/// The full-width colon after `附件`.
const ATTACHMENT_LABEL: &str = "附件\u{ff1a}";

/// Renders `doc` as DOCX bytes.
///
/// The same document always gives the same bytes, whatever was rendered
/// before on this thread or in this process.
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, Error> {
    let docx = body_docx(doc, page());
    package::pack(&docx, core_props::xml(&doc.title, &doc.author))
}

/// `base` with the footers and the body of `doc`.
fn body_docx(doc: &Document, base: Docx) -> Docx {
    let mut body = Body::default();
    for (i, block) in doc.blocks.iter().enumerate() {
        body.block(block, doc.blocks.get(i + 1));
    }
    let odd = page_number_footer(body.next_id(), true);
    let even = page_number_footer(body.next_id(), false);
    let mut docx = base.footer(odd).even_footer(even);
    for p in body.paragraphs {
        docx = docx.add_paragraph(p);
    }
    docx
}

/// A4 page, GB/T 9704 margins and the line grid: what the body part carries.
fn page() -> Docx {
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

/// [`page`] with the styles and the footers: every part but the body, as
/// shared by all reports.
fn frame() -> Docx {
    styled(page())
        .footer(page_number_footer(String::new(), true))
        .even_footer(page_number_footer(String::new(), false))
}

fn styled(docx: Docx) -> Docx {
    let mut docx = docx
        .default_fonts(styles::fonts(styles::FANGSONG))
        .default_size(SIZE_3)
        .default_spacing(styles::CHAR_SPACING)
        .default_line_spacing(styles::exact_lines());
    for style in styles::all() {
        docx = docx.add_style(style);
    }
    docx
}

/// docx-rs's own full build of `doc`: what [`to_docx`] must equal byte for byte.
#[cfg(test)]
fn to_docx_unshared(doc: &Document) -> Result<Vec<u8>, Error> {
    let mut xml = body_docx(doc, styled(page())).build();
    xml.doc_props.core = core_props::xml(&doc.title, &doc.author);
    for part in [&mut xml.document, &mut xml.styles]
        .into_iter()
        .chain(xml.footers.iter_mut())
    {
        *part = package::drop_empty_run_properties(part);
    }
    package::zip(xml)
}

/// The paragraphs of the body, built in reading order.
#[derive(Default)]
struct Body {
    paragraphs: Vec<Paragraph>,
    last_id: u32,
    last_blank: bool,
    /// Whether the last paragraph is the signature (the date follows it directly).
    last_signature: bool,
    /// The date's left indent, computed with the signature's.
    date_left: Option<i32>,
    /// Whether the paragraphs of the current block keep with the next one.
    keep_with_next: bool,
}

impl Body {
    /// A fresh paragraph id; ids are hex and must stay below 0x80000000.
    fn next_id(&mut self) -> String {
        self.last_id += 1;
        format!("{:08X}", self.last_id)
    }

    fn paragraph(&mut self, style: &str) -> Paragraph {
        Paragraph::new().id(self.next_id()).style(style)
    }

    fn push(&mut self, p: Paragraph) {
        let p = if self.keep_with_next {
            p.keep_next(true)
        } else {
            p
        };
        self.paragraphs.push(p);
        self.last_blank = false;
        self.last_signature = false;
    }

    /// One empty body line, never two in a row nor at the very top.
    fn blank(&mut self) {
        if self.last_blank || self.paragraphs.is_empty() {
            return;
        }
        let p = self.paragraph(BODY);
        self.paragraphs.push(p);
        self.last_blank = true;
        self.last_signature = false;
    }

    /// The blank line above the sign-off, kept with the signature.
    fn sign_off_start(&mut self) {
        if self.last_blank || self.paragraphs.is_empty() {
            return;
        }
        let p = self.paragraph(BODY).keep_next(true);
        self.paragraphs.push(p);
        self.last_blank = true;
        self.last_signature = false;
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        // The text right above the sign-off keeps with it, so a page break
        // never leaves signature and date alone on a page.
        self.keep_with_next = matches!(next, Some(Block::Signature(_) | Block::Date(_)))
            && !matches!(block, Block::Signature(_));
        match block {
            Block::Title(runs) => self.simple(styles::TITLE, runs),
            Block::Subtitle(runs) => self.simple(styles::SUBTITLE, runs),
            Block::Byline(runs) => self.simple(styles::BYLINE, runs),
            Block::Salutation(runs) => self.simple(styles::SALUTATION, runs),
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(runs) => self.simple(BODY, runs),
            Block::Attachments(entries) => self.attachments(entries),
            Block::Signature(runs) => {
                let date = match next {
                    Some(Block::Date(d)) => Some(plain_text(d)),
                    _ => None,
                };
                let (left, date_left) = sign_off_indents(&plain_text(runs), date.as_deref());
                self.date_left = date_left;
                self.sign_off_start();
                let p = add_runs(self.paragraph(styles::SIGNATURE), runs, None)
                    .indent(Some(left), None, None, None)
                    .keep_next(true);
                self.push(p);
                self.last_signature = true;
            }
            Block::Date(runs) => {
                if !self.last_signature {
                    self.sign_off_start();
                }
                let left = self
                    .date_left
                    .take()
                    .unwrap_or_else(|| sign_off_indents(&plain_text(runs), None).0);
                let p = add_runs(self.paragraph(styles::DATE), runs, None).indent(
                    Some(left),
                    None,
                    None,
                    None,
                );
                self.push(p);
            }
        }
        if is_head(block) && next.is_some_and(|n| !is_head(n)) {
            self.blank();
        }
    }

    fn simple(&mut self, style: &str, runs: &[Inline]) {
        let p = add_runs(self.paragraph(style), runs, None);
        self.push(p);
        self.last_signature = style == styles::SIGNATURE;
    }

    fn heading(&mut self, h: &Heading) {
        let mut p = self
            .paragraph(styles::heading(h.level))
            .add_run(Run::new().add_text(&h.label));
        p = add_runs(p, &h.text, None);
        if h.run_in.is_empty() {
            // A heading alone at the foot of a page is a layout fix the clerk
            // would otherwise have to make.
            p = p.keep_next(true);
        } else {
            p = add_runs(p, &h.run_in, Some(BODY_CHAR));
        }
        self.push(p);
    }

    /// `附件:1.名称`, later entries aligned under the first name; a single
    /// attachment has no number.
    fn attachments(&mut self, entries: &[Vec<Inline>]) {
        if entries.is_empty() {
            return;
        }
        self.blank();
        let numbered = entries.len() > 1;
        for (i, entry) in entries.iter().enumerate() {
            let mut lead = String::new();
            let mut p = self.paragraph(ATTACHMENT);
            if i == 0 {
                lead.push_str(ATTACHMENT_LABEL);
                p = p.indent(
                    Some(2 * CHAR + ATTACHMENT_LEAD),
                    Some(SpecialIndentType::Hanging(ATTACHMENT_LEAD)),
                    None,
                    None,
                );
            }
            if numbered {
                lead.push_str(&format!("{}.", i + 1));
            }
            p = add_runs(p.add_run(Run::new().add_text(lead)), entry, None);
            self.push(p);
        }
    }
}

/// Title, subtitle and byline: the head block, followed by one blank line.
fn is_head(block: &Block) -> bool {
    matches!(
        block,
        Block::Title(_) | Block::Subtitle(_) | Block::Byline(_)
    )
}

fn add_runs(mut p: Paragraph, runs: &[Inline], char_style: Option<&str>) -> Paragraph {
    for inline in runs.iter().filter(|r| !r.text.is_empty()) {
        p = p.add_run(run(inline, char_style));
    }
    p
}

fn run(inline: &Inline, char_style: Option<&str>) -> Run {
    let mut r = Run::new();
    if let Some(style) = char_style {
        r = r.style(style);
    }
    for (i, line) in inline.text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            r = r.add_text(line);
        }
    }
    match inline.style {
        InlineStyle::Plain => r,
        InlineStyle::Bold => r.bold(),
        InlineStyle::Placeholder => r.highlight("yellow"),
    }
}

/// `— N —` in 4号宋体: odd pages right, even pages left, one character in.
fn page_number_footer(id: String, odd: bool) -> Footer {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{self, RenderOptions};
    use crate::render::Renderer;

    // The shared parts change nothing: every example in every style gives the
    // bytes of docx-rs's full build, also when rendered after other reports.
    #[test]
    fn shared_parts_give_the_bytes_of_a_full_build() {
        let renderer = Renderer::new(None).expect("built-in templates");
        let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 15).expect("date");
        let forms = [
            include_str!("../../examples/示例市-情况汇报.yaml"),
            include_str!("../../examples/某某县-工作总结.yaml"),
            include_str!("../../examples/某某区-汇报发言.yaml"),
            include_str!("../../examples/示范新区-待补充草稿.yaml"),
        ];
        let mut checked = 0;
        for form in forms {
            let loaded = pipeline::parse(form.as_bytes(), "form.yaml").expect("example parses");
            for style in renderer.styles() {
                let opts = RenderOptions {
                    style: Some(style.id.clone()),
                    strict: false,
                };
                let doc = pipeline::document(&renderer, &loaded, &opts, today).expect("renders");
                let fast = to_docx(&doc).expect("docx");
                assert!(
                    fast == to_docx_unshared(&doc).expect("docx"),
                    "{}",
                    style.id
                );
                checked += 1;
            }
        }
        assert_eq!(checked, forms.len() * renderer.styles().len());
    }
}
