//! One figure (指标) as a sentence (docs/form.md §3.3, §3.4, §9.1–§9.5).

use serde::Serialize;

use super::change::{
    DEFAULT_BASIS, basis_word, flat, growth_from_previous, is_counting, net_between, points,
    points_between, rate_words, signed_change,
};
use super::number::{amount, clean, number_text, percent_text, shortest};
use super::placeholder_text;
pub use super::rank::{rank_text, rank_with_basis, text_place};
use crate::form::{Field, Indicator, Number, Share};

/// Everything a template may say about one figure, already worded.
///
/// Phrases carry no punctuation of their own; [`FigureFacts::sentence`] joins
/// them with the full-width comma and no final stop, so a template can end it
/// with `。` or continue with `，`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FigureFacts {
    /// 名称, e.g. `高新技术企业`.
    pub name: String,
    /// 时段, e.g. `1—6月`, printed before the name.
    pub span: Option<String>,
    /// 数值 as printed (after the 万元 → 亿元 rule), or its placeholder; empty
    /// when the figure gives no value.
    pub value: String,
    /// 单位 as printed (`亿元` after conversion); empty when absent.
    pub unit: String,
    /// `value` + `unit` with any qualifier, e.g. `251家`, `1200余家`, `300家以上`.
    pub amount: String,
    /// 其中: `其中国家级创新平台12个、省级创新平台74个`.
    pub parts: Option<String>,
    /// The change in the figure's unit, comparison word first:
    /// `较上年净增76家`, `同比增加3.2亿元`, `同比提高1.25个百分点`.
    pub net: Option<String>,
    /// Growth: `增长43.4%` after a net change, else `同比增长43.4%`, `实现翻番` ….
    pub growth: Option<String>,
    /// The whole change: `net` and `growth` joined (`{名称:变化}`).
    pub change: Option<String>,
    /// 占比: `占规上工业增加值的比重为45.6%`, with its change.
    pub share: Option<String>,
    /// Rank: `居全省第2位`, `增幅居全省第2位，较上年提升68位`.
    pub rank: Option<String>,
    /// Target: `完成目标的85.2%`, `完成目标`, `超额完成目标`, `力争达到2.6%`.
    pub target: Option<String>,
    /// 说明 as written, less a final stop or comma.
    pub note: Option<String>,
    /// The whole figure in the order of §9.3: span, name + amount, parts,
    /// change, growth, share, rank, target, note, joined with `，` (U+FF0C).
    pub sentence: String,
}

/// What a figure's wording depends on besides the figure itself.
#[derive(Debug, Clone, Copy)]
pub struct Wording<'a> {
    /// The comparison word when 比较 is absent (§9.1).
    pub basis: &'a str,
    /// Whether the figure is a plan's (下一步打算): a target alone reads `力争…达到…`.
    pub plan: bool,
    /// The unit of the whole, for parts (其中) that give none.
    pub unit: Option<&'a str>,
}

impl Default for Wording<'_> {
    fn default() -> Self {
        Wording {
            basis: DEFAULT_BASIS,
            plan: false,
            unit: None,
        }
    }
}

const COMMA: &str = "\u{ff0c}";

/// Words one figure with the version-1 defaults (`同比`, not in a plan).
pub fn figure_facts(ind: &Indicator) -> FigureFacts {
    figure_facts_in(ind, &Wording::default())
}

