//! The last hand edits (issue 22; docs/form.md §9.9, §9.11–§9.15): each
//! with the exact Markdown and document.xml text a clerk gets, on forms of
//! fictional places written the way clerks write them (ASCII punctuation
//! where keyboards type it; the output is normalized to full width).

use crate::common::markdown_from_yaml;
use crate::fixture::part;
use crate::support::{Run, huibao};

use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;
use huibao::write::docx::to_docx;

const C: &str = "\u{ff0c}";

/// One form with every rule of the issue that renders.
const FORM: &str = "\
地区: 某某县
单位: 某某县科学技术局
标题: 关于某某县2024年科技创新券兑现情况及下一步工作安排的报告
副标题: \"{主题}工作情况\"
时期: 2024年
日期: 2025-01-10
主要指标:
  - {名称: 科技特派员, 动词: 已达到, 数值: 400多, 单位: 人}
  - {名称: 研发经费投入, 数值: 12000, 单位: 万元, 上期: 5500, 基期: \"“十二五”时期\"}
  - {名称: 财政科技支出, 数值: 15600, 单位: 万元, 换算: 否, 增速: 10.0}
  - {名称: 众创空间, 数值: 12, 单位: 个, 含: [{名称: 国家级, 数值: 1}]}
  - {名称: 孵化器, 数值: 5, 单位: 家, 说明: (不含新区)}
  - {名称: 高新技术企业, 数值: 152, 单位: 家, 上期: 100, 排名: 全省第2位}
导语: 全县高新技术企业达到{高新技术企业:数值}
工作成效:
  - 标题: 培育创新主体
    概述: 围绕企业创新,主要做了以下工作\u{ff1a}
    要点:
      - 建成星创天地xx家
      - 出台《某某县 科技创新券管理办法》
    结语: 通过以上举措,企业创新主体地位进一步巩固
存在问题:
  概述: 当前,工作中还存在一些问题。
  条目:
    - 企业研发投入不足
    - 人才支撑不够
  结语: 这些问题需要在今后工作中认真加以解决
下一步打算:
  - 标题: 加大投入
    指标:
      - {名称: 高新技术企业, 单位: 家, 目标: xx以上}
";

fn md() -> String {
    markdown_from_yaml(FORM, "qingkuang")
}

/// The Word file of `FORM`, rendered in-process.
fn docx() -> Vec<u8> {
    let renderer = Renderer::new(None).unwrap();
    let loaded = pipeline::parse(FORM.as_bytes(), "f.yaml").unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let doc = pipeline::document(&renderer, &loaded, &RenderOptions::default(), today).unwrap();
    to_docx(&doc).unwrap()
}

/// The text of document.xml's runs, joined (`<w:br/>` between title lines
/// kept as a line break).
fn document_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        let Some(end) = rest[i..].find('>') else {
            break;
        };
        let tag = &rest[i..i + end + 1];
        if tag.starts_with("<w:br") {
            out.push('\n');
        }
        if (tag.starts_with("<w:t>") || tag.starts_with("<w:t ")) && !tag.ends_with("/>") {
            let body = &rest[i + end + 1..];
            let close = body.find("</w:t>").unwrap_or(body.len());
            out.push_str(&body[..close]);
            rest = &body[close..];
            continue;
        }
        rest = &rest[i + end + 1..];
    }
    out
}

