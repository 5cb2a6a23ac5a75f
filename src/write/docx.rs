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

use docx_rs::{
    AlignmentType, BreakType, BuildXML, Paragraph, Run, SpecialIndentType, Tab, TabValueType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::document::Document;
use crate::error::Error;
use crate::layout::geometry;
use crate::layout::resolve::{self, Item, Para, Role, Segment};
use styles::BODY_CHAR;

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
    /// The paragraphs as docx-rs built them, for the test against its own
    /// full build.
    #[cfg(test)]
    built: Vec<Paragraph>,
    /// The tables as docx-rs built them, each with the number of paragraphs
    /// before it.
    #[cfg(test)]
    built_tables: Vec<(usize, Table)>,
    last_id: u32,
}

impl Body {
    /// A fresh paragraph id; ids are hex and must stay below 0x80000000.
    fn next_id(&mut self) -> String {
        self.last_id += 1;
        format!("{:08X}", self.last_id)
    }

    /// Appends `p` to the body's XML and lets the struct go.
    fn write(&mut self, p: Paragraph) {
        order::append(&p.build(), &mut self.xml);
        #[cfg(test)]
        self.built.push(p);
    }

    /// Every paragraph of `doc`, as the layout resolves it: styles by role,
    /// and only what a style cannot say set on the paragraph (the computed
    /// indents of the 附件说明 and the sign-off, keep-with-next).
    fn blocks(&mut self, doc: &Document) {
        let items = resolve::resolve(doc);
        let ends_with_table = matches!(items.last(), Some(Item::Table(_)));
        for item in items {
            match item {
                Item::Para(p) => {
                    let para = self.paragraph(&p);
                    self.write(para);
                }
                Item::Table(t) => {
                    let table = self.table(&t);
                    self.write_table(table);
                }
            }
        }
        // A body must end with a paragraph: an empty line of table text.
        if ends_with_table {
            let p = Paragraph::new()
                .id(self.next_id())
                .style(styles::TABLE_TEXT);
            self.write(p);
        }
    }

    /// A table: real `w:tbl` of fixed columns across the type area, borders
    /// of half a point, rows that do not split, the header row repeated on
    /// every page the table runs onto (docs/layout.md §16).
    fn table(&mut self, t: &resolve::Table) -> Table {
        let rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(r, cells)| {
                let style = if r == 0 {
                    styles::TABLE_HEAD
                } else {
                    styles::TABLE_TEXT
                };
                let cells = cells
                    .iter()
                    .zip(&t.columns)
                    .map(|(cell, width)| {
                        let mut p = Paragraph::new().id(self.next_id()).style(style);
                        if cell.align == resolve::Align::Left {
                            p = p.align(AlignmentType::Left);
                        }
                        for seg in cell.segments.iter().filter(|s| !s.text.is_empty()) {
                            p = p.add_run(run(seg));
                        }
                        TableCell::new()
                            .add_paragraph(p)
                            .width(*width as usize, WidthType::Dxa)
                            .vertical_align(VAlignType::Center)
                    })
                    .collect();
                TableRow::new(cells).cant_split()
            })
            .collect();
        let border = |position| TableBorder::new(position).size(geometry::TABLE_RULE_EIGHTHS);
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Left,
            TableBorderPosition::Bottom,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::new(), |b, position| b.set(border(position)));
        let margin = geometry::CELL_MARGIN_TW as usize;
        Table::new(rows)
            .set_grid(t.columns.iter().map(|w| *w as usize).collect())
            .width(t.columns.iter().sum::<i32>() as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .indent(0)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(0, margin, 0, margin))
    }

    /// Appends a table's XML, its first row marked as the header row that
    /// repeats on every page (docx-rs has no setter for `w:tblHeader`).
    fn write_table(&mut self, t: Table) {
        let xml = grid_without_type(&repeat_header(&t.build()));
        order::append(&xml, &mut self.xml);
        #[cfg(test)]
        self.built_tables.push((self.built.len(), t));
    }

    fn paragraph(&mut self, p: &Para) -> Paragraph {
        let style = styles::of_role(p.role);
        let mut para = Paragraph::new().id(self.next_id()).style(style);
        match p.role {
            Role::Attachment { .. } | Role::Signature | Role::Date => {
                let special = (p.first < 0).then(|| SpecialIndentType::Hanging(-p.first));
                para = para.indent(Some(p.left), special, None, None);
            }
            _ => {}
        }
        if let Some(stop) = p.tab {
            para = para.add_tab(Tab::new().val(TabValueType::Left).pos(stop as usize));
        }
        if p.keep_next && !styles::keeps_with_next(p.role) {
            para = para.keep_next(true);
        }
        // A heading with body text run in after it is body text for the
        // navigation pane and the PDF's bookmarks, which would list the whole
        // paragraph (docs/layout.md §4: LibreOffice 7.4 sets a style
        // separator as two paragraphs, so that way is closed).
        if matches!(p.role, Role::Heading(_)) && p.segments.iter().any(|s| s.run_in) {
            para = para.outline_lvl(9);
        }
        for seg in p.segments.iter().filter(|s| !s.text.is_empty()) {
            para = para.add_run(run(seg));
        }
        para
    }
}

