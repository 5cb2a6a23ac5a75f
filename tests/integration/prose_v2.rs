//! Form version 2, prose and structure (docs/form.md §9.7–9.10): each rule with
//! the exact Markdown a clerk gets. Forms are written with ASCII punctuation,
//! as many keyboards type it; the output is normalized to full width.

use crate::common;

use common::markdown_from_yaml;
use std::path::Path;

use assert_cmd::Command;

const HEAD: &str = "地区: 某某县\n单位: 某某县科学技术局\n日期: 2025-01-10\n";

fn md(yaml: &str, style: &str) -> String {
    markdown_from_yaml(&format!("{HEAD}{yaml}"), style)
}

fn check(dir: &Path, yaml: &str, strict: bool) -> (i32, String, String) {
    std::fs::write(dir.join("f.yaml"), yaml).unwrap();
    let mut cmd = Command::cargo_bin("huibao").unwrap();
    cmd.current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .args(["check", "f.yaml"]);
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SIGN_OFF: &str = "某某县科学技术局\n\n2025年1月10日\n";

// §9.7: a text ending in a closing quote gets its 。 after it; a note that
// starts with a comma does not double it; one point is not numbered.
#[test]
fn quotes_notes_and_a_single_point() {
    let yaml = r#"导语: 全县建成"科技园区"
工作成效:
  - 标题: 建设平台
    概述: 建成"开发区"
    要点:
      - 新建孵化器2家
    指标:
      - {名称: 孵化器, 数值: 5, 单位: 家, 说明: ",其中国家级1家"}
"#;
    assert_eq!(
        md(yaml, "qingkuang"),
        format!(
            "# 关于某某县科技创新工作情况的汇报\n\n全县建成\u{201c}科技园区\u{201d}。现将有关情况汇报如下\u{ff1a}\n\n## 一、主要工作及成效\n\n**\u{ff08}一\u{ff09}建设平台**。建成\u{201c}开发区\u{201d}。孵化器5家\u{ff0c}其中国家级1家。新建孵化器2家。\n\n{SIGN_OFF}"
        )
    );
}

// §9.7: numbering typed by hand is removed (the tool numbers), a 导语 that
// already hands over gets no second hand-over sentence.
#[test]
fn hand_typed_numbering_and_hand_over() {
    let yaml = r#"导语: "2024年,全县科技工作稳步推进。现将有关情况报告如下:"
工作成效:
  - 标题: (一)强化企业主体
    要点:
      - 一是新增高新技术企业5家
      - 二是入库科技型中小企业30家
      - (3)建成研发中心2个
存在问题:
  - 1.研发投入偏低
  - ①人才不足
"#;
    assert_eq!(
        md(yaml, "qingkuang"),
        format!(
            "# 关于某某县科技创新工作情况的汇报\n\n2024年\u{ff0c}全县科技工作稳步推进。现将有关情况报告如下\u{ff1a}\n\n## 一、主要工作及成效\n\n**\u{ff08}一\u{ff09}强化企业主体**。一是新增高新技术企业5家。二是入库科技型中小企业30家。三是建成研发中心2个。\n\n## 二、存在的问题\n\n当前\u{ff0c}工作中还存在一些问题和不足。一是研发投入偏低。二是人才不足。\n\n{SIGN_OFF}"
        )
    );
}

// §9.7: check says what numbering it removed, and warns about a point that
// opens with a connective of its own.
#[test]
fn check_reports_numbering_and_connectives() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{HEAD}工作成效:\n  - 标题: 一、强化企业主体\n    要点:\n      - 新增企业5家\n      - 此外,入库企业30家\n"
    );
    let (code, out, err) = check(dir.path(), &yaml, false);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  提醒\u{ff1a}字段\u{201c}工作成效[0].标题\u{201d}\u{ff08}第5行\u{ff09}\u{ff1a}开头手写的序号\u{201c}一、\u{201d}已删去\u{ff08}序号由工具编排\u{ff09}\n"),
        "{out}"
    );
    assert!(
        out.contains("  提醒\u{ff1a}字段\u{201c}工作成效[0].要点[1].内容\u{201d}\u{ff08}第8行\u{ff09}\u{ff1a}以\u{201c}此外\u{201d}开头\u{ff0c}编号后读作\u{201c}二是此外\u{201d}\u{ff0c}建议删去\u{201c}此外\u{201d}\n"),
        "{out}"
    );
}

