//! Walking the form in document order with canonical field paths
//! (`工作成效[0].要点[1].内容`): placeholder paths and `xx` warnings (docs/form.md §5).

use super::model::{Form, Indicator, Item, Part, Rank, Section};
use super::value::{Field, Number};

/// What the walkers hand out at each path.
// Both walkers hand out every kind of node; each caller reads only some.
#[allow(dead_code)]
pub(crate) enum Node<'a> {
    Text(&'a Field<String>),
    Number(&'a Field<Number>),
    Date(&'a Field<chrono::NaiveDate>),
    /// A whole figure, before its fields.
    Indicator(&'a Indicator),
    /// A list and its length, before its entries.
    List(usize),
}

/// [`Node`] with mutable access to the fields.
#[allow(dead_code)]
pub(crate) enum NodeMut<'a> {
    Text(&'a mut Field<String>),
    Number(&'a mut Field<Number>),
    Date(&'a mut Field<chrono::NaiveDate>),
    Indicator(&'a mut Indicator),
    List(usize),
}

/// Appends `.key` to the path in `p` (or `key` at the root) and returns
/// the length to cut it back to.
fn push_key(p: &mut String, key: &str) -> usize {
    let len = p.len();
    if len > 0 {
        p.push('.');
    }
    p.push_str(key);
    len
}

/// Appends `[i]` to the path in `p` and returns the length to cut it back to.
fn push_index(p: &mut String, i: usize) -> usize {
    use std::fmt::Write;
    let len = p.len();
    let _ = write!(p, "[{i}]");
    len
}

/// Generates a walker over `&Form` and one over `&mut Form` from one body,
/// so both visit exactly the same paths in the same order. The path of each
/// node is built in one buffer, extended on the way down and cut back on the
/// way up: a form has hundreds of fields and is walked several times.
macro_rules! walker {
    ($form_fn:ident, $node:ident, $($m:ident)?) => {
        mod $form_fn {
            use super::*;

            type Visit<'v> = dyn for<'x> FnMut(&str, $node<'x>) + 'v;

            /// Visits the node at `p.key`.
            fn at(f: &mut Visit<'_>, p: &mut String, key: &str, node: $node<'_>) {
                let len = push_key(p, key);
                f(p, node);
                p.truncate(len);
            }

            pub(crate) fn form(form: & $($m)? Form, f: &mut Visit<'_>) {
                let p = &mut String::with_capacity(64);
                opt_text(f, p, "标题", & $($m)? form.title);
                opt_text(f, p, "副标题", & $($m)? form.subtitle);
                at(f, p, "地区", $node::Text(& $($m)? form.locality));
                at(f, p, "单位", $node::Text(& $($m)? form.organization));
                opt_text(f, p, "主题", & $($m)? form.topic);
                opt_text(f, p, "时期", & $($m)? form.period);
                opt_text(f, p, "下一时期", & $($m)? form.next_period);
                opt_text(f, p, "会议", & $($m)? form.meeting);
                if let Some(d) = & $($m)? form.date {
                    at(f, p, "日期", $node::Date(d));
                }
                opt_text(f, p, "主送", & $($m)? form.recipient);
                opt_text(f, p, "发言人", & $($m)? form.speaker);
                opt_text(f, p, "称呼", & $($m)? form.salutation);
                opt_text(f, p, "导语", & $($m)? form.lead);
                indicators(f, p, "主要指标", & $($m)? form.indicators);
                opt_text(f, p, "成效标题", & $($m)? form.achievements_title);
                at(f, p, "工作成效", $node::List(form.achievements.len()));
                let list = push_key(p, "工作成效");
                for (i, s) in (& $($m)? form.achievements).into_iter().enumerate() {
                    let len = push_index(p, i);
                    section(f, p, s);
                    p.truncate(len);
                }
                p.truncate(list);
                part(f, p, "存在问题", & $($m)? form.problems);
                part(f, p, "下一步打算", & $($m)? form.plans);
                opt_text(f, p, "结语", & $($m)? form.closing);
                at(f, p, "附件", $node::List(form.attachments.len()));
                let list = push_key(p, "附件");
                for (i, a) in (& $($m)? form.attachments).into_iter().enumerate() {
                    let len = push_index(p, i);
                    if a.mapped {
                        at(f, p, "名称", $node::Text(& $($m)? a.name));
                        opt_text(f, p, "表格", & $($m)? a.table);
                    } else {
                        f(p, $node::Text(& $($m)? a.name));
                    }
                    p.truncate(len);
                }
                p.truncate(list);
                opt_number(f, p, "时长", & $($m)? form.duration);
            }

            /// The mapping form puts the items under `条目`.
            fn part(f: &mut Visit<'_>, p: &mut String, key: &str, part: & $($m)? Part) {
                if part.mapped {
                    let len = push_key(p, key);
                    opt_text(f, p, "标题", & $($m)? part.title);
                    opt_text(f, p, "概述", & $($m)? part.summary);
                    items(f, p, "条目", & $($m)? part.items);
                    opt_text(f, p, "结语", & $($m)? part.closing);
                    p.truncate(len);
                } else {
                    items(f, p, key, & $($m)? part.items);
                }
            }

            fn opt_text(f: &mut Visit<'_>, p: &mut String, key: &str, t: & $($m)? Option<Field<String>>) {
                if let Some(t) = t {
                    at(f, p, key, $node::Text(t));
                }
            }

            fn opt_number(f: &mut Visit<'_>, p: &mut String, key: &str, n: & $($m)? Option<Field<Number>>) {
                if let Some(n) = n {
                    at(f, p, key, $node::Number(n));
                }
            }

            /// One achievement section, at the path in `p`.
            fn section(f: &mut Visit<'_>, p: &mut String, s: & $($m)? Section) {
                opt_text(f, p, "标题", & $($m)? s.title);
                opt_text(f, p, "成效", & $($m)? s.result);
                opt_text(f, p, "概述", & $($m)? s.summary);
                items(f, p, "要点", & $($m)? s.points);
                indicators(f, p, "指标", & $($m)? s.indicators);
                opt_text(f, p, "结语", & $($m)? s.closing);
            }

            fn items(f: &mut Visit<'_>, p: &mut String, key: &str, list: & $($m)? Vec<Item>) {
                let len = push_key(p, key);
                f(p, $node::List(list.len()));
                for (i, it) in list.into_iter().enumerate() {
                    let item = push_index(p, i);
                    opt_text(f, p, "标题", & $($m)? it.title);
                    opt_text(f, p, "内容", & $($m)? it.text);
                    indicators(f, p, "指标", & $($m)? it.indicators);
                    p.truncate(item);
                }
                p.truncate(len);
            }

            fn indicators(f: &mut Visit<'_>, p: &mut String, key: &str, list: & $($m)? Vec<Indicator>) {
                let len = push_key(p, key);
                f(p, $node::List(list.len()));
                for (i, ind) in list.into_iter().enumerate() {
                    let item = push_index(p, i);
                    f(p, $node::Indicator(ind));
                    opt_text(f, p, "时段", & $($m)? ind.span);
                    at(f, p, "名称", $node::Text(& $($m)? ind.name));
                    opt_text(f, p, "动词", & $($m)? ind.verb);
                    opt_number(f, p, "数值", & $($m)? ind.value);
                    opt_text(f, p, "单位", & $($m)? ind.unit);
                    opt_text(f, p, "换算", & $($m)? ind.convert);
                    opt_number(f, p, "上期", & $($m)? ind.previous);
                    opt_number(f, p, "增速", & $($m)? ind.growth);
                    opt_number(f, p, "变化", & $($m)? ind.change);
                    opt_text(f, p, "比较", & $($m)? ind.basis);
                    opt_text(f, p, "基期", & $($m)? ind.base);
                    indicators(f, p, "含", & $($m)? ind.including);
                    indicators(f, p, "其中", & $($m)? ind.parts);
                    if let Some(share) = & $($m)? ind.share {
                        let len = push_key(p, "占比");
                        at(f, p, "对象", $node::Text(& $($m)? share.of));
                        at(f, p, "数值", $node::Number(& $($m)? share.value));
                        opt_number(f, p, "变化", & $($m)? share.change);
                        p.truncate(len);
                    }
                    match & $($m)? ind.rank {
                        Some(Rank::Text(t)) => at(f, p, "排名", $node::Text(t)),
                        Some(Rank::Place { scope, place, object, previous }) => {
                            let len = push_key(p, "排名");
                            at(f, p, "范围", $node::Text(scope));
                            at(f, p, "位次", $node::Number(place));
                            opt_text(f, p, "对象", object);
                            opt_number(f, p, "上期位次", previous);
                            p.truncate(len);
                        }
                        None => {}
                    }
                    opt_number(f, p, "目标", & $($m)? ind.target);
                    opt_text(f, p, "说明", & $($m)? ind.note);
                    p.truncate(item);
                }
                p.truncate(len);
            }
        }
    };
}

walker!(walk_ref, Node,);
walker!(walk_mut, NodeMut, mut);

/// Visits every field of `form` in document order with its canonical path.
pub(crate) fn walk(form: &Form, f: &mut dyn for<'x> FnMut(&str, Node<'x>)) {
    walk_ref::form(form, f);
}

/// Sets every placeholder's path to its canonical field path and returns the
/// paths in document order, e.g. `["主要指标[2].数值", "工作成效[0].要点[1].内容"]`.
pub fn assign_placeholder_paths(form: &mut Form) -> Vec<String> {
    let mut paths = Vec::new();
    walk_mut::form(form, &mut |path, node| {
        let slot = match node {
            NodeMut::Text(Field::Placeholder(p)) => p,
            NodeMut::Number(Field::Placeholder(p)) => p,
            NodeMut::Date(Field::Placeholder(p)) => p,
            _ => return,
        };
        slot.path = path.to_string();
        paths.push(path.to_string());
    });
    paths
}

/// A remark that does not stop rendering, e.g. `xx` left inside a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Canonical field path, e.g. `导语`.
    pub path: String,
    /// The remark in Chinese.
    pub message: String,
}

/// Warnings about placeholders left inside given texts (`20xx年`, `x条`),
/// which mark an unfinished draft (docs/form.md §5), then the data
/// cross-checks of figures and dates (see `crosscheck.rs`).
pub fn warnings(form: &Form) -> Vec<Warning> {
    let mut out = super::unfinished::unfinished(form);
    out.extend(super::refcheck::full_width_warnings(form));
    out.extend(super::teach::suggestions(form));
    out.extend(super::crosscheck::crosscheck(form));
    out
}
