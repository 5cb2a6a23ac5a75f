//! Blocks → resolved paragraphs: each with its role, face, size, alignment,
//! indents and keep rules, the blank lines between them, and the attachment
//! note numbered. Nothing here depends on fonts, so the DOCX writer, whose
//! bytes must not depend on the machine, takes its paragraphs from here too.

use super::Face;
use super::geometry::{CHAR_SPACING_TW, CHAR_TW, SIZE_2, SIZE_3};
use super::sign_off::sign_off_indents;
use crate::document::{Block, Document, Heading, Inline, InlineStyle, plain_text};

/// What a paragraph is; decides its DOCX style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title (2号 小标宋, centred, off the grid).
    Title,
    /// `——…` under the title (楷体, centred).
    Subtitle,
    /// The body or speaker under a speech's title (楷体, centred).
    Byline,
    /// 主送 or a speech's salutation, flush left.
    Salutation,
    /// A numbered heading, level 1–4.
    Heading(u8),
    /// A body paragraph.
    Body,
    /// One entry of the 附件说明; `first` carries `附件：`.
    Attachment {
        /// The first entry.
        first: bool,
    },
    /// 署名.
    Signature,
    /// 成文日期.
    Date,
    /// An empty grid line.
    Blank,
}

/// How the lines of a paragraph are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left and right; the last line flush left.
    Justify,
    /// Flush left.
    Left,
    /// Centred.
    Center,
}

/// Text set in one way.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The text; `\n` is a line break, `\t` a tab to [`Para::tab`].
    pub text: String,
    /// The face.
    pub face: Face,
    /// Bold.
    pub bold: bool,
    /// A placeholder (highlighted).
    pub placeholder: bool,
    /// Body text run in after a heading (in the body face).
    pub run_in: bool,
}

/// A resolved paragraph. Indents are in twips from the type area's edges.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// What it is.
    pub role: Role,
    /// The paragraph's face (its segments may differ: run-in text, bold).
    pub face: Face,
    /// The size in points.
    pub size: f32,
    /// Alignment.
    pub align: Align,
    /// Left indent of every line.
    pub left: i32,
    /// The first line's indent relative to `left` (negative: hanging).
    pub first: i32,
    /// Right indent.
    pub right: i32,
    /// A tab stop, from the type area's left edge (attachment numbers).
    pub tab: Option<i32>,
    /// Kept on the page of the next paragraph.
    pub keep_next: bool,
    /// Starts a new page.
    pub page_break_before: bool,
    /// Set on the line grid (the title is not: its lines are taller).
    pub on_grid: bool,
    /// The text.
    pub segments: Vec<Segment>,
}

/// One resolved item of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph.
    Para(Para),
    /// A table (the 主要指标 of an attached page).
    Table(Table),
}

/// A table with a header row repeated on every page it runs onto.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths, twips; they add up to the type area's width.
    pub columns: Vec<i32>,
    /// The size of its text in points.
    pub size: f32,
    /// The header row, then the body rows.
    pub rows: Vec<Vec<Cell>>,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its text.
    pub segments: Vec<Segment>,
    /// Its alignment.
    pub align: Align,
}

/// The full-width colon after `附件`.
pub const ATTACHMENT_LABEL: &str = "附件\u{ff1a}";
/// Width `附件：` takes: three characters at the tightened spacing, twips.
pub const ATTACHMENT_LEAD: i32 = 3 * (CHAR_TW + CHAR_SPACING_TW);
/// The body's first-line indent: two characters, twips.
pub const FIRST_LINE: i32 = 2 * CHAR_TW;

/// The face of a heading of `level`.
pub fn heading_face(level: u8) -> Face {
    match level {
        1 => Face::HeiTi,
        2 => Face::KaiTi,
        _ => Face::FangSong,
    }
}

