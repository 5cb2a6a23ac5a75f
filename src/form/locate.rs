//! Finding the line and column of a field path in the YAML text.
//!
//! serde_yaml keeps no spans, but it stamps every error raised while a node is
//! being deserialized with that node's position. So to locate a path we walk
//! the document down that path and raise a marker error at the target: its
//! position is the answer. This runs only when an error is being reported.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::keys::same_key;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// What to point at once the path is reached.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'k> {
    /// The node at the path.
    Node,
    /// The `n`-th (0-based) key of the mapping at the path that names the
    /// same key as the given one, aliases included (for duplicate keys).
    Key(&'k str, usize),
}

const MARKER: &str = "\u{0}huibao-locate";

/// Splits `工作成效[0].要点[1].内容` into steps.
pub(crate) fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    if path.is_empty() || path == "." {
        return out;
    }
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                out.push(Step::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

/// The 1-based line and column of `target` under `path` in `text`, if found.
pub(crate) fn locate(text: &str, path: &[Step], target: Target<'_>) -> Option<(usize, usize)> {
    let de = serde_yaml::Deserializer::from_str(text);
    match (Seek { path, target }).deserialize(de) {
        Err(e) if e.to_string().contains(MARKER) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

struct Seek<'p, 'k> {
    path: &'p [Step],
    target: Target<'k>,
}

impl<'de> DeserializeSeed<'de> for Seek<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seek<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (wanted, at_target) = match (self.path.first(), self.target) {
            (None, Target::Node) => return Err(de::Error::custom(MARKER)),
            (None, Target::Key(k, _)) => (k, true),
            (Some(Step::Key(k)), _) => (k.as_str(), false),
            (Some(Step::Index(_)), _) => return Ok(()),
        };
        let mut seen = 0;
        while let Some(found) = map.next_key_seed(KeySeek {
            wanted,
            stop_at: at_target.then_some(match self.target {
                Target::Key(_, n) => n,
                Target::Node => 0,
            }),
            seen: &mut seen,
        })? {
            if found && !at_target {
                return map.next_value_seed(Seek {
                    path: &self.path[1..],
                    target: self.target,
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let index = match self.path.first() {
            None => return self.at_leaf(),
            Some(Step::Index(i)) => *i,
            Some(Step::Key(_)) => return Ok(()),
        };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Seek {
            path: &self.path[1..],
            target: self.target,
        })?;
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.at_leaf()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.at_leaf()
    }
}

impl Seek<'_, '_> {
    fn at_leaf<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() && matches!(self.target, Target::Node) {
            Err(E::custom(MARKER))
        } else {
            Ok(())
        }
    }
}

/// Reads one mapping key; says whether it is the wanted one, or raises the
/// marker on the `stop_at`-th match so that the key's own position is reported.
struct KeySeek<'w, 's> {
    wanted: &'w str,
    stop_at: Option<usize>,
    seen: &'s mut usize,
}

impl<'de> DeserializeSeed<'de> for KeySeek<'_, '_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeek<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        if !same_key(key, self.wanted) {
            return Ok(false);
        }
        if self.stop_at == Some(*self.seen) {
            return Err(E::custom(MARKER));
        }
        *self.seen += 1;
        Ok(true)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "地区: 示例市\n主要工作:\n  - title: 甲\n    要点:\n      - 一\n      - 内容: 二\n";

    #[test]
    fn splits_paths() {
        assert_eq!(
            steps("工作成效[0].要点[12]"),
            vec![
                Step::Key("工作成效".into()),
                Step::Index(0),
                Step::Key("要点".into()),
                Step::Index(12)
            ]
        );
        assert!(steps(".").is_empty());
    }

    #[test]
    fn finds_nodes_through_aliases() {
        let at = |p: &str| locate(TEXT, &steps(p), Target::Node);
        assert_eq!(at("地区"), Some((1, 5)));
        assert_eq!(at("工作成效[0].标题"), Some((3, 12)));
        assert_eq!(at("工作成效[0].要点[1].内容"), Some((6, 13)));
        assert_eq!(at("工作成效[0].要点[1]"), Some((6, 9)));
        assert_eq!(at("工作成效[3]"), None);
        assert_eq!(at("单位"), None);
    }

    #[test]
    fn finds_a_repeated_key() {
        let text = "地区: 甲\n单位: 乙\nlocality: 丙\n";
        assert_eq!(locate(text, &[], Target::Key("地区", 1)), Some((3, 1)));
    }
}
