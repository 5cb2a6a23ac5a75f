//! The typed form (docs/form.md §1): what a clerk fills in, before any wording is derived.
//!
//! Keys are Chinese with an English alias each; unknown keys are rejected.
//! Fields that may hold a placeholder (`xx`, `待补充`, …) are [`Field`]s.

use serde::Deserialize;

use super::value::{Field, Number};

/// One report form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    #[serde(rename = "文种", alias = "style", default)]
    pub style: Option<String>,
    #[serde(rename = "标题", alias = "title", default)]
    pub title: Option<Field<String>>,
    #[serde(rename = "副标题", alias = "subtitle", default)]
    pub subtitle: Option<Field<String>>,
    #[serde(rename = "地区", alias = "locality")]
    pub locality: Field<String>,
    #[serde(rename = "单位", alias = "organization")]
    pub organization: Field<String>,
    #[serde(rename = "主题", alias = "topic", default)]
    pub topic: Option<Field<String>>,
    #[serde(rename = "时期", alias = "period", default)]
    pub period: Option<Field<String>>,
    #[serde(rename = "下一时期", alias = "next_period", default)]
    pub next_period: Option<Field<String>>,
    #[serde(rename = "会议", alias = "meeting", default)]
    pub meeting: Option<Field<String>>,
    #[serde(rename = "日期", alias = "date", default)]
    pub date: Option<Field<chrono::NaiveDate>>,
    #[serde(rename = "主送", alias = "recipient", default)]
    pub recipient: Option<Field<String>>,
    #[serde(rename = "发言人", alias = "speaker", default)]
    pub speaker: Option<Field<String>>,
    #[serde(rename = "称呼", alias = "salutation", default)]
    pub salutation: Option<Field<String>>,
    #[serde(rename = "导语", alias = "lead", default)]
    pub lead: Option<Field<String>>,
    #[serde(
        rename = "主要指标",
        alias = "indicators",
        default,
        deserialize_with = "exact"
    )]
    pub indicators: Vec<Indicator>,
    #[serde(
        rename = "工作成效",
        alias = "achievements",
        alias = "主要工作",
        alias = "基本情况"
    )]
    pub achievements: Vec<Section>,
    #[serde(rename = "成效标题", alias = "achievements_title", default)]
    pub achievements_title: Option<Field<String>>,
    #[serde(rename = "存在问题", alias = "problems", default)]
    pub problems: Part,
    #[serde(
        rename = "下一步打算",
        alias = "plans",
        alias = "工作安排",
        alias = "对策建议",
        default
    )]
    pub plans: Part,
    #[serde(rename = "结语", alias = "closing", default)]
    pub closing: Option<Field<String>>,
    #[serde(rename = "附件", alias = "attachments", default)]
    pub attachments: Vec<Attachment>,
    #[serde(rename = "时长", alias = "duration", default)]
    pub duration: Option<Field<Number>>,
}

/// 存在问题 or 下一步打算 (docs/form.md §9.8): a list of 条目, or a mapping
/// `{标题, 概述, 条目}` that also renames the part's heading and replaces the
/// style's lead-in sentence. Derefs to the list, so code that only needs the
/// items reads it like a `Vec<Item>`.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// Replaces the part's heading text (`存在的问题` …).
    pub title: Option<Field<String>>,
    /// Replaces the style's own lead-in sentence.
    pub summary: Option<Field<String>>,
    /// The problems or plans.
    pub items: Vec<Item>,
    /// A closing sentence after the items, not numbered.
    pub closing: Option<Field<String>>,
    /// Whether the mapping form was written (items then live under `条目`).
    pub mapped: bool,
}

impl std::ops::Deref for Part {
    type Target = Vec<Item>;
    fn deref(&self) -> &Vec<Item> {
        &self.items
    }
}

impl std::ops::DerefMut for Part {
    fn deref_mut(&mut self) -> &mut Vec<Item> {
        &mut self.items
    }
}

/// The mapping form of [`Part`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PartMap {
    #[serde(rename = "标题", alias = "title", default)]
    pub title: Option<Field<String>>,
    #[serde(rename = "概述", alias = "summary", default)]
    pub summary: Option<Field<String>>,
    #[serde(rename = "条目", alias = "items", default)]
    pub items: Vec<Item>,
    #[serde(rename = "结语", alias = "closing", default)]
    pub closing: Option<Field<String>>,
}

/// One attachment (附件, docs/form.md §12): its name, as text or as a
/// mapping `{名称, 表格}` whose 表格 names a table the tool lays out as the
/// attached page.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    /// The attachment's name, printed in the 附件说明 and as the title of
    /// its page.
    pub name: Field<String>,
    /// The table it is: `主要指标` is the only one (checked by `validate`).
    pub table: Option<Field<String>>,
    /// Whether the mapping form was written (the name's path is then
    /// `附件[i].名称`, else `附件[i]`).
    pub mapped: bool,
}

/// The mapping form of [`Attachment`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AttachmentMap {
    #[serde(rename = "名称", alias = "name")]
    pub name: Field<String>,
    #[serde(rename = "表格", alias = "table", default)]
    pub table: Option<Field<String>>,
}

/// The one table an attachment may name: the headline figures.
pub const INDICATOR_TABLE: &str = "主要指标";

