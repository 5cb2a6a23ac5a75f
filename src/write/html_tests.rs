use super::*;
use crate::document::{Block, Document, Heading, Inline, InlineStyle};

fn doc(blocks: Vec<Block>) -> Document {
    Document {
        title: "标题".into(),
        author: String::new(),
        blocks,
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::plain(text)])
}

fn html(d: &Document) -> String {
    to_html_with(d, &Fonts::default())
}

/// The text of each line, page by page, as the HTML draws it.
fn lines(html: &str) -> Vec<Vec<String>> {
    html.split("<section class=\"page\"")
        .skip(1)
        .map(|page| {
            page.split("<div class=\"ln")
                .skip(1)
                .filter(|line| !line.starts_with(" pn"))
                .map(|line| {
                    let mut text = String::new();
                    for piece in line.split("<span style=").skip(1) {
                        let from = piece.find('>').unwrap() + 1;
                        let to = piece.find("</span>").unwrap();
                        text.push_str(&piece[from..to]);
                    }
                    text
                })
                .collect()
        })
        .collect()
}

// The HTML shows the layout's lines: 26 characters after the two-character
// indent, then 28.
#[test]
fn lines_are_the_layouts() {
    let text = "字".repeat(26 + 28 + 5);
    let l = lines(&html(&doc(vec![para(&text)])));
    let lens: Vec<usize> = l[0].iter().map(|l| l.chars().count()).collect();
    assert_eq!(lens, vec![26, 28, 5]);
}

#[test]
fn pages_hold_22_lines_and_are_numbered() {
    let text = "字".repeat(28 * 30);
    let out = html(&doc(vec![para(&text)]));
    let l = lines(&out);
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].len(), 22);
    assert!(out.contains("<div class=\"ln pn\">"));
    assert!(out.contains(">\u{2014}</span>"));
    assert_eq!(out.matches("<div class=\"ln pn\">").count(), 2);
}

// Pieces are placed in points and clipped to their width: the browser
// places nothing itself.
#[test]
fn runs_are_placed_and_clipped() {
    let out = html(&doc(vec![para("字字2024年")]));
    assert!(
        out.contains("<span class=\"r fs\" style=\"left:111.35pt;"),
        "{out}"
    );
    // 字字 together with their spacing, each digit alone.
    assert!(
        out.contains("letter-spacing:-0.25pt\">字字</span>"),
        "{out}"
    );
    assert!(out.contains(">2</span>") && out.contains(">4</span>"));
    assert!(out.contains("width:"));
}

#[test]
fn form_text_is_escaped_and_placeholders_marked() {
    let d = Document {
        title: "<script>alert(1)</script>".into(),
        author: "\"单位\"".into(),
        blocks: vec![
            Block::Title(vec![Inline::plain("<b>&</b>")]),
            Block::Heading(Heading {
                level: 1,
                label: "一、".into(),
                text: vec![Inline::plain("成效<i>")],
                run_in: vec![],
            }),
            Block::Paragraph(vec![Inline {
                text: "【待补充:导语】".into(),
                style: InlineStyle::Placeholder,
            }]),
        ],
    };
    let out = html(&d);
    assert!(!out.contains("<script>"));
    assert!(!out.contains("<b>&"));
    assert!(!out.contains("<i>"));
    assert!(out.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(out.contains(">&lt;</span>") && out.contains(">&amp;</span>"));
    assert!(out.contains("content=\"&quot;单位&quot;\""));
    assert!(out.contains("<mark class=\"r fs ph\""));
    assert!(out.contains("<span class=\"r ht\""), "the heading in 黑体");
}

#[test]
fn a_blank_line_follows_the_title_and_precedes_the_signature() {
    let d = doc(vec![
        Block::Title(vec![Inline::plain("关于某某县工作情况的汇报")]),
        para("正文。"),
        Block::Signature(vec![Inline::plain("某某县科学技术局")]),
        Block::Date(vec![Inline::plain("2024年7月15日")]),
    ]);
    let layout = crate::layout::lay_out(&d, &Fonts::default());
    let rows: Vec<f32> = layout.pages[0]
        .lines
        .iter()
        .map(|l| ((l.baseline - layout.pages[0].lines[0].baseline) / 28.95).round())
        .collect();
    assert_eq!(rows, vec![0.0, 2.0, 4.0, 5.0]);
    let l = lines(&html(&d));
    assert_eq!(l[0][0], "关于某某县工作情况的汇报");
    assert_eq!(l[0][3], "2024年7月15日");
}