// §9.7: a line break typed in a one-line field is removed.
#[test]
fn line_breaks_in_one_line_fields_are_removed() {
    let yaml = "地区: \"某某\\n县\"\n单位: \"某某县\\n科学技术局\"\n日期: 2025-01-10\n工作成效:\n  - 标题: \"强化\\n企业主体\"\n    概述: 企业创新活力增强\n";
    assert_eq!(
        markdown_from_yaml(yaml, "qingkuang"),
        format!(
            "# 关于某某县科技创新工作情况的汇报\n\n2025年\u{ff0c}某某县科技创新工作扎实推进\u{ff0c}取得积极成效。现将有关情况汇报如下\u{ff1a}\n\n## 一、主要工作及成效\n\n**\u{ff08}一\u{ff09}强化企业主体**。企业创新活力增强。\n\n{SIGN_OFF}"
        )
    );
}

const PARTS: &str = r#"主送: 县人民政府
成效标题: 2024年工作进展
工作成效:
  - 标题: 强化企业主体
    概述: 企业创新活力增强。
存在问题:
  标题: 存在的困难
  概述: 对照上级要求,还有差距。
  条目:
    - {标题: 投入不足, 内容: 研发投入强度低于全省平均}
    - 人才引进难
    - 成果转化慢
下一步打算:
  - {标题: 加大投入, 内容: 力争研发投入增长10%}
  - {标题: 引育人才, 内容: 引进高层次人才5名}
"#;

// §9.8: 主送 under the title, 成效标题, problems as {标题, 概述, 条目} with an
// item of 标题 and 内容 as its own paragraph; plans keep their (一) headings.
#[test]
fn recipient_headings_and_item_paragraphs() {
    assert_eq!(
        md(PARTS, "qingkuang"),
        format!(
            "# 关于某某县科技创新工作情况的汇报\n\n县人民政府\u{ff1a}\n\n2025年\u{ff0c}某某县科技创新工作扎实推进\u{ff0c}取得积极成效。现将有关情况汇报如下\u{ff1a}\n\n## 一、2024年工作进展\n\n**\u{ff08}一\u{ff09}强化企业主体**。企业创新活力增强。\n\n## 二、存在的困难\n\n对照上级要求\u{ff0c}还有差距。\n\n一是投入不足。研发投入强度低于全省平均。\n\n二是人才引进难。三是成果转化慢。\n\n## 三、下一步工作打算\n\n**\u{ff08}一\u{ff09}加大投入**。力争研发投入增长10%。\n\n**\u{ff08}二\u{ff09}引育人才**。引进高层次人才5名。\n\n{SIGN_OFF}"
        )
    );
}

// §9.8, §9.9: in a 工作总结 plans with 标题 and 内容 are paragraphs of their
// own, led 一是/二是; the long derived title is split between its parts.
#[test]
fn zongjie_plans_as_paragraphs_and_split_title() {
    assert_eq!(
        md(PARTS, "zongjie"),
        format!(
            "# 某某县科学技术局2025年科技创新\n# 工作总结及2026年工作思路\n\n县人民政府\u{ff1a}\n\n2025年\u{ff0c}某某县科技创新工作扎实推进\u{ff0c}取得积极成效。\n\n## 一、2024年工作进展\n\n**\u{ff08}一\u{ff09}强化企业主体**。企业创新活力增强。\n\n对照上级要求\u{ff0c}还有差距。\n\n一是投入不足。研发投入强度低于全省平均。\n\n二是人才引进难。三是成果转化慢。\n\n## 二、2026年工作安排\n\n一是加大投入。力争研发投入增长10%。\n\n二是引育人才。引进高层次人才5名。\n\n{SIGN_OFF}"
        )
    );
}

