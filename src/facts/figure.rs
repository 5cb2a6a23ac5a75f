//! One figure (指标) as a sentence (docs/form.md §3.3, §3.4, §9.1–§9.5, §9.11).

use serde::Serialize;

mod changes;
mod parts;

use super::change::{DEFAULT_BASIS, basis_word};
use super::number::{amount, clean, number_text, percent_text};
use super::placeholder_text;
pub use super::rank::{rank_text, rank_with_basis, text_place};
use crate::form::{Field, Indicator, Number, Slot};

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
    /// 动词, printed between the name and the amount: `已达到`.
    pub verb: Option<String>,
    /// 含: `（含国家级1个）`, printed right after the amount.
    pub including: Option<String>,
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
    /// Whether the figure is a plan's target alone (`力争…达到…`).
    #[serde(skip)]
    pub plan_target: bool,
    /// The whole figure in the order of §9.3: span, name + verb + amount +
    /// 含, parts, change, growth, share, rank, target, note, joined with `，`
    /// (U+FF0C); a note in brackets follows without one.
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

pub(super) const COMMA: &str = "\u{ff0c}";

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
    let convert = converts(ind);
    let (value, unit_printed, amount_text) = match &ind.value {
        Some(Field::Given(n)) => {
            let (v, u) = amount_of(n, unit, convert);
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
            let a = slot_amount(p, &v, &unit_text);
            (v, unit_text.clone(), a)
        }
        None => (String::new(), unit_text.clone(), String::new()),
    };
    let word = basis(ind, unit, &unit_text, convert, w);
    let basis = changes::Basis {
        word: &word,
        based: ind.base.is_some(),
        convert,
    };
    let mut facts = FigureFacts {
        name: field_text(&ind.name),
        span: ind.span.as_ref().map(field_text).filter(|s| !s.is_empty()),
        value,
        unit: unit_printed,
        amount: amount_text,
        verb: ind.verb.as_ref().map(field_text).filter(|s| !s.is_empty()),
        note: ind.note.as_ref().map(note_text).filter(|s| !s.is_empty()),
        ..FigureFacts::default()
    };
    let (net, growth) = changes::changes(ind, unit, &unit_text, &basis);
    facts.net = net;
    facts.growth = growth;
    facts.change = join_some([&facts.net, &facts.growth]);
    facts.including = parts::including(ind, unit, &word, w);
    facts.parts = parts::of_which(ind, unit, &word, w);
    facts.share = ind.share.as_ref().map(|s| parts::share_text(s, &word));
    facts.rank = ind.rank.as_ref().map(|r| rank_with_basis(r, &word));
    facts.target = target(ind, unit, facts.verb.as_deref(), w.plan);
    facts.plan_target = w.plan && ind.value.is_none();
    facts.sentence = sentence(&facts, facts.plan_target);
    facts
}

impl FigureFacts {
    /// What is left to say of the figure once prose has printed some of it
    /// (`{名称:数值}`, `{名称:变化}`, `{名称:排名}`, docs/form.md §9.4): the
    /// figure without those parts, or `None` when nothing is left but its
    /// name. So a figure is printed once, whatever prose took of it.
    pub fn without(&self, value: bool, change: bool, rank: bool) -> Option<FigureFacts> {
        let mut rest = self.clone();
        if value {
            rest.value.clear();
            rest.amount.clear();
            rest.verb = None;
            rest.including = None;
        }
        if change {
            rest.net = None;
            rest.growth = None;
            rest.change = None;
        }
        if rank {
            rest.rank = None;
        }
        let said = [
            &rest.parts,
            &rest.net,
            &rest.growth,
            &rest.share,
            &rest.rank,
            &rest.target,
            &rest.note,
        ]
        .iter()
        .any(|p| p.is_some());
        if rest.amount.is_empty() && !said {
            return None;
        }
        rest.sentence = sentence(&rest, rest.plan_target);
        Some(rest)
    }
}

/// Whether 万元 values of 10000 and more are printed in 亿元: unless
/// `换算: 否` (docs/form.md §3.1, §9.11).
fn converts(ind: &Indicator) -> bool {
    !matches!(
        ind.convert.as_ref().and_then(Field::given).map(|s| s.trim()),
        Some(c) if crate::form::is_no(c)
    )
}

/// A value and its unit as printed: [`amount`], or as written when the
/// figure turns the 万元 → 亿元 conversion off.
pub(super) fn amount_of(n: &Number, unit: &str, convert: bool) -> (String, String) {
    if convert {
        amount(n, unit)
    } else {
        (number_text(n), unit.to_string())
    }
}

