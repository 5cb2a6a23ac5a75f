//! The keys of the form (docs/form.md §1) as data: one table per kind of mapping,
//! shared by the JSON Schema, the error locator and the "did you mean" hint.

/// What a key holds, for the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A style name.
    Style,
    Text,
    Number,
    Date,
    /// 附件: a list of names or `{名称, 表格}` (docs/form.md §12).
    Attachments,
    /// The table an attachment is: `主要指标`.
    TableName,
    Indicators,
    Sections,
    Items,
    /// 存在问题 / 下一步打算: a list of items or `{标题, 概述, 条目}` (docs/form.md §9.8).
    Part,
    Rank,
    /// A share (占比) mapping.
    Share,
}

/// One key: its canonical Chinese name, its aliases, and what it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    pub required: bool,
    /// Shown by editors through the schema.
    pub description: &'static str,
}

const fn key(
    name: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    required: bool,
    description: &'static str,
) -> Key {
    Key {
        name,
        aliases,
        kind,
        required,
        description,
    }
}

/// The top level of a form.
pub(crate) const FORM: &[Key] = &[
    key(
        "文种",
        &["style"],
        Kind::Style,
        false,
        "默认文种\u{ff08}命令行未指定时使用\u{ff09}\u{ff0c}如 情况汇报、qingkuang",
    ),
    key(
        "标题",
        &["title"],
        Kind::Text,
        false,
        "报告标题\u{ff1b}不填则按文种自动生成",
    ),
    key(
        "副标题",
        &["subtitle"],
        Kind::Text,
        false,
        "副标题\u{ff0c}排在标题下方\u{ff0c}前加破折号",
    ),
    key(
        "地区",
        &["locality"],
        Kind::Text,
        true,
        "地区\u{ff0c}如 示例市、某某区",
    ),
    key(
        "单位",
        &["organization"],
        Kind::Text,
        true,
        "落款单位\u{ff0c}如 示例市科学技术局",
    ),
    key(
        "主题",
        &["topic"],
        Kind::Text,
        false,
        "主题\u{ff0c}默认 科技创新\u{ff0c}用于生成标题",
    ),
    key(
        "时期",
        &["period"],
        Kind::Text,
        false,
        "时期\u{ff0c}如 2024年上半年、2023年",
    ),
    key(
        "下一时期",
        &["next_period"],
        Kind::Text,
        false,
        "下一时期\u{ff1b}不填则由时期推出",
    ),
    key(
        "会议",
        &["meeting"],
        Kind::Text,
        false,
        "会议名称\u{ff0c}用于汇报发言的标题",
    ),
    key(
        "日期",
        &["date"],
        Kind::Date,
        false,
        "成文日期\u{ff0c}写作 YYYY-MM-DD\u{ff0c}也可写 2025年10月12日\u{3001}2025/10/12\u{3001}2025.10.12\u{ff1b}不填则为当天",
    ),
    key(
        "主送",
        &["recipient"],
        Kind::Text,
        false,
        "主送机关\u{ff0c}如 县人民政府\u{ff1b}顶格排在标题下\u{ff08}汇报发言、工作综述不用\u{ff09}",
    ),
    key(
        "发言人",
        &["speaker"],
        Kind::Text,
        false,
        "汇报发言专用\u{ff1a}标题下的发言人\u{ff0c}代替单位\u{ff0c}如 示例市科学技术局局长 张三",
    ),
    key("称呼", &["salutation"], Kind::Text, false, "发言开头的称呼"),
    key("导语", &["lead"], Kind::Text, false, "开头段落"),
    key(
        "主要指标",
        &["indicators"],
        Kind::Indicators,
        false,
        "主要指标\u{ff08}列表\u{ff09}",
    ),
    key(
        "工作成效",
        &["achievements", "主要工作", "基本情况"],
        Kind::Sections,
        true,
        "工作成效\u{ff1a}板块列表\u{ff0c}至少一个",
    ),
    key(
        "成效标题",
        &["achievements_title"],
        Kind::Text,
        false,
        "工作成效部分的标题文字\u{ff08}代替 主要工作及成效、基本情况 等\u{ff09}\u{ff0c}序号仍由工具编排",
    ),
    key(
        "存在问题",
        &["problems"],
        Kind::Part,
        false,
        "存在问题\u{ff1a}条目列表\u{ff0c}或含 标题/概述/条目 的映射",
    ),
    key(
        "下一步打算",
        &["plans", "工作安排", "对策建议"],
        Kind::Part,
        false,
        "下一步打算\u{ff1a}条目列表\u{ff0c}或含 标题/概述/条目 的映射",
    ),
    key("结语", &["closing"], Kind::Text, false, "结尾段落"),
    key(
        "附件",
        &["attachments"],
        Kind::Attachments,
        false,
        "附件名称\u{ff08}列表\u{ff09}\u{ff1b}写成 {名称: …, 表格: 主要指标} 则附上主要指标表",
    ),
    key(
        "时长",
        &["duration"],
        Kind::Number,
        false,
        "汇报发言限定的发言时间\u{ff08}分钟\u{ff09}\u{ff1b}check 估算超时会提醒",
    ),
];

