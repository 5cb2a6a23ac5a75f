//! The node tree of a form's text: every node with the byte span it
//! occupies, built from libyaml's events ([`super::events`]).

use crate::error::{Error, ErrorKind};

use super::events::{Event, Parser, Style};

/// Deepest nesting accepted, as the form reader (serde_yaml's recursion limit).
pub(super) const MAX_DEPTH: usize = 128;

/// One node and where it is written.
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// Byte offset of its first character (for a collection, of its first
    /// key, item indicator or opening bracket; for an empty value, where the
    /// value would start: just after `:` or `-`).
    pub start: usize,
    /// Byte offset just past its last character: a block scalar ends with its
    /// last non-blank character, not after its trailing line breaks.
    pub end: usize,
    pub kind: Kind,
    /// Written with an anchor (`&a`): other nodes may repeat it.
    pub anchor: bool,
    /// Written with a tag (`!!str`).
    pub tag: bool,
    /// What the node costs written out with its aliases expanded, for the
    /// alias-bomb cap.
    pub weight: usize,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Scalar {
        value: String,
        style: Style,
    },
    /// `*a`: a copy of the anchored node, expanded.
    Alias(Box<Node>),
    Map {
        flow: bool,
        entries: Vec<(Node, Node)>,
    },
    Seq {
        flow: bool,
        items: Vec<Node>,
    },
}

impl Node {
    /// Whether this is an empty value (`key:`, `~`, `null`): a placeholder
    /// in every field of the form.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, style: Style::Plain }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// Whether the value is written nowhere (`key:` with nothing after it).
    pub fn is_absent(&self) -> bool {
        self.start == self.end && self.is_null()
    }

    /// The scalar's value as the form sees it (`""` for an empty value).
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            _ if self.is_null() => Some(""),
            Kind::Scalar { value, .. } => Some(value),
            Kind::Alias(target) => target.scalar(),
            _ => None,
        }
    }
}

/// A collection being read.
struct Open {
    start: usize,
    flow: bool,
    map: bool,
    anchor: Option<String>,
    tag: bool,
    items: Vec<Node>,
}

/// Builds the tree of `text` (no byte-order mark), offsets shifted by
/// `base`; `None` for a document with no content. Syntax errors are worded
/// as the form reader words them.
pub(super) fn build(text: &str, base: usize) -> Result<Option<Node>, Error> {
    let mut parser = Parser::new(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: Vec<(String, Node)> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    // Aliases may not make the form more than twice its size written out
    // (docs/form.md §10.4); the form reader refuses the same.
    let budget = super::super::budget::for_source(text.len());
    let mut spent = 0usize;
    loop {
        let Some(event) = parser.next() else {
            return Err(syntax_error(text));
        };
        let map = matches!(event, Event::MappingStart { .. });
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(form_error(
                        "一个表单文件只能有一份内容,这里的“---”又开始了一份;请删去它,或把后面的内容另存为一个表单",
                    ));
                }
                continue;
            }
            Event::MappingStart {
                flow,
                anchor,
                tag,
                start,
            }
            | Event::SequenceStart {
                flow,
                anchor,
                tag,
                start,
            } => {
                if stack.len() >= MAX_DEPTH {
                    return Err(form_error(
                        "嵌套层数过深(超过 128 层),表单不应有这样深的结构",
                    ));
                }
                stack.push(Open {
                    start: start + base,
                    flow,
                    map,
                    anchor,
                    tag,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingEnd { end } | Event::SequenceEnd { end } => {
                let Some(open) = stack.pop() else {
                    return Err(syntax_error(text));
                };
                close(open, end + base, &mut anchors)
            }
            Event::Scalar {
                value,
                style,
                anchor,
                tag,
                start,
                end,
            } => {
                let end = match style {
                    // libyaml ends a block scalar after its trailing breaks.
                    Style::Literal | Style::Folded => content_end(text, start, end) + base,
                    _ => end + base,
                };
                let node = Node {
                    start: start + base,
                    end,
                    weight: value.len() + 2,
                    kind: Kind::Scalar { value, style },
                    anchor: anchor.is_some(),
                    tag,
                };
                if let Some(name) = anchor {
                    anchors.push((name, node.clone()));
                }
                node
            }
            Event::Alias { name, start, end } => {
                let Some((_, target)) = anchors.iter().rev().find(|(n, _)| *n == name) else {
                    return Err(syntax_error(text));
                };
                spent = spent.saturating_add(target.weight);
                if spent > budget {
                    return Err(form_error(
                        "锚点与别名(& 与 *)展开后的内容超过表单本身的两倍,不予处理;请直接写出内容",
                    ));
                }
                Node {
                    start: start + base,
                    end: end + base,
                    weight: target.weight,
                    kind: Kind::Alias(Box::new(target.clone())),
                    anchor: false,
                    tag: false,
                }
            }
        };
        match stack.last_mut() {
            Some(open) => open.items.push(node),
            None => root = Some(node),
        }
    }
    Ok(root)
}

/// A finished collection; an anchored one is remembered for its aliases.
fn close(open: Open, end: usize, anchors: &mut Vec<(String, Node)>) -> Node {
    let last_end = open.items.iter().map(|n| n.end).max().unwrap_or(open.start);
    let weight = open.items.iter().map(|n| n.weight).sum::<usize>() + 2;
    let end = if open.flow { end } else { last_end };
    let kind = if open.map {
        let mut entries = Vec::with_capacity(open.items.len() / 2);
        let mut items = open.items.into_iter();
        while let (Some(k), Some(v)) = (items.next(), items.next()) {
            entries.push((k, v));
        }
        Kind::Map {
            flow: open.flow,
            entries,
        }
    } else {
        Kind::Seq {
            flow: open.flow,
            items: open.items,
        }
    };
    let node = Node {
        start: open.start,
        end,
        kind,
        anchor: open.anchor.is_some(),
        tag: open.tag,
        weight,
    };
    if let Some(name) = open.anchor {
        anchors.push((name, node.clone()));
    }
    node
}

/// The end of a block scalar's last non-blank character (at least its
/// indicator's end).
fn content_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end.min(bytes.len());
    while e > start + 1 && matches!(bytes[e - 1], b' ' | b'\t' | b'\n' | b'\r') {
        e -= 1;
    }
    e
}

fn form_error(message: &str) -> Error {
    Error::new(ErrorKind::Form, message)
}

/// The syntax error the form reader gives for `text`, with its line and column.
fn syntax_error(text: &str) -> Error {
    let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return form_error("格式错误:无法解析这里的内容;请检查本行和上一行的缩进、冒号和引号");
    };
    let (message, at) = super::super::syntax::translate_syntax(&e.to_string(), text);
    let at = at.or_else(|| e.location().map(|l| (l.line(), l.column())));
    let err = form_error(&message);
    match at {
        Some((l, c)) => err.at_line(l, c),
        None => err,
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}
