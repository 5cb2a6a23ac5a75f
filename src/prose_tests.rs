use super::*;

// A sentence ends once; a closing quote or bracket gets its stop after it.
#[test]
fn closes_sentences() {
    assert_eq!(sentence("扩大投入"), "扩大投入\u{3002}");
    assert_eq!(sentence("扩大投入\u{3002}"), "扩大投入\u{3002}");
    assert_eq!(sentence("扩大投入\u{ff0c}"), "扩大投入\u{3002}");
    assert_eq!(sentence("现汇报如下\u{ff1a}"), "现汇报如下\u{ff1a}");
    assert_eq!(
        sentence("建设\u{201c}开发区\u{201d}"),
        "建设\u{201c}开发区\u{201d}\u{3002}"
    );
    assert_eq!(
        sentence("他说\u{ff1a}\u{201c}好\u{3002}\u{201d}"),
        "他说\u{ff1a}\u{201c}好\u{3002}\u{201d}"
    );
    assert_eq!(
        sentence("见附表\u{ff08}略\u{ff09}"),
        "见附表\u{ff08}略\u{ff09}\u{3002}"
    );
    assert_eq!(
        sentence("\u{3010}待补充\u{ff1a}导语\u{3011}"),
        "\u{3010}待补充\u{ff1a}导语\u{3011}\u{3002}"
    );
    assert_eq!(sentence(""), "");
    // Every paragraph of a prose field is closed.
    assert_eq!(sentence("甲段\n\n乙段\n"), "甲段\u{3002}\n\n乙段\u{3002}");
    assert_eq!(
        sentence("甲段\n  \n乙段\u{3002}"),
        "甲段\u{3002}\n\n乙段\u{3002}"
    );
}

#[test]
fn collapses_doubled_marks() {
    assert_eq!(collapse_marks("甲\u{3002}\u{3002}乙"), "甲\u{3002}乙");
    assert_eq!(collapse_marks("甲\u{ff0c}\u{ff0c}乙"), "甲\u{ff0c}乙");
    assert_eq!(collapse_marks("甲\u{ff0c}\u{3002}"), "甲\u{3002}");
    assert_eq!(collapse_marks("甲\u{ff1b}\u{3002}"), "甲\u{3002}");
    assert_eq!(collapse_marks("甲\u{2026}\u{2026}"), "甲\u{2026}\u{2026}");
    assert_eq!(collapse_marks("1,000"), "1,000");
}

#[test]
fn finds_hand_typed_numbers() {
    assert_eq!(leading_number("一是加强"), Some(("一是", "加强")));
    assert_eq!(leading_number("十二是加强"), Some(("十二是", "加强")));
    assert_eq!(
        leading_number("\u{ff08}一\u{ff09}加强"),
        Some(("\u{ff08}一\u{ff09}", "加强"))
    );
    assert_eq!(leading_number("(1) 加强"), Some(("(1)", "加强")));
    assert_eq!(leading_number("一、加强"), Some(("一、", "加强")));
    assert_eq!(leading_number("2.加强"), Some(("2.", "加强")));
    assert_eq!(leading_number("2、加强"), Some(("2、", "加强")));
    assert_eq!(leading_number("\u{2460}加强"), Some(("\u{2460}", "加强")));
    assert_eq!(leading_number("1.5亿元"), None);
    assert_eq!(leading_number("一批项目"), None);
    assert_eq!(leading_number("2024年"), None);
    assert_eq!(leading_number("(R&D)投入"), None);
}

#[test]
fn finds_connectives_and_handover() {
    assert_eq!(leading_connective("此外还"), Some("此外"));
    assert_eq!(leading_connective("另一方面"), Some("另一方面"));
    assert_eq!(leading_connective("加强"), None);
    assert_eq!(
        split_handover("今年以来成效明显。现将有关情况报告如下\u{ff1a}"),
        Some(("今年以来成效明显。", "现将有关情况报告如下\u{ff1a}"))
    );
    assert_eq!(split_handover("汇报如下。"), Some(("", "汇报如下。")));
    assert_eq!(split_handover("成效明显。"), None);
}

