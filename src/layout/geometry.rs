//! The page and its grid in points (docs/layout.md §2, §3, §7), derived from
//! the twips the DOCX file states, so both describe the same page.

/// Twips (1/20 pt) in points.
pub const fn pt(twips: i32) -> f32 {
    twips as f32 / 20.0
}

/// A4 width, twips.
pub const PAGE_WIDTH_TW: i32 = 11906;
/// A4 height, twips.
pub const PAGE_HEIGHT_TW: i32 = 16838;
/// Top margin (天头) 37 mm, twips.
pub const MARGIN_TOP_TW: i32 = 2098;
/// Bottom margin 35 mm, twips.
pub const MARGIN_BOTTOM_TW: i32 = 1984;
/// Left margin (订口) 28 mm, twips.
pub const MARGIN_LEFT_TW: i32 = 1587;
/// Right margin 26 mm, twips.
pub const MARGIN_RIGHT_TW: i32 = 1474;
/// The type area's width, twips (156 mm).
pub const TYPE_WIDTH_TW: i32 = PAGE_WIDTH_TW - MARGIN_LEFT_TW - MARGIN_RIGHT_TW;
/// The grid pitch: 225 mm / 22 lines, twips.
pub const PITCH_TW: i32 = 579;
/// One 3号 character, the unit of indents, twips.
pub const CHAR_TW: i32 = 320;
/// Character spacing of every run, twips (−0.25 pt): 28 characters of 3号
/// fit the 156 mm line.
pub const CHAR_SPACING_TW: i32 = -5;

/// A4 width, points.
pub const PAGE_WIDTH: f32 = pt(PAGE_WIDTH_TW);
/// A4 height, points.
pub const PAGE_HEIGHT: f32 = pt(PAGE_HEIGHT_TW);
/// The type area's left edge, points from the page's left edge.
pub const AREA_LEFT: f32 = pt(MARGIN_LEFT_TW);
/// The type area's top edge, points from the page's top edge.
pub const AREA_TOP: f32 = pt(MARGIN_TOP_TW);
/// The type area's width, points.
pub const AREA_WIDTH: f32 = pt(TYPE_WIDTH_TW);
/// The type area's right edge, points from the page's left edge.
pub const AREA_RIGHT: f32 = AREA_LEFT + AREA_WIDTH;
/// The type area's bottom edge, points from the page's top edge.
pub const AREA_BOTTOM: f32 = PAGE_HEIGHT - pt(MARGIN_BOTTOM_TW);
/// The grid pitch, points (28.95).
pub const PITCH: f32 = pt(PITCH_TW);
/// Grid lines a page holds.
pub const ROWS: usize = 22;
/// Character spacing, points.
pub const CHAR_SPACING: f32 = pt(CHAR_SPACING_TW);

/// 2号, points.
pub const SIZE_2: f32 = 22.0;
/// 3号, points.
pub const SIZE_3: f32 = 16.0;
/// 4号, points.
pub const SIZE_4: f32 = 14.0;

/// One millimetre in points.
pub const MM: f32 = 72.0 / 25.4;
