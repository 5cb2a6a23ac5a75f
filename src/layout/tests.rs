use super::*;
use crate::document::{Block, Inline};

fn doc(blocks: Vec<Block>) -> Document {
    Document {
        title: "标题".into(),
        author: "单位".into(),
        blocks,
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::plain(text)])
}

/// The text of each line of each page.
fn texts(l: &Layout) -> Vec<Vec<String>> {
    l.pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
                .collect()
        })
        .collect()
}

#[test]
fn body_lines_hold_28_characters_after_a_two_character_indent() {
    let text = "字".repeat(26 + 28 + 5);
    let l = lay_out(&doc(vec![para(&text)]), &FixedMetrics);
    let lens: Vec<usize> = texts(&l)[0].iter().map(|l| l.chars().count()).collect();
    assert_eq!(lens, vec![26, 28, 5]);
}

#[test]
fn pages_hold_22_lines() {
    let text = "字".repeat(28 * 30);
    let l = lay_out(&doc(vec![para(&text)]), &FixedMetrics);
    assert_eq!(l.pages.len(), 2);
    assert_eq!(l.pages[0].lines.len(), 22);
    assert_eq!(l.pages[1].number, 2);
}
