//! What a node of the form is (the form, a 板块, a 指标 …), so that keys are
//! read under their canonical Chinese names whatever spelling the form uses
//! (`value` is 数值 in a 指标, `indicators` is 主要指标 at the top and 指标
//! in a 板块).

use super::super::keys::{self, Key};

/// The kind of mapping a node is, or for a list, the kind of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    Form,
    Section,
    Item,
    Indicator,
    Rank,
    Share,
    /// The mapping form of 存在问题 / 下一步打算.
    Part,
    /// 存在问题 / 下一步打算: a list of 条目, or a [`Ctx::Part`] mapping.
    ItemsOrPart,
    /// Text, or anything the form does not know.
    Other,
}

impl Ctx {
    /// What a mapping in this place is.
    pub fn as_map(self) -> Ctx {
        match self {
            Ctx::ItemsOrPart => Ctx::Part,
            c => c,
        }
    }

    /// What the items of a list in this place are.
    pub fn as_items(self) -> Ctx {
        match self {
            Ctx::ItemsOrPart => Ctx::Item,
            c => c,
        }
    }

    fn table(self) -> &'static [Key] {
        match self.as_map() {
            Ctx::Form => keys::FORM,
            Ctx::Section => keys::SECTION,
            Ctx::Item => keys::ITEM,
            Ctx::Indicator => keys::INDICATOR,
            Ctx::Rank => keys::RANK,
            Ctx::Share => keys::SHARE,
            Ctx::Part => keys::PART,
            Ctx::ItemsOrPart | Ctx::Other => &[],
        }
    }

    /// The canonical name of a key written `written` in a mapping of this
    /// kind; an unknown key keeps its spelling.
    pub fn canonical(self, written: &str) -> &str {
        self.key(written).map_or(written, |k| k.name)
    }

    fn key(self, written: &str) -> Option<&'static Key> {
        self.table()
            .iter()
            .find(|k| k.name == written || k.aliases.contains(&written))
    }

    /// The position of a canonical key in this mapping's key table (the
    /// order the blank form and the docs give), for placing a new key.
    pub fn order(self, canonical: &str) -> Option<usize> {
        self.table().iter().position(|k| k.name == canonical)
    }

    /// Whether every key of a mapping written `keys` is an English alias:
    /// new keys of such a mapping are written in English too, so a form
    /// written with English keys stays so.
    pub fn all_english(self, keys: &[&str]) -> bool {
        !keys.is_empty()
            && keys
                .iter()
                .all(|s| s.is_ascii() && self.key(s).is_some_and(|k| english(k) == Some(*s)))
    }

    /// How to spell a new key `canonical`: its English alias when `english`
    /// and it has one, else the Chinese name.
    pub fn spelling(self, canonical: &str, english_keys: bool) -> String {
        match self.table().iter().find(|k| k.name == canonical) {
            Some(k) if english_keys => english(k).unwrap_or(k.name).to_string(),
            _ => canonical.to_string(),
        }
    }

    /// What the value of the key `canonical` of a mapping of this kind is.
    pub fn child(self, canonical: &str) -> Ctx {
        match (self.as_map(), canonical) {
            (Ctx::Form, "主要指标") => Ctx::Indicator,
            (Ctx::Form, "工作成效") => Ctx::Section,
            (Ctx::Form, "存在问题" | "下一步打算") => Ctx::ItemsOrPart,
            (Ctx::Section, "要点") | (Ctx::Part, "条目") => Ctx::Item,
            (Ctx::Section | Ctx::Item, "指标") | (Ctx::Indicator, "其中") => Ctx::Indicator,
            (Ctx::Indicator, "排名") => Ctx::Rank,
            (Ctx::Indicator, "占比") => Ctx::Share,
            _ => Ctx::Other,
        }
    }
}

/// A key's English alias.
fn english(k: &Key) -> Option<&'static str> {
    k.aliases.iter().copied().find(|a| a.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_in_their_place() {
        assert_eq!(Ctx::Form.canonical("indicators"), "主要指标");
        assert_eq!(Ctx::Section.canonical("indicators"), "指标");
        assert_eq!(Ctx::Indicator.canonical("value"), "数值");
        assert_eq!(Ctx::Form.canonical("主要工作"), "工作成效");
        assert_eq!(Ctx::Form.canonical("对策建议"), "下一步打算");
        assert_eq!(Ctx::Rank.canonical("scope"), "范围");
        assert_eq!(Ctx::Form.canonical("天气"), "天气");
        assert_eq!(Ctx::ItemsOrPart.as_map().canonical("items"), "条目");
    }

    #[test]
    fn new_keys_follow_their_siblings_spelling() {
        assert!(Ctx::Indicator.all_english(&["name", "value"]));
        assert!(!Ctx::Indicator.all_english(&["名称", "value"]));
        assert!(!Ctx::Indicator.all_english(&[]));
        assert_eq!(Ctx::Indicator.spelling("单位", true), "unit");
        assert_eq!(Ctx::Indicator.spelling("单位", false), "单位");
        // 对象 has no English alias.
        assert_eq!(Ctx::Rank.spelling("对象", true), "对象");
    }
}
