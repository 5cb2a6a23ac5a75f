//! Titles as a reader sees them (GB/T 9704 7.3.1, docs/form.md §9.9): the
//! title of every example in every style and twenty typed titles of 25 to
//! 49 characters, each broken by the tool, set in one Word file that
//! LibreOffice renders; on the page every line is exactly a line the tool
//! made, so the reader broke none of them again. One conversion for all.

use crate::common;
use crate::office;

use std::sync::OnceLock;

use huibao::document::{Block, Document, Inline, plain_text};
use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;
use huibao::write::docx::to_docx;
use office::Scratch;

/// Typed titles (标题) of fictional places, as clerks type them.
const TYPED: [&str; 20] = [
    "关于某某县2024年科技创新券兑现情况及下一步工作安排的报告",
    "在示例市2025年科技创新大会暨高新技术企业表彰会上的汇报发言",
    "某某区科学技术局关于推进创新联合体建设和产学研深度融合的调研报告",
    "示例市2024年上半年高新技术产业投资及规上工业企业研发费用增长情况汇报",
    "关于示范新区加快建设科创走廊打造区域科技创新高地的工作情况汇报",
    "某某县\u{201c}十四五\u{201d}以来科技特派员服务乡村振兴工作综述",
    "关于《示例市科技创新促进条例》贯彻落实情况的报告",
    "示例市科学技术局2024年工作总结及2025年工作思路",
    "在全省科技成果转化工作现场推进会上的交流发言",
    "关于某某市新型研发机构培育和重点实验室建设工作情况的汇报",
    "示例市人民政府关于2024年度全社会研发投入强度目标完成情况的报告",
    "某某县高新技术企业培育三年行动计划\u{ff08}2024\u{2014}2026年\u{ff09}实施情况汇报",
    "关于某某区深化科技体制机制改革激发全社会创新创造活力的调研报告",
    "在2025年全市科技工作会议暨党风廉政建设工作会议上的讲话",
    "示例市科学技术和工业信息化局2024年前三季度工作总结及第四季度工作安排",
    "关于推进镍钴资源高效利用及新产品开发创新联合体建设情况的调研报告",
    "某某县科技局关于2024年科技特派员工作站绩效评价结果的通报",
    "关于示例市知识产权保护和运用工作情况暨下一步打算的汇报",
    "某某市2024年科技创新工作要点落实情况及2025年重点任务安排的汇报",
    "示例市科学技术局关于2024年度科技创新工作目标责任考核情况暨2025年重点工作任务安排意见的报告",
];

/// The title block of a rendered document.
fn title_runs(doc: &Document) -> Vec<Inline> {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(runs) => Some(runs.clone()),
            _ => None,
        })
        .expect("a title")
}

/// The title of `yaml` as the pipeline makes it.
fn typed_title(title: &str) -> Vec<Inline> {
    let yaml = format!(
        "地区: 示例市\n单位: 示例市科学技术局\n标题: \"{title}\"\n工作成效: [{{标题: 甲}}]\n"
    );
    let renderer = Renderer::new(None).unwrap();
    let loaded = pipeline::parse(yaml.as_bytes(), "t.yaml").unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let doc = pipeline::document(&renderer, &loaded, &RenderOptions::default(), today).unwrap();
    title_runs(&doc)
}

/// Every title to measure: what it is, and the lines the tool made.
fn titles() -> Vec<(String, Vec<Inline>)> {
    let mut out = Vec::new();
    for form in common::examples() {
        for style in common::styles() {
            let doc = common::render(&form, Some(&style));
            let name = format!("{} ({style})", form.display());
            out.push((name, title_runs(&doc)));
        }
    }
    for t in TYPED {
        out.push((t.to_string(), typed_title(t)));
    }
    out
}

/// A line on the page: its text (spaces dropped) and its left and right edges.
type PageLine = (String, f64, f64);

/// One title: what it is, the lines the tool made, the lines on the page.
type Measured = (String, Vec<String>, Vec<PageLine>);

/// Type area edges in points: left margin 1587 twips, right margin 1474.
const LEFT: f64 = 1587.0 / 20.0;
const RIGHT: f64 = 11906.0 / 20.0 - 1474.0 / 20.0;