/// A paragraph of `role` with the style's settings and no text.
pub fn styled(role: Role) -> Para {
    let mut p = Para {
        role,
        face: Face::FangSong,
        size: SIZE_3,
        align: Align::Justify,
        left: 0,
        first: 0,
        right: 0,
        tab: None,
        keep_next: false,
        page_break_before: false,
        on_grid: true,
        segments: Vec::new(),
    };
    match role {
        Role::Title => {
            p.face = Face::XiaoBiaoSong;
            p.size = SIZE_2;
            p.align = Align::Center;
            p.on_grid = false;
        }
        Role::Subtitle | Role::Byline => {
            p.face = Face::KaiTi;
            p.align = Align::Center;
        }
        Role::Salutation | Role::Signature | Role::Date => p.align = Align::Left,
        Role::Heading(level) => {
            p.face = heading_face(level);
            p.first = FIRST_LINE;
        }
        Role::Body => p.first = FIRST_LINE,
        Role::Attachment { .. } => {
            p.left = FIRST_LINE + ATTACHMENT_LEAD;
        }
        Role::Blank => {}
    }
    p
}

/// Segments of `runs` in `face`.
fn segments(runs: &[Inline], face: Face, run_in: bool) -> Vec<Segment> {
    runs.iter()
        .filter(|r| !r.text.is_empty())
        .map(|r| Segment {
            text: r.text.clone(),
            face,
            bold: r.style == InlineStyle::Bold,
            placeholder: r.style == InlineStyle::Placeholder,
            run_in,
        })
        .collect()
}

/// Generated text (a label, a number) in `face`.
fn generated(text: &str, face: Face) -> Segment {
    Segment {
        text: text.to_string(),
        face,
        bold: false,
        placeholder: false,
        run_in: false,
    }
}

/// The paragraphs of `doc`, blank lines included.
pub fn resolve(doc: &Document) -> Vec<Item> {
    let mut r = Resolver::default();
    let blocks = &doc.blocks;
    for (i, block) in blocks.iter().enumerate() {
        r.block(block, blocks.get(i + 1), &blocks[i + 1..]);
    }
    r.items
}

#[derive(Default)]
struct Resolver {
    items: Vec<Item>,
    /// The date's left indent, computed with the signature's.
    date_left: Option<i32>,
}

impl Resolver {
    fn last_para(&mut self) -> Option<&mut Para> {
        self.items.iter_mut().rev().find_map(|i| match i {
            Item::Para(p) => Some(p),
            Item::Table(_) => None,
        })
    }

    fn push(&mut self, p: Para) {
        self.items.push(Item::Para(p));
    }

    /// One empty line, never two in a row nor at the very top.
    fn blank(&mut self, keep_next: bool) {
        match self.last_para() {
            None => {}
            Some(p) if p.role == Role::Blank => p.keep_next |= keep_next,
            Some(_) => {
                let mut b = styled(Role::Blank);
                b.keep_next = keep_next;
                self.push(b);
            }
        }
    }

    /// The paragraph before the closing group (附件说明, 署名, 日期) keeps
    /// with it, so the group never starts a page without body text above.
    fn keep_last(&mut self) {
        if let Some(p) = self.last_para() {
            p.keep_next = true;
        }
    }

