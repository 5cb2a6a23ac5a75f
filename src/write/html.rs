//! The HTML writer: the pages the layout computed (docs/layout.md §15), drawn
//! as a standalone page: A4 sheets, every line where the layout put it, the
//! same line and page breaks as the PDF, `— N —` page numbers, placeholders
//! highlighted. `huibao serve` shows exactly this page as its preview.
//!
//! The browser breaks nothing: each run is placed at the layout's x, Chinese
//! characters together (every CJK face sets them one em wide, the spacing
//! given as `letter-spacing`), every other character on its own, and each
//! piece clipped to the width the layout gave it. So no line passes the type
//! area whatever fonts the browser has; with the faces the layout measured
//! (named first in the style sheet) the page is the PDF's. All text from the
//! form is HTML-escaped.

use std::fmt::Write as _;

use crate::document::Document;
use crate::fonts::{FACES, Fonts};
use crate::layout::geometry::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::layout::{Face, Layout, Line, Run, is_wide, lay_out};

/// The page's style sheet; the preview of `huibao serve` uses the same page.
const CSS: &str = include_str!("html.css");

/// How far above the baseline a piece's box starts, in em: the boxes are
/// 1.5 em tall (html.css), so no glyph is clipped at the top or bottom, and
/// CJK faces put the baseline about 0.93 em below the top of a 1 em line,
/// plus half the extra half em on top.
const BASELINE_DROP: f32 = 1.18;

/// Renders `doc` as a standalone HTML page, laid out with this process's
/// fonts ([`Fonts::system`]).
pub fn to_html(doc: &Document) -> String {
    to_html_with(doc, Fonts::system())
}

/// Renders `doc` laid out with `fonts`; `Fonts::default()` (no fonts) lays
/// it out with fixed widths, the same on every machine.
pub fn to_html_with(doc: &Document, fonts: &Fonts) -> String {
    let layout = lay_out(doc, fonts);
    write_layout(&layout, fonts)
}

