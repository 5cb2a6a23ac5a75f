//! The template context: the form with every default filled, every placeholder
//! spelled `【待补充:路径】` and every figure worded by [`crate::facts`].
//! Templates read only this; they never compute wording themselves.

use chrono::NaiveDate;
use serde::Serialize;

mod figures;

use figures::{Scope, prose as with_refs, titled};

use crate::facts::change::default_basis;
use crate::facts::figure::{FigureFacts, Wording};
use crate::facts::period::{date_text, default_period, next_period};
use crate::facts::placeholder_text;
use crate::facts::refs::unescape;
use crate::facts::title::{DEFAULT_TOPIC, TitleParts, TitlePattern, default_title};
use crate::facts::title_lines::break_title;
use crate::form::{Field, Form, Item, Part, Section};
use crate::prose;

/// Default speech opening (docs/form.md §1).
pub const DEFAULT_SALUTATION: &str = "尊敬的各位领导\u{ff0c}同志们\u{ff1a}";

/// Everything a template sees, as `report`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Style id being rendered, e.g. `qingkuang`.
    pub style: String,
    /// The title: given, or derived per style (docs/form.md §4).
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
    /// 主送机关, when given, ending with `:` (docs/form.md §9.8).
    pub recipient: Option<String>,
    /// 发言人, when given: the line under a speech's title instead of 单位.
    pub speaker: Option<String>,
    /// 导语, when given (may hold several paragraphs separated by blank lines).
    pub lead: Option<String>,
    /// 导语 closed as a sentence, less its own hand-over sentence: what comes
    /// before the headline figures.
    pub lead_body: String,
    /// The 导语's own hand-over sentence (`…如下:`), when it has one: the style's
    /// is then not added (docs/form.md §9.7).
    pub lead_handover: Option<String>,
    /// 成效标题, when given: replaces the achievements heading text.
    pub achievements_title: Option<String>,
    /// The body is one untitled 板块 and nothing else: no headings at all,
    /// not even the achievements part's (docs/form.md §9.14).
    pub no_headings: bool,
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
    /// 存在问题.标题 and .概述, when given in the mapping form.
    pub problems_part: PartView,
    /// Plans.
    pub plans: Vec<ItemView>,
    /// 下一步打算.标题 and .概述, when given in the mapping form.
    pub plans_part: PartView,
    /// 结语, when given.
    pub closing: Option<String>,
    /// Attachment names.
    pub attachments: Vec<String>,
    /// The attachments that are tables (docs/form.md §12), laid out by the
    /// renderer after the sign-off; templates print only the names.
    #[serde(skip)]
    pub attachment_tables: Vec<AttachedTable>,
}

/// An attachment that is a table: its name and rows, worded.
#[derive(Debug, Clone, Default)]
pub struct AttachedTable {
    /// The attachment's name as templates print it.
    pub name: String,
    /// The rows of the 主要指标 table, placeholders marked.
    pub rows: Vec<[String; 6]>,
}

/// One achievement section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// 标题; empty for an untitled section (docs/form.md §9.14).
    pub title: String,
    /// 成效, when given.
    pub result: Option<String>,
    /// `标题,成效` (or the title alone), without final punctuation; empty
    /// for an untitled section, which prints without a heading.
    pub heading: String,
    /// 概述, when given.
    pub summary: Option<String>,
    /// Figures of the section.
    pub indicators: Vec<FigureFacts>,
    /// Summary then figures, each sentence closed: the section's opening text,
    /// or empty. A 概述 that leads in to the points (`…如下：`, `…，`) stays
    /// open and comes last (docs/form.md §9.14).
    pub intro: String,
    /// Points.
    pub points: Vec<ItemView>,
    /// 结语 of the section, closed as a sentence, or empty: after the points,
    /// never numbered.
    pub closing: String,
}