/// The mapping form of an attachment (docs/form.md §12).
pub(crate) const ATTACHMENT: &[Key] = &[
    key(
        "名称",
        &["name"],
        Kind::Text,
        true,
        "附件名称\u{ff0c}不加标点\u{ff1b}也是附件页的标题",
    ),
    key(
        "表格",
        &["table"],
        Kind::TableName,
        false,
        "附件是哪张表\u{ff1a}主要指标\u{ff08}把主要指标排成表格\u{ff0c}作为附件页\u{ff09}",
    ),
];

/// The mapping form of 存在问题 / 下一步打算 (docs/form.md §9.8).
pub(crate) const PART: &[Key] = &[
    key(
        "标题",
        &["title"],
        Kind::Text,
        false,
        "代替这一部分的标题文字\u{ff0c}如 存在的困难",
    ),
    key(
        "概述",
        &["summary"],
        Kind::Text,
        false,
        "代替文种自带的引导句\u{ff0c}如 当前\u{ff0c}工作中还存在一些问题和不足。",
    ),
    key(
        "条目",
        &["items"],
        Kind::Items,
        false,
        "条目列表\u{ff0c}同列表写法",
    ),
    key(
        "结语",
        &["closing"],
        Kind::Text,
        false,
        "条目之后的收尾句\u{ff0c}不编号\u{ff0c}如 通过以上措施\u{ff0c}……",
    ),
];

/// A section of achievements (板块).
pub(crate) const SECTION: &[Key] = &[
    key(
        "标题",
        &["title"],
        Kind::Text,
        false,
        "板块标题\u{ff0c}如 深化体制机制改革\u{ff1b}全文只有一个板块时可不填\u{ff0c}正文不设标题",
    ),
    key(
        "成效",
        &["result"],
        Kind::Text,
        false,
        "成效\u{ff0c}以逗号接在标题后",
    ),
    key("概述", &["summary"], Kind::Text, false, "板块的概述段落"),
    key(
        "要点",
        &["points"],
        Kind::Items,
        false,
        "要点\u{ff08}条目列表\u{ff09}\u{ff0c}按 一是、二是 列举",
    ),
    key(
        "指标",
        &["indicators"],
        Kind::Indicators,
        false,
        "板块内的指标\u{ff08}列表\u{ff09}",
    ),
    key(
        "结语",
        &["closing"],
        Kind::Text,
        false,
        "要点之后的收尾句\u{ff0c}不编号\u{ff08}不读作 三是\u{ff09}",
    ),
];

