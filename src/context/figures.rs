//! Figures as the context hands them out (docs/form.md §9.1, §9.4): worded with
//! the comparison word that follows the period, referenced from prose with
//! `{名称}`, and appended after the prose with whatever prose did not say.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::facts::figure::{FigureFacts, Wording, figure_facts_in};
use crate::facts::refs::{Part, expand_with, has_braces};
use crate::form::{Field, Indicator};

/// What prose has printed of one figure.
#[derive(Debug, Clone, Copy, Default)]
struct Used {
    whole: bool,
    value: bool,
    change: bool,
    rank: bool,
}

/// The figures of one 条目, 板块 or of 主要指标, and what of them prose has
/// printed already.
pub(super) struct Scope {
    /// Every figure, worded.
    pub facts: Vec<FigureFacts>,
    /// By index: what prose printed of the figure, not to be repeated.
    used: RefCell<HashMap<usize, Used>>,
}

impl Scope {
    /// Words `list` with `wording`.
    pub fn new(list: &[Indicator], wording: &Wording<'_>) -> Scope {
        Scope {
            facts: list.iter().map(|i| worded(i, wording)).collect(),
            used: RefCell::new(HashMap::new()),
        }
    }

    /// The figures still to be said after the prose: each as given, or
    /// without the parts prose printed (`{名称:数值}` printed the value, so
    /// the figure follows as `高新技术企业较上年净增76家…`), or not at all
    /// when prose printed all of it (docs/form.md §9.4).
    pub fn appended(&self) -> Vec<FigureFacts> {
        let used = self.used.borrow();
        self.facts
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match used.get(&i) {
                None => Some(f.clone()),
                Some(u) if u.whole => None,
                Some(u) => f.without(u.value, u.change, u.rank),
            })
            .collect()
    }

    /// The figure named `name`, marking `part` of it as printed.
    fn take(&self, name: &str, part: Part) -> Option<&FigureFacts> {
        let i = self.facts.iter().position(|f| f.name == name)?;
        let mut used = self.used.borrow_mut();
        let u = used.entry(i).or_default();
        match part {
            Part::Whole => u.whole = true,
            Part::Value => u.value = true,
            Part::Change => u.change = true,
            Part::Rank => u.rank = true,
        }
        Some(&self.facts[i])
    }
}

/// One figure worded; 名称 is a one-line field (docs/form.md §9.7), so a
/// line break typed in it is removed first.
fn worded(ind: &Indicator, wording: &Wording<'_>) -> FigureFacts {
    if let Field::Given(name) = &ind.name
        && name.contains('\n')
    {
        let mut ind = ind.clone();
        ind.name = Field::Given(crate::prose::one_line(name));
        return figure_facts_in(&ind, wording);
    }
    figure_facts_in(ind, wording)
}

/// `text` with its references expanded from the first of `scopes` that names
/// the figure; what is printed is remembered so the figure is not repeated.
pub(super) fn prose(text: Option<String>, scopes: &[&Scope]) -> Option<String> {
    titled(text, scopes, &[])
}

/// [`prose`] where `{地区}`, `{主题}` … may also name the form's own values
/// (`fields`, name and value): in the report's title and subtitle.
pub(super) fn titled(
    text: Option<String>,
    scopes: &[&Scope],
    fields: &[(&str, &str)],
) -> Option<String> {
    let text = text?;
    if !has_braces(&text) {
        return Some(text);
    }
    Some(expand_with(&text, |name, part| {
        let figure = scopes.iter().find_map(|s| s.take(name, part));
        match figure {
            Some(f) => Some(wording(f, part)),
            None => fields
                .iter()
                .find(|(n, _)| *n == name && part == Part::Whole)
                .map(|(_, v)| v.to_string()),
        }
    }))
}

/// The words a reference stands for.
fn wording(f: &FigureFacts, part: Part) -> String {
    match part {
        Part::Whole => f.sentence.clone(),
        Part::Value => f.amount.clone(),
        Part::Change => f.change.clone().unwrap_or_default(),
        Part::Rank => f.rank.clone().unwrap_or_default(),
    }
}
