//! The named styles of a report, after GB/T 9704-2012 (docs/layout.md §2–§7).
//!
//! Every style sets all four font slots, so Latin digits inside Chinese text
//! get the same face, and turns widow control off, because LibreOffice would
//! otherwise leave 21 lines on some pages instead of the 22 of the grid.
//!
//! The styles are built into `styles.xml` at compile time (`generate.rs`,
//! `parts/styles.xml`): outside tests only the ids and sizes are used.
#![cfg_attr(not(test), allow(dead_code))]

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType,
};

use crate::layout::resolve::Role;

/// Body face: 仿宋_GB2312.
pub const FANGSONG: &str = "仿宋_GB2312";
/// Face of `(一)` headings, subtitles and bylines: 楷体_GB2312.
pub const KAITI: &str = "楷体_GB2312";
/// Face of `一、` headings: 黑体.
pub const HEITI: &str = "黑体";
/// Title face: 方正小标宋简体.
pub const XIAOBIAOSONG: &str = "方正小标宋简体";
/// Page-number face: 宋体.
pub const SONGTI: &str = "宋体";

/// 3号 in half-points.
pub const SIZE_3: usize = 32;
/// 2号 in half-points.
pub const SIZE_2: usize = 44;
/// 4号 in half-points.
pub const SIZE_4: usize = 28;

/// One 3号 character, the unit of indents (two characters = 640 twips).
pub const CHAR: i32 = 320;
/// 225 mm type area / 22 lines, in twips: the exact line pitch.
pub const LINE_PITCH: i32 = 579;
/// Character spacing in twentieths of a point: 28 × 16 pt is wider than the
/// 156 mm type area, 28 × 15.75 pt fits.
pub const CHAR_SPACING: i32 = -5;
/// Width `附件:` takes (three characters at the tightened spacing; twentieths
/// of a point are twips), so later attachment entries line up under the first.
pub const ATTACHMENT_LEAD: i32 = 3 * (CHAR + CHAR_SPACING);

/// Paragraph style ids.
pub const TITLE: &str = "HbTitle";
/// Subtitle style id.
pub const SUBTITLE: &str = "HbSubtitle";
/// Byline style id.
pub const BYLINE: &str = "HbByline";
/// Salutation style id.
pub const SALUTATION: &str = "HbSalutation";
/// Body style id.
pub const BODY: &str = "HbBody";
/// Attachment note style id.
pub const ATTACHMENT: &str = "HbAttachment";
/// Style of `附件1` atop an attached page.
pub const APPENDIX_LABEL: &str = "HbAppendixLabel";
/// Style of a table cell's paragraph.
pub const TABLE_TEXT: &str = "HbTableText";
/// Style of a header cell's paragraph (黑体).
pub const TABLE_HEAD: &str = "HbTableHead";
/// Signature style id.
pub const SIGNATURE: &str = "HbSignature";
/// Date style id.
pub const DATE: &str = "HbDate";
/// Page-number style id.
pub const PAGE_NUMBER: &str = "HbPageNumber";
/// Character style for body text run in after a heading.
pub const BODY_CHAR: &str = "HbBodyChar";

/// The paragraph style of a resolved paragraph's role.
pub fn of_role(role: Role) -> &'static str {
    match role {
        Role::Title => TITLE,
        Role::Subtitle => SUBTITLE,
        Role::Byline => BYLINE,
        Role::Salutation => SALUTATION,
        Role::Heading(level) => heading(level),
        Role::Body | Role::Blank => BODY,
        Role::Attachment { .. } => ATTACHMENT,
        Role::Signature => SIGNATURE,
        Role::Date => DATE,
        Role::AppendixLabel => APPENDIX_LABEL,
        Role::AppendixTitle => TITLE,
    }
}

/// Whether the style of `role` keeps its paragraphs with the next one, so
/// the paragraph need not say so: `一、` headings, and the signature, which
/// keeps with the date.
pub fn keeps_with_next(role: Role) -> bool {
    matches!(
        role,
        Role::Heading(1) | Role::Signature | Role::AppendixLabel
    )
}

/// The heading style id of `level` (1..=4).
pub fn heading(level: u8) -> &'static str {
    match level {
        1 => "Heading1",
        2 => "Heading2",
        3 => "Heading3",
        _ => "Heading4",
    }
}

/// All four slots set to `face`, with the East Asian hint.
pub fn fonts(face: &str) -> RunFonts {
    RunFonts::new()
        .ascii(face)
        .hi_ansi(face)
        .east_asia(face)
        .cs(face)
        .hint("eastAsia")
}

/// The exact body line spacing, with no space before or after.
pub fn exact_lines() -> LineSpacing {
    LineSpacing::new()
        .before(0)
        .after(0)
        .line_rule(LineSpacingType::Exact)
        .line(LINE_PITCH)
}

/// A paragraph style with everything a report style needs set explicitly.
fn paragraph(id: &str, name: &str, face: &str, size: usize, align: AlignmentType) -> Style {
    let mut s = Style::new(id, StyleType::Paragraph)
        .name(name)
        .fonts(fonts(face))
        .size(size)
        .align(align)
        .line_spacing(exact_lines());
    s.paragraph_property = s.paragraph_property.widow_control(false);
    s
}

