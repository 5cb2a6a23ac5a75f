//! Tests of the Markdown writer. Full-width characters are escapes.

use super::*;

fn plain(s: &str) -> Inline {
    Inline::plain(s)
}

fn bold(s: &str) -> Inline {
    Inline {
        text: s.into(),
        style: InlineStyle::Bold,
    }
}

fn placeholder(s: &str) -> Inline {
    Inline {
        text: s.into(),
        style: InlineStyle::Placeholder,
    }
}

fn heading(level: u8, label: &str, text: &str, run_in: Vec<Inline>) -> Block {
    Block::Heading(Heading {
        level,
        label: label.into(),
        text: vec![plain(text)],
        run_in,
    })
}

fn md(blocks: Vec<Block>) -> String {
    to_markdown(&Document {
        title: String::new(),
        author: String::new(),
        blocks,
    })
}

/// The Markdown of one paragraph, without the final newline.
fn para(runs: Vec<Inline>) -> String {
    md(vec![Block::Paragraph(runs)])
        .trim_end_matches('\n')
        .to_string()
}

#[test]
fn whole_report_layout() {
    let out = md(vec![
        Block::Title(vec![plain("关于示例市科技创新工作情况的汇报")]),
        Block::Subtitle(vec![plain("\u{2014}\u{2014}示例市科技创新工作综述")]),
        Block::Byline(vec![plain("示例市科学技术局")]),
        Block::Salutation(vec![plain("尊敬的各位领导\u{ff0c}同志们\u{ff1a}")]),
        Block::Paragraph(vec![plain("现将有关情况汇报如下\u{ff1a}")]),
        heading(1, "一\u{3001}", "主要工作及成效", vec![]),
        heading(
            2,
            "\u{ff08}一\u{ff09}",
            "深化改革\u{ff0c}成效明显\u{3002}",
            vec![plain("一是完善政策\u{3002}")],
        ),
        heading(3, "1.", "加强统筹", vec![]),
        heading(4, "\u{ff08}1\u{ff09}", "细化分工", vec![]),
        Block::Attachments(vec![vec![plain("示例名单")]]),
        Block::Signature(vec![plain("示例市科学技术局")]),
        Block::Date(vec![plain("2024年7月15日")]),
    ]);
    let expected = "# 关于示例市科技创新工作情况的汇报\n\n\
        \u{2014}\u{2014}示例市科技创新工作综述\n\n\
        示例市科学技术局\n\n\
        尊敬的各位领导\u{ff0c}同志们\u{ff1a}\n\n\
        现将有关情况汇报如下\u{ff1a}\n\n\
        ## 一\u{3001}主要工作及成效\n\n\
        **\u{ff08}一\u{ff09}深化改革\u{ff0c}成效明显**\u{3002}一是完善政策\u{3002}\n\n\
        #### 1.加强统筹\n\n\
        ##### \u{ff08}1\u{ff09}细化分工\n\n\
        附件\u{ff1a}示例名单\n\n\
        示例市科学技术局\n\n\
        2024年7月15日\n";
    assert_eq!(out, expected);
}

#[test]
fn several_attachments_are_numbered_on_their_own_lines() {
    let out = md(vec![Block::Attachments(vec![
        vec![plain("示例名单")],
        vec![plain("项目清单")],
        vec![placeholder("\u{3010}待补充\u{ff1a}附件[2]\u{3011}")],
    ])]);
    assert_eq!(
        out,
        "附件\u{ff1a}1.示例名单\\\n2.项目清单\\\n3.\u{3010}待补充\u{ff1a}附件[2]\u{3011}\n"
    );
    assert_eq!(md(vec![Block::Attachments(vec![])]), "\n");
}

#[test]
fn heading_with_blank_run_in_is_its_own_line() {
    let out = md(vec![heading(
        2,
        "\u{ff08}二\u{ff09}",
        "强化保障",
        vec![plain(" ")],
    )]);
    assert_eq!(out, "### \u{ff08}二\u{ff09}强化保障\n");
}

