//! TEMPORARY: the layout interface of B1's brief (src/layout/), until
//! branch issue-21 lands it. Replaced by `crate::layout` on merge.
#![allow(dead_code)]

/// The five 公文 faces (docs/layout.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    XiaoBiaoSong,
    FangSong,
    HeiTi,
    KaiTi,
    SongTi,
}

/// A laid-out report.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub title: String,
    pub author: String,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub number: usize,
    pub lines: Vec<Line>,
    pub rules: Vec<Rule>,
}

/// One line: its baseline in pt from the page's top edge.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub baseline: f32,
    pub runs: Vec<Run>,
}

/// A run of one face and size.
#[derive(Debug, Clone)]
pub struct Run {
    pub x: f32,
    pub text: String,
    pub face: Face,
    pub size: f32,
    pub bold: bool,
    pub placeholder: bool,
    pub advances: Vec<f32>,
}

/// A straight line (table borders), pt from the top left.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

/// A bookmark.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub text: String,
    pub level: u8,
    pub page: usize,
    pub y: f32,
}
