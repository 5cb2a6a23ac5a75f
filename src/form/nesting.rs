//! How deeply a form nests, measured before the YAML parser sees it
//! (docs/form.md §10.4).
//!
//! libyaml rescans its stack of possible keys for every token, one entry per
//! open `[` or `{`: 100,000 nested brackets (200 KB) took 75 seconds, and a
//! `- - - …` line of 400,000 levels loads 400,000 events before serde_yaml's
//! own depth limit says no. A real form nests about ten levels (form → 工作成效
//! → 板块 → 要点 → 条目 → 指标 → 其中 → 排名), so [`check`] refuses more than
//! [`MAX_DEPTH`] in one linear pass over the text.
//!
//! The pass knows just enough YAML not to count what is text: comments,
//! quoted scalars (also over several lines), block scalars (`|`, `>`) and
//! brackets inside a plain scalar (`导语: 全市[一]`). Block levels are the
//! indentation columns of the lines and of compact entries (`- - x`); flow
//! levels are open brackets. It may count a level or two more than the
//! parser would (a plain scalar's continuation line), never fewer.

use crate::error::{Error, ErrorKind};

/// Deepest nesting accepted, block and flow levels together.
pub const MAX_DEPTH: usize = 64;

/// Refuses a form nested deeper than [`MAX_DEPTH`], at the line and column
/// where it passes the limit.
pub(crate) fn check(text: &str) -> Result<(), Error> {
    match deepest(text) {
        None => Ok(()),
        Some((line, column)) => Err(Error::new(
            ErrorKind::Form,
            format!(
                "表单嵌套过深:从这里起列表或映射套了超过 {MAX_DEPTH} 层(正常的表单不超过十来层);\
                 请检查是否误输入了成串的“[”“{{”或短横“-”,若括号是文字的一部分,请给整个值加引号"
            ),
        )
        .at_line(line, column)),
    }
}

/// The scanner's state between lines.
#[derive(Default)]
struct Scan {
    /// Indentation columns of the open block nodes, innermost last.
    block: Vec<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// Inside a quoted scalar opened by this byte.
    quote: Option<u8>,
    /// Inside a block scalar whose lines are indented more than this.
    literal: Option<usize>,
    /// A node may start at the next non-blank character.
    node_start: bool,
}

/// The line and column (1-based, in characters) where the nesting first
/// passes [`MAX_DEPTH`], if it does.
fn deepest(text: &str) -> Option<(usize, usize)> {
    let mut s = Scan::default();
    for (i, line) in text.split('\n').enumerate() {
        if let Some(byte) = s.line(line) {
            let column = line[..byte].chars().count() + 1;
            return Some((i + 1, column));
        }
    }
    None
}

impl Scan {
    fn depth(&self) -> usize {
        self.block.len() + self.flow
    }