// §9.8, §9.9: a typed line break splits the title as written; a speech has
// the 发言人 line under its title and no 主送.
#[test]
fn typed_title_break_and_speaker() {
    let yaml = "标题: \"关于某某县科技创新\\n工作情况的汇报\"\n主送: 县人民政府\n发言人: 某某县科学技术局局长 张三\n工作成效:\n  - 标题: 强化企业主体\n    要点:\n      - 新增高新技术企业5家\n";
    assert_eq!(
        md(yaml, "fayan"),
        "# 关于某某县科技创新\n# 工作情况的汇报\n\n某某县科学技术局局长 张三\n\n尊敬的各位领导\u{ff0c}同志们\u{ff1a}\n\n2025年\u{ff0c}某某县科技创新工作扎实推进\u{ff0c}取得积极成效。现将有关工作进展情况汇报如下\u{ff1a}\n\n## 一、强化企业主体\n\n新增高新技术企业5家。\n\n谢谢大家\u{ff01}\n"
    );
}

// §9.8: check names every filled key the chosen style does not print.
#[test]
fn check_names_keys_the_style_does_not_print() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!("{HEAD}称呼: \"各位领导:\"\n{PARTS}");
    let (code, out, err) = check(dir.path(), &yaml, false);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "f.yaml\u{ff1a}填写完整\n  提醒\u{ff1a}字段\u{201c}称呼\u{201d}\u{ff08}第4行\u{ff09}\u{ff1a}已填写\u{ff0c}但\u{201c}情况汇报\u{201d}不使用这一项\u{ff0c}不会出现在文中\n"
    );
    let (_, out, _) = check(dir.path(), &format!("文种: 工作总结\n{yaml}"), false);
    assert!(out.contains("字段\u{201c}存在问题.标题\u{201d}"), "{out}");
    assert!(!out.contains("字段\u{201c}主送\u{201d}"), "{out}");
}

/// A speech of `n` × 20 characters of body text.
fn speech(n: usize, duration: Option<u32>) -> String {
    let sentence = "全区研发投入持续增长\u{ff0c}创新生态持续优化。".repeat(n);
    let limit = duration.map(|d| format!("时长: {d}\n")).unwrap_or_default();
    format!(
        "{HEAD}文种: 汇报发言\n会议: 全市科技工作会议\n{limit}工作成效:\n  - 标题: 强化创新驱动\n    概述: {sentence}\n"
    )
}

// §9.10: check prints a speech's length and speaking time; 时长 exceeded is
// a warning, and an error under --strict.
#[test]
fn speaking_time_and_duration() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = check(dir.path(), &speech(100, Some(15)), false);
    assert_eq!(code, 0);
    // 2000 characters of 概述 plus title, lead, salutation and closing;
    // 2087 / 220 = 9.5, rounded up.
    assert!(out.contains("  约2087字\u{ff0c}预计发言10分钟\n"), "{out}");
    let (code, out, err) = check(dir.path(), &speech(100, Some(9)), false);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  提醒\u{ff1a}字段\u{201c}时长\u{201d}\u{ff08}第6行\u{ff09}\u{ff1a}预计发言10分钟\u{ff0c}超过时长9分钟\u{ff0c}请压缩篇幅\n"),
        "{out}"
    );
    let (code, _, err) = check(dir.path(), &speech(100, Some(9)), true);
    assert_eq!(code, 1);
    assert!(err.contains("超过时长9分钟"), "{err}");
    let (code, _, err) = check(dir.path(), &speech(100, Some(15)), true);
    assert_eq!(code, 0, "{err}");
    // `render --strict` refuses the overlong speech too, and writes nothing.
    std::fs::write(dir.path().join("f.yaml"), speech(100, Some(9))).unwrap();
    let out = Command::cargo_bin("huibao")
        .unwrap()
        .current_dir(dir.path())
        .args(["render", "f.yaml", "-o", "f.docx", "--strict"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("时长") && err.contains("超过时长9分钟"),
        "{err}"
    );
    assert!(!dir.path().join("f.docx").exists());
}

