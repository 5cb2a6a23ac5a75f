use super::*;

/// The places of the typed titles below, as a form would name them in 地区.
const PLACES: [&str; 5] = ["示例市", "某某县", "某某区", "某某市", "示范新区"];

/// Twenty typed titles of 24 to 49 characters and the lines they break
/// into: only between words, balanced, none a stub.
const TYPED: [(&str, &[&str]); 20] = [
    (
        "关于某某县2024年科技创新券兑现情况及下一步工作安排的报告",
        &[
            "关于某某县2024年科技创新券",
            "兑现情况及下一步工作安排的报告",
        ],
    ),
    (
        "在示例市2025年科技创新大会暨高新技术企业表彰会上的汇报发言",
        &[
            "在示例市2025年科技创新大会暨",
            "高新技术企业表彰会上的汇报发言",
        ],
    ),
    (
        "某某区科学技术局关于推进创新联合体建设和产学研深度融合的调研报告",
        &[
            "某某区科学技术局关于推进创新联合体",
            "建设和产学研深度融合的调研报告",
        ],
    ),
    (
        "示例市2024年上半年高新技术产业投资及规上工业企业研发费用增长情况汇报",
        &[
            "示例市2024年上半年高新技术产业投资及",
            "规上工业企业研发费用增长情况汇报",
        ],
    ),
    (
        "关于示范新区加快建设科创走廊打造区域科技创新高地的工作情况汇报",
        &[
            "关于示范新区加快建设科创走廊打造",
            "区域科技创新高地的工作情况汇报",
        ],
    ),
    (
        "某某县\u{201c}十四五\u{201d}以来科技特派员服务乡村振兴工作综述",
        &[
            "某某县\u{201c}十四五\u{201d}以来科技特派员",
            "服务乡村振兴工作综述",
        ],
    ),
    (
        "关于《示例市科技创新促进条例》贯彻落实情况的报告",
        &["关于《示例市科技创新促进条例》", "贯彻落实情况的报告"],
    ),
    (
        "示例市科学技术局2024年工作总结及2025年工作思路",
        &["示例市科学技术局2024年", "工作总结及2025年工作思路"],
    ),
    (
        "在全省科技成果转化工作现场推进会上的交流发言",
        &["在全省科技成果转化工作", "现场推进会上的交流发言"],
    ),
    (
        "关于某某市新型研发机构培育和重点实验室建设工作情况的汇报",
        &[
            "关于某某市新型研发机构培育和",
            "重点实验室建设工作情况的汇报",
        ],
    ),
    (
        "示例市人民政府关于2024年度全社会研发投入强度目标完成情况的报告",
        &[
            "示例市人民政府关于2024年度全社会",
            "研发投入强度目标完成情况的报告",
        ],
    ),
    (
        "某某县高新技术企业培育三年行动计划\u{ff08}2024\u{2014}2026年\u{ff09}实施情况汇报",
        &[
            "某某县高新技术企业培育三年行动计划",
            "\u{ff08}2024\u{2014}2026年\u{ff09}实施情况汇报",
        ],
    ),
    (
        "关于某某区深化科技体制机制改革激发全社会创新创造活力的调研报告",
        &[
            "关于某某区深化科技体制机制改革",
            "激发全社会创新创造活力的调研报告",
        ],
    ),
    (
        "在2025年全市科技工作会议暨党风廉政建设工作会议上的讲话",
        &["在2025年全市科技工作会议暨", "党风廉政建设工作会议上的讲话"],
    ),
    (
        "示例市科学技术和工业信息化局2024年前三季度工作总结及第四季度工作安排",
        &[
            "示例市科学技术和工业信息化局2024年",
            "前三季度工作总结及第四季度工作安排",
        ],
    ),
    (
        "关于推进镍钴资源高效利用及新产品开发创新联合体建设情况的调研报告",
        &[
            "关于推进镍钴资源高效利用及新产品开发",
            "创新联合体建设情况的调研报告",
        ],
    ),
    (
        "某某县科技局关于2024年科技特派员工作站绩效评价结果的通报",
        &[
            "某某县科技局关于2024年",
            "科技特派员工作站绩效评价结果的通报",
        ],
    ),
    (
        "关于示例市知识产权保护和运用工作情况暨下一步打算的汇报",
        &["关于示例市知识产权保护和运用", "工作情况暨下一步打算的汇报"],
    ),
    (
        "某某市2024年科技创新工作要点落实情况及2025年重点任务安排的汇报",
        &[
            "某某市2024年科技创新工作要点落实情况及",
            "2025年重点任务安排的汇报",
        ],
    ),
    (
        "示例市科学技术局关于2024年度科技创新工作目标责任考核情况暨2025年重点工作任务安排意见的报告",
        &[
            "示例市科学技术局关于2024年度",
            "科技创新工作目标责任考核情况暨",
            "2025年重点工作任务安排意见的报告",
        ],
    ),
];

