//! Form version 2 figures end to end (docs/form.md §9.1–§9.6): one form
//! through the Markdown writer with the exact sentences, the same text in the
//! DOCX, `check`'s cross-check warnings, and no stray braces or doubled
//! marks in any example in any style. Full-width marks are escapes.

use crate::common::{examples, markdown, markdown_from_yaml, styles};
use crate::fixture::part;
use crate::support::{Run, huibao};

const C: &str = "\u{ff0c}";

/// Every §9 feature once, in a half-year report (so `同比`) and a plan.
const FORM: &str = "\
地区: 示例市
单位: 示例市科学技术局
时期: 2024年上半年
日期: 2024年7月15日
导语: 上半年,全市科技创新工作稳中有进
主要指标:
  - {名称: 高新技术企业, 数值: '２５１', 单位: 家, 上期: 175, 比较: 无}
  - {名称: 技术合同, 数值: '1,268', 单位: 项}
  - {名称: 高新技术产业投资, 增速: 35}
  - {名称: 科技进步环境指数, 排名: 全省第3位}
  - {名称: 研发投入强度, 数值: 2.6, 单位: '%', 变化: 1.25}
  - {名称: 规上工业增加值, 增速: 9.1, 排名: {范围: 全省, 位次: 2, 对象: 增幅, 上期位次: 70}}
  - {名称: 科技型企业, 数值: 1200余, 单位: 家}
  - {名称: 技术交易机构, 数值: 300以上, 单位: 家}
  - {名称: 高新技术产业投资额, 数值: xx, 单位: 亿元, 增速: 35}
  - {名称: 研发经费, 数值: 8.2, 单位: 亿元, 上期: 1xx}
  - {名称: 有效发明专利, 数值: 0755, 单位: 件}
  - {名称: 财政科技支出, 数值: 3.2, 单位: 亿元, 增速: 1.25}
  - {名称: 众创空间, 数值: 11, 单位: 家, 上期: 11, 比较: 较上年}
工作成效:
  - 标题: 壮大创新平台
    成效: 平台能级持续提升
    概述: 全市{创新平台},为产业发展提供了有力支撑
    指标:
      - {名称: 创新平台, 数值: 86, 单位: 个, 其中: [{名称: 国家级创新平台, 数值: 12}, {名称: 省级创新平台, 数值: 74}]}
      - {名称: 高新技术产业增加值, 数值: 120, 单位: 亿元, 占比: {对象: 规上工业增加值, 数值: 45.6, 变化: 1.2}}
      - {时段: 1—6月, 名称: 规上工业企业研发费用, 数值: 38.2, 单位: 亿元, 增速: 12.5}
    要点:
      - 标题: 推行揭榜挂帅
        内容: 出台政策文件8件。{揭榜项目},带动企业研发投入4.6亿元;项目数{揭榜项目:数值},{揭榜项目:变化}
        指标:
          - {名称: 揭榜项目, 数值: 36, 单位: 项, 上期: 12}
下一步打算:
  - 标题: 加大研发投入
    指标:
      - {名称: 全社会研发投入强度, 单位: '%', 目标: 2.6以上}
";

fn md() -> String {
    markdown_from_yaml(FORM, "qingkuang")
}

/// Each sentence of §9 that the form above must produce, exactly.
fn expected() -> Vec<String> {
    vec![
        // §9.1 with 比较: 无, §9.2 full-width digits.
        format!("高新技术企业251家{C}净增76家{C}增长43.4%"),
        // §9.3 growth only, rank only.
        "技术合同1268项".to_string(),
        "高新技术产业投资同比增长35%".to_string(),
        "科技进步环境指数居全省第3位".to_string(),
        // 变化 on a % figure.
        format!("研发投入强度2.6%{C}同比提高1.25个百分点"),
        // Rank of the growth with its movement.
        format!("规上工业增加值同比增长9.1%{C}增幅居全省第2位{C}同比提升68位"),
        // §9.2 qualifiers.
        "科技型企业1200余家".to_string(),
        "技术交易机构300家以上".to_string(),
        // §9.4 a whole reference inside prose, §9.3 parts.
        format!("全市创新平台86个{C}其中国家级创新平台12个\u{3001}省级创新平台74个{C}为产业发展"),
        // Share with its change.
        format!("高新技术产业增加值120亿元{C}占规上工业增加值的比重为45.6%{C}同比提高1.2个百分点"),
        // Time span.
        format!("1\u{2014}6月{C}规上工业企业研发费用38.2亿元{C}同比增长12.5%"),
        // References: whole, value, change.
        format!(
            "出台政策文件8件\u{3002}揭榜项目36项{C}同比净增24项{C}增长2.0倍{C}带动企业研发投入4.6亿元"
        ),
        format!("项目数36项{C}同比净增24项{C}增长2.0倍\u{3002}"),
        // §9.2 leading zeros, a given growth as written, a date as typed;
        // §9.1 no change after an explicit 较上年.
        "有效发明专利755件".to_string(),
        format!("财政科技支出3.2亿元{C}同比增长1.25%"),
        format!("众创空间11家{C}与上年持平"),
        "2024年7月15日".to_string(),
        // §9.5 placeholders keep their place.
        format!(
            "高新技术产业投资额\u{3010}待补充\u{ff1a}主要指标[8].数值\u{3011}亿元{C}同比增长35%"
        ),
        format!("研发经费8.2亿元{C}同比增长\u{3010}待补充\u{ff1a}主要指标[9].增速\u{3011}%"),
        // Plan target.
        "力争全社会研发投入强度达到2.6%以上\u{3002}".to_string(),
    ]
}