    fn block(&mut self, block: &Block, next: Option<&Block>, rest: &[Block]) {
        let simple = |role: Role, runs: &[Inline]| {
            let mut p = styled(role);
            p.segments = segments(runs, p.face, false);
            p
        };
        // Whether a closing group (attachments, sign-off) follows.
        let closing_next = matches!(
            next,
            Some(Block::Attachments(_) | Block::Signature(_) | Block::Date(_))
        );
        match block {
            Block::Title(runs) => self.push(simple(Role::Title, runs)),
            Block::Subtitle(runs) => self.push(simple(Role::Subtitle, runs)),
            Block::Byline(runs) => self.push(simple(Role::Byline, runs)),
            Block::Salutation(runs) => self.push(simple(Role::Salutation, runs)),
            Block::Paragraph(runs) => self.push(simple(Role::Body, runs)),
            Block::Heading(h) => self.push(heading(h)),
            Block::Attachments(entries) => self.attachments(entries, rest),
            Block::Signature(runs) => {
                let date = match next {
                    Some(Block::Date(d)) => Some(plain_text(d)),
                    _ => None,
                };
                let (left, date_left) = sign_off_indents(&plain_text(runs), date.as_deref());
                self.date_left = date_left;
                self.keep_last();
                self.blank(true);
                let mut p = simple(Role::Signature, runs);
                p.left = left;
                p.keep_next = date.is_some();
                self.push(p);
            }
            Block::Date(runs) => {
                let after_signature = self.last_para().is_some_and(|p| p.role == Role::Signature);
                let left = self
                    .date_left
                    .take()
                    .unwrap_or_else(|| sign_off_indents(&plain_text(runs), None).0);
                if !after_signature {
                    self.keep_last();
                    self.blank(true);
                }
                let mut p = simple(Role::Date, runs);
                p.left = left;
                self.push(p);
            }
        }
        if closing_next && !matches!(block, Block::Signature(_)) {
            self.keep_last();
        }
        if is_head(block) && next.is_some_and(|n| !is_head(n)) {
            self.blank(false);
        }
    }

    /// `附件：1.名称`, later entries under the first one's number, and a
    /// wrapped name under its own first character (GB/T 9704 7.3.3); a single
    /// attachment has no number.
    fn attachments(&mut self, entries: &[Vec<Inline>], rest: &[Block]) {
        let entries: Vec<&Vec<Inline>> = entries
            .iter()
            .filter(|e| e.iter().any(|r| !r.text.trim().is_empty()))
            .collect();
        if entries.is_empty() {
            return;
        }
        // The group keeps together and with what follows when a sign-off does.
        let sign_off_follows = rest
            .iter()
            .any(|b| matches!(b, Block::Signature(_) | Block::Date(_)));
        self.keep_last();
        self.blank(true);
        let numbered = entries.len() > 1;
        let number_width = if numbered {
            number_width(entries.len())
        } else {
            0
        };
        let name_at = FIRST_LINE + ATTACHMENT_LEAD + number_width;
        let count = entries.len();
        for (i, entry) in entries.into_iter().enumerate() {
            let first = i == 0;
            let mut p = styled(Role::Attachment { first });
            p.left = name_at;
            p.first = if first {
                -(ATTACHMENT_LEAD + number_width)
            } else {
                -number_width
            };
            if first {
                p.segments.push(generated(ATTACHMENT_LABEL, p.face));
            }
            if numbered {
                p.segments.push(generated(&format!("{}.\t", i + 1), p.face));
                p.tab = Some(name_at);
            }
            p.segments.extend(segments(entry, p.face, false));
            p.keep_next = i + 1 < count || sign_off_follows;
            self.push(p);
        }
    }
}

/// Room for the number `N.` of the last of `count` attachments: one
/// character up to 9, one and a half from 10 (half-width digits and point).
pub fn number_width(count: usize) -> i32 {
    if count < 10 { CHAR_TW } else { CHAR_TW * 3 / 2 }
}

fn heading(h: &Heading) -> Para {
    let mut p = styled(Role::Heading(h.level.clamp(1, 4)));
    p.segments.push(generated(&h.label, p.face));
    p.segments.extend(segments(&h.text, p.face, false));
    if h.run_in.is_empty() {
        // A heading alone at the foot of a page is a layout fix the clerk
        // would otherwise have to make.
        p.keep_next = true;
    } else {
        p.segments.extend(segments(&h.run_in, Face::FangSong, true));
    }
    p
}

/// Title, subtitle and byline: the head block, followed by one blank line.
fn is_head(block: &Block) -> bool {
    matches!(
        block,
        Block::Title(_) | Block::Subtitle(_) | Block::Byline(_)
    )
}