/// The comparison word as printed (§9.1): 比较, or the default; with a
/// 基期, `较{基期}` followed by the value of 上期 (§9.11).
fn basis(ind: &Indicator, unit: &str, unit_text: &str, convert: bool, w: &Wording<'_>) -> String {
    let base = match &ind.base {
        Some(Field::Given(b)) => super::refs::unescape(b.trim().trim_start_matches(['较', '比'])),
        Some(Field::Placeholder(p)) => placeholder_text(p),
        None => {
            return match &ind.basis {
                Some(Field::Placeholder(p)) => placeholder_text(p),
                Some(Field::Given(b)) => basis_word(Some(&super::refs::unescape(b)), w.basis),
                None => basis_word(None, w.basis),
            };
        }
    };
    let previous = match &ind.previous {
        Some(Field::Given(n)) => {
            let (v, u) = amount_of(n, unit, convert);
            qualified(n, &v, if unit == "%" { "%" } else { &u })
        }
        Some(Field::Placeholder(p)) => {
            let v = placeholder_text(p);
            slot_amount(p, &v, unit_text)
        }
        None => String::new(),
    };
    format!("较{base}{previous}")
}

/// The number with its qualifier and unit: `1200余家`, `近300家`, `300家以上`.
fn qualified(n: &Number, value: &str, unit: &str) -> String {
    with_qualifiers(n.before, n.after, value, unit)
}

/// A placeholder with the qualifier written around its `xx` (`xx以上`):
/// `【待补充：…】家以上`.
fn slot_amount(slot: &Slot, value: &str, unit: &str) -> String {
    with_qualifiers(slot.before, slot.after, value, unit)
}

fn with_qualifiers(before: Option<&str>, after: Option<&str>, value: &str, unit: &str) -> String {
    let before = before.unwrap_or("");
    match after {
        Some("以上") => format!("{before}{value}{unit}以上"),
        Some(q) => format!("{before}{value}{q}{unit}"),
        None => format!("{before}{value}{unit}"),
    }
}

/// Progress against 目标 (§3.3), or in a plan without 数值 the target itself
/// (§9.3): `力争达到2.6%以上` (the name is put between by [`sentence`]), with
/// the figure's own 动词 instead of `达到` when it gives one.
fn target(ind: &Indicator, unit: &str, verb: Option<&str>, plan: bool) -> Option<String> {
    let target = ind.target.as_ref()?;
    let verb = verb.unwrap_or("达到");
    match (ind.value.as_ref(), target) {
        (Some(Field::Given(v)), Field::Given(t)) => target_words(v.value, t.value),
        (None, Field::Given(t)) if plan => {
            let (text, u) = amount_of(t, unit, converts(ind));
            Some(format!("{verb}{}", qualified(t, &text, &u)))
        }
        (None, Field::Placeholder(p)) if plan => {
            let v = placeholder_text(p);
            Some(format!("{verb}{}", slot_amount(p, &v, unit)))
        }
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
/// `力争全社会研发投入强度达到2.6%`. A phrase in brackets (a 说明 such as
/// `（不含新区）`) follows the one before it without a comma.
fn sentence(f: &FigureFacts, plan_target: bool) -> String {
    let phrases: Vec<&str> = [
        &f.parts, &f.net, &f.growth, &f.share, &f.rank, &f.target, &f.note,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let mut out = f
        .span
        .as_ref()
        .map(|s| format!("{s}{COMMA}"))
        .unwrap_or_default();
    let rest = match phrases.split_first() {
        Some((first, rest)) if f.amount.is_empty() => {
            if plan_target && f.target.as_deref() == Some(*first) {
                out.push_str("力争");
            }
            out.push_str(&f.name);
            out.push_str(first);
            rest
        }
        _ => {
            out.push_str(&f.name);
            if !f.amount.is_empty() {
                out.push_str(f.verb.as_deref().unwrap_or(""));
            }
            out.push_str(&f.amount);
            out.push_str(f.including.as_deref().unwrap_or(""));
            &phrases[..]
        }
    };
    for phrase in rest {
        if !phrase.starts_with(['\u{ff08}', '(']) {
            out.push_str(COMMA);
        }
        out.push_str(phrase);
    }
    out
}

fn join_some<const N: usize>(parts: [&Option<String>; N]) -> Option<String> {
    let present: Vec<&str> = parts.into_iter().flatten().map(String::as_str).collect();
    (!present.is_empty()).then(|| present.join(COMMA))
}

pub(super) fn field_text(f: &Field<String>) -> String {
    match f {
        Field::Given(s) => super::refs::unescape(s.trim()),
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

#[cfg(test)]
#[path = "figure_words_tests.rs"]
mod words_tests;
