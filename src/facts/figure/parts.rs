//! A figure's parts (docs/form.md §9.3, §9.11): 其中 after the value with
//! `，其中…`, 含 in parentheses right after it (`（含国家级1个）`), and its
//! share of a whole (占比).

use super::super::change::points;
use super::super::number::number_text;
use super::super::placeholder_text;
use super::changes::given_percent;
use super::{COMMA, FigureFacts, Wording, field_text, figure_facts_in};
use crate::form::{Field, Indicator, Share};

/// `list` worded as parts of a figure in `unit` with the comparison word
/// `basis` (a part without a unit or 比较 takes the whole's), joined with
/// `、`, or with `；` when a part carries a change of its own.
fn joined(list: &[Indicator], unit: &str, basis: &str, w: &Wording<'_>) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let inner = Wording {
        unit: Some(unit).filter(|u| !u.is_empty()).or(w.unit),
        basis,
        ..*w
    };
    let facts: Vec<FigureFacts> = list.iter().map(|p| figure_facts_in(p, &inner)).collect();
    let changed = facts
        .iter()
        .any(|f| f.change.is_some() || f.share.is_some());
    let sep = if changed { "\u{ff1b}" } else { "\u{3001}" };
    let sentences: Vec<&str> = facts.iter().map(|f| f.sentence.as_str()).collect();
    Some(sentences.join(sep))
}

/// 其中: `其中国家级创新平台12个、省级创新平台74个`.
pub(super) fn of_which(
    ind: &Indicator,
    unit: &str,
    basis: &str,
    w: &Wording<'_>,
) -> Option<String> {
    joined(&ind.parts, unit, basis, w).map(|j| format!("其中{j}"))
}

/// 含: `（含国家级1个）`, printed right after the value.
pub(super) fn including(
    ind: &Indicator,
    unit: &str,
    basis: &str,
    w: &Wording<'_>,
) -> Option<String> {
    joined(&ind.including, unit, basis, w).map(|j| format!("\u{ff08}含{j}\u{ff09}"))
}

/// 占比: `占规上工业增加值的比重为45.6%`, then `，同比提高1.2个百分点`.
pub(super) fn share_text(s: &Share, basis: &str) -> String {
    let value = match &s.value {
        Field::Given(n) => {
            let (t, after) = given_percent(n);
            format!("{t}%{after}")
        }
        Field::Placeholder(p) => format!("{}%", placeholder_text(p)),
    };
    let mut out = format!("占{}的比重为{value}", field_text(&s.of));
    match &s.change {
        Some(Field::Given(c)) => {
            out.push_str(COMMA);
            out.push_str(&points(&number_text(c), basis));
        }
        Some(Field::Placeholder(p)) => {
            out.push_str(COMMA);
            out.push_str(&points(&placeholder_text(p), basis));
        }
        None => {}
    }
    out
}