/// What the form must say, exactly, in both outputs.
fn expected() -> Vec<String> {
    vec![
        // §9.9: a typed title broken between words, never inside one.
        "关于某某县2024年科技创新券兑现\n情况及下一步工作安排的报告".to_string(),
        // §9.13: {主题} in the subtitle is the form's own value.
        "\u{2014}\u{2014}科技创新工作情况".to_string(),
        // §9.13: {名称:数值} prints the value; the rest of the figure follows once.
        format!("全县高新技术企业达到152家\u{3002}"),
        format!("高新技术企业较上年净增52家{C}增长52.0%{C}居全省第2位\u{3002}"),
        // §9.11: a verb, a base period, 换算, a typed rate, 含, a bracketed note.
        "科技特派员已达到400多人".to_string(),
        format!(
            "研发经费投入1.2亿元{C}较\u{201c}十二五\u{201d}时期5500万元增加6500万元{C}增长1.2倍"
        ),
        format!("财政科技支出15600万元{C}较上年增长10.0%"),
        "众创空间12个\u{ff08}含国家级1个\u{ff09}".to_string(),
        "孵化器5家\u{ff08}不含新区\u{ff09}".to_string(),
        // §9.14: a lead-in 概述 stays open, 《》 keeps its space, the
        // section's 结语 is not 三是.
        format!(
            "围绕企业创新{C}主要做了以下工作\u{ff1a}一是建成星创天地xx家\u{3002}二是出台《某某县 科技创新券管理办法》\u{3002}通过以上举措{C}企业创新主体地位进一步巩固\u{3002}"
        ),
        format!(
            "当前{C}工作中还存在一些问题\u{3002}一是企业研发投入不足\u{3002}二是人才支撑不够\u{3002}这些问题需要在今后工作中认真加以解决\u{3002}"
        ),
        // §5: a placeholder keeps its qualifier.
        "力争高新技术企业达到\u{3010}待补充\u{ff1a}下一步打算[0].指标[0].目标\u{3011}家以上"
            .to_string(),
    ]
}

#[test]
fn every_rule_in_markdown() {
    let md = md();
    for want in expected() {
        let want = match want.split_once('\n') {
            // Markdown sets each title line as its own heading line.
            Some((a, b)) => format!("# {a}\n# {b}"),
            None => want,
        };
        assert!(md.contains(&want), "missing “{want}” in:\n{md}");
    }
    assert!(!md.contains("三是"), "{md}");
    assert_eq!(md.matches("152家").count(), 1, "{md}");
}

#[test]
fn every_rule_in_document_xml() {
    let xml = part(&docx(), "word/document.xml");
    let text = document_text(&xml);
    for want in expected() {
        assert!(text.contains(&want), "missing “{want}” in:\n{text}");
    }
    // §9.12: the xx left in the text is a highlighted run of its own, as
    // typed, like the tool's 【待补充】.
    assert!(
        xml.contains(
            "<w:highlight w:val=\"yellow\" /></w:rPr><w:t xml:space=\"preserve\">xx</w:t></w:r>"
        ),
        "{xml}"
    );
}

// §9.14: a body of one untitled 板块 has no heading at all.
#[test]
fn a_single_untitled_section_has_no_heading() {
    let yaml = "地区: 某某县\n单位: 某某县科学技术局\n日期: 2025-01-10\n导语: 2024年,全县科技工作稳步推进\n工作成效:\n  - 概述: 全县新增高新技术企业5家\n    要点: [建成孵化器2家, 入库科技型中小企业30家]\n";
    assert_eq!(
        markdown_from_yaml(yaml, "qingkuang"),
        format!(
            "# 关于某某县科技创新工作情况的汇报\n\n2024年{C}全县科技工作稳步推进\u{3002}现将有关情况汇报如下\u{ff1a}\n\n全县新增高新技术企业5家\u{3002}一是建成孵化器2家\u{3002}二是入库科技型中小企业30家\u{3002}\n\n某某县科学技术局\n\n2025年1月10日\n"
        )
    );
}

// §9.9: a built 工作总结 title names the next period only with plans.
#[test]
fn the_zongjie_title_names_the_next_period_only_with_plans() {
    let base = "地区: 某某县\n单位: 某某县局\n时期: 2024年上半年\n工作成效: [{标题: 甲}]\n";
    let without = markdown_from_yaml(base, "zongjie");
    assert!(
        without.starts_with("# 某某县局2024年上半年科技创新工作总结\n\n"),
        "{without}"
    );
    let with = markdown_from_yaml(&format!("{base}下一步打算: [加大投入]\n"), "zongjie");
    assert!(
        with.starts_with("# 某某县局2024年上半年科技创新\n# 工作总结及下半年工作思路\n\n"),
        "{with}"
    );
}