/// The mapping form of an item (条目).
pub(crate) const ITEM: &[Key] = &[
    key(
        "标题",
        &["title"],
        Kind::Text,
        false,
        "条目的引领短语\u{ff0c}如 明确政策导向",
    ),
    key("内容", &["text"], Kind::Text, false, "引领短语之后的内容"),
    key(
        "指标",
        &["indicators"],
        Kind::Indicators,
        false,
        "条目内的指标\u{ff08}列表\u{ff09}",
    ),
];

/// A figure (指标).
pub(crate) const INDICATOR: &[Key] = &[
    key(
        "名称",
        &["name"],
        Kind::Text,
        true,
        "指标名称\u{ff0c}如 高新技术企业\u{ff1b}正文中可用 {名称} 引用",
    ),
    key(
        "数值",
        &["value"],
        Kind::Number,
        false,
        "本期数值\u{ff0c}可带 近/约/超/超过/逾\u{3001}余/多/以上\u{ff08}如 1200余\u{ff09}\u{ff1b}未知时写 xx\u{ff1b}\
         数值\u{3001}增速\u{3001}变化\u{3001}排名\u{3001}目标 至少填一项",
    ),
    key(
        "动词",
        &["verb"],
        Kind::Text,
        false,
        "名称与数值之间的动词\u{ff0c}如 已达到\u{3001}突破\u{ff08}科技特派员已达到400多人\u{ff09}",
    ),
    key(
        "单位",
        &["unit"],
        Kind::Text,
        false,
        "计量单位\u{ff0c}如 家\u{3001}亿元\u{3001}%",
    ),
    key(
        "换算",
        &["convert"],
        Kind::Text,
        false,
        "写 否 则万元数值不换算为亿元\u{ff08}默认 1万万元以上印作亿元\u{ff09}",
    ),
    key("上期", &["previous"], Kind::Number, false, "比较期的数值"),
    key(
        "增速",
        &["growth"],
        Kind::Number,
        false,
        "增速\u{ff08}百分比\u{ff09}\u{ff0c}按所填原样印出\u{ff1b}单位为 % 的指标不用增速\u{ff0c}改填 变化",
    ),
    key(
        "变化",
        &["change"],
        Kind::Number,
        false,
        "变化量本身\u{ff1a}% 指标为百分点\u{ff08}同比提高1.25个百分点\u{ff09}\u{ff0c}其他为指标单位\u{ff08}较上年增加3.2亿元\u{ff09}",
    ),
    key(
        "比较",
        &["basis"],
        Kind::Text,
        false,
        "比较用语\u{ff1b}时期为整年\u{ff08}如 2024年\u{ff09}时默认 较上年\u{ff0c}否则 同比\u{ff1b}写 无 则不印比较用语",
    ),
    key(
        "基期",
        &["base"],
        Kind::Text,
        false,
        "比较的基期\u{ff0c}连同上期数值印出\u{ff1a}基期 “十二五”时期\u{3001}上期 5500 \u{2192} 较“十二五”时期5500万元增加…",
    ),
    key(
        "其中",
        &["of_which"],
        Kind::Indicators,
        false,
        "构成部分\u{ff08}指标列表\u{ff09}\u{ff0c}未填单位时沿用本指标的单位",
    ),
    key(
        "含",
        &["including"],
        Kind::Indicators,
        false,
        "括号里的构成部分\u{ff08}指标列表\u{ff09}\u{ff0c}印作 （含国家级1个）\u{ff0c}紧跟数值",
    ),
    key(
        "占比",
        &["share"],
        Kind::Share,
        false,
        "占比\u{ff0c}如 {对象: 规上工业增加值, 数值: 45.6, 变化: 1.2}",
    ),
    key(
        "时段",
        &["span"],
        Kind::Text,
        false,
        "时段\u{ff0c}如 1\u{2014}6月\u{ff0c}印在名称之前",
    ),
    key(
        "排名",
        &["rank"],
        Kind::Rank,
        false,
        "排名\u{ff0c}如 全省第2位\u{3001}增幅全省第2位\u{ff0c}或 {范围: 全省, 位次: 2, 对象: 增幅, 上期位次: 70}",
    ),
    key(
        "目标",
        &["target"],
        Kind::Number,
        false,
        "目标值\u{ff1b}下一步打算中只填目标时印作 力争…达到…",
    ),
    key("说明", &["note"], Kind::Text, false, "附在指标之后的说明"),
];

