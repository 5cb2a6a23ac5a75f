//! The lossless edit engine: a form's YAML text with the byte span of every
//! node, and edits that change only the bytes they must — comments, key
//! order, quoting and blank lines elsewhere stay as the clerk left them.
//!
//! `huibao import --into`, `huibao next` and the form view of `huibao serve`
//! all edit forms through [`Source`]. The spans come from libyaml's event
//! stream ([`events`]), the parser the form reader itself runs through
//! serde_yaml, so the engine and the reader always agree on what the text
//! says. Every edit is checked before it is kept: the new text is parsed
//! again and must give exactly the tree the edit means ([`json::expected`]),
//! else the edit is refused and the text stays as it was.
//!
//! What cannot be edited in place without rewriting other text — nodes
//! with anchors, aliases or tags, lists written `- - …` — is refused with a
//! Chinese message naming the field.

mod ctx;
mod events;
mod json;
mod ops;
mod pos;
mod render;
mod scalar;
mod tree;

use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

use ctx::Ctx;
use ops::{Planner, Splice};
use pos::Text;
use tree::Node;

/// A form's text and its node tree.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    root: Option<Node>,
    /// The file's line ending, for new lines.
    nl: &'static str,
    /// The tree, once asked for: each edit compares the tree before with the
    /// tree after, and the one after is the next edit's before.
    tree: std::sync::OnceLock<Value>,
}

/// One change to a form, as the form view sends it (JSON, `op` names the kind).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Edit {
    /// Sets a scalar (creating missing keys/mappings on the way); `None` removes the key.
    /// Setting the value a field already has changes nothing.
    Set {
        path: Vec<Step>,
        value: Option<String>,
    },
    /// Inserts into the list at `path` (created if missing) at `index` (end if None):
    /// a string, or an object of strings / arrays / objects.
    Insert {
        path: Vec<Step>,
        index: Option<usize>,
        value: Value,
    },
    /// Removes a key or a list item.
    Remove { path: Vec<Step> },
    /// Moves a list item to a new index (its index once moved).
    Move { path: Vec<Step>, to: usize },
}

/// One step of a field path: a key (canonical Chinese; the engine finds it
/// however the form spells it) or a list index from 0.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl From<&str> for Step {
    fn from(k: &str) -> Self {
        Step::Key(k.to_string())
    }
}

impl From<usize> for Step {
    fn from(i: usize) -> Self {
        Step::Index(i)
    }
}