/// The heading and lead-in of 存在问题 or 下一步打算 (docs/form.md §9.8).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartView {
    /// Replaces the part's heading text.
    pub title: Option<String>,
    /// Replaces the style's lead-in sentence; closed as a sentence unless it
    /// leads in to the items (`…如下：`, `…，`).
    pub summary: Option<String>,
    /// 结语 of the part, closed as a sentence: after the items, not numbered.
    pub closing: Option<String>,
    /// Whether the part is printed: it has items, a 概述 or a 结语.
    pub printed: bool,
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
    /// Both 标题 and 内容 given: in a list of problems or plans enumerated
    /// 一是/二是 the item is a paragraph of its own (docs/form.md §9.8).
    pub own_paragraph: bool,
    /// In 要点汇报's running list: the item's number (一是 = 1), 0 for an
    /// item not numbered (the opening of an untitled section, or the one
    /// item of a list of one).
    pub number: usize,
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
    let period = opt_line(&form.period).unwrap_or_else(|| default_period(year));
    let next = opt_line(&form.next_period).unwrap_or_else(|| next_period(&period));
    let locality = line_text(&form.locality);
    let organization = line_text(&form.organization);
    let topic = opt_line(&form.topic).unwrap_or_else(|| DEFAULT_TOPIC.to_string());
    let meeting = opt_line(&form.meeting);
    let parts = TitleParts {
        locality: locality.clone(),
        organization: organization.clone(),
        topic: topic.clone(),
        period: period.clone(),
        // A title names the next period only for a report that plans for it:
        // `…工作总结及下半年工作思路` needs a 下一步打算 (docs/form.md §9.9).
        next_period: if form.plans.is_empty() {
            String::new()
        } else {
            next.clone()
        },
        meeting: meeting.clone(),
    };
    // Figures are worded with the comparison word of the period (docs/form.md
    // §9.1) and may be referenced from prose (§9.4).
    let wording = Wording {
        basis: default_basis(&period),
        ..Wording::default()
    };
    let plan_wording = Wording {
        plan: true,
        ..wording
    };
    // The title and subtitle may name figures and the form's own values
    // (`{地区}`); what they print is not taken from the body (§9.13).
    let title_fields = [
        ("地区", locality.as_str()),
        ("单位", organization.as_str()),
        ("主题", topic.as_str()),
        ("时期", period.as_str()),
        ("下一时期", next.as_str()),
        ("会议", meeting.as_deref().unwrap_or_default()),
    ];
    let heading_text = |f: &Option<Field<String>>| {
        let scope = Scope::new(&form.indicators, &wording);
        titled(opt_text(f), &[&scope], &title_fields)
    };
    // Typed or built, a title is broken into balanced lines between words
    // (docs/form.md §9.9); a line break typed in 标题 is kept.
    let title = match heading_text(&form.title) {
        Some(t) => break_title(&t, &known_phrases(&parts)),
        None => break_title(&default_title(pattern, &parts), &known_phrases(&parts)),
    }
    .join("\n");
    let subtitle = heading_text(&form.subtitle).map(|s| {
        prose::one_line(&s)
            .trim_start_matches(['\u{2014}', '-'])
            .to_string()
    });
    let top = Scope::new(&form.indicators, &wording);
    let achievements_title = with_refs(opt_text(&form.achievements_title), &[&top])
        .map(|t| unnumbered(&prose::one_line(&t)));
    let lead = with_refs(opt_text(&form.lead), &[&top]);
    let closing = with_refs(opt_text(&form.closing), &[&top]);
    let sections: Vec<SectionView> = form
        .achievements
        .iter()
        .map(|s| section(s, &top, &wording))
        .collect();
    let problems = form
        .problems
        .iter()
        .map(|i| item(i, &[&top], &wording))
        .collect();
    let plans = form
        .plans
        .iter()
        .map(|i| item(i, &[&top], &plan_wording))
        .collect();
    let problems_part = part(&form.problems, &top);
    let plans_part = part(&form.plans, &top);
    let indicators_text = figures_text(&top.appended());
    let indicators = top.facts;
    let (lead_body, lead_handover) = match lead.as_deref().map(prose::split_handover) {
        Some(Some((body, handover))) => (sentence(body), Some(handover.to_string())),
        _ => (lead.as_deref().map(sentence).unwrap_or_default(), None),
    };
    Report {
        style: style.to_string(),
        title,
        subtitle,
        locality,
        organization,
        topic,
        period,
        next_period: next,
        meeting,
        date,
        salutation: opt_line(&form.salutation).unwrap_or_else(|| DEFAULT_SALUTATION.to_string()),
        recipient: opt_line(&form.recipient).map(|r| {
            let r = r.trim_end_matches([':', '\u{ff1a}', '\u{ff0c}', ',']);
            format!("{r}\u{ff1a}")
        }),
        speaker: opt_line(&form.speaker),
        lead,
        lead_body,
        lead_handover,
        achievements_title,
        no_headings: !problems_part.printed
            && !plans_part.printed
            && form.achievements.iter().all(|s| s.title.is_none()),
        indicators_text,
        indicators,
        all_points: numbered(sections.iter().flat_map(running_items).collect()),
        sections,
        problems,
        problems_part,
        plans,
        plans_part,
        closing,
        attachments: form
            .attachments
            .iter()
            .map(|a| line_text(&a.name))
            .collect(),
        attachment_tables: form
            .attachments
            .iter()
            .filter(|a| a.table.is_some())
            .map(|a| AttachedTable {
                name: line_text(&a.name),
                rows: crate::facts::table::indicator_rows(&form.indicators),
            })
            .collect(),
    }
}