/// Keeps a paragraph of the style on the page of the next one.
fn keep_next(mut s: Style) -> Style {
    s.paragraph_property = s.paragraph_property.keep_next(true);
    s
}

/// Takes a style off the document grid (`w:snapToGrid w:val="0"`).
fn no_snap(mut s: Style) -> Style {
    s.paragraph_property = s.paragraph_property.snap_to_grid(false);
    s
}

/// A style with a first-line indent of two characters, justified, like body text.
fn indented(id: &str, name: &str, face: &str) -> Style {
    paragraph(id, name, face, SIZE_3, AlignmentType::Both).indent(
        Some(0),
        Some(SpecialIndentType::FirstLine(2 * CHAR)),
        None,
        None,
    )
}

/// Every style a report uses, in the order they appear in styles.xml.
pub fn all() -> Vec<Style> {
    let mut styles = vec![
        // Off the grid: a 2号 line is taller than the grid pitch, and a reader
        // snapping it to the grid gives it two rows instead of one.
        no_snap(paragraph(
            TITLE,
            "huibao 标题",
            XIAOBIAOSONG,
            SIZE_2,
            AlignmentType::Center,
        )),
        paragraph(
            SUBTITLE,
            "huibao 副标题",
            KAITI,
            SIZE_3,
            AlignmentType::Center,
        ),
        paragraph(
            BYLINE,
            "huibao 汇报人",
            KAITI,
            SIZE_3,
            AlignmentType::Center,
        ),
        paragraph(
            SALUTATION,
            "huibao 主送",
            FANGSONG,
            SIZE_3,
            AlignmentType::Left,
        ),
        indented(BODY, "huibao 正文", FANGSONG),
    ];
    let faces = [HEITI, KAITI, FANGSONG, FANGSONG];
    for (i, face) in faces.iter().enumerate() {
        let level = i as u8 + 1;
        let style = indented(heading(level), &format!("heading {level}"), face)
            .based_on(BODY)
            .next(BODY)
            .outline_lvl(i);
        // A `一、` heading is never left alone at the foot of a page.
        styles.push(if keeps_with_next(Role::Heading(level)) {
            keep_next(style)
        } else {
            style
        });
    }
    styles.extend([
        paragraph(
            ATTACHMENT,
            "huibao 附件说明",
            FANGSONG,
            SIZE_3,
            AlignmentType::Both,
        )
        .indent(Some(2 * CHAR + ATTACHMENT_LEAD), None, None, None),
        // Flush left: each paragraph carries the left indent computed from
        // both lengths (GB/T 9704 7.3.5.2), so the date's first character
        // stands two characters right of the signature's. The signature keeps
        // with the date.
        keep_next(paragraph(
            SIGNATURE,
            "huibao 署名",
            FANGSONG,
            SIZE_3,
            AlignmentType::Left,
        )),
        paragraph(
            DATE,
            "huibao 成文日期",
            FANGSONG,
            SIZE_3,
            AlignmentType::Left,
        ),
        // 18 pt exact: a fixed footer height, so the number sits about 7 mm
        // under the type area whatever the reader's font metrics.
        paragraph(
            PAGE_NUMBER,
            "huibao 页码",
            SONGTI,
            SIZE_4,
            AlignmentType::Right,
        )
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line_rule(LineSpacingType::Exact)
                .line(PAGE_NUMBER_LINE),
        ),
        // 黑体 3号, flush left on the first line of an attached page; it
        // starts that page and keeps with the title.
        {
            let mut s = keep_next(paragraph(
                APPENDIX_LABEL,
                "huibao 附件标注",
                HEITI,
                SIZE_3,
                AlignmentType::Left,
            ));
            s.paragraph_property = s.paragraph_property.page_break_before(true);
            s
        },
        // Table text: 仿宋 4号 on exact 22 pt lines, off the grid.
        no_snap(
            paragraph(
                TABLE_TEXT,
                "huibao 表格文字",
                FANGSONG,
                SIZE_4,
                AlignmentType::Center,
            )
            .line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line_rule(LineSpacingType::Exact)
                    .line(TABLE_LINE),
            ),
        ),
        // The header row: the same in 黑体.
        Style::new(TABLE_HEAD, StyleType::Paragraph)
            .name("huibao 表头")
            .based_on(TABLE_TEXT)
            .fonts(fonts(HEITI)),
        Style::new(BODY_CHAR, StyleType::Character)
            .name("huibao 正文字符")
            .fonts(fonts(FANGSONG))
            .size(SIZE_3),
    ]);
    styles
}

/// Height of a line of table text, in twips (22 pt).
pub const TABLE_LINE: i32 = crate::layout::geometry::TABLE_LINE_TW;

/// Height of the page-number line, in twips.
pub const PAGE_NUMBER_LINE: i32 = crate::layout::geometry::FOLIO_LINE_TW;