/// The lines of each title on the page, in order, from one rendering of a
/// file holding them all, each title followed by a numbered marker line.
fn rendered(test: &str) -> Option<&'static Vec<Measured>> {
    static RENDERED: OnceLock<Option<Vec<Measured>>> = OnceLock::new();
    if !office::soffice_available(test) {
        return None;
    }
    RENDERED
        .get_or_init(|| {
            let titles = titles();
            let mut blocks = Vec::new();
            for (i, (_, runs)) in titles.iter().enumerate() {
                blocks.push(Block::Title(runs.clone()));
                blocks.push(Block::Paragraph(vec![Inline::plain(format!("标记{i}"))]));
            }
            let doc = Document {
                title: "titles".into(),
                author: "huibao".into(),
                blocks,
            };
            let dir = Scratch::new("title-reader");
            let path = dir.0.join("titles.docx");
            std::fs::write(&path, to_docx(&doc).unwrap()).unwrap();
            office::to_pdf(&dir.0, std::slice::from_ref(&path));
            let (_, _, pages) = office::bbox(&dir.0.join("titles.pdf"));
            let lines: Vec<PageLine> = pages
                .iter()
                .flat_map(|p| {
                    // Page numbers (`— 1 —`) are not the titles' lines.
                    p.lines
                        .iter()
                        .filter(|l| !l.text().starts_with('\u{2014}'))
                        .map(|l| (l.text().replace(' ', ""), l.x_min(), l.x_max()))
                })
                .collect();
            let mut out = Vec::new();
            let mut at = 0;
            for (i, (name, runs)) in titles.into_iter().enumerate() {
                let marker = format!("标记{i}");
                let end = at
                    + lines[at..]
                        .iter()
                        .position(|l| l.0 == marker)
                        .unwrap_or_else(|| panic!("no {marker} in {lines:#?}"));
                let said: Vec<String> = plain_text(&runs)
                    .split('\n')
                    .map(|l| l.replace(' ', ""))
                    .collect();
                out.push((name, said, lines[at..end].to_vec()));
                at = end + 1;
            }
            Some(out)
        })
        .as_ref()
}

// Each line the tool made is one line on the page: no title line is broken
// again by the reader, and every title longer than a line was broken.
#[test]
fn every_title_breaks_on_the_page_where_the_tool_said() {
    let Some(titles) = rendered("every_title_breaks_on_the_page_where_the_tool_said") else {
        return;
    };
    assert_eq!(
        titles.len(),
        common::examples().len() * common::styles().len() + 20
    );
    for (name, said, page) in titles {
        let page: Vec<&str> = page.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(
            page, *said,
            "{name}: the page has other lines than the tool"
        );
    }
    let typed: Vec<_> = titles.iter().rev().take(20).collect();
    assert!(
        typed.iter().all(|(_, said, _)| said.len() >= 2),
        "every typed title is longer than a line"
    );
}

// Broken titles are balanced (no stub, no line much longer than another,
// none opening with 的/上的/和/及), and on the page every line sits centred
// inside the type area.
#[test]
fn title_lines_are_balanced_and_centred_on_the_page() {
    let Some(titles) = rendered("title_lines_are_balanced_and_centred_on_the_page") else {
        return;
    };
    for (name, said, page) in titles {
        if said.len() >= 2 {
            let widths: Vec<usize> = said.iter().map(|l| l.chars().count()).collect();
            let (max, min) = (widths.iter().max().unwrap(), widths.iter().min().unwrap());
            assert!(*min >= 6, "{name}: a stub line in {said:?}");
            assert!(max - min <= 10, "{name}: unbalanced {said:?}");
            for line in said {
                for bad in ["的", "上的", "和", "及"] {
                    assert!(!line.starts_with(bad), "{name}: {line} starts with {bad}");
                }
            }
        }
        for (text, left, right) in page {
            assert!(
                *left >= LEFT - 0.5 && *right <= RIGHT + 0.5,
                "{name}: {text} runs from {left:.1} to {right:.1} pt"
            );
            let centre = (left + right) / 2.0;
            assert!(
                (centre - (LEFT + RIGHT) / 2.0).abs() <= 3.0,
                "{name}: {text} centred at {centre:.1} pt"
            );
        }
    }
}
