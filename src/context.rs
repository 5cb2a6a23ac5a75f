//! The template context: the form with every default filled, every placeholder
//! spelled `【待补充:路径】` and every figure worded by [`crate::facts`].
//! Templates read only this; they never compute wording themselves.

use chrono::NaiveDate;
use serde::Serialize;

use crate::facts::figure::{FigureFacts, figure_facts};
use crate::facts::period::{date_text, default_period, next_period};
use crate::facts::placeholder_text;
use crate::facts::title::{DEFAULT_TOPIC, TitleParts, TitlePattern, default_title};
use crate::form::{Field, Form, Indicator, Item, Section};

/// Default speech opening (FORM.md §1).
pub const DEFAULT_SALUTATION: &str = "尊敬的各位领导\u{ff0c}同志们\u{ff1a}";

/// Everything a template sees, as `report`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Style id being rendered, e.g. `qingkuang`.
    pub style: String,
    /// The title: given, or derived per style (FORM.md §4).
    pub title: String,
    /// Subtitle text without the leading dashes, when given.
    pub subtitle: Option<String>,
    /// 地区.
    pub locality: String,
    /// 单位, the issuing body.
    pub organization: String,
    /// 主题, default 科技创新.
    pub topic: String,
    /// 时期, default the year of 日期.
    pub period: String,
    /// 下一时期, given or derived from 时期.
    pub next_period: String,
    /// 会议, when given.
    pub meeting: Option<String>,
    /// 成文日期, printed `2024年7月15日`.
    pub date: String,
    /// 称呼.
    pub salutation: String,
    /// 导语, when given (may hold several paragraphs separated by blank lines).
    pub lead: Option<String>,
    /// Headline figures.
    pub indicators: Vec<FigureFacts>,
    /// The headline figures as one run of sentences: `甲…;乙…。`, or empty.
    pub indicators_text: String,
    /// Achievement sections.
    pub sections: Vec<SectionView>,
    /// One running list across all sections, for 要点汇报: each section's
    /// heading and intro as an item (when it has an intro or no points), then its points.
    pub all_points: Vec<ItemView>,
    /// Problems.
    pub problems: Vec<ItemView>,
    /// Plans.
    pub plans: Vec<ItemView>,
    /// 结语, when given.
    pub closing: Option<String>,
    /// Attachment names.
    pub attachments: Vec<String>,
}

/// One achievement section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// 标题.
    pub title: String,
    /// 成效, when given.
    pub result: Option<String>,
    /// `标题,成效` (or the title alone), without final punctuation.
    pub heading: String,
    /// 概述, when given.
    pub summary: Option<String>,
    /// Figures of the section.
    pub indicators: Vec<FigureFacts>,
    /// Summary then figures, each sentence closed: the section's opening text, or empty.
    pub intro: String,
    /// Points.
    pub points: Vec<ItemView>,
}

/// A point, problem or plan.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// 标题, when given.
    pub title: Option<String>,
    /// 内容, when given.
    pub text: Option<String>,
    /// Figures.
    pub indicators: Vec<FigureFacts>,
    /// The title closed with `。`, or empty: the run-in lead.
    pub lead: String,
    /// Text then figures, each sentence closed, or empty.
    pub rest: String,
    /// `lead` + `rest`: the whole point as one text.
    pub body: String,
}

/// Builds the context for style `style` (its id) from a parsed form; `pattern`
/// is the style's title pattern; `today` is used when 日期 is absent.
pub fn build(form: &Form, style: &str, pattern: &TitlePattern, today: NaiveDate) -> Report {
    let date = match &form.date {
        Some(Field::Given(d)) => date_text(*d),
        Some(Field::Placeholder(p)) => placeholder_text(p),
        None => date_text(today),
    };
    let year = match &form.date {
        Some(Field::Given(d)) => *d,
        _ => today,
    };
    let period = opt_text(&form.period).unwrap_or_else(|| default_period(year));
    let next = opt_text(&form.next_period).unwrap_or_else(|| next_period(&period));
    let locality = text(&form.locality);
    let organization = text(&form.organization);
    let topic = opt_text(&form.topic).unwrap_or_else(|| DEFAULT_TOPIC.to_string());
    let meeting = opt_text(&form.meeting);
    let title = opt_text(&form.title).unwrap_or_else(|| {
        default_title(
            pattern,
            &TitleParts {
                locality: locality.clone(),
                organization: organization.clone(),
                topic: topic.clone(),
                period: period.clone(),
                next_period: next.clone(),
                meeting: meeting.clone(),
            },
        )
    });
    let indicators = figures(&form.indicators);
    let sections: Vec<SectionView> = form.achievements.iter().map(section).collect();
    Report {
        style: style.to_string(),
        title,
        subtitle: opt_text(&form.subtitle)
            .map(|s| s.trim_start_matches(['\u{2014}', '-']).to_string()),
        locality,
        organization,
        topic,
        period,
        next_period: next,
        meeting,
        date,
        salutation: opt_text(&form.salutation).unwrap_or_else(|| DEFAULT_SALUTATION.to_string()),
        lead: opt_text(&form.lead),
        indicators_text: figures_text(&indicators),
        indicators,
        all_points: sections.iter().flat_map(running_items).collect(),
        sections,
        problems: form.problems.iter().map(item).collect(),
        plans: form.plans.iter().map(item).collect(),
        closing: opt_text(&form.closing),
        attachments: form.attachments.iter().map(text).collect(),
    }
}

