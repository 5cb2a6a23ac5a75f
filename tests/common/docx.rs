//! Documents and package readers shared by the DOCX tests.
//!
//! Text is written with ASCII stand-ins that [`fw`] turns into full-width
//! punctuation, so the fixtures stay readable and no look-alike slips in.
#![allow(dead_code)]

use std::io::{Cursor, Read};

use huibao::document::{Block, Document, Heading, Inline, InlineStyle};

/// Full-width punctuation from stand-ins: `,` `:` `;` `(` `)` become their
/// U+FFxx forms, `~` becomes 。 and `^` becomes 、.
pub fn fw(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ',' => '\u{ff0c}',
            ':' => '\u{ff1a}',
            ';' => '\u{ff1b}',
            '(' => '\u{ff08}',
            ')' => '\u{ff09}',
            '~' => '\u{3002}',
            '^' => '\u{3001}',
            c => c,
        })
        .collect()
}

/// A plain run, punctuation via [`fw`].
pub fn plain(s: &str) -> Inline {
    Inline::plain(fw(s))
}

/// A bold run.
pub fn bold(s: &str) -> Inline {
    Inline {
        text: fw(s),
        style: InlineStyle::Bold,
    }
}

/// A `【待补充:…】` placeholder run.
pub fn placeholder(what: &str) -> Inline {
    Inline {
        text: format!("\u{3010}待补充\u{ff1a}{what}\u{3011}"),
        style: InlineStyle::Placeholder,
    }
}

/// A heading block.
pub fn heading(level: u8, label: &str, text: &str, run_in: Vec<Inline>) -> Block {
    Block::Heading(Heading {
        level,
        label: fw(label),
        text: vec![plain(text)],
        run_in,
    })
}

/// The document title used by [`report`].
pub const TITLE: &str = "示例市2024年上半年科技创新工作情况汇报";
/// The issuing body used by [`report`].
pub const AUTHOR: &str = "示例市科学技术局";

/// A realistic report with every block kind, every heading level, run-in
/// headings, placeholders and two attachments.
pub fn report() -> Document {
    let blocks = vec![
        Block::Title(vec![plain(TITLE)]),
        Block::Subtitle(vec![plain("——在全市科技工作推进会上的汇报")]),
        Block::Byline(vec![plain(AUTHOR)]),
        Block::Salutation(vec![plain("尊敬的各位领导,同志们:")]),
        Block::Paragraph(vec![
            plain(
                "今年以来,我局坚持创新驱动发展战略,聚焦平台建设^人才引进和成果转化,各项工作取得积极进展~全市研发经费投入",
            ),
            placeholder("研发经费投入"),
            plain("亿元,同比增长8.5%~现将有关情况汇报如下~"),
        ]),
        heading(1, "一^", "主要工作成效", vec![]),
        heading(
            2,
            "(一)",
            "创新平台建设稳步推进~",
            vec![
                plain("新增省级重点实验室3家,市级工程技术研究中心"),
                placeholder("新增中心数量"),
                plain("家,某某县高新区成功获批省级高新区~"),
            ],
        ),
        heading(
            3,
            "1.",
            "研发投入持续增长~",
            vec![plain("规模以上工业企业研发投入同比增长12.3%~")],
        ),
        heading(
            4,
            "(1)",
            "企业主体地位增强~",
            vec![plain("高新技术企业总数达到256家~")],
        ),
        Block::Paragraph(vec![
            bold("科技人才加快集聚~"),
            plain("全年引进各类科技人才1200人,其中博士研究生86人~"),
        ]),
        heading(2, "(二)", "科技成果转化提速", vec![]),
        Block::Paragraph(vec![plain(
            "技术合同成交额达到35.6亿元,同比增长20.1%;举办成果对接活动15场,促成合作项目42个~",
        )]),
        heading(1, "二^", "存在的问题和下一步打算", vec![]),
        Block::Paragraph(vec![plain(
            "下一步,我们将继续深化科技体制改革,加强企业创新主体培育,推动科技创新和产业创新深度融合~",
        )]),
        Block::Attachments(vec![
            vec![plain("示例市2024年上半年科技创新主要指标完成情况表")],
            vec![plain("示例市重点科技项目清单")],
        ]),
        Block::Signature(vec![plain(AUTHOR)]),
        Block::Date(vec![plain("2024年7月5日")]),
    ];
    Document {
        title: TITLE.to_string(),
        author: AUTHOR.to_string(),
        blocks,
    }
}

/// Characters on each line of a [`long_report`] paragraph: an indented first
/// line of 26, five full lines of 28 and a last line of 12. Seven lines put
/// a paragraph's first line alone at the foot of page 1, where widow and
/// orphan control would push it over and leave 21 lines.
pub const LONG_PARAGRAPH_LINES: [usize; 7] = [26, 28, 28, 28, 28, 28, 12];

/// A long document of `paragraphs` body paragraphs of seven lines each, with
/// no title so every line on a page is a body line.
pub fn long_report(paragraphs: usize) -> Document {
    // One full-width character throughout, so a line's length depends only
    // on the grid, never on how punctuation or digits are set.
    let text = "汉".repeat(LONG_PARAGRAPH_LINES.iter().sum());
    Document {
        title: "示例市长文档排版测试".to_string(),
        author: AUTHOR.to_string(),
        blocks: (0..paragraphs)
            .map(|_| Block::Paragraph(vec![Inline::plain(text.clone())]))
            .collect(),
    }
}

/// The named part of a DOCX package, as text.
pub fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("DOCX is a zip archive");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("DOCX has no {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("part is UTF-8");
    text
}