// §9.9: the Word file gets the split as one line break inside the one title
// paragraph, at a part boundary.
#[test]
fn docx_title_has_one_break_between_parts() {
    let renderer = huibao::render::Renderer::new(None).unwrap();
    let loaded = huibao::pipeline::parse(format!("{HEAD}{PARTS}").as_bytes(), "f.yaml").unwrap();
    let opts = huibao::pipeline::RenderOptions {
        style: Some("zongjie".into()),
        strict: false,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let doc = huibao::pipeline::document(&renderer, &loaded, &opts, today).unwrap();
    let bytes = huibao::write::docx::to_docx(&doc).unwrap();
    let xml = crate::fixture::part(&bytes, "word/document.xml");
    let titles: Vec<&str> = xml
        .split("<w:p ")
        .filter(|p| p.contains("HbTitle"))
        .collect();
    assert_eq!(titles.len(), 1, "one title paragraph");
    assert_eq!(titles[0].matches("<w:br ").count(), 1, "{}", titles[0]);
    let (before, after) = titles[0].split_once("<w:br ").unwrap();
    assert!(
        before.ends_with(">某某县科学技术局2025年科技创新</w:t>"),
        "{before}"
    );
    assert!(after.contains(">工作总结及2026年工作思路</w:t>"), "{after}");
}

// A form written from a real 工作总结 (seed 004's structure), numbering typed
// by hand as a clerk copies it: no doubled numbers, the problems and plans
// with their own lead-in and paragraphs, 主送 under the split title.
#[test]
fn seed_form_reads_like_the_report() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/integration/form_samples/seed-prose.yaml");
    let md = common::markdown(&path, None);
    assert!(
        md.starts_with("# 示例市科学技术局2024年上半年\n# 科技创新工作总结及下半年工作思路\n\n市人民政府\u{ff1a}\n\n"),
        "{md}"
    );
    for doubled in [
        "一是一是",
        "二是二是",
        "\u{ff08}一\u{ff09}\u{ff08}一\u{ff09}",
    ] {
        assert!(!md.contains(doubled), "{doubled} in\n{md}");
    }
    assert!(
        md.contains("\u{ff0c}平台建设实效全面提升**。加快科创走廊建设"),
        "a single point is not numbered\n{md}"
    );
    assert!(md.contains("\n\n同时\u{ff0c}受外部环境影响\u{ff0c}工作中还存在一些问题和困难。\n\n一是企业信心有待提振。"), "{md}");
    assert!(md.contains("\n\n四是优化创新生态体系。继续举办\u{201c}大院名校示例行\u{201d}活动\u{ff0c}建设一批海外研发机构。\n\n五是"), "{md}");
}

// §9.7: every paragraph of a prose field ends with one sentence-final mark.
#[test]
fn every_paragraph_of_a_prose_field_is_closed() {
    let yaml = "导语: \"全县科技工作稳步推进\\n\\n创新生态持续优化\"\n工作成效:\n  - 标题: 建设平台\n    概述: 建成孵化器2家\n";
    assert_eq!(
        md(yaml, "zongjie"),
        format!(
            "# 某某县科学技术局2025年科技创新工作总结\n\n全县科技工作稳步推进。\n\n创新生态持续优化。\n\n## 一、2025年主要工作\n\n**\u{ff08}一\u{ff09}建设平台**。建成孵化器2家。\n\n{SIGN_OFF}"
        )
    );
}

// A long line folded in the form (`>-`, or a plain scalar continued on the
// next line) reads as one line: YAML leaves a space where the line broke, and
// between Chinese characters or digits the draft has none. The byline keeps
// the space between post and name.
#[test]
fn folded_lines_leave_no_space_in_chinese_prose() {
    let yaml = "文种: 汇报发言\n会议: 全县科技工作会议\n发言人: 某某县科学技术局局长 张三\n导语: >-\n  2024年,全县科技工作稳步推进,研发经费投入\n  3.86亿元\n工作成效:\n  - 标题: 强化企业主体\n    要点:\n      - 落实研发费用加计扣除和平台建设\n        补助等政策,支持 5G 基站建设\n";
    let out = md(yaml, "fayan");
    assert!(out.contains("\n\n某某县科学技术局局长 张三\n\n"), "{out}");
    assert!(
        out.contains("\n\n2024年\u{ff0c}全县科技工作稳步推进\u{ff0c}研发经费投入3.86亿元。"),
        "{out}"
    );
    // Beside a Latin letter the space stays (`5G 基站`); beside a digit it goes.
    assert!(
        out.contains("\n\n落实研发费用加计扣除和平台建设补助等政策\u{ff0c}支持5G 基站建设。\n"),
        "{out}"
    );
}
