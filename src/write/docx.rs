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
#[cfg(test)]
mod generate;
mod order;
mod package;
mod schema;
mod styles;

use docx_rs::{BreakType, BuildXML, Paragraph, Run, SpecialIndentType};

use crate::document::{Block, Document, Heading, Inline, InlineStyle, plain_text};
use crate::error::Error;
use crate::layout::sign_off::sign_off_indents;
use styles::{ATTACHMENT, ATTACHMENT_LEAD, BODY, BODY_CHAR, CHAR};

/// The full-width colon after `附件`.
const ATTACHMENT_LABEL: &str = "附件\u{ff1a}";

/// Renders `doc` as DOCX bytes.
///
/// The same document always gives the same bytes, whatever was rendered
/// before on this thread or in this process. Each paragraph is turned into
/// XML as soon as it is built, so memory holds the XML, not docx-rs's
/// paragraph structs (several KB each).
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, Error> {
    let mut body = Body::default();
    body.blocks(doc);
    let footers = [
        footer_xml(package::FOOTER_ODD, &body.next_id()),
        footer_xml(package::FOOTER_EVEN, &body.next_id()),
    ];
    package::pack(&package::Parts {
        body: &body.xml,
        footers,
        core: core_props::xml(&doc.title, &doc.author),
    })
}

/// A footer's part: the compiled-in `footer` with its paragraph id.
fn footer_xml(footer: &[u8], id: &str) -> Vec<u8> {
    let mark = FOOTER_ID_MARK.as_bytes();
    match memchr::memmem::find(footer, mark) {
        Some(at) => [&footer[..at], id.as_bytes(), &footer[at + mark.len()..]].concat(),
        None => footer.to_vec(),
    }
}

/// The paragraph id of the compiled-in footers, replaced per report: above
/// any id a report reaches, below the 0x80000000 Word allows.
const FOOTER_ID_MARK: &str = "7FFFFFFF";

/// The paragraphs of the body, built in reading order.
#[derive(Default)]
struct Body {
    /// The paragraphs written so far, as schema-ordered XML.
    xml: Vec<u8>,
    /// How many paragraphs `xml` holds.
    paragraphs: usize,
    /// The paragraphs as docx-rs built them, for the test against its own
    /// full build.
    #[cfg(test)]
    built: Vec<Paragraph>,
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
        self.write(p);
        self.last_blank = false;
        self.last_signature = false;
    }

    /// Appends `p` to the body's XML and lets the struct go.
    fn write(&mut self, p: Paragraph) {
        order::append(&p.build(), &mut self.xml);
        self.paragraphs += 1;
        #[cfg(test)]
        self.built.push(p);
    }

    fn blocks(&mut self, doc: &Document) {
        for (i, block) in doc.blocks.iter().enumerate() {
            self.block(block, doc.blocks.get(i + 1));
        }
    }

    /// One empty body line, never two in a row nor at the very top.
    fn blank(&mut self) {
        if self.last_blank || self.paragraphs == 0 {
            return;
        }
        let p = self.paragraph(BODY);
        self.write(p);
        self.last_blank = true;
        self.last_signature = false;
    }

    /// The blank line above the sign-off, kept with the signature.
    fn sign_off_start(&mut self) {
        if self.last_blank || self.paragraphs == 0 {
            return;
        }
        let p = self.paragraph(BODY).keep_next(true);
        self.write(p);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{self, RenderOptions};
    use crate::render::Renderer;

    /// Every example in every style, as documents.
    pub(super) fn example_documents() -> Vec<(String, Document)> {
        let renderer = Renderer::new(None).expect("built-in templates");
        let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 15).expect("date");
        let forms = [
            include_str!("../../examples/示例市-情况汇报.yaml"),
            include_str!("../../examples/某某县-工作总结.yaml"),
            include_str!("../../examples/某某区-汇报发言.yaml"),
            include_str!("../../examples/示范新区-待补充草稿.yaml"),
        ];
        let mut docs = Vec::new();
        for form in forms {
            let loaded = pipeline::parse(form.as_bytes(), "form.yaml").expect("example parses");
            for style in renderer.styles() {
                let opts = RenderOptions {
                    style: Some(style.id.clone()),
                    strict: false,
                };
                let doc = pipeline::document(&renderer, &loaded, &opts, today).expect("renders");
                docs.push((style.id.clone(), doc));
            }
        }
        assert_eq!(docs.len(), forms.len() * renderer.styles().len());
        docs
    }

    // Paragraph by paragraph gives the body of docx-rs's own full build
    // (ordered): every example in every style.
    // The package's buffer is sized once: never too small (it would grow by
    // doubling, touching twice the memory), never much too large.
    #[test]
    fn package_buffer_is_sized_for_the_whole_package() {
        for (style, doc) in example_documents() {
            let mut body = Body::default();
            body.blocks(&doc);
            let parts = package::Parts {
                body: &body.xml,
                footers: [Vec::new(), Vec::new()],
                core: core_props::xml(&doc.title, &doc.author),
            };
            let size = package::packed_size(&package::entries(&parts));
            let len = package::pack(&parts).expect("packs").len();
            assert!(
                size >= len && size - len < 1024,
                "{style}: {size} for {len}"
            );
        }
    }

    #[test]
    fn streamed_body_is_docx_rs_full_build_ordered() {
        for (style, doc) in example_documents() {
            let mut body = Body::default();
            body.blocks(&doc);
            let (odd, even) = (body.next_id(), body.next_id());
            for (id, part, is_odd) in [
                (&odd, package::FOOTER_ODD, true),
                (&even, package::FOOTER_EVEN, false),
            ] {
                let built = generate::page_number_footer(id.clone(), is_odd).build();
                assert!(footer_xml(part, id) == order::ordered(&built), "{style}");
            }
            let mut docx = generate::page()
                .footer(generate::page_number_footer(odd, true))
                .even_footer(generate::page_number_footer(even, false));
            for p in std::mem::take(&mut body.built) {
                docx = docx.add_paragraph(p);
            }
            let full = order::ordered(&docx.document.build());
            let mut ours = package::DOCUMENT_START.to_vec();
            ours.extend_from_slice(&body.xml);
            ours.extend_from_slice(package::DOCUMENT_END);
            assert!(full == ours, "{style}");
        }
    }

    #[test]
    fn same_document_same_bytes() {
        let docs = example_documents();
        let first: Vec<_> = docs
            .iter()
            .map(|(_, d)| to_docx(d).expect("docx"))
            .collect();
        for ((style, doc), bytes) in docs.iter().zip(first).rev() {
            assert!(to_docx(doc).expect("docx") == bytes, "{style}");
        }
    }
}
