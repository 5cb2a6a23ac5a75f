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

/// The text of each line of each page.
fn pages(d: &Document) -> Vec<Vec<String>> {
    paginate(lay_out(d))
        .iter()
        .map(|p| {
            p.iter()
                .map(|l| l.chars.iter().map(|c| c.0).collect())
                .collect()
        })
        .collect()
}

#[test]
fn body_lines_hold_28_characters_after_a_two_character_indent() {
    let text = "字".repeat(26 + 28 + 5);
    let p = pages(&doc(vec![para(&text)]));
    let lens: Vec<usize> = p[0].iter().map(|l| l.chars().count()).collect();
    assert_eq!(lens, vec![26, 28, 5]);
}

#[test]
fn pages_hold_22_lines_and_are_numbered() {
    let text = "字".repeat(28 * 30);
    let d = doc(vec![para(&text)]);
    let p = pages(&d);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].len(), 22);
    let html = to_html(&d);
    assert!(html.contains("<footer class=\"pn odd\">\u{2014} 1 \u{2014}</footer>"));
    assert!(html.contains("<footer class=\"pn even\">\u{2014} 2 \u{2014}</footer>"));
}

#[test]
fn a_closing_mark_never_starts_a_line() {
    // 26 characters fill the first line; the full stop takes the last one along.
    let text = format!("{}\u{3002}后", "字".repeat(26));
    let p = pages(&doc(vec![para(&text)]));
    assert_eq!(p[0][0].chars().count(), 25);
    assert_eq!(p[0][1], "字\u{3002}后");
}

#[test]
fn digits_count_half_and_stay_together() {
    // 24 characters and a 4-digit number (two characters wide) fill the first line.
    let text = format!("{}2024{}", "字".repeat(24), "字".repeat(3));
    let p = pages(&doc(vec![para(&text)]));
    assert_eq!(p[0][0], format!("{}2024", "字".repeat(24)));
    let text = format!("{}2024{}", "字".repeat(25), "字".repeat(3));
    let p = pages(&doc(vec![para(&text)]));
    assert_eq!(p[0][1], "2024字字字");
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
    let html = to_html(&d);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>&"));
    assert!(!html.contains("<i>"));
    assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
    assert!(html.contains("content=\"&quot;单位&quot;\""));
    assert!(html.contains("<mark class=\"ph\">【待补充:导语】</mark>"));
    assert!(
        html.contains("<div class=\"ln h1\" style=\"padding-left:2em\">一、成效&lt;i&gt;</div>")
    );
}

#[test]
fn a_blank_line_follows_the_title_and_precedes_the_signature() {
    let d = doc(vec![
        Block::Title(vec![Inline::plain("关于某某县工作情况的汇报")]),
        para("正文。"),
        Block::Signature(vec![Inline::plain("某某县科学技术局")]),
        Block::Date(vec![Inline::plain("2024年7月15日")]),
    ]);
    let p = pages(&d);
    assert_eq!(
        p[0],
        vec![
            "关于某某县工作情况的汇报",
            "",
            "正文。",
            "",
            "某某县科学技术局",
            "2024年7月15日"
        ]
    );
}