#[test]
fn markup_characters_in_text_are_escaped() {
    assert_eq!(
        para(vec![plain(r"a*b_c`d[e]<f>g\h")]),
        r"a\*b\_c\`d\[e\]\<f\>g\\h"
    );
    assert_eq!(para(vec![plain("# 不是标题")]), r"\# 不是标题");
    assert_eq!(para(vec![plain("> 不是引用")]), r"\> 不是引用");
    assert_eq!(para(vec![plain("- 不是列表")]), r"\- 不是列表");
    assert_eq!(para(vec![plain("+ 不是列表")]), r"\+ 不是列表");
    assert_eq!(para(vec![plain("1. 不是列表")]), r"1\. 不是列表");
    assert_eq!(para(vec![plain("12) 不是列表")]), r"12\) 不是列表");
    // Only at the start of a line.
    assert_eq!(para(vec![plain("第1.5项-甲+乙#丙")]), "第1.5项-甲+乙#丙");
    assert_eq!(para(vec![plain("2024年")]), "2024年");
    // Full-width look-alikes are not markup.
    let fw = "\u{ff08}一\u{ff09}\u{3010}注\u{3011}\u{ff1e}\u{ff0a}";
    assert_eq!(para(vec![plain(fw)]), fw);
}

#[test]
fn escapes_hashes_anywhere_in_headings() {
    let out = md(vec![Block::Title(vec![plain("C# 应用 #")])]);
    assert_eq!(out, "# C\\# 应用 \\#\n");
}

#[test]
fn placeholders_are_written_as_is() {
    assert_eq!(
        para(vec![
            plain("数值为"),
            placeholder("\u{3010}待补充\u{ff1a}主要指标[2].数值\u{3011}")
        ]),
        "数值为\u{3010}待补充\u{ff1a}主要指标[2].数值\u{3011}"
    );
}

#[test]
fn bold_runs_open_and_close_in_chinese_text() {
    assert_eq!(
        para(vec![
            plain("一是"),
            bold("加强领导"),
            plain("\u{ff0c}完善机制")
        ]),
        "一是**加强领导**\u{ff0c}完善机制"
    );
    // Punctuation inside the edge, Chinese outside: moved out of the bold.
    assert_eq!(
        para(vec![bold("标题\u{3002}"), plain("正文")]),
        "**标题**\u{3002}正文"
    );
    assert_eq!(
        para(vec![plain("正文"), bold("\u{ff08}甲\u{ff09}")]),
        "正文\u{ff08}**甲\u{ff09}**"
    );
    // Punctuation both inside and outside the edge flanks fine.
    assert_eq!(
        para(vec![
            plain("甲\u{3002}"),
            bold("\u{201c}乙\u{201d}"),
            plain("\u{ff0c}丙")
        ]),
        "甲\u{3002}**\u{201c}乙\u{201d}**\u{ff0c}丙"
    );
    assert_eq!(para(vec![plain("a"), bold(" b "), plain("c")]), "a **b** c");
    assert_eq!(para(vec![bold("甲"), bold("乙")]), "**甲乙**");
    assert_eq!(
        para(vec![plain("甲"), bold("\u{3002}"), plain("乙")]),
        "甲\u{3002}乙"
    );
    assert_eq!(para(vec![bold("*")]), r"**\***");
}

#[test]
fn line_breaks_stay_inside_the_block() {
    assert_eq!(
        para(vec![plain("  第一行 \n\n  - 第二行\n")]),
        "第一行\\\n\\- 第二行"
    );
    let title = |s: &str| md(vec![Block::Title(vec![plain(s)])]);
    // A title's line breaks are kept: one `# ` line per title line (docs/form.md §9.9).
    assert_eq!(title("关于示例市\n科技工作"), "# 关于示例市\n# 科技工作\n");
    assert_eq!(title("Hello\r\nworld"), "# Hello\n# world\n");
    assert_eq!(title("甲\n\n乙"), "# 甲\n# 乙\n");
}

#[test]
fn empty_blocks_leave_no_gap() {
    let out = md(vec![
        Block::Paragraph(vec![plain("甲")]),
        Block::Paragraph(vec![]),
        Block::Title(vec![plain("  ")]),
        Block::Paragraph(vec![plain("乙")]),
    ]);
    assert_eq!(out, "甲\n\n乙\n");
    assert_eq!(md(vec![]), "\n");
}