#[test]
fn every_rule_of_section_9_in_markdown() {
    let md = md();
    for want in expected() {
        assert!(md.contains(&want), "missing “{want}” in:\n{md}");
    }
}

#[test]
fn a_figure_referenced_whole_is_not_repeated() {
    let md = md();
    assert_eq!(md.matches("其中国家级创新平台12个").count(), 1, "{md}");
    assert_eq!(md.matches("揭榜项目36项").count(), 1, "{md}");
}

#[test]
fn version_1_forms_keep_rendering_with_the_period_word() {
    let yaml = "地区: 示例市\n单位: 局\n时期: 2024年\n工作成效:\n  - 标题: 甲\n    指标:\n      - {名称: 高新技术企业, 数值: 251, 单位: 家, 上期: 175, 排名: 全省第2位}\n";
    assert!(markdown_from_yaml(yaml, "qingkuang").contains(&format!(
        "高新技术企业251家{C}较上年净增76家{C}增长43.4%{C}居全省第2位\u{3002}"
    )));
}

/// The paragraphs' text of a DOCX body, runs joined.
fn docx_text(docx: &[u8]) -> String {
    let xml = part(docx, "word/document.xml");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i + 4..];
        // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tab/>` or `<w:tbl>`.
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</w:t>") else {
            break;
        };
        out.push_str(&rest[open_end + 1..close]);
        rest = &rest[close..];
    }
    out.replace("&amp;", "&")
}

#[test]
fn the_docx_carries_the_same_sentences() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), FORM).unwrap();
    let run = Run::new(huibao(dir.path()).args(["render", "f.yaml", "-o", "f.docx"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = docx_text(&std::fs::read(dir.path().join("f.docx")).unwrap());
    for want in expected() {
        assert!(
            text.contains(&want),
            "missing “{want}” in the DOCX:\n{text}"
        );
    }
}

#[test]
fn check_warns_about_figures_that_do_not_add_up_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let form = "地区: 示例市\n单位: 局\n时期: 2024年\n日期: 2024-10-12\n\
        主要指标:\n  - {名称: 创新平台, 数值: 80, 单位: 个, 其中: [{名称: 国家级, 数值: 12}, {名称: 省级, 数值: 74}]}\n  \
        - {名称: 高新技术产业增加值, 占比: {对象: 规上工业增加值, 数值: 145.6}}\n\
        工作成效:\n  - 标题: 甲\n    指标:\n      - {名称: 创新平台, 数值: 86, 单位: 个}\n";
    std::fs::write(dir.path().join("f.yaml"), form).unwrap();
    let run = Run::new(huibao(dir.path()).args(["check", "f.yaml"]));
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    for want in [
        "主要指标[0].其中",
        "合计 86 大于总数 80",
        "主要指标[1].占比.数值",
        "超过 100%",
        "工作成效[0].指标[0].数值",
        "前后不一致",
        "日期",
        "早于时期",
    ] {
        assert!(out.contains(want), "missing “{want}” in:\n{out}");
    }
}

#[test]
fn no_example_in_any_style_has_braces_or_doubled_marks() {
    for form in examples() {
        for style in styles() {
            let md = markdown(&form, Some(&style));
            for bad in [
                "{",
                "}",
                "\u{ff0c}\u{ff0c}",
                "\u{3002}\u{3002}",
                "\u{ff0c}\u{3002}",
            ] {
                assert!(
                    !md.contains(bad),
                    "{} in {style} contains “{bad}”:\n{md}",
                    form.display()
                );
            }
        }
    }
}

/// A form written from one seed report's real figures, in version 2 and as
/// version 1 could say it: both render, and version 2 says what the report said.
#[test]
fn the_seed_figures_form_reads_like_the_report() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/form_samples");
    let v1 = markdown(&dir.join("seed-figures-v1.yaml"), None);
    assert!(
        v1.contains(&format!(
            "高新技术企业251家{C}较上年净增76家{C}增长43.4%{C}居全省第2位"
        )),
        "{v1}"
    );
    let v2 = markdown(&dir.join("seed-figures.yaml"), None);
    for want in [
        format!("全市高新技术企业251家{C}较上年净增76家{C}增幅居全省第2位{C}三年实现翻番"),
        format!("高新技术产业增加值较上年增长35.5%{C}增速居全省第1位"),
        format!("推荐申报企业123家{C}其中初审通过101家"),
        "省级企业技术创新中心研发投入超5亿元".to_string(),
        format!(
            "1\u{2014}6月{C}战略性新兴产业产值23.6亿元{C}同比增长45.6%{C}占规模以上工业产值的比重为19%"
        ),
        "力争全社会研发投入强度达到1%以上".to_string(),
    ] {
        assert!(v2.contains(&want), "missing “{want}” in:\n{v2}");
    }
}