/// The mapping form of a rank (排名).
pub(crate) const RANK: &[Key] = &[
    key(
        "范围",
        &["scope"],
        Kind::Text,
        true,
        "排名范围\u{ff0c}如 全省",
    ),
    key("位次", &["place"], Kind::Number, true, "位次\u{ff0c}正整数"),
    key(
        "对象",
        &[],
        Kind::Text,
        false,
        "排名的对象\u{ff0c}不是指标本身时填写\u{ff0c}如 增幅",
    ),
    key(
        "上期位次",
        &[],
        Kind::Number,
        false,
        "上期的位次\u{ff0c}印出位次变化\u{ff0c}如 较上年提升68位",
    ),
];

/// A share (占比).
pub(crate) const SHARE: &[Key] = &[
    key(
        "对象",
        &[],
        Kind::Text,
        true,
        "占谁的比重\u{ff0c}如 规上工业增加值",
    ),
    key(
        "数值",
        &["value"],
        Kind::Number,
        true,
        "比重\u{ff08}%\u{ff09}",
    ),
    key(
        "变化",
        &["change"],
        Kind::Number,
        false,
        "比重的变化\u{ff08}百分点\u{ff09}",
    ),
];

/// Every table, for lookups that do not know the context.
const ALL: &[&[Key]] = &[
    FORM, SECTION, ITEM, INDICATOR, RANK, SHARE, PART, ATTACHMENT,
];

/// Whether `written` names the same key as `wanted` (both as written or
/// canonical): equal, or one is an alias of the other in some table.
pub(crate) fn same_key(written: &str, wanted: &str) -> bool {
    written == wanted
        || ALL.iter().flat_map(|t| t.iter()).any(|k| {
            let names = || std::iter::once(&k.name).chain(k.aliases.iter());
            names().any(|n| *n == written) && names().any(|n| *n == wanted)
        })
}

/// Every table, for the test that proves the tables agree with serde, the
/// schema and the field paths (`tests/integration/keys.rs`).
pub(crate) fn tables() -> &'static [&'static [Key]] {
    ALL
}

/// Whether `name` is a canonical Chinese key of some mapping.
pub(crate) fn is_canonical(name: &str) -> bool {
    ALL.iter().flat_map(|t| t.iter()).any(|k| k.name == name)
}

/// The closest of `candidates` to `written`, if close enough to be a likely typo.
///
/// Distance is counted in characters, so one wrong Chinese character weighs
/// the same as one wrong Latin letter; case is ignored for Latin keys.
pub(crate) fn did_you_mean<'a>(written: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = written.trim().to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for &c in candidates {
        let d = strsim::osa_distance(&w, &c.to_lowercase());
        let longest = w.chars().count().max(c.chars().count());
        // One edit (a swap counts as one) in a two-character key is still a likely typo (地去 → 地区);
        // beyond that allow roughly one edit per three characters.
        if d <= (longest / 3).max(1) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_the_same_key() {
        assert!(same_key("主要工作", "工作成效"));
        assert!(same_key("locality", "地区"));
        assert!(same_key("unit", "单位"));
        assert!(!same_key("地区", "单位"));
    }

    #[test]
    fn hints_a_close_key_only() {
        let keys = ["地区", "单位", "locality", "organization"];
        assert_eq!(did_you_mean("地去", &keys), Some("地区"));
        assert_eq!(did_you_mean("locallity", &keys), Some("locality"));
        assert_eq!(did_you_mean("Locality", &keys), Some("locality"));
        assert_eq!(did_you_mean("organisation", &keys), Some("organization"));
        assert_eq!(did_you_mean("天气", &keys), None);
        assert_eq!(did_you_mean("weather", &keys), None);
    }
}