/// `[主要指标, 0, 数值]` → `主要指标[0].数值`, as field paths are shown.
pub fn path_string(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

impl Source {
    /// Reads a form's text; a YAML syntax error is worded as the form
    /// reader words it, with its line and column.
    pub fn parse(text: &str) -> Result<Source, Error> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let root = tree::build(&text[bom..], bom)?;
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Ok(Source {
            text: text.to_string(),
            root,
            nl,
            tree: std::sync::OnceLock::new(),
        })
    }

    /// The text, as read and as edited.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The form for the form view: JSON with canonical Chinese keys (aliases and English
    /// spellings mapped), key order kept, every scalar as the string the clerk typed
    /// (quotes removed, escapes decoded), empty values as "", lists as arrays.
    pub fn tree(&self) -> Value {
        self.cached_tree().clone()
    }

    fn cached_tree(&self) -> &Value {
        self.tree.get_or_init(|| match &self.root {
            Some(root) => json::node_json(root, Ctx::Form),
            None => Value::Object(serde_json::Map::new()),
        })
    }

    /// Applies one edit. On error (a path that does not fit the form, a
    /// place the engine cannot edit losslessly) the text is unchanged and
    /// the error names the field.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), Error> {
        let before = self.cached_tree();
        let wanted = json::expected(before, edit)?;
        if wanted != *before && lone_carriage_return(&self.text) {
            return Err(Error::new(
                crate::error::ErrorKind::Form,
                "表单文件用的是旧式换行符(只有 CR),无法在表单视图中修改;\
                 请在 YAML 视图中修改,或用编辑器另存为通常的换行符",
            ));
        }
        if wanted == *before {
            return Ok(());
        }
        let planner = Planner {
            text: Text(&self.text),
            root: self.root.as_ref(),
            nl: self.nl,
        };
        let mut splices = planner.plan(edit)?;
        let text = splice_all(&self.text, &mut splices);
        let path = match edit {
            Edit::Set { path, .. }
            | Edit::Insert { path, .. }
            | Edit::Remove { path }
            | Edit::Move { path, .. } => path,
        };
        let unsafe_edit = || {
            json::refused(
                path,
                "这一处无法在不改动其他内容的情况下修改,未作改动;请在 YAML 视图中修改",
            )
        };
        let edited = Source::parse(&text).map_err(|_| unsafe_edit())?;
        if *edited.cached_tree() != wanted {
            return Err(unsafe_edit());
        }
        *self = edited;
        Ok(())
    }

    /// Applies edits in order; on the first error the text is as it was
    /// before any of them.
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<(), Error> {
        let mut work = self.clone();
        for e in edits {
            work.apply(e)?;
        }
        *self = work;
        Ok(())
    }

    /// The 1-based line and column where the node at `path` is written, if
    /// it is (for jumping from a field to its line).
    pub fn locate(&self, path: &[Step]) -> Option<(usize, usize)> {
        let node = self.node(path)?;
        Some(tree::line_col(&self.text, node.start))
    }

    /// The bytes of the text holding the node at `path` (a value, not its key).
    pub fn span(&self, path: &[Step]) -> Option<std::ops::Range<usize>> {
        let node = self.node(path)?;
        Some(node.start..node.end)
    }

    /// The whole lines of the entry whose key is at `path` (a key in a
    /// block mapping): from the start of the key's line to the end of its
    /// value's last line, with the comment lines indented under it.
    pub fn entry_span(&self, path: &[Step]) -> Option<std::ops::Range<usize>> {
        let (key, value) = self.entry(path)?;
        let t = Text(&self.text);
        if !t.first_on_line(key.start) {
            return None;
        }
        let end = t.entry_end(value.end.max(key.end), t.col(key.start));
        Some(t.line_start(key.start)..end)
    }

    /// Writes comment lines (`lines`, without `#`) above the key at `path`,
    /// indented like it. The form itself does not change.
    pub fn comment_above(&mut self, path: &[Step], lines: &[String]) -> Result<(), Error> {
        let not_here = || json::refused(path, "这里不能加注释");
        let (key, _) = self.entry(path).ok_or_else(not_here)?;
        let t = Text(&self.text);
        if !t.first_on_line(key.start) {
            return Err(not_here());
        }
        let indent = " ".repeat(t.col(key.start));
        let mut block = String::new();
        for l in lines {
            let l = l.trim_end();
            block.push_str(&indent);
            block.push('#');
            if !l.is_empty() {
                block.push(' ');
                block.push_str(l);
            }
            block.push_str(self.nl);
        }
        let at = t.line_start(key.start);
        let mut text = self.text.clone();
        text.insert_str(at, &block);
        let edited = Source::parse(&text).map_err(|_| not_here())?;
        if edited.cached_tree() != self.cached_tree() {
            return Err(not_here());
        }
        *self = edited;
        Ok(())
    }

    /// The key and value nodes of the entry at `path`.
    fn entry(&self, path: &[Step]) -> Option<(&Node, &Node)> {
        let (Step::Key(k), parent) = path.split_last()? else {
            return None;
        };
        let map = self.node(parent)?;
        let tree::Kind::Map { entries, .. } = &map.kind else {
            return None;
        };
        let ctx = self.ctx(parent).as_map();
        entries
            .iter()
            .find(|(key, _)| ctx.canonical(key.scalar().unwrap_or_default()) == k)
            .map(|(k, v)| (k, v))
    }

    /// What the node at `path` is (a figure, a section …).
    fn ctx(&self, path: &[Step]) -> Ctx {
        let mut ctx = Ctx::Form;
        for step in path {
            ctx = match step {
                Step::Key(k) => ctx.as_map().child(k),
                Step::Index(_) => ctx.as_items(),
            };
        }
        ctx
    }

    fn node(&self, path: &[Step]) -> Option<&Node> {
        let mut node = self.root.as_ref()?;
        let mut ctx = Ctx::Form;
        for step in path {
            let (next, next_ctx) = match (step, &node.kind) {
                (Step::Key(k), tree::Kind::Map { entries, .. }) => {
                    let m = ctx.as_map();
                    let (_, v) = entries
                        .iter()
                        .find(|(key, _)| m.canonical(key.scalar().unwrap_or_default()) == k)?;
                    (v, m.child(k))
                }
                (Step::Index(i), tree::Kind::Seq { items, .. }) => (items.get(*i)?, ctx.as_items()),
                _ => return None,
            };
            node = next;
            ctx = next_ctx;
        }
        Some(node)
    }
}

/// Whether a line ends with a CR alone (old Mac editors): new lines could
/// not be written in the file's own way.
fn lone_carriage_return(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'))
}

/// `text` with every splice made (they do not overlap).
fn splice_all(text: &str, splices: &mut [Splice]) -> String {
    splices.sort_by_key(|s| (s.start, s.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for s in splices.iter() {
        out.push_str(&text[at..s.start]);
        out.push_str(&s.text);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