/// Words one figure (§3.4, §9.3). Placeholders keep their place (§9.5): a
/// placeholder prints where its value goes, and a change that cannot be
/// computed prints the slot of the figure that would say it.
pub fn figure_facts_in(ind: &Indicator, w: &Wording<'_>) -> FigureFacts {
    let unit_field = ind.unit.as_ref();
    // The unit used for reckoning: a placeholder unit is no unit at all.
    let unit = match unit_field {
        Some(Field::Given(u)) => u.trim(),
        Some(Field::Placeholder(_)) => "",
        None => w.unit.unwrap_or(""),
    };
    let unit_text = match unit_field {
        Some(Field::Placeholder(p)) => placeholder_text(p),
        _ => unit.to_string(),
    };
    let basis = match &ind.basis {
        Some(Field::Placeholder(p)) => placeholder_text(p),
        Some(Field::Given(b)) => basis_word(Some(b), w.basis),
        None => basis_word(None, w.basis),
    };
    let (value, unit_printed, amount_text) = match &ind.value {
        Some(Field::Given(n)) => {
            let (v, u) = amount(n, unit);
            let u = if matches!(unit_field, Some(Field::Placeholder(_))) {
                unit_text.clone()
            } else {
                u
            };
            let a = qualified(n, &v, &u);
            (v, u, a)
        }
        Some(Field::Placeholder(p)) => {
            let v = placeholder_text(p);
            (v.clone(), unit_text.clone(), format!("{v}{unit_text}"))
        }
        None => (String::new(), unit_text.clone(), String::new()),
    };
    let mut facts = FigureFacts {
        name: field_text(&ind.name),
        span: ind.span.as_ref().map(field_text).filter(|s| !s.is_empty()),
        value,
        unit: unit_printed,
        amount: amount_text,
        note: ind.note.as_ref().map(note_text).filter(|s| !s.is_empty()),
        ..FigureFacts::default()
    };
    let (net, growth) = changes(ind, unit, &unit_text, &basis);
    facts.net = net;
    facts.growth = growth;
    facts.change = join_some([&facts.net, &facts.growth]);
    facts.parts = parts(ind, unit, &basis, w);
    facts.share = ind.share.as_ref().map(|s| share_text(s, &basis));
    facts.rank = ind.rank.as_ref().map(|r| rank_with_basis(r, &basis));
    facts.target = target(ind, unit, w.plan);
    facts.sentence = sentence(&facts, w.plan && ind.value.is_none());
    facts
}

/// The number with its qualifier and unit: `1200余家`, `近300家`, `300家以上`.
fn qualified(n: &Number, value: &str, unit: &str) -> String {
    let before = n.before.unwrap_or("");
    match n.after {
        Some("以上") => format!("{before}{value}{unit}以上"),
        Some(q) => format!("{before}{value}{q}{unit}"),
        None => format!("{before}{value}{unit}"),
    }
}

/// A given number as written, with its qualifier, before a `%`: `35`, `30%以上`.
fn given_percent(n: &Number) -> (String, &'static str) {
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

/// The net change (comparison word first) and the growth (§3.2, §9.1, §9.5).
fn changes(
    ind: &Indicator,
    unit: &str,
    unit_text: &str,
    basis: &str,
) -> (Option<String>, Option<String>) {
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
            Some(Field::Given(c)) => Some(points(&number_text(c), basis)),
            Some(Field::Placeholder(path)) => Some(points(&placeholder_text(path), basis)),
            None => match (v, p, unknown) {
                (Some(v), Some(p), _) => Some(points_between(v, p, basis)),
                (_, _, Some(path)) => {
                    Some(points(&placeholder_text(&sibling(path, "变化")), basis))
                }
                _ => None,
            },
        };
        return (net, None);
    }
    let counting = is_counting(unit);
    let net = match &ind.change {
        Some(Field::Given(c)) if clean(c.value) == 0.0 => Some(flat(basis)),
        Some(Field::Given(c)) => {
            let (diff, u) = amount(&Number::new(c.value.abs()), unit);
            let diff = if c.value < 0.0 {
                format!("-{diff}")
            } else {
                diff
            };
            let diff = match (&c.written, u == unit) {
                (Some(w), true) => w.clone(),
                _ => diff,
            };
            Some(signed_change(&diff, &u, basis, counting))
        }
        Some(Field::Placeholder(path)) => Some(signed_change(
            &placeholder_text(path),
            unit_text,
            basis,
            counting,
        )),
        None => match (v, p) {
            (Some(v), Some(p)) if counting && p != 0.0 => net_between(v, p, unit_text, basis),
            _ => None,
        },
    };
    let growth_basis = if net.is_some() { "" } else { basis };
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