/// A section of achievements (板块).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading; a report of one untitled section has no headings at all
    /// (docs/form.md §9.14).
    #[serde(rename = "标题", alias = "title", default)]
    pub title: Option<Field<String>>,
    #[serde(rename = "成效", alias = "result", default)]
    pub result: Option<Field<String>>,
    #[serde(rename = "概述", alias = "summary", default)]
    pub summary: Option<Field<String>>,
    #[serde(rename = "要点", alias = "points", default)]
    pub points: Vec<Item>,
    #[serde(
        rename = "指标",
        alias = "indicators",
        default,
        deserialize_with = "exact"
    )]
    pub indicators: Vec<Indicator>,
    /// A closing sentence after the points, not numbered (docs/form.md §9.14).
    #[serde(rename = "结语", alias = "closing", default)]
    pub closing: Option<Field<String>>,
}

/// A point, a problem or a plan (条目): a plain string or a mapping.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Short lead, e.g. `明确政策导向`.
    pub title: Option<Field<String>>,
    /// The sentence(s) after the lead.
    pub text: Option<Field<String>>,
    /// Figures woven into the item.
    pub indicators: Vec<Indicator>,
}

/// The mapping form of [`Item`]; see `value.rs` for the string-or-mapping logic.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ItemMap {
    #[serde(rename = "标题", alias = "title", default)]
    pub title: Option<Field<String>>,
    #[serde(rename = "内容", alias = "text", default)]
    pub text: Option<Field<String>>,
    #[serde(
        rename = "指标",
        alias = "indicators",
        default,
        deserialize_with = "exact"
    )]
    pub indicators: Vec<Indicator>,
}

/// A figure (指标). At least one of 数值, 增速, 变化, 排名, 目标 is given
/// (docs/form.md §9.3); `validate` checks it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    #[serde(rename = "名称", alias = "name")]
    pub name: Field<String>,
    #[serde(rename = "数值", alias = "value", default)]
    pub value: Option<Field<Number>>,
    /// The verb between the name and the value: `已达到`, `突破` (docs/form.md §9.11).
    #[serde(rename = "动词", alias = "verb", default)]
    pub verb: Option<Field<String>>,
    #[serde(rename = "单位", alias = "unit", default)]
    pub unit: Option<Field<String>>,
    /// `否` keeps a 万元 value in 万元 (docs/form.md §3.1, §9.11).
    #[serde(rename = "换算", alias = "convert", default)]
    pub convert: Option<Field<String>>,
    #[serde(rename = "上期", alias = "previous", default)]
    pub previous: Option<Field<Number>>,
    #[serde(rename = "增速", alias = "growth", default)]
    pub growth: Option<Field<Number>>,
    /// The change itself: percentage points on a `%` figure, else in the unit.
    #[serde(rename = "变化", alias = "change", default)]
    pub change: Option<Field<Number>>,
    #[serde(rename = "比较", alias = "basis", default)]
    pub basis: Option<Field<String>>,
    /// The base period named with its value: `较“十二五”时期5500万元增加…`
    /// (docs/form.md §9.11).
    #[serde(rename = "基期", alias = "base", default)]
    pub base: Option<Field<String>>,
    /// Parts of this figure (其中), inheriting its unit.
    #[serde(
        rename = "其中",
        alias = "of_which",
        default,
        deserialize_with = "exact"
    )]
    pub parts: Vec<Indicator>,
    /// Parts printed in parentheses after the value: `（含国家级1个）`
    /// (docs/form.md §9.11).
    #[serde(
        rename = "含",
        alias = "including",
        default,
        deserialize_with = "exact"
    )]
    pub including: Vec<Indicator>,
    /// Its share of a larger whole (占比).
    #[serde(rename = "占比", alias = "share", default)]
    pub share: Option<Share>,
    /// A time span printed before the name, e.g. `1—6月`.
    #[serde(rename = "时段", alias = "span", default)]
    pub span: Option<Field<String>>,
    #[serde(rename = "排名", alias = "rank", default)]
    pub rank: Option<Rank>,
    #[serde(rename = "目标", alias = "target", default)]
    pub target: Option<Field<Number>>,
    #[serde(rename = "说明", alias = "note", default)]
    pub note: Option<Field<String>>,
}

/// A share (占比): `占{对象}的比重为{数值}%`, with an optional change in
/// percentage points.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// The whole, e.g. `规上工业增加值`.
    #[serde(rename = "对象")]
    pub of: Field<String>,
    /// The share in percent.
    #[serde(rename = "数值", alias = "value")]
    pub value: Field<Number>,
    /// Its change in percentage points.
    #[serde(rename = "变化", alias = "change", default)]
    pub change: Option<Field<Number>>,
}

/// A rank: `全省第2位` as text, or `{范围: 全省, 位次: 2}`.
#[derive(Debug, Clone)]
pub enum Rank {
    /// Written as text, e.g. `全省第2位`, `增幅居全省第2位`.
    Text(Field<String>),
    /// Written as a mapping.
    Place {
        /// e.g. `全省`.
        scope: Field<String>,
        /// e.g. 2.
        place: Field<Number>,
        /// What is ranked when not the figure itself, e.g. `增幅`.
        object: Option<Field<String>>,
        /// Last period's place, for the movement (`较上年提升68位`).
        previous: Option<Field<Number>>,
    },
}

/// The mapping form of [`Rank`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RankMap {
    #[serde(rename = "范围", alias = "scope")]
    pub scope: Field<String>,
    #[serde(rename = "位次", alias = "place")]
    pub place: Field<Number>,
    #[serde(rename = "对象", default)]
    pub object: Option<Field<String>>,
    #[serde(rename = "上期位次", default)]
    pub previous: Option<Field<Number>>,
}

/// A list of figures read to its length. serde grows a list from room for
/// four, and an [`Indicator`] is most of a kilobyte while most lists hold one
/// or two: in `bench/report.yaml` the unused room was about 45 KB, four times
/// the form itself, spreading the heap over pages touched for nothing.
fn exact<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Indicator>, D::Error> {
    let mut list = Vec::<Indicator>::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
}
