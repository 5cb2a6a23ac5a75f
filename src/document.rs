//! The document model: what a report is made of, independent of any output format.
//!
//! Templates produce it (through [`crate::render`]); the writers in [`crate::write`]
//! turn it into Markdown or DOCX. Numbering labels are already assigned here, so
//! writers never count.

/// A rendered report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The report title as plain text, for file metadata (DOCX core properties).
    pub title: String,
    /// The issuing body, for file metadata.
    pub author: String,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// One paragraph-level element of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The title line(s), centred, 2号小标宋.
    Title(Vec<Inline>),
    /// A line under the title, e.g. `——示例市科技创新工作综述`, centred, 楷体.
    Subtitle(Vec<Inline>),
    /// The speaker or issuing body under the title (汇报发言), centred, 楷体.
    Byline(Vec<Inline>),
    /// `尊敬的各位领导,同志们:` or a 主送机关 line, flush left.
    Salutation(Vec<Inline>),
    /// A numbered heading; `run_in` holds body text that continues in the same
    /// paragraph (`(一)标题,成效。正文…`); empty for a heading on its own line.
    Heading(Heading),
    /// A body paragraph, first line indented two characters.
    Paragraph(Vec<Inline>),
    /// The 附件 note: one entry per attachment, in order.
    Attachments(Vec<Vec<Inline>>),
    /// The issuing body at the end (署名), right-aligned.
    Signature(Vec<Inline>),
    /// The date under the signature (成文日期), right-aligned.
    Date(Vec<Inline>),
    /// An attached page: the table an attachment names (docs/form.md §12),
    /// laid out after the sign-off on a page of its own.
    Appendix(Appendix),
}

/// An attached page holding a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    /// Its entry in the 附件说明 (the [`Block::Attachments`] entries, from
    /// 0): the layout numbers the page from it (`附件1`).
    pub entry: usize,
    /// Its title: the attachment's name.
    pub title: Vec<Inline>,
    /// The column headings.
    pub header: Vec<String>,
    /// The rows, each a cell per column.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// A numbered heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 for `一、`, 2 for `(一)`, 3 for `1.`, 4 for `(1)`.
    pub level: u8,
    /// The label including its punctuation, e.g. `一、`, `(一)` (full-width
    /// parentheses U+FF08/U+FF09), `1.`, `(1)`.
    pub label: String,
    /// The heading text after the label.
    pub text: Vec<Inline>,
    /// Body text run in after the heading, in the same paragraph.
    pub run_in: Vec<Inline>,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    /// The text.
    pub text: String,
    /// How it is set.
    pub style: InlineStyle,
}

/// How an [`Inline`] is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineStyle {
    /// Ordinary text in the paragraph's font.
    Plain,
    /// Bold, e.g. the run-in lead of a point in 工作综述.
    Bold,
    /// A placeholder the tool made for a field still to be filled
    /// (docs/form.md §5): its text is `【待补充:路径】`, plain in Markdown,
    /// highlighted yellow in DOCX and HTML. Text the clerk typed in the same
    /// shape stays [`InlineStyle::Plain`]: only the tool's marker (see
    /// [`PLACEHOLDER_MARK`]) makes a placeholder.
    Placeholder,
}

/// The private-use character the tool puts right after the `【` of every
/// placeholder it prints (`【\u{e000}待补充:路径】`), so that the block
/// parser tells the tool's placeholders from the same text typed in a form.
/// A form cannot carry it (`form::chars` refuses it) and the block parser
/// removes it, so it never reaches a written file.
pub const PLACEHOLDER_MARK: char = '\u{e000}';

/// The text a placeholder for `path` prints as: `【待补充:路径】`.
fn placeholder_label(path: &str) -> String {
    format!("\u{3010}\u{5f85}\u{8865}\u{5145}\u{ff1a}{path}\u{3011}")
}

impl Block {
    /// The block's run lists in reading order: a heading's text, then its
    /// run-in text; each attachment entry on its own. A heading's label is
    /// not a run list.
    pub fn run_lists(&self) -> Vec<&[Inline]> {
        match self {
            Block::Title(r)
            | Block::Subtitle(r)
            | Block::Byline(r)
            | Block::Salutation(r)
            | Block::Paragraph(r)
            | Block::Signature(r)
            | Block::Date(r) => vec![r],
            Block::Attachments(items) => items.iter().map(Vec::as_slice).collect(),
            Block::Heading(h) => vec![&h.text, &h.run_in],
            Block::Appendix(a) => std::iter::once(a.title.as_slice())
                .chain(a.rows.iter().flatten().map(Vec::as_slice))
                .collect(),
        }
    }

    /// [`Block::run_lists`], for changing the runs.
    pub fn run_lists_mut(&mut self) -> Vec<&mut Vec<Inline>> {
        match self {
            Block::Title(r)
            | Block::Subtitle(r)
            | Block::Byline(r)
            | Block::Salutation(r)
            | Block::Paragraph(r)
            | Block::Signature(r)
            | Block::Date(r) => vec![r],
            Block::Attachments(items) => items.iter_mut().collect(),
            Block::Heading(h) => vec![&mut h.text, &mut h.run_in],
            Block::Appendix(a) => std::iter::once(&mut a.title)
                .chain(a.rows.iter_mut().flatten())
                .collect(),
        }
    }
}

impl Inline {
    /// A plain run.
    pub fn plain(text: impl Into<String>) -> Self {
        Inline {
            text: text.into(),
            style: InlineStyle::Plain,
        }
    }

    /// The placeholder for the field at `path`, e.g. `主要指标[2].数值`.
    pub fn placeholder(path: &str) -> Self {
        Inline {
            text: placeholder_label(path),
            style: InlineStyle::Placeholder,
        }
    }

    /// The field paths of a placeholder run, in order (adjacent placeholders
    /// share one run); empty for any other run. Readers of the document get
    /// the paths from here rather than by searching text.
    pub fn placeholder_paths(&self) -> Vec<&str> {
        if self.style != InlineStyle::Placeholder {
            return Vec::new();
        }
        let open = "\u{3010}\u{5f85}\u{8865}\u{5145}\u{ff1a}";
        self.text
            .split('\u{3011}')
            .filter_map(|piece| piece.strip_prefix(open))
            .collect()
    }
}

/// The plain text of a run list, styles dropped.
pub fn plain_text(runs: &[Inline]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}