/// The form's own values a title is made of: known words for breaking it.
fn known_phrases(parts: &TitleParts) -> [&str; 6] {
    [
        parts.locality.as_str(),
        parts.organization.as_str(),
        parts.topic.as_str(),
        parts.period.as_str(),
        parts.next_period.as_str(),
        parts.meeting.as_deref().unwrap_or_default(),
    ]
}

fn part(p: &Part, top: &Scope) -> PartView {
    PartView {
        title: with_refs(opt_text(&p.title), &[top]).map(|t| unnumbered(&prose::one_line(&t))),
        summary: with_refs(opt_text(&p.summary), &[top]).map(|s| {
            if p.items.is_empty() {
                sentence(&s)
            } else {
                prose::lead_in(&s)
            }
        }),
        closing: with_refs(opt_text(&p.closing), &[top]).map(|s| sentence(&s)),
        printed: !p.items.is_empty() || p.summary.is_some() || p.closing.is_some(),
    }
}

/// `text` without a hand-typed number at its start: the tool numbers.
fn unnumbered(text: &str) -> String {
    match prose::leading_number(text) {
        Some((_, rest)) => rest.to_string(),
        None => text.to_string(),
    }
}

fn section(s: &Section, top: &Scope, wording: &Wording<'_>) -> SectionView {
    let here = Scope::new(&s.indicators, wording);
    let title = with_refs(opt_text(&s.title), &[&here, top])
        .map(|t| unnumbered(&prose::one_line(&t)))
        .unwrap_or_default();
    let result = with_refs(opt_text(&s.result), &[&here, top]).map(|r| prose::one_line(&r));
    let heading = match &result {
        Some(r) if !title.is_empty() => format!("{title}\u{ff0c}{r}"),
        Some(r) => r.clone(),
        None => title.clone(),
    };
    let summary = with_refs(opt_text(&s.summary), &[&here, top]);
    // Points first: a point may reference one of the section's figures whole.
    let points: Vec<ItemView> = s
        .points
        .iter()
        .map(|i| item(i, &[&here, top], wording))
        .collect();
    let closing = with_refs(opt_text(&s.closing), &[&here, top])
        .map(|c| sentence(&c))
        .unwrap_or_default();
    let figures = figures_text(&here.appended());
    // A 概述 that leads in to the points stays open, after the figures.
    let intro = match summary.as_deref() {
        Some(lead) if !points.is_empty() && prose::is_lead_in(lead) => {
            format!("{figures}{}", prose::lead_in(lead))
        }
        _ => join_sentences([summary.clone().unwrap_or_default(), figures]),
    };
    let indicators = here.facts;
    SectionView {
        title,
        result,
        heading,
        summary,
        indicators,
        intro,
        points,
        closing,
    }
}

