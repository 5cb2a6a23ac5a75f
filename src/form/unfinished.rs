//! Placeholders the clerk left inside a text (docs/form.md §5, §9.12):
//! `xx65元`, `星创天地xx家`, `x条`, `X个`, `20xx年`, `x.x%`. Not `Xbox`,
//! `x射线` or `3x3`, where the `x` is part of a word or a sign.
//!
//! [`placeholder_runs`] finds them; `check` names each with its field, and
//! `--strict` counts them as placeholders; the block parser highlights them
//! in the draft like the tool's own 【待补充】 runs.

use std::ops::Range;

use super::model::Form;
use super::paths::{Node, Warning, walk};
use super::value::Field;

/// Measure words and units a lone `x` counts (`x条`, `x个`, `x%`): the
/// `x` then stands for a number.
const COUNTED: &str = "条个家项人名所座件篇次批场期台套类种元万亿千百倍位年月日天号户亩吨辆部本份处级届轮支只株册间栋层点分秒周季%％";

/// Whether `c` is an `x` a clerk types for a missing digit, in either width.
fn is_x(c: char) -> bool {
    matches!(c, 'x' | 'X' | '\u{ff58}' | '\u{ff38}')
}

/// A character of a number being written: a digit, its point, or `x`.
fn in_number(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || is_x(c)
}

/// The byte ranges of the placeholders in `text`: each run of digits, `.`
/// and `x` holding an `x` that stands for a digit. A run next to a Latin
/// letter is part of a word (`Xbox`, `Foxx`); a lone `x` between digits is
/// a multiplication sign (`3x3`); a lone `x` with no digit beside it counts
/// only before a measure word or after 第 (`x条`, `第x批`, not `x射线`).
pub fn placeholder_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Most texts have no x at all; full-width x is EF BD 98 or EF BC B8.
    if memchr::memchr2(b'x', b'X', bytes).is_none()
        && memchr::memmem::find(bytes, "\u{ff58}".as_bytes()).is_none()
        && memchr::memmem::find(bytes, "\u{ff38}".as_bytes()).is_none()
    {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !in_number(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && in_number(chars[i].1) {
            i += 1;
        }
        // A trailing point ends a sentence (`共x.`), it is not a decimal.
        let mut end = i;
        while end > start && chars[end - 1].1 == '.' {
            end -= 1;
        }
        let run: Vec<char> = chars[start..end].iter().map(|&(_, c)| c).collect();
        let before = start.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(end).map(|&(_, c)| c);
        // `x-x月`: a range of two placeholders.
        let ranged = after.is_some_and(|c| "-\u{2014}~\u{ff5e}\u{81f3}".contains(c))
            && chars.get(end + 1).is_some_and(|&(_, c)| is_x(c))
            || before.is_some_and(|c| "-\u{2014}~\u{ff5e}\u{81f3}".contains(c))
                && start >= 2
                && is_x(chars[start - 2].1);
        if is_placeholder(&run, before, after, ranged) {
            let to = chars.get(end).map_or(text.len(), |&(b, _)| b);
            out.push(chars[start].0..to);
        }
    }
    out
}

fn is_placeholder(run: &[char], before: Option<char>, after: Option<char>, ranged: bool) -> bool {
    let xs = run.iter().filter(|c| is_x(**c)).count();
    if xs == 0 {
        return false;
    }
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    if latin(before) || latin(after) {
        return false;
    }
    let doubled = run.windows(2).any(|w| is_x(w[0]) && is_x(w[1]));
    if doubled {
        return true;
    }
    let digits = run.iter().any(char::is_ascii_digit) || run.contains(&'.');
    if xs == 1 && run.len() > 1 {
        // `3x3`: digits on both sides of a lone x multiply.
        let at = run.iter().position(|c| is_x(*c)).unwrap_or(0);
        let multiply = at > 0
            && at + 1 < run.len()
            && run[..at].iter().all(char::is_ascii_digit)
            && run[at + 1..].iter().all(char::is_ascii_digit);
        return !multiply;
    }
    if digits {
        return true;
    }
    // A lone x: a number only where one is counted.
    ranged || after.is_some_and(|c| COUNTED.contains(c)) || before == Some('第')
}

/// Warnings for the placeholders left inside the form's texts, one per
/// field, naming each (docs/form.md §5).
pub(super) fn unfinished(form: &Form) -> Vec<Warning> {
    let mut out = Vec::new();
    walk(form, &mut |path, node| {
        let Node::Text(Field::Given(text)) = node else {
            return;
        };
        let runs = placeholder_runs(text);
        if runs.is_empty() {
            return;
        }
        let shown: Vec<String> = runs
            .iter()
            .map(|r| format!("\u{201c}{}\u{201d}", in_context(text, r)))
            .collect();
        out.push(Warning {
            path: path.to_string(),
            message: format!(
                "文本中留有占位{},似乎尚未填写完整;定稿检查(--strict)不会通过",
                shown.join("、")
            ),
        });
    });
    out
}

/// The placeholder at `r` with the words around it, up to four characters
/// before and two after and never past a mark, so the clerk finds it:
/// `星创天地xx家`.
fn in_context(text: &str, r: &Range<usize>) -> String {
    let stop = |c: &char| !"\u{ff0c}\u{3002}\u{ff1b}\u{ff1a}\u{3001},.;:\n ".contains(*c);
    let mut before: Vec<char> = text[..r.start]
        .chars()
        .rev()
        .take(4)
        .take_while(stop)
        .collect();
    before.reverse();
    let after: String = text[r.end..].chars().take(2).take_while(stop).collect();
    format!(
        "{}{}{after}",
        before.into_iter().collect::<String>(),
        &text[r.clone()]
    )
}

/// Whether `text` holds a placeholder left in it.
pub fn has_placeholder(text: &str) -> bool {
    !placeholder_runs(text).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<&str> {
        placeholder_runs(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    // The shapes of issue 22 and the ones clerks keep typing.
    #[test]
    fn placeholders_left_in_a_text() {
        assert_eq!(runs("每亩补贴xx65元"), ["xx65"]);
        assert_eq!(runs("建成星创天地xx家"), ["xx"]);
        assert_eq!(runs("出台政策x条"), ["x"]);
        assert_eq!(runs("新增X个平台"), ["X"]);
        assert_eq!(runs("力争达到xx以上"), ["xx"]);
        assert_eq!(runs("20xx年"), ["20xx"]);
        assert_eq!(runs("XX县科技局"), ["XX"]);
        assert_eq!(runs("增长x.x%"), ["x.x"]);
        assert_eq!(runs("第x批"), ["x"]);
        assert_eq!(runs("x-x月"), ["x", "x"]);
        assert_eq!(runs("研发费用1x.x亿元"), ["1x.x"]);
        assert_eq!(runs("共\u{ff58}\u{ff58}项"), ["\u{ff58}\u{ff58}"]);
    }

    // An x in a word or as a sign is not a placeholder.
    #[test]
    fn x_in_words_and_signs() {
        for text in [
            "Xbox",
            "x射线检测",
            "3x3篮球赛",
            "Foxx公司",
            "X光机",
            "5G 基站",
            "xyz",
            "x轴方向",
            "1920x1080分辨率",
        ] {
            assert_eq!(runs(text), Vec::<&str>::new(), "{text}");
        }
    }
}