// Each typed title breaks exactly as a clerk would break it by hand.
#[test]
fn typed_titles_break_between_words() {
    for (title, want) in TYPED {
        assert_eq!(break_title(title, &PLACES), want, "{title}");
    }
}

// GB/T 9704 7.3.1 on every one: the lines make the title, each fits the
// line, none is a stub, none opens with 的/上的/和/及, the upper line is
// never much shorter than the next.
#[test]
fn broken_titles_keep_the_rules() {
    for (title, _) in TYPED {
        let lines = break_title(title, &PLACES);
        assert_eq!(lines.concat(), title);
        assert!(lines.len() >= 2, "{title}");
        for line in &lines {
            assert!(title_width(line) <= LINE_WIDTH, "{line} too wide");
            assert!(title_width(line) >= STUB_WIDTH, "{line} is a stub");
            for bad in ["的", "上的", "和", "及", "与"] {
                assert!(!line.starts_with(bad), "{line} starts with {bad}");
            }
        }
        let (first, second) = (title_width(&lines[0]), title_width(&lines[1]));
        assert!(
            first + 70 >= second,
            "{title}: upper line much shorter: {lines:?}"
        );
    }
}

// A title that fits one line stays one line; a line break typed in it is
// kept, and a typed line too long for one line is broken further.
#[test]
fn short_titles_and_typed_breaks() {
    assert_eq!(
        break_title("关于示例市科技创新工作情况的汇报", &["示例市"]),
        ["关于示例市科技创新工作情况的汇报"]
    );
    assert_eq!(
        break_title("示例市科技局\n2024年工作总结", &[]),
        ["示例市科技局", "2024年工作总结"]
    );
    assert_eq!(
        break_title(
            "示例市科技局\n关于推进创新联合体建设和产学研深度融合的调研报告",
            &[]
        ),
        [
            "示例市科技局",
            "关于推进创新联合体建设和",
            "产学研深度融合的调研报告"
        ]
    );
}

// The form's values are words: `示范新区科技创新局` is never cut, nor the
// 主题 `科技创新` or the 时期, even when that takes a third line.
#[test]
fn the_forms_values_are_never_cut() {
    let known = [
        "示范新区",
        "示范新区科技创新局",
        "科技创新",
        "2024年第四季度",
        "2025年第一季度",
    ];
    assert_eq!(
        break_title(
            "示范新区科技创新局2024年第四季度科技创新工作总结及2025年第一季度工作思路",
            &known
        ),
        [
            "示范新区科技创新局",
            "2024年第四季度科技创新工作总结及",
            "2025年第一季度工作思路"
        ]
    );
}

// A 会议 too long for one line is broken at one of its own words, never
// inside one (not `…2022年工` / `作会商会议`), and never before 上的.
#[test]
fn a_long_meeting_breaks_at_its_own_words() {
    assert_eq!(
        break_title(
            "在2022年全省科技创新工作会商会议上的汇报发言",
            &["2022年全省科技创新工作会商会议"]
        ),
        ["在2022年全省科技创新", "工作会商会议上的汇报发言"]
    );
}

// Characters the list does not know are kept together: a title of them
// alone is broken only when nothing else is possible, evenly.
#[test]
fn unknown_words_are_kept_whole_while_anything_else_fits() {
    let lines = break_title(
        "关于镍钴锰酸锂三元前驱体材料产业链延链补链强链情况的报告",
        &[],
    );
    assert_eq!(
        lines.concat(),
        "关于镍钴锰酸锂三元前驱体材料产业链延链补链强链情况的报告"
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| title_width(l) <= LINE_WIDTH));
}

// Digits are narrow, but not half a character: LibreOffice set `2024` and
// the change of script about it wider than two 汉字.
#[test]
fn widths_count_digits_and_script_changes() {
    assert_eq!(title_width("科技"), 20);
    assert_eq!(title_width("2024"), 24);
    assert_eq!(title_width("局2024年"), 24 + 20 + 4);
    assert_eq!(
        title_width(&format!("{}待补充", PLACEHOLDER_MARK)),
        30,
        "the placeholder mark is never printed"
    );
}

#[test]
fn tokens_of_a_title() {
    assert_eq!(
        token_texts("在2022年全省科技创新工作会商会议上的汇报发言", &[]),
        [
            "在",
            "2022年",
            "全省",
            "科技创新",
            "工作",
            "会商会议",
            "上",
            "的",
            "汇报发言"
        ]
    );
    assert_eq!(
        token_texts("关于《示例市条例》贯彻情况", &["示例市"]),
        ["关于", "《示例市条例》", "贯彻", "情况"]
    );
}
