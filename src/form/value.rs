//! Field values that may be placeholders (docs/form.md §5), and the
//! string-or-mapping shapes of 条目 and 排名.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::budget::{PER_FIELD, charge};
use super::model::{Attachment, AttachmentMap, Item, ItemMap, Part, PartMap, Rank, RankMap};
use super::numtext::{MAX_DECIMALS, float_decimals, parse_date, parse_number, too_many_decimals};

/// A value the clerk gave, or a placeholder standing for one still to be filled.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    /// A real value.
    Given(T),
    /// `xx`, `待补充`, an empty string …; holds the field path once
    /// [`super::assign_placeholder_paths`] has run, e.g. `主要指标[2].数值`.
    Placeholder(Slot),
}

/// Where a placeholder stands: its field path, and for a number the
/// qualifier the clerk wrote around the `xx` (`xx以上`, `近xx`), which is
/// printed around the placeholder as around a number (docs/form.md §5).
/// Reads as its path wherever a `&str` is wanted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Slot {
    /// The field path, e.g. `主要指标[2].数值`.
    pub path: String,
    /// A qualifier before the number: `近`, `约`, `超`, `超过`, `逾`.
    pub before: Option<&'static str>,
    /// A qualifier after it: `余`, `多` or `以上`.
    pub after: Option<&'static str>,
}

impl std::ops::Deref for Slot {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}

impl From<&str> for Slot {
    fn from(path: &str) -> Slot {
        Slot {
            path: path.to_string(),
            ..Slot::default()
        }
    }
}

impl From<String> for Slot {
    fn from(path: String) -> Slot {
        Slot {
            path,
            ..Slot::default()
        }
    }
}

impl<T> Field<T> {
    /// The value, when one was given.
    pub fn given(&self) -> Option<&T> {
        match self {
            Field::Given(v) => Some(v),
            Field::Placeholder(_) => None,
        }
    }
}

impl<T: Default> Default for Field<T> {
    fn default() -> Self {
        Field::Given(T::default())
    }
}

/// A number as the clerk wrote it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Number {
    /// The numeric value.
    pub value: f64,
    /// The exact text when the number was written as a quoted string (`'15.50'`),
    /// printed as written (less thousands separators and leading zeros).
    pub written: Option<String>,
    /// A qualifier written before the number: `近`, `约`, `超`, `超过`, `逾`.
    pub before: Option<&'static str>,
    /// A qualifier written after it: `余`, `多` (printed before the unit) or
    /// `以上` (printed after the unit).
    pub after: Option<&'static str>,
}

impl Number {
    /// A number without a written form.
    pub fn new(value: f64) -> Self {
        Number {
            // `-0.0` is zero (adding zero makes it `+0.0`).
            value: value + 0.0,
            ..Number::default()
        }
    }
}

/// A yes-or-no key (`换算: 否`, `convert: false`): `Some(true)` for `是`,
/// `true`, `yes`, `Some(false)` for `否`, `false`, `no`, else `None`.
pub fn switch_value(s: &str) -> Option<bool> {
    match s.trim() {
        "是" | "true" | "yes" | "True" | "Yes" => Some(true),
        "否" | "false" | "no" | "False" | "No" => Some(false),
        _ => None,
    }
}

/// Whether `s` says no (see [`switch_value`]).
pub fn is_no(s: &str) -> bool {
    switch_value(s) == Some(false)
}

/// Whether a text is one of the placeholder spellings of docs/form.md §5.
pub fn is_text_placeholder(s: &str) -> bool {
    matches!(s.trim(), "" | "xx" | "XX" | "x.x" | "xx.x" | "待补充")
}

/// Whether a string in a number field is a placeholder: the text spellings, or
/// digits, `.` and `x`/`X` with at least one `x` (`1xx`, `xx.x`).
pub fn is_number_placeholder(s: &str) -> bool {
    let s = s.trim();
    is_text_placeholder(s)
        || (s.chars().any(|c| c == 'x' || c == 'X')
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'x' | 'X')))
}

