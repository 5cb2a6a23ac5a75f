//! Positions in the text: lines, columns, the item indicator `-` of a list
//! item, and where an entry's lines end.

/// The form's text, for position arithmetic (byte offsets).
#[derive(Debug, Clone, Copy)]
pub(super) struct Text<'a>(pub &'a str);

impl Text<'_> {
    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The start of the line holding `pos`.
    pub fn line_start(&self, pos: usize) -> usize {
        self.bytes()[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    }

    /// The end of the line holding `pos`, before its line break.
    pub fn line_end(&self, pos: usize) -> usize {
        let b = self.bytes();
        let mut e = b[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| pos + i);
        if e > pos && b[e - 1] == b'\r' {
            e -= 1;
        }
        e
    }

    /// The start of the line after the one holding `pos` (the text's end
    /// when it is the last line).
    pub fn next_line(&self, pos: usize) -> usize {
        let b = self.bytes();
        b[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| pos + i + 1)
    }

    /// The column of `pos` in characters (0-based): its indentation when it
    /// starts a key or an item.
    pub fn col(&self, pos: usize) -> usize {
        self.0[self.line_start(pos)..pos].chars().count()
    }

    /// Whether only spaces stand before `pos` on its line.
    pub fn first_on_line(&self, pos: usize) -> bool {
        self.bytes()[self.line_start(pos)..pos]
            .iter()
            .all(|&b| b == b' ')
    }

    /// The item indicator `-` before a list item starting at `item`.
    pub fn dash_before(&self, item: usize) -> Option<usize> {
        let b = self.bytes();
        let mut i = item;
        while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        (i > 0 && b[i - 1] == b'-').then_some(i - 1)
    }

    /// Where the lines of a block entry or item end whose value ends at
    /// `end`: after its last line, and after the comment lines right below
    /// indented deeper than `col` (the help a blank form gives under a
    /// figure belongs to it).
    pub fn entry_end(&self, end: usize, col: usize) -> usize {
        let mut pos = self.next_line(end);
        while pos < self.0.len() {
            let line = &self.0[pos..self.line_end(pos)];
            let body = line.trim_start_matches(' ');
            if !body.starts_with('#') || line.len() - body.len() <= col {
                break;
            }
            pos = self.next_line(pos);
        }
        pos
    }

    /// Whether the text ends with a line break.
    pub fn ends_with_break(&self) -> bool {
        self.0.ends_with('\n')
    }

    /// The last non-blank position before `pos`, skipping spaces and line
    /// breaks only (a comment stops it).
    pub fn back_over_blanks(&self, pos: usize) -> usize {
        let b = self.bytes();
        let mut i = pos;
        while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = Text("a: 1\r\n  - 名称: x\n    # 说明\nb: 2");
        let x = t.0.find('x').unwrap();
        assert_eq!(t.line_start(x), 6);
        assert_eq!(&t.0[t.line_start(x)..t.line_end(x)], "  - 名称: x");
        assert_eq!(t.line_end(0), 4);
        assert_eq!(t.col(t.0.find("名称").unwrap()), 4);
        assert_eq!(t.dash_before(t.0.find("名称").unwrap()), Some(8));
        assert_eq!(&t.0[t.entry_end(x, 2)..], "b: 2");
        assert_eq!(&t.0[t.entry_end(x, 4)..], "    # 说明\nb: 2");
    }
}