fn section(s: &Section) -> SectionView {
    let title = text(&s.title);
    let result = opt_text(&s.result);
    let heading = match &result {
        Some(r) => format!("{title}\u{ff0c}{r}"),
        None => title.clone(),
    };
    let summary = opt_text(&s.summary);
    let indicators = figures(&s.indicators);
    let intro = join_sentences([
        summary.clone().unwrap_or_default(),
        figures_text(&indicators),
    ]);
    SectionView {
        title,
        result,
        heading,
        summary,
        indicators,
        intro,
        points: s.points.iter().map(item).collect(),
    }
}

/// A section's items in the running list of 要点汇报.
fn running_items(s: &SectionView) -> Vec<ItemView> {
    let mut items = Vec::new();
    if !s.intro.is_empty() || s.points.is_empty() {
        let lead = sentence(&s.heading);
        items.push(ItemView {
            title: Some(s.heading.clone()),
            text: s.summary.clone(),
            indicators: s.indicators.clone(),
            body: format!("{lead}{}", s.intro),
            lead,
            rest: s.intro.clone(),
        });
    }
    items.extend(s.points.iter().cloned());
    items
}

fn item(i: &Item) -> ItemView {
    let title = opt_text(&i.title);
    let body_text = opt_text(&i.text);
    let indicators = figures(&i.indicators);
    let lead = title.as_deref().map(sentence).unwrap_or_default();
    let rest = join_sentences([
        body_text.clone().unwrap_or_default(),
        figures_text(&indicators),
    ]);
    ItemView {
        body: format!("{lead}{rest}"),
        title,
        text: body_text,
        indicators,
        lead,
        rest,
    }
}

fn figures(list: &[Indicator]) -> Vec<FigureFacts> {
    list.iter().map(figure_facts).collect()
}

/// Figures as one sentence run: `甲…;乙…。`.
fn figures_text(list: &[FigureFacts]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let joined: Vec<&str> = list.iter().map(|f| f.sentence.as_str()).collect();
    sentence(&joined.join("\u{ff1b}"))
}

/// Closes each non-empty part as a sentence and concatenates them.
fn join_sentences<const N: usize>(parts: [String; N]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(sentence)
        .collect()
}

/// Closes a text with `。` unless it already ends a sentence (or a quote, a colon…).
/// Also a template filter: `{{ text | sentence }}`.
pub fn sentence(text: &str) -> String {
    let t = text.trim_end();
    let t = t
        .strip_suffix([',', '\u{ff0c}', '\u{3001}', ';', '\u{ff1b}'])
        .unwrap_or(t);
    let closed = t.ends_with([
        '\u{3002}', '\u{ff01}', '\u{ff1f}', '!', '?', '\u{ff1a}', ':', '\u{2026}', '\u{201d}',
        '\u{3011}', '.',
    ]);
    if t.is_empty() || closed {
        t.to_string()
    } else {
        format!("{t}\u{3002}")
    }
}

fn text(f: &Field<String>) -> String {
    match f {
        Field::Given(s) => s.trim().to_string(),
        Field::Placeholder(p) => placeholder_text(p),
    }
}

fn opt_text(f: &Option<Field<String>>) -> Option<String> {
    f.as_ref().map(text).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sentences are closed once, with a full stop, and an open comma is replaced.
    #[test]
    fn closes_sentences() {
        assert_eq!(sentence("扩大投入"), "扩大投入\u{3002}");
        assert_eq!(sentence("扩大投入\u{3002}"), "扩大投入\u{3002}");
        assert_eq!(sentence("扩大投入\u{ff0c}"), "扩大投入\u{3002}");
        assert_eq!(sentence("现汇报如下\u{ff1a}"), "现汇报如下\u{ff1a}");
        assert_eq!(sentence(""), "");
    }
}
