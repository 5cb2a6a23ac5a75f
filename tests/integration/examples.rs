//! Every bundled example renders in every built-in style, with gapless
//! numbering, normalized punctuation and the exact wording of figures.

use crate::common;

use common::{example, examples, markdown};

const CN: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}' | '\u{2014}' | '\u{201c}' | '\u{201d}')
}

/// Labels of `## 一、` headings, and of `(一)` headings (standalone or run-in)
/// grouped under each `一、`.
fn heading_numbers(md: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut top = Vec::new();
    let mut subs: Vec<Vec<String>> = vec![Vec::new()];
    for line in md.lines() {
        let text = line
            .trim_start_matches('#')
            .trim_start()
            .trim_start_matches("**");
        if line.starts_with("## ") {
            if let Some((n, _)) = text.split_once('\u{3001}') {
                top.push(n.to_string());
                subs.push(Vec::new());
            }
        } else if let Some(rest) = text.strip_prefix('\u{ff08}')
            && let Some((n, _)) = rest.split_once('\u{ff09}')
            && CN.contains(&n)
        {
            subs.last_mut().unwrap().push(n.to_string());
        }
    }
    (top, subs)
}

/// The run-in point numbers (一是, 二是 …) of a paragraph, at sentence starts.
fn point_numbers(paragraph: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = paragraph.chars().collect();
    for i in 0..chars.len() {
        let at_start = i == 0
            || matches!(
                chars[i - 1],
                '\u{3002}' | '\u{ff1a}' | '*' | '\u{ff1b}' | '\u{ff01}'
            );
        if !at_start {
            continue;
        }
        for n in CN.iter().rev() {
            let word: String = format!("{n}\u{662f}");
            let here: String = chars[i..].iter().take(word.chars().count()).collect();
            if here == word {
                found.push(n.to_string());
                break;
            }
        }
    }
    found
}

fn assert_gapless(seq: &[String], what: &str, md: &str) {
    for (i, n) in seq.iter().enumerate() {
        assert_eq!(
            n, CN[i],
            "{what}: numbering {seq:?} skips or restarts\n{md}"
        );
    }
}

// Headings run 一、二、三… and (一)(二)… under each; 一是… within a paragraph;
// in 要点汇报 one running list across paragraphs.
#[test]
fn numbering_is_gapless_in_every_style() {
    for form in examples() {
        for style in common::styles() {
            let md = markdown(&form, Some(&style));
            let what = format!("{} / {style}", form.display());
            let (top, subs) = heading_numbers(&md);
            assert_gapless(&top, &what, &md);
            for group in &subs {
                assert_gapless(group, &what, &md);
            }
            // Consecutive paragraphs led by 一是, 二是 … (要点汇报's running
            // list, problems and plans given as paragraphs) are one list.
            let mut running = Vec::new();
            let mut longest = 0;
            for para in md.split("\n\n") {
                let points = point_numbers(para);
                if para.starts_with(|c: char| "一二三四五六七八九十".contains(c)) {
                    if points.first().is_some_and(|p| p == "一") {
                        running.clear();
                    }
                    running.extend(points);
                    assert_gapless(&running, &what, &md);
                    longest = longest.max(running.len());
                } else {
                    running.clear();
                    assert_gapless(&points, &what, para);
                }
            }
            if style == "yaodian" {
                assert!(longest >= 3, "{what}: expected a running list\n{md}");
            }
        }
    }
}

// No ASCII , : ; ! ? ( ) next to Chinese text anywhere in any rendered example.
#[test]
fn punctuation_is_full_width_next_to_chinese() {
    for form in examples() {
        for style in common::styles() {
            let md = markdown(&form, Some(&style));
            for line in md.lines() {
                let chars: Vec<char> = line.chars().filter(|c| *c != ' ').collect();
                for (i, c) in chars.iter().enumerate() {
                    if !",:;!?()".contains(*c) {
                        continue;
                    }
                    let before = i.checked_sub(1).map(|j| chars[j]);
                    let after = chars.get(i + 1).copied();
                    assert!(
                        !before.is_some_and(is_cjk) && !after.is_some_and(is_cjk),
                        "{} / {style}: ASCII {c:?} beside Chinese in {line:?}",
                        form.display()
                    );
                }
            }
            assert!(
                !md.contains("none"),
                "{style}: printed an empty value\n{md}"
            );
            assert!(!md.contains('@'), "{style}: leaked a block tag\n{md}");
        }
    }
}