fn placeholder<T>() -> Field<T> {
    Field::Placeholder(Slot::default())
}

/// A number placeholder with a qualifier (`xx以上`, `近xx`, `xx余`): the
/// placeholder and the qualifiers, or `None` when `s` is not one.
fn qualified_placeholder(s: &str) -> Option<Slot> {
    let (before, rest, after) = super::numtext::qualifiers(s.trim());
    (rest != s.trim() && !rest.is_empty() && is_number_placeholder(rest)).then(|| Slot {
        path: String::new(),
        before,
        after,
    })
}

/// What YAML itself reads a scalar as, for the numbers the form's own
/// reading does not take (`1e6`, `.5`, `.inf`): the value, or why it is
/// not a number, worded as the other type errors are.
fn yaml_number(s: &str) -> Result<f64, String> {
    let text = || format!("应为数字,却是文本“{s}”(未知数值可写 xx 占位)");
    match serde_yaml::from_str::<serde_yaml::Value>(s) {
        Ok(serde_yaml::Value::Number(n)) => n.as_f64().ok_or_else(text),
        Ok(serde_yaml::Value::Bool(b)) => Err(format!("应为数字,却是逻辑值 {b}")),
        _ => Err(text()),
    }
}

impl<'de> Deserialize<'de> for Field<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Field<String>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("文本")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                charge(s.len())?;
                super::chars::check_text(s)?;
                Ok(if is_text_placeholder(s) {
                    placeholder()
                } else {
                    Field::Given(s.to_string())
                })
            }
            // A clerk who types `时期: 2024` means the text "2024".
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Field::Given(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Field::Given(v.to_string()))
            }
            // Past 64 bits (`12345678901234567890123`): the digits as written.
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
                Ok(Field::Given(v.to_string()))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
                Ok(Field::Given(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Field::Given(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Field::Given(if v { "是" } else { "否" }.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(placeholder())
            }
        }
        charge::<D::Error>(PER_FIELD)?;
        d.deserialize_any(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Field<Number> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl NumberVisitor {
            fn float<E: de::Error>(v: f64) -> Result<Field<Number>, E> {
                let places = float_decimals(v);
                if v.is_finite() && places > MAX_DECIMALS as usize {
                    // `1e-300` would print 302 digits; quote it short.
                    let shown = if places > 20 {
                        format!("{v:e}")
                    } else {
                        v.to_string()
                    };
                    return Err(E::custom(too_many_decimals(&shown, places)));
                }
                Ok(Field::Given(Number::new(v)))
            }
        }
        impl<'de> Visitor<'de> for NumberVisitor {
            type Value = Field<Number>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("数字")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Field::Given(Number::new(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Field::Given(Number::new(v as f64)))
            }
            // Past 64 bits: a number all the same, refused as too large by
            // the checks (it was "expected a number, found a number").
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
                Ok(Field::Given(Number::new(v as f64)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
                Ok(Field::Given(Number::new(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Self::float(v)
            }
            // Every scalar arrives as its text, so a number keeps the digits
            // the clerk typed (`10.0` stays `10.0`, docs/form.md §9.2).
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                if is_number_placeholder(s) || matches!(s.trim(), "~" | "null" | "Null" | "NULL") {
                    return Ok(placeholder());
                }
                if let Some(slot) = qualified_placeholder(s) {
                    return Ok(Field::Placeholder(slot));
                }
                match parse_number(s) {
                    Ok(Some(n)) => Ok(Field::Given(n)),
                    Ok(None) => match yaml_number(s) {
                        Ok(v) => Self::float(v),
                        Err(message) => Err(E::custom(message)),
                    },
                    Err(message) => Err(E::custom(message)),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(placeholder())
            }
        }
        charge::<D::Error>(PER_FIELD)?;
        // As text, not as whatever YAML makes of it: a float loses `10.0`'s
        // zero. Quoted or not, a number is read by the form's own rules.
        d.deserialize_str(NumberVisitor)
    }
}

impl<'de> Deserialize<'de> for Field<chrono::NaiveDate> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor of its own, so that an invalid date is reported while the
        // node is read, with the node's line and column.
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Field<chrono::NaiveDate>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("日期(写作 YYYY-MM-DD 或 2025年10月12日)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                if is_text_placeholder(s) {
                    return Ok(placeholder());
                }
                parse_date(s).map(Field::Given).ok_or_else(|| {
                    E::custom(format!(
                        "日期“{s}”无效,应为存在的日期(年份四位),写作 YYYY-MM-DD、2025年10月12日、2025/10/12 或 2025.10.12"
                    ))
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(placeholder())
            }
        }
        charge::<D::Error>(PER_FIELD)?;
        d.deserialize_any(DateVisitor)
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("文本,或含 标题/内容/指标 的映射")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Item, E> {
                let text = Field::<String>::deserialize(de::value::StrDeserializer::new(s))?;
                Ok(Item {
                    title: None,
                    text: Some(text),
                    indicators: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                let m = ItemMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if m.title.is_none() && m.text.is_none() {
                    return Err(de::Error::custom("条目至少需要“标题”或“内容”之一"));
                }
                Ok(Item {
                    title: m.title,
                    text: m.text,
                    indicators: m.indicators,
                })
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RankVisitor;
        impl<'de> Visitor<'de> for RankVisitor {
            type Value = Rank;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("文本(如“全省第2位”),或 {范围, 位次} 映射")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Rank, E> {
                let text = Field::<String>::deserialize(de::value::StrDeserializer::new(s))?;
                Ok(Rank::Text(text))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Rank, A::Error> {
                let m = RankMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Rank::Place {
                    scope: m.scope,
                    place: m.place,
                    object: m.object,
                    previous: m.previous,
                })
            }
        }
        d.deserialize_any(RankVisitor)
    }
}

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PartVisitor;
        impl<'de> Visitor<'de> for PartVisitor {
            type Value = Part;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("条目列表,或含 标题/概述/条目 的映射")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Part, E> {
                Ok(Part::default())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Part, A::Error> {
                let items = Vec::<Item>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Part {
                    items,
                    ..Part::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Part, A::Error> {
                let m = PartMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Part {
                    title: m.title,
                    summary: m.summary,
                    items: m.items,
                    closing: m.closing,
                    mapped: true,
                })
            }
        }
        d.deserialize_any(PartVisitor)
    }
}

impl<'de> Deserialize<'de> for Attachment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AttachmentVisitor;
        impl AttachmentVisitor {
            fn name<E: de::Error>(self, name: Result<Field<String>, E>) -> Result<Attachment, E> {
                Ok(Attachment {
                    name: name?,
                    table: None,
                    mapped: false,
                })
            }
        }
        impl<'de> Visitor<'de> for AttachmentVisitor {
            type Value = Attachment;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("附件名称,或含 名称/表格 的映射")
            }
            // A name is read as any text field is.
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Attachment, E> {
                self.name(Field::<String>::deserialize(
                    de::value::StrDeserializer::new(s),
                ))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Attachment, E> {
                self.name(Field::<String>::deserialize(
                    de::value::I64Deserializer::new(v),
                ))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Attachment, E> {
                self.name(Field::<String>::deserialize(
                    de::value::U64Deserializer::new(v),
                ))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Attachment, E> {
                self.name(Field::<String>::deserialize(
                    de::value::F64Deserializer::new(v),
                ))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Attachment, E> {
                self.name(Field::<String>::deserialize(
                    de::value::BoolDeserializer::new(v),
                ))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Attachment, E> {
                self.name(Field::<String>::deserialize(
                    de::value::UnitDeserializer::new(),
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Attachment, A::Error> {
                let m = AttachmentMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Attachment {
                    name: m.name,
                    table: m.table,
                    mapped: true,
                })
            }
        }
        d.deserialize_any(AttachmentVisitor)
    }
}