#[test]
fn joins_one_line_fields() {
    assert_eq!(one_line("示例市\n科学技术局"), "示例市科学技术局");
    assert_eq!(one_line("R&D\ninvestment"), "R&D investment");
}

/// The rules of `collapse_marks` applied one character at a time, looking
/// back at the text built so far: the oracle for the faster version.
fn collapse_reference(text: &str) -> String {
    let is_comma = |c: char| matches!(c, '\u{ff0c}' | '\u{3001}' | '\u{ff1b}');
    let is_stop = |c: char| matches!(c, '\u{3002}' | '\u{ff01}' | '\u{ff1f}');
    let mut out = String::new();
    for c in text.chars() {
        match out.chars().next_back() {
            Some(last) if is_stop(c) && is_comma(last) => {
                out.pop();
                out.push(c);
            }
            Some(last) if (is_stop(c) || is_comma(c)) && is_stop(last) => {}
            Some(last) if is_comma(c) && last == c => {}
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn collapse_marks_agrees_with_the_reference_on_every_short_text() {
    let alphabet = [
        '甲', '\u{ff0c}', '\u{3001}', '\u{ff1b}', '\u{3002}', '\u{ff01}', '\u{ff1f}', '1',
    ];
    // Every text of up to five characters from the alphabet: 37,448 texts.
    for t in &crate::punct::tests::short_texts(&alphabet) {
        assert_eq!(collapse_marks(t), collapse_reference(t), "{t}");
    }
}

#[test]
fn join_folded_removes_the_space_a_folded_line_leaves_between_chinese() {
    // YAML `>-` folds `平台建设` / `补助等` into `平台建设 补助等`.
    assert_eq!(join_folded("平台建设 补助等"), "平台建设补助等");
    assert_eq!(join_folded("截至 2024年底 共 3 项"), "截至2024年底共3项");
    assert_eq!(join_folded("项目资助   等方面"), "项目资助等方面");
    // Beside Latin letters, between digits and at the ends: kept.
    assert_eq!(join_folded("5G 基站和 R&D 投入"), "5G 基站和 R&D 投入");
    assert_eq!(join_folded("1 000 元"), "1 000元");
    assert_eq!(join_folded(" 开头 "), " 开头 ");
    // Full-width spaces are typed on purpose (名单 padding): kept.
    assert_eq!(join_folded("王\u{3000}芳"), "王\u{3000}芳");
}

#[test]
fn collapse_document_joins_folded_prose_but_not_the_byline() {
    use crate::document::{Block, Document, Inline};
    let mut doc = Document {
        blocks: vec![
            Block::Byline(vec![Inline::plain("示例市科学技术局局长 张三")]),
            Block::Paragraph(vec![Inline::plain("平台建设 补助等。。")]),
        ],
        ..Document::default()
    };
    collapse_document(&mut doc);
    assert_eq!(
        doc.blocks[0].run_lists()[0][0].text,
        "示例市科学技术局局长 张三"
    );
    assert_eq!(
        doc.blocks[1].run_lists()[0][0].text,
        "平台建设补助等\u{3002}"
    );
}

// docs/form.md §9.14: a space typed inside 《》 is part of the title quoted
// and is kept; outside, the folding rule still applies.
#[test]
fn a_space_inside_book_title_marks_is_kept() {
    assert_eq!(
        join_folded("出台《示例市 科技创新促进条例》等文件 汇编"),
        "出台《示例市 科技创新促进条例》等文件汇编"
    );
    assert_eq!(
        join_folded("《甲 乙》《丙 丁》戊 己"),
        "《甲 乙》《丙 丁》戊己"
    );
}

// A 概述 that leads in to the points keeps its colon or comma.
#[test]
fn a_lead_in_stays_open() {
    assert_eq!(
        lead_in("主要做了以下工作\u{ff1a}"),
        "主要做了以下工作\u{ff1a}"
    );
    assert_eq!(
        lead_in("围绕创新主体培育\u{ff0c}"),
        "围绕创新主体培育\u{ff0c}"
    );
    assert_eq!(lead_in("企业活力增强"), "企业活力增强\u{3002}");
}