    /// Scans one line; the byte offset where the depth passes the limit.
    fn line(&mut self, line: &str) -> Option<usize> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes[indent..]
            .iter()
            .all(|&b| b == b' ' || b == b'\t' || b == b'\r');
        if let Some(parent) = self.literal {
            if blank || indent > parent {
                return None;
            }
            self.literal = None;
        }
        let mut at = 0;
        // A line of block structure: neither inside a quote nor inside brackets.
        if self.quote.is_none() && self.flow == 0 {
            if blank || bytes[indent] == b'#' {
                return None;
            }
            while self.block.last().is_some_and(|&c| c >= indent) {
                self.block.pop();
            }
            self.block.push(indent);
            if self.depth() > MAX_DEPTH {
                return Some(indent);
            }
            at = indent;
            // The column a block scalar on this line must be indented past.
            let mut parent = indent;
            // Compact entries: `- - x`, `? key`, each a level deeper.
            while matches!(bytes.get(at), Some(b'-' | b'?'))
                && matches!(bytes.get(at + 1), None | Some(b' '))
            {
                parent = at;
                let next = at + 1 + bytes[at + 1..].iter().take_while(|&&b| b == b' ').count();
                if next >= bytes.len() || bytes[next] == b'#' {
                    return None;
                }
                self.block.push(next);
                if self.depth() > MAX_DEPTH {
                    return Some(next);
                }
                at = next;
            }
            self.node_start = true;
            return self.inline(bytes, at, parent);
        }
        self.inline(bytes, at, indent)
    }

    /// Scans the rest of a line from `at` for quotes, brackets and block
    /// scalars; `parent` is the column a block scalar's lines must pass.
    fn inline(&mut self, bytes: &[u8], mut at: usize, mut parent: usize) -> Option<usize> {
        while at < bytes.len() {
            let b = bytes[at];
            if let Some(q) = self.quote {
                match b {
                    b'\\' if q == b'"' => at += 1,
                    b'\'' if q == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 1,
                    _ if b == q => {
                        self.quote = None;
                        self.node_start = false;
                    }
                    _ => {}
                }
                at += 1;
                continue;
            }
            let after_space = at == 0 || matches!(bytes[at - 1], b' ' | b'\t');
            let spaced = matches!(bytes.get(at + 1), None | Some(b' ' | b'\t'));
            match b {
                b' ' | b'\t' => {}
                b'#' if after_space => return None,
                b'"' | b'\'' if self.node_start => self.quote = Some(b),
                b'[' | b'{' if self.node_start || self.flow > 0 => {
                    self.flow += 1;
                    if self.depth() > MAX_DEPTH {
                        return Some(at);
                    }
                    self.node_start = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    self.node_start = false;
                }
                b',' if self.flow > 0 => self.node_start = true,
                b':' if spaced || self.flow > 0 => self.node_start = true,
                b'-' | b'?' if self.node_start && spaced => {}
                // Anchors, tags and aliases: a name, then the node itself.
                b'&' | b'!' | b'*' if self.node_start => {
                    while at + 1 < bytes.len() && !matches!(bytes[at + 1], b' ' | b'\t') {
                        at += 1;
                    }
                }
                b'|' | b'>' if self.node_start && self.flow == 0 => {
                    self.literal = Some(parent);
                    return None;
                }
                _ => {
                    // A key starting here: a block scalar after its colon must
                    // be indented past the key's column.
                    if self.node_start && self.flow == 0 {
                        parent = at;
                    }
                    self.node_start = false;
                }
            }
            at += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> Option<(usize, usize)> {
        deepest(text)
    }

    #[test]
    fn real_forms_pass() {
        for form in [
            "地区: 甲\n工作成效:\n  - 标题: 乙\n    要点:\n      - 标题: 丙\n        指标:\n          - 名称: 丁\n            其中: [{名称: 戊, 数值: 1, 排名: {范围: 全省, 位次: 2}}]\n",
            "导语: 全市[一]{二}[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
            "导语: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n",
            "导语: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"\n",
            "导语: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n\n  {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n单位: 乙\n",
            "要点:\n  - |\n    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
            "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
            "导语: 甲 # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
            "导语: it's [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
        ] {
            assert_eq!(depth_error(form), None, "{form}");
        }
        let nested = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(depth_error(&nested), None);
    }

    #[test]
    fn deep_brackets_are_found_where_they_pass_the_limit() {
        let text = format!("地区: 甲\n导语: {}\n", "[".repeat(100_000));
        // The top mapping is one level; the 64th bracket makes 65.
        assert_eq!(depth_error(&text), Some((2, 4 + MAX_DEPTH)));
        let braces = format!("a: {}1\n", "{b: ".repeat(1000));
        assert_eq!(depth_error(&braces), Some((1, 4 + 4 * (MAX_DEPTH - 1))));
        // Brackets over several lines, inside flow.
        let lines = format!("a: [\n{}", "[\n".repeat(200));
        assert_eq!(depth_error(&lines), Some((MAX_DEPTH, 1)));
    }

    #[test]
    fn deep_blocks_are_found() {
        let dashes = format!("a:\n{}x\n", "- ".repeat(100_000));
        assert_eq!(depth_error(&dashes), Some((2, 2 * MAX_DEPTH + 1)));
        let stairs: String = (0..200)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(depth_error(&stairs), Some((MAX_DEPTH + 1, MAX_DEPTH + 1)));
        // Siblings and dedents do not add up.
        let flat: String = (0..10_000).map(|i| format!("- k{i}:\n    - x\n")).collect();
        assert_eq!(depth_error(&flat), None);
    }

    #[test]
    fn refused_with_a_chinese_message_at_the_place() {
        let text = format!("导语: {}\n", "[".repeat(500));
        let e = check(&text).unwrap_err();
        assert!(e.message.contains("嵌套过深"), "{e}");
        assert_eq!((e.line, e.column), (Some(1), Some(4 + MAX_DEPTH)));
    }
}
