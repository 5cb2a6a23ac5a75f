//! Each edit as the smallest text changes ([`Splice`]s) that make it: only
//! the bytes of the value, entry or item concerned change; comments, key
//! order, quoting and blank lines elsewhere stay as they were.

use serde_json::{Map, Value};

use super::ctx::Ctx;
use super::events::Style;
use super::json::refused;
use super::pos::Text;
use super::render::Layout;
use super::scalar::{self, Written};
use super::tree::{Kind, Node};
use super::{Edit, Step};
use crate::error::Error;

/// Replace `start..end` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

fn splice(start: usize, end: usize, text: impl Into<String>) -> Splice {
    Splice {
        start,
        end,
        text: text.into(),
    }
}

/// A node reached along a path, and how it is held.
#[derive(Debug, Clone, Copy)]
struct At<'a> {
    node: &'a Node,
    ctx: Ctx,
    /// Inside a flow collection (`{…}`, `[…]`).
    flow: bool,
    /// The column of the key or the `-` holding it (block context).
    owner_col: usize,
    /// Just past the `:` or `-` holding it; `None` for the document itself.
    mark: Option<usize>,
    /// Its index among its parent's entries or items.
    slot: usize,
}

/// Plans the splices of one edit on one text.
pub(super) struct Planner<'a> {
    pub text: Text<'a>,
    pub root: Option<&'a Node>,
    pub nl: &'a str,
}

impl<'a> Planner<'a> {
    /// The splices making `edit`.
    pub fn plan(&self, edit: &Edit) -> Result<Vec<Splice>, Error> {
        match edit {
            Edit::Set {
                path,
                value: Some(v),
            } => self.set(path, v),
            Edit::Set { path, value: None } | Edit::Remove { path } => self.remove(path),
            Edit::Insert { path, index, value } => {
                let value = super::json::normalize(value, path)?;
                self.insert(path, *index, value)
            }
            Edit::Move { path, to } => self.move_item(path, *to),
        }
    }

    /// The nodes along `path` as far as they exist, and how many steps that is.
    fn walk(&self, path: &[Step]) -> Result<(Vec<At<'a>>, usize), Error> {
        let Some(root) = self.root else {
            return Ok((Vec::new(), 0));
        };
        let mut ats = vec![At {
            node: root,
            ctx: Ctx::Form,
            flow: false,
            owner_col: 0,
            mark: None,
            slot: 0,
        }];
        for (i, step) in path.iter().enumerate() {
            let here = ats[ats.len() - 1];
            guard(here.node, &path[..i])?;
            let next = match (step, &here.node.kind) {
                (Step::Key(k), Kind::Map { flow, entries }) => {
                    let ctx = here.ctx.as_map();
                    let found: Vec<usize> = (0..entries.len())
                        .filter(|&j| ctx.canonical(entries[j].0.scalar().unwrap_or_default()) == k)
                        .collect();
                    if found.len() > 1 {
                        return Err(refused(
                            &path[..=i],
                            "这个键在表单中出现了不止一次,请先在 YAML 视图中删去多余的一个",
                        ));
                    }
                    let Some(&j) = found.first() else {
                        return Ok((ats, i));
                    };
                    let (key, value) = &entries[j];
                    At {
                        node: value,
                        ctx: ctx.child(k),
                        flow: here.flow || *flow,
                        owner_col: self.text.col(key.start),
                        mark: self.colon_after(key),
                        slot: j,
                    }
                }
                (Step::Index(n), Kind::Seq { flow, items }) if *n < items.len() => {
                    let item = &items[*n];
                    let dash = (!here.flow && !*flow)
                        .then(|| self.text.dash_before(item.start))
                        .flatten();
                    At {
                        node: item,
                        ctx: here.ctx.as_items(),
                        flow: here.flow || *flow,
                        owner_col: dash.map_or(0, |d| self.text.col(d)),
                        mark: dash.map(|d| d + 1),
                        slot: *n,
                    }
                }
                _ => return Ok((ats, i)),
            };
            ats.push(next);
        }
        guard(ats[ats.len() - 1].node, path)?;
        Ok((ats, path.len()))
    }

