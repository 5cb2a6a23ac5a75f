//! A figure's change against the comparison period (docs/form.md §3.2,
//! §9.1, §9.3, §9.5, §9.11): the net change, comparison word first, and the
//! growth.

use super::super::change::{
    flat, growth_from_previous, is_counting, net_between, points, points_between, rate_words,
    signed_change,
};
use super::super::number::{clean, number_text, round_text, shortest};
use super::super::placeholder_text;
use super::amount_of;
use crate::form::{Field, Indicator, Number};

/// What the change of one figure is worded with.
pub(super) struct Basis<'a> {
    /// The comparison word as printed: `同比`, `较上年`, or with a 基期
    /// `较“十二五”时期5500万元`.
    pub word: &'a str,
    /// A 基期 was given: the base value is printed, and every unit says its
    /// net change (`增加6500万元`), not only counting units.
    pub based: bool,
    /// Whether 万元 values of 10000 and more are printed in 亿元.
    pub convert: bool,
}

/// A given number as written, with its qualifier, before a `%`: `35`, `30%以上`.
pub(super) fn given_percent(n: &Number) -> (String, &'static str) {
    let text = n.written.clone().unwrap_or_else(|| shortest(n.value));
    let before = n.before.unwrap_or("");
    let after = match n.after {
        Some("以上") => "以上",
        _ => "",
    };
    let mid = match n.after {
        Some(q) if q != "以上" => q,
        _ => "",
    };
    (format!("{before}{text}{mid}"), after)
}

/// The path of a sibling field of the placeholder at `path`:
/// `主要指标[1].数值` → `主要指标[1].增速`.
fn sibling(path: &str, key: &str) -> String {
    match path.rsplit_once('.') {
        Some((head, _)) => format!("{head}.{key}"),
        None => key.to_string(),
    }
}

/// The net change (comparison word first) and the growth.
pub(super) fn changes(
    ind: &Indicator,
    unit: &str,
    unit_text: &str,
    basis: &Basis<'_>,
) -> (Option<String>, Option<String>) {
    let word = basis.word;
    let value = ind.value.as_ref();
    let v = value.and_then(Field::given).map(|n| n.value);
    let p = ind
        .previous
        .as_ref()
        .and_then(Field::given)
        .map(|n| n.value);
    // Where a missing figure would go, when 数值 or 上期 is a placeholder.
    let unknown = [value, ind.previous.as_ref()]
        .into_iter()
        .flatten()
        .find_map(|f| match f {
            Field::Placeholder(path) => Some(path.path.as_str()),
            Field::Given(_) => None,
        })
        .filter(|_| value.is_some() && ind.previous.is_some());
    if unit == "%" {
        let net = match &ind.change {
            Some(Field::Given(c)) => Some(points(&number_text(c), word)),
            Some(Field::Placeholder(path)) => Some(points(&placeholder_text(path), word)),
            None => match (v, p, unknown) {
                (Some(v), Some(p), _) => Some(points_between(v, p, word)),
                (_, _, Some(path)) => Some(points(&placeholder_text(&sibling(path, "变化")), word)),
                _ => None,
            },
        };
        return (net, None);
    }
    // With a base value printed, every unit says by how much it changed.
    let counting = is_counting(unit) && !basis.based;
    let net = match &ind.change {
        Some(Field::Given(c)) if clean(c.value) == 0.0 => Some(flat(word)),
        Some(Field::Given(c)) => {
            let (diff, u) = amount_of(&Number::new(c.value.abs()), unit, basis.convert);
            let diff = if c.value < 0.0 {
                format!("-{diff}")
            } else {
                diff
            };
            let diff = match (&c.written, u == unit) {
                (Some(w), true) => w.clone(),
                _ => diff,
            };
            Some(signed_change(&diff, &u, word, counting))
        }
        Some(Field::Placeholder(path)) => Some(signed_change(
            &placeholder_text(path),
            unit_text,
            word,
            counting,
        )),
        None => match (v, p) {
            (Some(v), Some(p)) if counting && p != 0.0 => net_between(v, p, unit_text, word),
            (Some(v), Some(p)) if basis.based && p != 0.0 => based_net(v, p, unit, basis),
            _ => None,
        },
    };
    let growth_basis = if net.is_some() { "" } else { word };
    let growth = match &ind.growth {
        Some(Field::Given(g)) => {
            let (text, after) = given_percent(g);
            Some(format!(
                "{}{after}",
                rate_words(g.value, &text, growth_basis)
            ))
        }
        Some(Field::Placeholder(path)) => {
            Some(format!("{growth_basis}增长{}%", placeholder_text(path)))
        }
        None => match (v, p, unknown) {
            (Some(v), Some(p), _) => growth_from_previous(v, p, growth_basis),
            (_, _, Some(path)) => Some(format!(
                "{growth_basis}增长{}%",
                placeholder_text(&sibling(path, "增速"))
            )),
            _ => None,
        },
    };
    // After a net change, "no growth" says nothing more.
    let growth = growth.filter(|g| net.is_none() || !g.ends_with("持平"));
    (net, growth)
}

/// The change after a base value, in any unit: `较“十二五”时期5500万元增加
/// 6500万元`; 万元 turned into 亿元 like any amount.
fn based_net(value: f64, previous: f64, unit: &str, basis: &Basis<'_>) -> Option<String> {
    let digits =
        super::super::number::decimals(value).max(super::super::number::decimals(previous));
    let diff = clean(value - previous);
    if round_text(diff, digits) == "0" {
        return None;
    }
    let (text, u) = amount_of(&Number::new(clean(diff.abs())), unit, basis.convert);
    let text = if diff < 0.0 { format!("-{text}") } else { text };
    let text = if u == unit {
        round_text(diff, digits)
    } else {
        text
    };
    Some(signed_change(&text, &u, basis.word, false))
}