fn check(dir: &std::path::Path, yaml: &str, strict: bool) -> Run {
    std::fs::write(dir.join("f.yaml"), yaml).unwrap();
    let mut cmd = huibao(dir);
    cmd.args(["check", "f.yaml"]);
    if strict {
        cmd.arg("--strict");
    }
    Run::new(&mut cmd)
}

const HEAD: &str = "地区: 某某县\n单位: 某某县科学技术局\n日期: 2025-01-10\n";

// §9.12: --strict fails on every shape of placeholder left in a text, and
// check names each with its field and line; an x in a word passes.
#[test]
fn check_strict_fails_on_placeholders_left_in_the_text() {
    let dir = tempfile::tempdir().unwrap();
    for (text, shown) in [
        ("每亩补贴xx65元", "每亩补贴xx65元"),
        ("建成星创天地xx家", "星创天地xx家"),
        ("出台政策x条", "出台政策x条"),
        ("新增X个平台", "新增X个平"),
    ] {
        let yaml = format!("{HEAD}工作成效:\n  - 标题: 甲\n    概述: {text}\n");
        let run = check(dir.path(), &yaml, true);
        assert_eq!(run.code, Some(1), "{text}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains(&format!(
                "  提醒\u{ff1a}字段\u{201c}工作成效[0].概述\u{201d}\u{ff08}第6行\u{ff09}\u{ff1a}文本中留有占位\u{201c}{shown}\u{201d}"
            )),
            "{text}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("待补充\u{ff1a}工作成效[0].概述"),
            "{}",
            run.stdout
        );
        assert!(run.stderr.contains("定稿检查"), "{}", run.stderr);
    }
    // A placeholder with a qualifier in a number field.
    let yaml = format!(
        "{HEAD}工作成效: [{{标题: 甲}}]\n下一步打算:\n  - 标题: 乙\n    指标: [{{名称: 丙, 单位: 家, 目标: xx以上}}]\n"
    );
    let run = check(dir.path(), &yaml, true);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("待补充\u{ff1a}下一步打算[0].指标[0].目标")
    );
    for text in ["引进Xbox项目", "开展x射线检测", "举办3x3篮球赛"] {
        let yaml = format!("{HEAD}工作成效:\n  - 标题: 甲\n    概述: {text}\n");
        let run = check(dir.path(), &yaml, true);
        assert_eq!(run.code, Some(0), "{text}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "f.yaml\u{ff1a}填写完整\n", "{text}");
    }
}

// §9.13: a reference where none is read is refused with its place; a
// full-width one naming no figure is named in a remark.
#[test]
fn references_outside_the_prose() {
    let dir = tempfile::tempdir().unwrap();
    let run = check(
        dir.path(),
        "地区: \"{某某}县\"\n单位: 局\n工作成效: [{标题: 甲}]\n",
        false,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("f.yaml:1:6\u{ff1a}字段\u{201c}地区\u{201d}\u{ff1a}这里不能引用指标"),
        "{}",
        run.stderr
    );
    let run = check(
        dir.path(),
        &format!("{HEAD}主送: \"{{县政府}}\"\n工作成效: [{{标题: 甲}}]\n"),
        false,
    );
    assert!(
        run.stderr.contains("字段\u{201c}主送\u{201d}"),
        "{}",
        run.stderr
    );
    let run = check(
        dir.path(),
        &format!("{HEAD}工作成效:\n  - 标题: 甲\n    概述: \u{ff5b}注\u{ff5d}见附件\n"),
        false,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("全角花括号中的\u{201c}注\u{201d}不是这里可引用的指标"),
        "{}",
        run.stdout
    );
    // `{{` and `}}` print braces where references are not read.
    let md = markdown_from_yaml(
        "地区: 某某县\n单位: \"某某{{试点}}局\"\n日期: 2025-01-10\n工作成效: [{标题: 甲}]\n",
        "qingkuang",
    );
    assert!(md.contains("\n\n某某{试点}局\n\n"), "{md}");
}