// The figures of 示例市 read exactly as docs/form.md §3 words them.
#[test]
fn figures_are_worded_exactly() {
    let md = markdown(&example("示例市"), None);
    for expected in [
        // 时期 2024年: the comparison word is 较上年, said once (docs/form.md §9.1).
        "高新技术企业251家\u{ff0c}较上年净增76家\u{ff0c}增长43.4%\u{ff0c}居全省第2位",
        "全社会研发投入15.55亿元\u{ff0c}较上年增长17.8%\u{ff0c}增幅居全省第3位\u{ff0c}较上年提升6位",
        "研发投入强度2.45%\u{ff0c}较上年提高0.14个百分点",
        "高新技术产业增加值386.2亿元\u{ff0c}较上年增长12.6%\u{ff0c}占规上工业增加值的比重为45.6%\u{ff0c}较上年提高1.2个百分点",
        "技术合同成交额42.8亿元\u{ff0c}较上年增长1.3倍",
        "国家级孵化器2个\u{ff0c}实现零的突破",
        "入库科技型中小企业640家\u{ff0c}较上年净增128家\u{ff0c}增长25.0%\u{ff0c}超额完成目标",
        "面向重点产业链发布技术榜单\u{ff0c}揭榜项目36项\u{ff0c}较上年净增24项\u{ff0c}增长2.0倍\u{ff0c}带动企业研发投入4.6亿元",
        "各类创新平台86个\u{ff0c}其中国家级创新平台12个\u{3001}省级创新平台74个",
        "技术转移机构服务企业1200余家",
        "力争全社会研发投入强度达到2.6%以上",
    ] {
        assert!(md.contains(expected), "missing {expected}\n{md}");
    }
}

// Each style's title and its fixed phrases (docs/form.md §2, §4).
#[test]
fn styles_have_their_titles_and_phrases() {
    let form = example("示例市");
    let cases = [
        (
            "qingkuang",
            "# 关于示例市科技创新工作情况的汇报",
            "现将有关情况汇报如下\u{ff1a}",
        ),
        (
            "diaoyan",
            "# 关于示例市科技创新情况的调研报告",
            "## 一\u{3001}基本情况",
        ),
        (
            "zongjie",
            // Longer than one line: split between parts (docs/form.md §9.9).
            "# 示例市科学技术局2024年科技创新\n# 工作总结及2025年工作思路",
            "## 二\u{3001}2025年工作安排",
        ),
        ("fayan", "# 科技创新工作汇报发言", "谢谢大家\u{ff01}"),
        (
            "yaodian",
            "# 示例市科技创新工作情况汇报",
            "在取得成绩的同时\u{ff0c}我们也清醒认识到",
        ),
        (
            "zongshu",
            "# 示例市科技创新工作综述",
            "## 一\u{3001}深化科技体制改革\u{ff0c}政策体系日趋完善",
        ),
    ];
    for (style, title, phrase) in cases {
        let md = markdown(&form, Some(style));
        assert!(
            md.starts_with(&format!("{title}\n")),
            "{style}: title\n{md}"
        );
        assert!(md.contains(phrase), "{style}: missing {phrase}\n{md}");
    }
}

// 情况汇报 closes with the signature and date (then the attached table);
// 汇报发言 and 工作综述 have none.
#[test]
fn signature_only_where_the_style_has_one() {
    let form = example("示例市");
    let qk = markdown(&form, Some("qingkuang"));
    assert!(
        qk.contains("示例市科学技术局\n\n2025年1月10日\n\n附件1\n\n## 示例市2024年科技创新主要指标完成情况表"),
        "{qk}"
    );
    for style in ["fayan", "zongshu"] {
        let md = markdown(&form, Some(style));
        assert!(
            !md.contains("2025年1月10日"),
            "{style} should have no date\n{md}"
        );
    }
}

// Placeholders render with their field path; 20xx in text stays as typed.
#[test]
fn placeholders_render_with_field_paths() {
    let md = markdown(&example("示范新区"), None);
    for expected in [
        "科技型企业\u{3010}待补充\u{ff1a}主要指标[0].数值\u{3011}家",
        "\u{3010}待补充\u{ff1a}工作成效[0].要点[1].标题\u{3011}",
        "\u{3010}待补充\u{ff1a}存在问题[0].内容\u{3011}",
    ] {
        assert!(md.contains(expected), "missing {expected}\n{md}");
    }
}

// Punctuation typed either way comes out full width beside Chinese, ASCII
// between digits and Latin text, and a copy-pasted 17。2% becomes 17.2%.
#[test]
fn punctuation_is_normalized_end_to_end() {
    let yaml = "地区: 示例市\n单位: 示例市科学技术局\n导语: '年均增幅17\u{3002}2%,研发投入(R&D)达到1,000万元:成效明显!'\n工作成效:\n  - 标题: 深化改革\n    概述: '开展\"揭榜挂帅\"试点;10:30召开会议'\n";
    let md = common::markdown_from_yaml(yaml, "qingkuang");
    assert!(
        md.contains("年均增幅17.2%\u{ff0c}研发投入(R&D)达到1,000万元\u{ff1a}成效明显\u{ff01}"),
        "{md}"
    );
    assert!(
        md.contains("开展\u{201c}揭榜挂帅\u{201d}试点\u{ff1b}10:30召开会议"),
        "{md}"
    );
}