/// 其中: the parts, with the whole's unit and comparison word when they give
/// none, joined with `、`, or with `；` when a part carries a change of its own.
fn parts(ind: &Indicator, unit: &str, basis: &str, w: &Wording<'_>) -> Option<String> {
    if ind.parts.is_empty() {
        return None;
    }
    let inner = Wording {
        unit: Some(unit).filter(|u| !u.is_empty()).or(w.unit),
        basis,
        ..*w
    };
    let facts: Vec<FigureFacts> = ind
        .parts
        .iter()
        .map(|p| figure_facts_in(p, &inner))
        .collect();
    let changed = facts
        .iter()
        .any(|f| f.change.is_some() || f.share.is_some());
    let sep = if changed { "\u{ff1b}" } else { "\u{3001}" };
    let joined: Vec<&str> = facts.iter().map(|f| f.sentence.as_str()).collect();
    Some(format!("其中{}", joined.join(sep)))
}

/// 占比: `占规上工业增加值的比重为45.6%`, then `，同比提高1.2个百分点`.
fn share_text(s: &Share, basis: &str) -> String {
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

/// Progress against 目标 (§3.3), or in a plan without 数值 the target itself
/// (§9.3): `力争达到2.6%以上` (the name is put between by [`sentence`]).
fn target(ind: &Indicator, unit: &str, plan: bool) -> Option<String> {
    let target = ind.target.as_ref()?;
    match (ind.value.as_ref(), target) {
        (Some(Field::Given(v)), Field::Given(t)) => target_words(v.value, t.value),
        (None, Field::Given(t)) if plan => {
            let (text, u) = amount(t, unit);
            Some(format!("达到{}", qualified(t, &text, &u)))
        }
        (None, Field::Placeholder(p)) if plan => Some(format!("达到{}{unit}", placeholder_text(p))),
        _ => None,
    }
}

/// Progress against a target (§3.3): `完成目标的85.2%` below it
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

/// The whole figure. Without a value the first phrase follows the name
/// directly (`高新技术产业投资同比增长35%`); a plan's target alone reads
/// `力争全社会研发投入强度达到2.6%`.
fn sentence(f: &FigureFacts, plan_target: bool) -> String {
    let phrases: Vec<&str> = [
        &f.parts, &f.net, &f.growth, &f.share, &f.rank, &f.target, &f.note,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let mut head = f
        .span
        .as_ref()
        .map(|s| format!("{s}{COMMA}"))
        .unwrap_or_default();
    let rest = match phrases.split_first() {
        Some((first, rest)) if f.amount.is_empty() => {
            if plan_target && f.target.as_deref() == Some(*first) {
                head.push_str("力争");
            }
            head.push_str(&f.name);
            head.push_str(first);
            rest
        }
        _ => {
            head.push_str(&f.name);
            head.push_str(&f.amount);
            &phrases[..]
        }
    };
    std::iter::once(head.as_str())
        .chain(rest.iter().copied())
        .collect::<Vec<_>>()
        .join(COMMA)
}

fn join_some<const N: usize>(parts: [&Option<String>; N]) -> Option<String> {
    let present: Vec<&str> = parts.into_iter().flatten().map(String::as_str).collect();
    (!present.is_empty()).then(|| present.join(COMMA))
}

fn field_text(f: &Field<String>) -> String {
    match f {
        Field::Given(s) => s.trim().to_string(),
        Field::Placeholder(p) => placeholder_text(p),
    }
}

/// A note is followed by the template's own punctuation, so a stop or comma
/// the clerk ended it with (or began it with) would be doubled.
fn note_text(f: &Field<String>) -> String {
    let text = field_text(f);
    let marks = ['\u{3002}', '\u{ff0c}', '\u{ff1b}', ',', ';'];
    text.trim_end_matches(marks)
        .trim_start_matches(marks)
        .trim()
        .to_string()
}

#[cfg(test)]
#[path = "figure_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "figure_v2_tests.rs"]
mod v2_tests;