    /// Just past the `:` after a key.
    fn colon_after(&self, key: &Node) -> Option<usize> {
        let rest = &self.text.0[key.end..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        rest[skipped..]
            .starts_with(':')
            .then_some(key.end + skipped + 1)
    }

    fn set(&self, path: &[Step], v: &str) -> Result<Vec<Splice>, Error> {
        let (ats, n) = self.walk(path)?;
        if n == path.len() {
            return self.set_scalar(ats[ats.len() - 1], v, path);
        }
        let rest = &path[n..];
        let value = nest(&rest[1..], Value::String(v.to_string()), path)?;
        self.add(ats.last().copied(), &rest[0], value, &path[..=n])
    }

    fn insert(
        &self,
        path: &[Step],
        index: Option<usize>,
        value: Value,
    ) -> Result<Vec<Splice>, Error> {
        let (ats, n) = self.walk(path)?;
        if n < path.len() {
            let rest = &path[n..];
            let list = nest(&rest[1..], Value::Array(vec![value]), path)?;
            return self.add(ats.last().copied(), &rest[0], list, &path[..=n]);
        }
        let at = ats[ats.len() - 1];
        match &at.node.kind {
            Kind::Seq { items, .. } if items.is_empty() && !at.flow => {
                self.replace_with(at, Value::Array(vec![value]), path)
            }
            Kind::Seq { flow, items } => {
                self.insert_item(at, *flow, items, index.unwrap_or(items.len()), value, path)
            }
            _ if at.node.scalar() == Some("") => {
                self.replace_with(at, Value::Array(vec![value]), path)
            }
            _ => Err(refused(path, "这里不是列表,不能插入")),
        }
    }

    /// A new key `step` with `value` in the mapping at `at` (the document
    /// when `None`), or an empty value at `at` turned into that mapping.
    fn add(
        &self,
        at: Option<At<'a>>,
        step: &Step,
        value: Value,
        path: &[Step],
    ) -> Result<Vec<Splice>, Error> {
        let Step::Key(key) = step else {
            return Err(refused(path, "列表中没有这一项"));
        };
        let Some(at) = at else {
            // An empty document: the key goes at its end.
            let layout = Layout {
                nl: self.nl,
                english: false,
            };
            let t = self.text;
            let lead = if t.0.is_empty() || t.ends_with_break() {
                ""
            } else {
                self.nl
            };
            let entry = format!(
                "{lead}{}:{}{}",
                layout.key(key, Ctx::Form),
                layout.after_colon(&value, 0, Ctx::Form.child(key)),
                self.nl
            );
            return Ok(vec![splice(t.0.len(), t.0.len(), entry)]);
        };
        match &at.node.kind {
            Kind::Map { entries, .. } if entries.is_empty() && !at.flow && at.mark.is_some() => {
                let mut m = Map::new();
                m.insert(key.clone(), value);
                self.replace_with(at, Value::Object(m), path)
            }
            Kind::Map { flow, entries } => self.insert_entry(at, *flow, entries, key, value),
            _ if at.node.scalar() == Some("") && at.mark.is_some() => {
                let mut m = Map::new();
                m.insert(key.clone(), value);
                self.replace_with(at, Value::Object(m), path)
            }
            _ => Err(refused(
                &path[..path.len() - 1],
                "这个字段是文本,不是含下一级字段的映射;请先清除它",
            )),
        }
    }

    /// A scalar's new value in place.
    fn set_scalar(&self, at: At<'a>, v: &str, path: &[Step]) -> Result<Vec<Splice>, Error> {
        let node = at.node;
        let Kind::Scalar { style, .. } = &node.kind else {
            return Err(refused(path, "这个字段不是文本,不能直接改为文本"));
        };
        let t = self.text;
        if at.flow {
            let text = scalar::inline(v, true);
            return Ok(vec![if node.is_absent() {
                splice(node.start, node.end, format!(" {text}"))
            } else {
                splice(node.start, node.end, text)
            }]);
        }
        if at.mark.is_none() {
            return Err(refused(path, "表单的最外层应是“键: 值”的映射"));
        }
        let block = matches!(style, Style::Literal | Style::Folded);
        // A block scalar's header line may carry a comment: kept.
        let header_tail = |start: usize| {
            let line = &t.0[start..t.line_end(start)];
            let body = line.trim_start_matches([
                '|', '>', '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
            ]);
            body.to_string()
        };
        Ok(vec![match scalar::write(v, false) {
            Written::Inline(text) if node.is_absent() => {
                splice(node.start, node.end, format!(" {text}"))
            }
            Written::Inline(text) if block => {
                let end = t.line_end(node.end);
                splice(
                    node.start,
                    end,
                    format!("{text}{}", header_tail(node.start)),
                )
            }
            Written::Inline(text) => splice(node.start, node.end, text),
            Written::Block { header, lines } => {
                let body = self.block_body(&lines, at.owner_col + 2);
                let end = t.line_end(node.end);
                let (start, lead, tail) = if node.is_absent() {
                    (node.start, " ", t.0[node.start..end].to_string())
                } else if block {
                    (node.start, "", header_tail(node.start))
                } else {
                    (node.start, "", t.0[node.end..end].to_string())
                };
                splice(start, end, format!("{lead}{header}{tail}{body}"))
            }
        }])
    }

    /// A new line `line` inserted at `pos`, the start of a line; at the
    /// end of a file without a final line break the break goes before it,
    /// so the file still ends as it did.
    fn line_at(&self, pos: usize, line: &str) -> String {
        if pos == self.text.0.len() && !self.text.ends_with_break() {
            format!("{}{line}", self.nl)
        } else {
            format!("{line}{}", self.nl)
        }
    }

    /// Whole lines `start..end` removed; when they run to the end of a file
    /// without a final line break, the break before them goes too.
    fn lines_removed(&self, start: usize, end: usize) -> Splice {
        let t = self.text;
        if end == t.0.len() && !t.ends_with_break() && start > 0 {
            let before = t.0[..start - 1]
                .strip_suffix('\r')
                .map_or(start - 1, str::len);
            splice(before, end, "")
        } else {
            splice(start, end, "")
        }
    }

    fn block_body(&self, lines: &[String], indent: usize) -> String {
        let mut out = String::new();
        for l in lines {
            out.push_str(self.nl);
            if !l.is_empty() {
                out.push_str(&" ".repeat(indent));
                out.push_str(l);
            }
        }
        out
    }

    /// An empty value (`key:`, `''`, `[]`, `{}`) replaced by a list or mapping.
    fn replace_with(&self, at: At<'a>, value: Value, path: &[Step]) -> Result<Vec<Splice>, Error> {
        let node = at.node;
        let layout = Layout {
            nl: self.nl,
            english: false,
        };
        if at.flow {
            let text = layout.flow(&value, at.ctx);
            return Ok(vec![if node.is_absent() {
                splice(node.start, node.end, format!(" {text}"))
            } else {
                splice(node.start, node.end, text)
            }]);
        }
        let Some(mark) = at.mark else {
            return Err(refused(path, "表单的最外层应是“键: 值”的映射"));
        };
        let t = self.text;
        // From just after the `:` or `-`: the old value and the blanks before it.
        if t.back_over_blanks(node.start) != mark && !node.is_absent() {
            return Err(refused(
                path,
                "这一处的写法无法在表单视图中修改,请在 YAML 视图中修改",
            ));
        }
        let start = mark;
        let end = node.end.max(mark);
        let line_end = t.line_end(end);
        let tail = &t.0[end..line_end];
        let text = layout.after_colon(&value, at.owner_col, at.ctx);
        let new = if text.starts_with(self.nl) {
            format!("{tail}{text}")
        } else {
            format!("{text}{tail}")
        };
        Ok(vec![splice(start, line_end, new)])
    }

    /// A new entry in a mapping, after the keys that come before it in the
    /// blank form's order.
    fn insert_entry(
        &self,
        at: At<'a>,
        flow: bool,
        entries: &[(Node, Node)],
        key: &str,
        value: Value,
    ) -> Result<Vec<Splice>, Error> {
        let ctx = at.ctx.as_map();
        let written: Vec<&str> = entries
            .iter()
            .map(|(k, _)| k.scalar().unwrap_or_default())
            .collect();
        let layout = Layout {
            nl: self.nl,
            english: ctx.all_english(&written),
        };
        let rank = ctx.order(key);
        let after = match rank {
            Some(r) => (0..entries.len())
                .rev()
                .find(|&j| ctx.order(ctx.canonical(written[j])).is_some_and(|o| o < r)),
            None => entries.len().checked_sub(1),
        };
        let end_of = |j: usize| entries[j].0.end.max(entries[j].1.end);
        let t = self.text;
        if flow || at.flow {
            let entry = format!(
                "{}: {}",
                layout.key(key, ctx),
                layout.flow(&value, ctx.child(key))
            );
            return Ok(vec![match after {
                Some(j) => splice(end_of(j), end_of(j), format!(", {entry}")),
                None if entries.is_empty() => {
                    let open = at.node.start;
                    if !t.0[open..].starts_with('{') {
                        return Err(refused(&[], "这一处的写法无法在表单视图中修改"));
                    }
                    splice(open + 1, open + 1, entry)
                }
                None => splice(entries[0].0.start, entries[0].0.start, format!("{entry}, ")),
            }]);
        }
        let first = entries[0].0.start;
        let col = t.col(first);
        let entry = format!(
            "{}:{}",
            layout.key(key, ctx),
            layout.after_colon(&value, col, ctx.child(key))
        );
        let indent = " ".repeat(col);
        Ok(vec![match after {
            Some(j) => {
                let pos = t.entry_end(end_of(j), col);
                splice(pos, pos, self.line_at(pos, &format!("{indent}{entry}")))
            }
            None if t.first_on_line(first) => {
                let pos = t.line_start(first);
                splice(pos, pos, format!("{indent}{entry}{}", self.nl))
            }
            None => splice(first, first, format!("{entry}{}{indent}", self.nl)),
        }])
    }

    /// A new item in a list, laid out like its neighbours.
    fn insert_item(
        &self,
        at: At<'a>,
        flow: bool,
        items: &[Node],
        index: usize,
        value: Value,
        path: &[Step],
    ) -> Result<Vec<Splice>, Error> {
        if index > items.len() {
            return Err(refused(path, "插入的位置超出了列表"));
        }
        let ctx = at.ctx.as_items();
        let english = items.iter().any(|n| match &n.kind {
            Kind::Map { entries, .. } => {
                let keys: Vec<&str> = entries
                    .iter()
                    .map(|(k, _)| k.scalar().unwrap_or_default())
                    .collect();
                ctx.as_map().all_english(&keys)
            }
            _ => false,
        });
        let layout = Layout {
            nl: self.nl,
            english,
        };
        let t = self.text;
        if flow || at.flow {
            let text = layout.flow(&value, ctx);
            return Ok(vec![if items.is_empty() {
                let open = at.node.start;
                if !t.0[open..].starts_with('[') {
                    return Err(refused(path, "这一处的写法无法在表单视图中修改"));
                }
                splice(open + 1, open + 1, text)
            } else if index < items.len() {
                splice(items[index].start, items[index].start, format!("{text}, "))
            } else {
                let e = items[items.len() - 1].end;
                splice(e, e, format!(", {text}"))
            }]);
        }
        let dashes = self.dashes(items, path)?;
        let col = t.col(dashes[0]);
        let neighbour = &items[index.min(items.len() - 1).max(index.saturating_sub(1))];
        let flow_like = matches!(neighbour.kind, Kind::Map { flow: true, .. });
        let text = format!(
            "{}- {}",
            " ".repeat(col),
            layout.item(&value, col, ctx, flow_like)
        );
        Ok(vec![if index < items.len() {
            let pos = t.line_start(dashes[index]);
            splice(pos, pos, format!("{text}{}", self.nl))
        } else {
            let pos = t.entry_end(items[items.len() - 1].end, col);
            splice(pos, pos, self.line_at(pos, &text))
        }])
    }

    /// The `-` of every item of a block list, each first on its line.
    fn dashes(&self, items: &[Node], path: &[Step]) -> Result<Vec<usize>, Error> {
        items
            .iter()
            .map(|item| {
                self.text
                    .dash_before(item.start)
                    .filter(|&d| self.text.first_on_line(d))
                    .ok_or_else(|| {
                        refused(
                            path,
                            "这一处列表的写法无法在表单视图中修改,请在 YAML 视图中修改",
                        )
                    })
            })
            .collect()
    }

    fn remove(&self, path: &[Step]) -> Result<Vec<Splice>, Error> {
        let (ats, n) = self.walk(path)?;
        if n < path.len() || ats.len() < 2 {
            return Err(refused(path, "没有这个字段"));
        }
        let target = ats[ats.len() - 1];
        let parent = ats[ats.len() - 2];
        if contains_anchor(target.node) {
            return Err(refused(path, ANCHOR_MESSAGE));
        }
        match &parent.node.kind {
            Kind::Map { flow, entries } => self.remove_entry(parent, *flow, entries, target.slot),
            Kind::Seq { flow, items } => self.remove_item(parent, *flow, items, target.slot, path),
            _ => Err(refused(path, "没有这个字段")),
        }
    }

    fn remove_entry(
        &self,
        parent: At<'a>,
        flow: bool,
        entries: &[(Node, Node)],
        j: usize,
    ) -> Result<Vec<Splice>, Error> {
        let spans: Vec<(usize, usize)> = entries
            .iter()
            .map(|(k, v)| (k.start, k.end.max(v.end)))
            .collect();
        if flow || parent.flow {
            return Ok(vec![comma_removal(&spans, j)]);
        }
        let t = self.text;
        let (start, end) = spans[j];
        let col = t.col(start);
        if !t.first_on_line(start) {
            // `- 名称: 甲` with 名称 removed: the next key moves up beside the `-`.
            return Ok(vec![match spans.get(j + 1) {
                Some(&(next, _)) if j == 0 => splice(start, next, ""),
                _ => splice(start, end, "{}"),
            }]);
        }
        let lines = self.lines_removed(t.line_start(start), t.entry_end(end, col));
        if entries.len() > 1 {
            return Ok(vec![lines]);
        }
        // The last key of a mapping: `{}` keeps it a mapping.
        Ok(match parent.mark {
            Some(mark) => vec![splice(mark, mark, " {}"), lines],
            None => vec![lines],
        })
    }

    fn remove_item(
        &self,
        parent: At<'a>,
        flow: bool,
        items: &[Node],
        i: usize,
        path: &[Step],
    ) -> Result<Vec<Splice>, Error> {
        if flow || parent.flow {
            let spans: Vec<(usize, usize)> = items.iter().map(|n| (n.start, n.end)).collect();
            return Ok(vec![comma_removal(&spans, i)]);
        }
        let dashes = self.dashes(items, path)?;
        let t = self.text;
        let col = t.col(dashes[0]);
        let lines = self.lines_removed(t.line_start(dashes[i]), t.entry_end(items[i].end, col));
        if items.len() > 1 {
            return Ok(vec![lines]);
        }
        // The last item: `[]` keeps it a list.
        match parent.mark {
            Some(mark) if mark <= dashes[i] => Ok(vec![splice(mark, mark, " []"), lines]),
            _ => Err(refused(
                path,
                "这一处列表的写法无法在表单视图中修改,请在 YAML 视图中修改",
            )),
        }
    }

    fn move_item(&self, path: &[Step], to: usize) -> Result<Vec<Splice>, Error> {
        let (ats, n) = self.walk(path)?;
        if n < path.len() || ats.len() < 2 {
            return Err(refused(path, "没有这个字段"));
        }
        let target = ats[ats.len() - 1];
        let parent = ats[ats.len() - 2];
        let Kind::Seq { flow, items } = &parent.node.kind else {
            return Err(refused(path, "只能移动列表中的一项"));
        };
        if contains_anchor(parent.node) {
            return Err(refused(path, ANCHOR_MESSAGE));
        }
        let from = target.slot;
        if to >= items.len() {
            return Err(refused(path, "移动的位置超出了列表"));
        }
        let mut order: Vec<usize> = (0..items.len()).collect();
        let moved = order.remove(from);
        order.insert(to, moved);
        let t = self.text;
        if *flow || parent.flow {
            let seps: Vec<&str> = items
                .windows(2)
                .map(|w| &t.0[w[0].end..w[1].start])
                .collect();
            let mut out = String::new();
            for (k, &i) in order.iter().enumerate() {
                if k > 0 {
                    out.push_str(seps[k - 1]);
                }
                out.push_str(&t.0[items[i].start..items[i].end]);
            }
            return Ok(vec![splice(
                items[0].start,
                items[items.len() - 1].end,
                out,
            )]);
        }
        let dashes = self.dashes(items, path)?;
        let col = t.col(dashes[0]);
        let starts: Vec<usize> = dashes.iter().map(|&d| t.line_start(d)).collect();
        let end = t.entry_end(items[items.len() - 1].end, col);
        let mut chunks: Vec<String> = (0..items.len())
            .map(|k| t.0[starts[k]..starts.get(k + 1).copied().unwrap_or(end)].to_string())
            .collect();
        // The last item at the very end of a file without a final line break.
        let unterminated = !chunks[chunks.len() - 1].ends_with('\n');
        if unterminated {
            let last = chunks.len() - 1;
            chunks[last].push_str(self.nl);
        }
        let mut out: String = order.iter().map(|&i| chunks[i].as_str()).collect();
        if unterminated {
            out.truncate(out.len() - self.nl.len());
        }
        Ok(vec![splice(starts[0], end, out)])
    }
}

/// Removing entry or item `j` of a flow collection with one of its commas.
fn comma_removal(spans: &[(usize, usize)], j: usize) -> Splice {
    let n = spans.len();
    if n == 1 {
        splice(spans[0].0, spans[0].1, "")
    } else if j + 1 < n {
        splice(spans[j].0, spans[j + 1].0, "")
    } else {
        splice(spans[j - 1].1, spans[j].1, "")
    }
}

const ANCHOR_MESSAGE: &str =
    "这一处用了锚点、别名或标签(&、*、!),无法在表单视图中修改;请在 YAML 视图中修改";

/// Refuses a node written with an anchor, alias or tag: editing it would
/// change what other places repeat, or drop what the tag says.
fn guard(node: &Node, path: &[Step]) -> Result<(), Error> {
    if node.anchor || node.tag || matches!(node.kind, Kind::Alias(_)) {
        return Err(refused(path, ANCHOR_MESSAGE));
    }
    Ok(())
}

/// Whether a node or any below it carries an anchor or is an alias.
fn contains_anchor(node: &Node) -> bool {
    node.anchor
        || node.tag
        || match &node.kind {
            Kind::Alias(_) => true,
            Kind::Scalar { .. } => false,
            Kind::Map { entries, .. } => entries
                .iter()
                .any(|(k, v)| contains_anchor(k) || contains_anchor(v)),
            Kind::Seq { items, .. } => items.iter().any(contains_anchor),
        }
}

/// `value` under the keys `steps` (`[排名, 范围]`, `全省` → `{排名: {范围: 全省}}`).
fn nest(steps: &[Step], value: Value, path: &[Step]) -> Result<Value, Error> {
    let mut v = value;
    for step in steps.iter().rev() {
        let Step::Key(k) = step else {
            return Err(refused(path, "列表中没有这一项"));
        };
        let mut m = Map::new();
        m.insert(k.clone(), v);
        v = Value::Object(m);
    }
    Ok(v)
}