/// A section's items in the running list of 要点汇报.
fn running_items(s: &SectionView) -> Vec<ItemView> {
    let mut items = Vec::new();
    let opening = !s.heading.is_empty() || !s.intro.is_empty();
    if opening && (!s.intro.is_empty() || s.points.is_empty()) {
        let lead = sentence(&s.heading);
        items.push(ItemView {
            title: (!s.heading.is_empty()).then(|| s.heading.clone()),
            text: s.summary.clone(),
            indicators: s.indicators.clone(),
            body: format!("{lead}{}", s.intro),
            lead,
            rest: s.intro.clone(),
            own_paragraph: false,
            // An untitled section's opening leads in to its points.
            number: usize::from(!s.heading.is_empty()),
        });
    }
    items.extend(s.points.iter().cloned());
    // The section's 结语 ends its last item: it is not a point of its own.
    if !s.closing.is_empty()
        && let Some(last) = items.last_mut()
    {
        last.body.push_str(&s.closing);
        last.rest.push_str(&s.closing);
    }
    items
}

/// The running list numbered in order, skipping the items not numbered; a
/// list with one numbered item numbers none (no lone 一是).
fn numbered(mut items: Vec<ItemView>) -> Vec<ItemView> {
    let mut n = 0;
    for it in &mut items {
        if it.number > 0 {
            n += 1;
            it.number = n;
        }
    }
    if n == 1 {
        items.iter_mut().for_each(|it| it.number = 0);
    }
    items
}

fn item(i: &Item, outer: &[&Scope], wording: &Wording<'_>) -> ItemView {
    let here = Scope::new(&i.indicators, wording);
    let mut scopes = vec![&here];
    scopes.extend_from_slice(outer);
    let title = with_refs(opt_text(&i.title), &scopes).map(|t| unnumbered(&prose::one_line(&t)));
    // The point starts with its 内容 when it has no 标题.
    let body_text = with_refs(opt_text(&i.text), &scopes)
        .map(|t| if title.is_none() { unnumbered(&t) } else { t });
    let lead = title.as_deref().map(sentence).unwrap_or_default();
    let rest = join_sentences([
        body_text.clone().unwrap_or_default(),
        figures_text(&here.appended()),
    ]);
    let indicators = here.facts;
    ItemView {
        body: prose::collapse_marks(&[lead.as_str(), rest.as_str()].concat()),
        own_paragraph: title.is_some() && !rest.is_empty(),
        number: 1,
        title,
        text: body_text,
        indicators,
        lead,
        rest,
    }
}

/// Figures as one sentence run: `甲…;乙…。`.
fn figures_text(list: &[FigureFacts]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let joined: Vec<&str> = list.iter().map(|f| f.sentence.as_str()).collect();
    prose::collapse_marks(&sentence(&joined.join("\u{ff1b}")))
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

/// Closes a text as a sentence; see [`prose::sentence`].
pub fn sentence(text: &str) -> String {
    prose::sentence(text)
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

/// A one-line field that names no figure (地区, 单位, 附件 …): line breaks
/// typed in it are removed (docs/form.md §9.7) and `{{` `}}` print braces
/// (§9.13).
fn line_text(f: &Field<String>) -> String {
    unescape(&prose::one_line(&text(f)))
}

fn opt_line(f: &Option<Field<String>>) -> Option<String> {
    opt_text(f).map(|s| unescape(&prose::one_line(&s)))
}
