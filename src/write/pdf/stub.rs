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

/// Advance widths of characters.
pub trait Metrics {
    /// Advance of `c` in `face`, in em.
    fn advance(&self, face: Face, bold: bool, c: char) -> f32;
}

/// CJK 1 em, ASCII 0.5 em.
pub struct FixedMetrics;

impl Metrics for FixedMetrics {
    fn advance(&self, _face: Face, _bold: bool, c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }
}

/// A crude stand-in for B1's `lay_out`: 28 characters a line, 22 lines a page.
pub fn lay_out(doc: &crate::document::Document, metrics: &dyn Metrics) -> Layout {
    use crate::document::Block;
    const MM: f32 = 72.0 / 25.4;
    let pitch = 225.0 * MM / 22.0;
    let mut layout = Layout {
        title: doc.title.clone(),
        author: doc.author.clone(),
        ..Layout::default()
    };
    let mut page = Page {
        number: 1,
        ..Page::default()
    };
    let mut row = 0;
    for block in &doc.blocks {
        let (face, size, mut text) = match block {
            Block::Title(_) => (Face::XiaoBiaoSong, 22.0, String::new()),
            Block::Heading(h) if h.level == 1 => (Face::HeiTi, 16.0, h.label.clone()),
            _ => (Face::FangSong, 16.0, String::new()),
        };
        for runs in block.run_lists() {
            for r in runs {
                text.push_str(&r.text);
            }
        }
        let chars: Vec<char> = text.chars().collect();
        for (i, chunk) in chars.chunks(27).enumerate() {
            if row == 22 {
                let number = page.number + 1;
                layout.pages.push(std::mem::take(&mut page));
                page.number = number;
                row = 0;
            }
            let baseline = 37.0 * MM + pitch * (row as f32 + 0.8);
            if i == 0 && matches!(block, Block::Heading(h) if h.level == 1) {
                layout.outline.push(OutlineEntry {
                    text: text.clone(),
                    level: 1,
                    page: page.number,
                    y: baseline - size,
                });
            }
            page.lines.push(Line {
                baseline,
                runs: vec![Run {
                    x: 28.0 * MM,
                    text: chunk.iter().collect(),
                    face,
                    size,
                    bold: false,
                    placeholder: false,
                    advances: chunk
                        .iter()
                        .map(|&c| metrics.advance(face, false, c) * size)
                        .collect(),
                }],
            });
            row += 1;
        }
    }
    layout.pages.push(page);
    layout
}

/// A crude stand-in for B1's discovery: Debian's Noto CJK collections.
pub fn discover(
    dir: Option<&std::path::Path>,
) -> (Vec<(Face, bool, super::FaceFile)>, Vec<String>) {
    let base = dir.map_or_else(
        || std::path::PathBuf::from("/usr/share/fonts/opentype/noto"),
        std::path::Path::to_path_buf,
    );
    let open = |name: &str, family: &str| -> Option<super::FaceFile> {
        let data = std::fs::read(base.join(name)).ok()?;
        use skrifa::MetadataProvider;
        let index = (0..32).find(|&i| {
            skrifa::FontRef::from_index(&data, i).is_ok_and(|f| {
                f.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                    .english_or_first()
                    .is_some_and(|s| s.chars().eq(family.chars()))
            })
        })?;
        Some(super::FaceFile {
            data: data.into(),
            index,
        })
    };
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let serif = open("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC");
    let serif_bold = open("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC");
    let sans = open("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC");
    for (face, name) in [
        (Face::XiaoBiaoSong, "方正小标宋简体"),
        (Face::FangSong, "仿宋_GB2312"),
        (Face::KaiTi, "楷体_GB2312"),
        (Face::SongTi, "宋体"),
    ] {
        if let Some(f) = &serif {
            files.push((face, false, f.clone()));
            notes.push(format!("本机没有{name},以 Noto Serif CJK SC 代替"));
        }
        if let Some(f) = &serif_bold {
            files.push((face, true, f.clone()));
        }
    }
    if let Some(f) = &sans {
        files.push((Face::HeiTi, false, f.clone()));
        notes.push("本机没有黑体,以 Noto Sans CJK SC 代替".to_string());
    }
    (files, notes)
}
