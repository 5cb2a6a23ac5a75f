//! One figure (指标) as a sentence (docs/form.md §3.3, §3.4).

use serde::Serialize;

use super::change::change_words;
use super::number::{amount, clean, number_text, percent_text};
use super::placeholder_text;
use crate::form::{Field, Indicator, Number, Rank};

/// Everything a template may say about one figure, already worded.
///
/// Phrases carry no punctuation of their own; [`FigureFacts::sentence`] joins
/// them with the full-width comma and no final stop, so a template can end it
/// with `。` or continue with `，`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FigureFacts {
    /// 名称, e.g. `高新技术企业`.
    pub name: String,
    /// 数值 as printed (after the 万元 → 亿元 rule), or its placeholder.
    pub value: String,
    /// 单位 as printed (`亿元` after conversion); empty when absent.
    pub unit: String,
    /// `value` + `unit`, e.g. `251家`, `15.55亿元`.
    pub amount: String,
    /// Net change of a counting unit: `较上期净增76家`.
    pub net: Option<String>,
    /// Growth: `同比增长43.4%`, `实现翻番`, `同比提高0.07个百分点` ….
    pub growth: Option<String>,
    /// Rank: `居全省第2位`.
    pub rank: Option<String>,
    /// Target: `完成目标的85.2%`, `完成目标`, `超额完成目标`.
    pub target: Option<String>,
    /// 说明 as written, less a final stop or comma.
    pub note: Option<String>,
    /// The whole figure: name + amount, net, growth, rank, target, note,
    /// joined with `，` (U+FF0C).
    pub sentence: String,
}

/// Words one figure (docs/form.md §3.4).
///
/// Placeholders print as [`placeholder_text`]. A placeholder 数值 leaves only
/// name + placeholder + unit, rank and note (nothing can be computed from
/// it); a placeholder 上期, 增速 or 目标 drops just the phrase that needs it
/// (`check` lists those placeholders); a placeholder 比较 prints in place of
/// the comparison word.
pub fn figure_facts(ind: &Indicator) -> FigureFacts {
    let name = field_text(&ind.name);
    // The unit used for reckoning: a placeholder unit is no unit at all.
    let unit = match &ind.unit {
        Some(Field::Given(u)) => u.trim(),
        _ => "",
    };
    let (value, unit_text) = match (&ind.value, &ind.unit) {
        (Field::Given(n), Some(Field::Placeholder(p))) => (number_text(n), placeholder_text(p)),
        (Field::Given(n), _) => amount(n, unit),
        (Field::Placeholder(p), u) => (
            placeholder_text(p),
            u.as_ref().map(field_text).unwrap_or_default(),
        ),
    };

    let mut facts = FigureFacts {
        amount: format!("{value}{unit_text}"),
        name,
        value,
        unit: unit_text,
        rank: ind.rank.as_ref().map(rank_text),
        note: ind.note.as_ref().map(note_text),
        ..FigureFacts::default()
    };

    if let Field::Given(v) = &ind.value {
        let v = v.value;
        let previous = given_value(&ind.previous);
        let basis = ind.basis.as_ref().map(field_text);
        let words = change_words(
            v,
            previous,
            given_value(&ind.growth),
            unit,
            basis.as_deref(),
        );
        facts.net = words.net;
        // A placeholder 增速 hides the growth; only the percentage points
        // of a `%` figure come from 上期 alone.
        let growth_unknown = matches!(ind.growth, Some(Field::Placeholder(_)));
        if !growth_unknown || (unit == "%" && previous.is_some()) {
            facts.growth = words.growth;
        }
        facts.target = given_value(&ind.target).and_then(|t| target_words(v, t));
    }

    let head = format!("{}{}", facts.name, facts.amount);
    let phrases = [
        &facts.net,
        &facts.growth,
        &facts.rank,
        &facts.target,
        &facts.note,
    ];
    facts.sentence = std::iter::once(head.as_str())
        .chain(phrases.into_iter().flatten().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\u{ff0c}");
    facts
}

/// A rank as printed: `居全省第2位`, from the text `全省第2位` (a text that
/// already starts with `居` or `位居` is kept as written) or from
/// `{范围: 全省, 位次: 2}`.
pub fn rank_text(rank: &Rank) -> String {
    match rank {
        Rank::Text(Field::Given(s)) => {
            let s = s.trim();
            if s.starts_with('居') || s.starts_with("位居") {
                s.to_string()
            } else {
                format!("居{s}")
            }
        }
        Rank::Text(Field::Placeholder(p)) => format!("居{}", placeholder_text(p)),
        Rank::Place { scope, place } => {
            let place = match place {
                Field::Given(n) => number_text(n),
                Field::Placeholder(p) => placeholder_text(p),
            };
            format!("居{}第{place}位", field_text(scope))
        }
    }
}

/// Progress against a target (docs/form.md §3.3): `完成目标的85.2%` below it
/// (v / target × 100, rounded as percentages are), `完成目标` at it,
/// `超额完成目标` above it. `None` below a target of 0 or less, where a
/// share of the target means nothing.
pub fn target_words(value: f64, target: f64) -> Option<String> {
    let (v, t) = (clean(value), clean(target));
    if v > t {
        Some("超额完成目标".to_string())
    } else if v == t {
        Some("完成目标".to_string())
    } else if t > 0.0 {
        Some(format!("完成目标的{}%", percent_text(v / t * 100.0)))
    } else {
        None
    }
}

fn field_text(f: &Field<String>) -> String {
    match f {
        Field::Given(s) => s.trim().to_string(),
        Field::Placeholder(p) => placeholder_text(p),
    }
}

/// A note is followed by the template's own punctuation, so a stop or comma
/// the clerk ended it with would be doubled.
fn note_text(f: &Field<String>) -> String {
    let text = field_text(f);
    let end = ['\u{3002}', '\u{ff0c}', '\u{ff1b}', ',', ';'];
    text.trim_end_matches(end).trim_end().to_string()
}

fn given_value(f: &Option<Field<Number>>) -> Option<f64> {
    match f {
        Some(Field::Given(n)) => Some(n.value),
        _ => None,
    }
}

#[cfg(test)]
#[path = "figure_tests.rs"]
mod tests;