/// `xml` without the `w:type` docx-rs writes on `w:gridCol`, which the
/// schema does not allow (a grid column is in twips).
fn grid_without_type(xml: &[u8]) -> Vec<u8> {
    const TYPE: &[u8] = b" w:type=\"dxa\" />";
    let mut out = Vec::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = memchr::memmem::find(rest, b"<w:gridCol ") {
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at..];
        let end = memchr::memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        match memchr::memmem::find(tag, TYPE) {
            Some(t) => {
                out.extend_from_slice(&tag[..t]);
                out.extend_from_slice(b" />");
            }
            None => out.extend_from_slice(tag),
        }
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

/// `xml` with `w:tblHeader` in the first row's properties of every table
/// (docx-rs has no setter for it).
fn repeat_header(xml: &[u8]) -> Vec<u8> {
    const TABLE: &[u8] = b"<w:tbl>";
    const FIRST: &[u8] = b"<w:cantSplit />";
    let mut out = Vec::with_capacity(xml.len() + 32);
    let mut rest = xml;
    while let Some(t) = memchr::memmem::find(rest, TABLE) {
        let Some(c) = memchr::memmem::find(&rest[t..], FIRST) else {
            break;
        };
        let end = t + c + FIRST.len();
        out.extend_from_slice(&rest[..end]);
        out.extend_from_slice(b"<w:tblHeader />");
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

/// One segment as a run: body text run in after a heading takes the body
/// face through a character style; `\n` is a line break, `\t` a tab.
fn run(seg: &Segment) -> Run {
    let mut r = Run::new();
    if seg.run_in {
        r = r.style(BODY_CHAR);
    }
    let mut first = true;
    for line in seg.text.split('\n') {
        if !first {
            r = r.add_break(BreakType::TextWrapping);
        }
        first = false;
        let mut first_piece = true;
        for piece in line.split('\t') {
            if !first_piece {
                r = r.add_tab();
            }
            first_piece = false;
            if !piece.is_empty() {
                r = r.add_text(piece);
            }
        }
    }
    if seg.bold {
        r = r.bold();
    }
    if seg.placeholder {
        r = r.highlight("yellow");
    }
    r
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
            let mut tables = std::mem::take(&mut body.built_tables)
                .into_iter()
                .peekable();
            for (i, p) in std::mem::take(&mut body.built).into_iter().enumerate() {
                while let Some((_, t)) = tables.next_if(|(at, _)| *at == i) {
                    docx = docx.add_table(t);
                }
                docx = docx.add_paragraph(p);
            }
            for (_, t) in tables {
                docx = docx.add_table(t);
            }
            let full = order::ordered(&grid_without_type(&repeat_header(&docx.document.build())));
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