// §9.13: a heading names a figure, full-width braces too.
#[test]
fn headings_and_full_width_braces_name_figures() {
    let yaml = format!(
        "{HEAD}时期: 2024年\n主要指标:\n  - {{名称: 揭榜项目, 数值: 36, 单位: 项, 上期: 12}}\n工作成效:\n  - 标题: 揭榜项目达到{{揭榜项目:数值}}\n    概述: 全县推行揭榜挂帅,\u{ff5b}揭榜项目\u{ff1a}变化\u{ff5d}\n"
    );
    let md = markdown_from_yaml(&yaml, "qingkuang");
    assert!(
        md.contains(&format!(
            "**\u{ff08}一\u{ff09}揭榜项目达到36项**\u{3002}全县推行揭榜挂帅{C}较上年净增24项{C}增长2.0倍\u{3002}"
        )),
        "{md}"
    );
    assert!(!md.contains('{') && !md.contains('\u{ff5b}'), "{md}");
}

// §9.13: an unquoted {名称} inside a YAML {…} mapping gets a hint to quote
// the whole value.
#[test]
fn an_unquoted_reference_in_a_flow_mapping_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let run = check(
        dir.path(),
        "地区: 某某县\n单位: 局\n主要指标: [{名称: 揭榜项目, 数值: 36, 单位: 项}]\n工作成效:\n  - {标题: 甲, 概述: 共有{揭榜项目}项}\n",
        false,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(
            "\u{201c}{揭榜项目}\u{201d}像是引用指标\u{ff0c}值里有花括号时 YAML 会把它当作映射\u{ff0c}请给整个值加引号\u{ff1a}'共有{揭榜项目}项'"
        ),
        "{}",
        run.stderr
    );
}

// §9.15: a version-1 form gets suggestions naming the version-2 keys.
#[test]
fn check_teaches_version_2() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{HEAD}工作成效:\n  - 标题: 甲\n    指标:\n      - {{名称: 规上工业增加值, 增速: 9.1, 说明: 增幅居全省第2位}}\n      - {{名称: 创新平台, 数值: 86, 单位: 个}}\n      - {{名称: 国家级创新平台, 数值: 12, 单位: 个}}\n      - {{名称: 1—6月研发费用, 数值: 38.2, 单位: 亿元}}\n"
    );
    let run = check(dir.path(), &yaml, false);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for want in [
        "字段\u{201c}工作成效[0].指标[0].说明\u{201d}\u{ff08}第7行\u{ff09}\u{ff1a}说明里写了排名\u{ff1b}版本2请写在\u{201c}排名\u{201d}中\u{ff08}范围 全省\u{3001}位次 2\u{3001}对象 增幅\u{ff09}",
        "字段\u{201c}工作成效[0].指标[2].名称\u{201d}\u{ff08}第9行\u{ff09}\u{ff1a}\u{201c}国家级创新平台\u{201d}像是\u{201c}创新平台\u{201d}的一部分\u{ff1b}版本2可写在\u{201c}创新平台\u{201d}的\u{201c}其中\u{201d}里",
        "字段\u{201c}工作成效[0].指标[3].名称\u{201d}\u{ff08}第10行\u{ff09}\u{ff1a}名称以时段\u{201c}1\u{2014}6月\u{201d}开头\u{ff1b}版本2可写在\u{201c}时段\u{201d}中",
    ] {
        assert!(
            run.stdout.contains(want),
            "missing “{want}” in:\n{}",
            run.stdout
        );
    }
}

// §9.11: 换算 takes yes or no; 基期 and 比较 do not go together.
#[test]
fn conversion_and_base_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let run = check(
        dir.path(),
        &format!(
            "{HEAD}主要指标: [{{名称: 甲, 数值: 1, 单位: 万元, 换算: 也许}}]\n工作成效: [{{标题: 乙}}]\n"
        ),
        false,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("字段\u{201c}主要指标[0].换算\u{201d}"),
        "{}",
        run.stderr
    );
    let run = check(
        dir.path(),
        &format!(
            "{HEAD}主要指标: [{{名称: 甲, 数值: 2, 上期: 1, 基期: 2020年, 比较: 同比}}]\n工作成效: [{{标题: 乙}}]\n"
        ),
        false,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("基期与比较只能填一项"),
        "{}",
        run.stderr
    );
}
