//! Figures as the context hands them out (docs/form.md §9.1, §9.4): worded with
//! the comparison word that follows the period, referenced from prose with
//! `{名称}`, and appended after the prose only when not referenced whole.

use std::cell::RefCell;
use std::collections::HashSet;

use crate::facts::figure::{FigureFacts, Wording, figure_facts_in};
use crate::facts::refs::{Part, expand};
use crate::form::{Field, Indicator};

/// The figures of one 条目, 板块 or of 主要指标, and which of them prose
/// has referenced whole.
pub(super) struct Scope {
    /// Every figure, worded.
    pub facts: Vec<FigureFacts>,
    /// Indices of figures referenced whole (`{名称}`), not to be repeated.
    whole: RefCell<HashSet<usize>>,
}

impl Scope {
    /// Words `list` with `wording`.
    pub fn new(list: &[Indicator], wording: &Wording<'_>) -> Scope {
        Scope {
            facts: list.iter().map(|i| worded(i, wording)).collect(),
            whole: RefCell::new(HashSet::new()),
        }
    }

    /// The figures still to be appended after the prose.
    pub fn appended(&self) -> Vec<&FigureFacts> {
        let whole = self.whole.borrow();
        self.facts
            .iter()
            .enumerate()
            .filter(|(i, _)| !whole.contains(i))
            .map(|(_, f)| f)
            .collect()
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
/// the figure; whole references are remembered so the figure is not repeated.
pub(super) fn prose(text: Option<String>, scopes: &[&Scope]) -> Option<String> {
    let text = text?;
    if memchr::memchr2(b'{', b'}', text.as_bytes()).is_none() {
        return Some(text);
    }
    Some(expand(&text, |name, part| {
        scopes.iter().find_map(|s| {
            let i = s.facts.iter().position(|f| f.name == name)?;
            if part == Part::Whole {
                s.whole.borrow_mut().insert(i);
            }
            Some(&s.facts[i])
        })
    }))
}