/// The HTML of a laid-out report.
pub fn write_layout(layout: &Layout, fonts: &Fonts) -> String {
    let mut out = String::with_capacity(8192 + layout.pages.len() * 24_000);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&layout.title));
    if !layout.author.is_empty() {
        let _ = writeln!(
            out,
            "<meta name=\"author\" content=\"{}\">",
            escape(&layout.author)
        );
    }
    let _ = write!(out, "<style>\n{CSS}");
    for face in FACES {
        let _ = writeln!(
            out,
            ".{} {{ font-family: {}; }}",
            class(face),
            families(face, fonts.family(face))
        );
    }
    out.push_str("</style>\n</head>\n<body>\n<main class=\"doc\">\n");
    for page in &layout.pages {
        let _ = writeln!(
            out,
            "<section class=\"page\" data-page=\"{}\" style=\"width:{}pt;height:{}pt\">",
            page.number,
            num(PAGE_WIDTH),
            num(PAGE_HEIGHT)
        );
        for rule in &page.rules {
            let _ = writeln!(
                out,
                "<i class=\"rule\" style=\"left:{}pt;top:{}pt;width:{}pt;height:{}pt\"></i>",
                num(rule.x1.min(rule.x2)
                    - if rule.x1 == rule.x2 {
                        rule.width / 2.0
                    } else {
                        0.0
                    }),
                num(rule.y1.min(rule.y2)
                    - if rule.y1 == rule.y2 {
                        rule.width / 2.0
                    } else {
                        0.0
                    }),
                num(if rule.x1 == rule.x2 {
                    rule.width
                } else {
                    (rule.x2 - rule.x1).abs()
                }),
                num(if rule.y1 == rule.y2 {
                    rule.width
                } else {
                    (rule.y2 - rule.y1).abs()
                })
            );
        }
        for line in &page.lines {
            write_line(&mut out, line, "ln");
        }
        write_line(&mut out, &page.folio, "ln pn");
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// One line: each run at its x, its pieces inside it.
fn write_line(out: &mut String, line: &Line, class_name: &str) {
    let _ = write!(out, "<div class=\"{class_name}\">");
    for run in &line.runs {
        write_run(out, run, line.baseline);
    }
    out.push_str("</div>\n");
}

fn write_run(out: &mut String, run: &Run, baseline: f32) {
    let tag = if run.placeholder { "mark" } else { "span" };
    let mut classes = format!("r {}", class(run.face));
    if run.bold {
        classes.push_str(" b");
    }
    if run.placeholder {
        classes.push_str(" ph");
    }
    let top = baseline - BASELINE_DROP * run.size;
    let _ = write!(
        out,
        "<{tag} class=\"{classes}\" style=\"left:{}pt;top:{}pt;width:{}pt;font-size:{}pt\">",
        num(run.x),
        num(top),
        num(extent(run, 0, run.advances.len())),
        num(run.size)
    );
    let chars: Vec<char> = run.text.chars().collect();
    let mut i = 0;
    let mut x = 0.0;
    while i < chars.len() {
        // Chinese characters in a row with one advance go together.
        let mut j = i + 1;
        if is_wide(chars[i]) {
            while j < chars.len()
                && is_wide(chars[j])
                && (run.advances[j - 1] - run.advances[i]).abs() < 0.005
            {
                j += 1;
            }
        }
        let text: String = chars[i..j].iter().collect();
        let spacing = run.advances[i] - run.size;
        let _ = write!(
            out,
            "<span style=\"left:{}pt;width:{}pt",
            num(x),
            num(extent(run, i, j))
        );
        if j - i > 1 && spacing.abs() > 0.001 {
            let _ = write!(out, ";letter-spacing:{}pt", num(spacing));
        }
        let _ = write!(out, "\">{}</span>", escape(&text));
        x += run.advances[i..j].iter().sum::<f32>();
        i = j;
    }
    let _ = write!(out, "</{tag}>");
}

/// How wide characters `from..to` of `run` are drawn: their advances, the
/// last one's being its glyph (one em for a CJK character) rather than the
/// room after it.
fn extent(run: &Run, from: usize, to: usize) -> f32 {
    if from >= to {
        return 0.0;
    }
    let before: f32 = run.advances[from..to - 1].iter().sum();
    let last_wide = run.text.chars().nth(to - 1).is_some_and(is_wide);
    let last = if last_wide {
        run.size
    } else {
        run.advances[to - 1]
    };
    before + last
}

/// A number for CSS: two decimals at most, no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The class of a face.
fn class(face: Face) -> &'static str {
    match face {
        Face::XiaoBiaoSong => "xbs",
        Face::FangSong => "fs",
        Face::HeiTi => "ht",
        Face::KaiTi => "kt",
        Face::SongTi => "st",
    }
}

/// The font-family list of a face: the family the layout measured first,
/// then the official names and the usual stand-ins.
fn families(face: Face, measured: Option<&str>) -> String {
    let (names, generic): (&[&str], &str) = match face {
        Face::XiaoBiaoSong => (
            &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "Noto Serif CJK SC",
                "Source Han Serif SC",
                "Noto Serif SC",
            ],
            "serif",
        ),
        Face::FangSong => (
            &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "STFangsong",
                "Noto Serif CJK SC",
                "Source Han Serif SC",
                "Noto Serif SC",
            ],
            "serif",
        ),
        Face::HeiTi => (
            &[
                "黑体",
                "SimHei",
                "Heiti SC",
                "STHeiti",
                "Noto Sans CJK SC",
                "Source Han Sans SC",
                "Noto Sans SC",
            ],
            "sans-serif",
        ),
        Face::KaiTi => (
            &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "STKaiti",
                "AR PL UKai CN",
                "Noto Serif CJK SC",
                "Source Han Serif SC",
            ],
            "serif",
        ),
        Face::SongTi => (
            &[
                "宋体",
                "SimSun",
                "Songti SC",
                "STSong",
                "Noto Serif CJK SC",
                "Source Han Serif SC",
            ],
            "serif",
        ),
    };
    let mut list: Vec<String> = Vec::new();
    for name in measured.into_iter().chain(names.iter().copied()) {
        let quoted = format!("\"{name}\"");
        if !list.contains(&quoted) {
            list.push(quoted);
        }
    }
    list.push(generic.to_string());
    list.join(", ")
}

/// Escapes the five characters that could make markup of text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
