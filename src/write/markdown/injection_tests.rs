//! Text from the form cannot become Markdown: each hostile text is written
//! into a report, read back with a CommonMark parser (pulldown-cmark), and
//! must come back as the same plain text, with no HTML, link, image, list,
//! quote, heading, code or emphasis of its own.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::*;

/// Texts a hostile or careless clerk could type.
const HOSTILE: [&str; 26] = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- 注释 -->正文",
    "[点此](javascript:alert(1))",
    "![图](http://example.com/x.png)",
    "[链接][1]\n[1]: javascript:alert(1)",
    "<http://example.com>",
    "R&D &amp; &#38; &#x26; &copy; 研发",
    "# 不是标题",
    "## 也不是",
    "> 不是引用",
    "- 不是列表",
    "+ 不是列表",
    "* 不是列表",
    "1. 不是编号",
    "2) 不是编号",
    "```\n不是代码\n```",
    "~~~\n不是代码",
    "    缩进不是代码",
    "`不是代码`",
    "**不是粗体** *也不是* _也不是_",
    "~~不是删除线~~",
    "***",
    "---",
    "标题\n===",
    "行尾反斜杠\\",
];

/// What a CommonMark reader makes of `markdown`: the text it shows, and
/// every construct other than paragraphs, line breaks and (if `heading`) one
/// title heading.
fn read_back(markdown: &str, heading: bool) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut constructs = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::HardBreak | Event::SoftBreak => text.push('\n'),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) if heading => {}
            other => constructs.push(format!("{other:?}")),
        }
    }
    (text, constructs)
}

// Every hostile text, as plain text and inside a typed placeholder, in a
// paragraph and in a title: read back exactly as typed, and as nothing else.
#[test]
fn form_text_never_becomes_markup() {
    for text in HOSTILE {
        for style in [InlineStyle::Plain, InlineStyle::Placeholder] {
            let run = Inline {
                text: text.to_string(),
                style,
            };
            let para = to_markdown(&Document {
                blocks: vec![Block::Paragraph(vec![run.clone()])],
                ..Document::default()
            });
            let (shown, constructs) = read_back(&para, false);
            // Leading spaces are trimmed by design (they would make code).
            let want = text.trim_start().trim_end_matches('\n');
            assert_eq!(shown, want, "{style:?} {text:?} wrote {para:?}");
            assert!(constructs.is_empty(), "{text:?} → {para:?}: {constructs:?}");

            let title = to_markdown(&Document {
                blocks: vec![Block::Title(vec![run])],
                ..Document::default()
            });
            let (_, constructs) = read_back(&title, true);
            assert!(
                constructs.is_empty(),
                "{text:?} → {title:?}: {constructs:?}"
            );
        }
    }
}

// `&amp;` typed in the form comes out as `&amp;`, not as `&`.
#[test]
fn entities_come_out_as_typed() {
    let md = to_markdown(&Document {
        blocks: vec![Block::Paragraph(vec![Inline::plain("A&amp;B R&D")])],
        ..Document::default()
    });
    assert_eq!(md, "A\\&amp;B R&D\n");
}

// Ordinary report text needs no escape at all: it reads as written.
#[test]
fn ordinary_chinese_text_stays_clean() {
    let text = "2024年\u{ff0c}全市高新技术企业达251家\u{ff0c}同比增长43.4%\u{ff08}R&D投入强度2.5%\u{ff09}\u{3002}\
                一是完善政策\u{ff1b}二是优化服务\u{3002}\u{201c}科技副总\u{201d}选派30人\u{3001}3~5年\u{3002}";
    let md = to_markdown(&Document {
        blocks: vec![Block::Paragraph(vec![Inline::plain(text)])],
        ..Document::default()
    });
    assert_eq!(md, format!("{text}\n"));
}

// A placeholder's field path keeps its index unescaped: no reader links it.
#[test]
fn placeholder_paths_stay_readable() {
    let p = "\u{3010}待补充\u{ff1a}主要指标[2].数值\u{3011}";
    let md = to_markdown(&Document {
        blocks: vec![Block::Paragraph(vec![Inline {
            text: p.into(),
            style: InlineStyle::Placeholder,
        }])],
        ..Document::default()
    });
    assert_eq!(md, format!("{p}\n"));
    assert_eq!(read_back(&md, false), (p.to_string(), vec![]));
}
