//! YAML syntax errors (libyaml's English problems) → Chinese, with the place
//! the clerk has to fix.

/// The Chinese message for a libyaml error `raw` (`PROBLEM at line L column C,
/// CONTEXT at line …`) in `text`, and a better position than the problem's
/// when there is one (where an unclosed quote opens).
pub(crate) fn translate_syntax(raw: &str, text: &str) -> (String, Option<(usize, usize)>) {
    let (problem, context) = match raw.split_once(", ") {
        Some((p, c)) => (p, c),
        None => (raw, ""),
    };
    let at = mark(problem);
    let context_at = mark(context).or(at);
    let ch = at.and_then(|(l, c)| char_at(text, l, c));
    let has = |s: &str| problem.contains(s);

    if has("tab character") || ch == Some('\t') || at.is_some_and(|(l, _)| tab_indent(text, l)) {
        let line = at.map_or(1, |(l, _)| l);
        let col = text
            .lines()
            .nth(line - 1)
            .and_then(|s| s.chars().position(|c| c == '\t'))
            .map_or(1, |i| i + 1);
        return (
            "格式错误:这里用了制表符(Tab)缩进,YAML 只能用空格缩进;请把 Tab 换成空格".into(),
            Some((line, col)),
        );
    }
    let msg = if has("cannot start any token") {
        match ch {
            Some(c) => format!("格式错误:值不能以“{c}”开头;若它是文本的一部分,请给整个值加引号"),
            None => "格式错误:这里有 YAML 不允许的字符;请给这个值加引号".into(),
        }
    } else if has("mapping values are not allowed") {
        "格式错误:这里不能出现“键: 值”。可能是缩进不对(同一层的键要左对齐),\
         或值里含有英文冒号加空格(此时请给整个值加引号)"
            .into()
    } else if has("did not find expected key") {
        "格式错误:缩进不对,这一行应与同一层的其他键左对齐".into()
    } else if has("did not find expected '-' indicator") {
        "格式错误:缩进不对,列表的每一项要以“- ”开头并与上一项左对齐".into()
    } else if has("end of stream") && context.contains("quoted scalar") {
        return (
            "格式错误:引号没有配对,从这里开始的引号直到文件末尾都没有结束".into(),
            context_at,
        );
    } else if has("end of stream") {
        return (
            "格式错误:文件意外结束,结构不完整(如方括号或花括号没有闭合)".into(),
            context_at,
        );
    } else if has("did not find expected ',' or ']'") {
        let hint = at
            .and_then(|(l, _)| reference_hint(text, l))
            .unwrap_or_default();
        format!("格式错误:方括号“[ ]”没有正确闭合,或项与项之间缺少逗号{hint}")
    } else if has("did not find expected ',' or '}'") {
        let hint = at
            .and_then(|(l, _)| reference_hint(text, l))
            .unwrap_or_default();
        format!("格式错误:花括号“{{ }}”没有正确闭合,或项与项之间缺少逗号{hint}")
    } else if let Some(line) = long_key(text, at.or(context_at)) {
        return (
            "格式错误:键过长(YAML 的键最多 1024 个字符);键应是简短的字段名,长的文字请写在冒号之后作为值"
                .into(),
            Some((line, 1)),
        );
    } else if has("could not find expected ':'") {
        // libyaml notices on the next line; the key is where the context starts.
        return (missing_colon(text, context_at), context_at);
    } else if has("unknown escape character") || has("escape") {
        "格式错误:双引号里的反斜杠“\\”用法无效;含反斜杠的文本请改用单引号".into()
    } else if has("block sequence entries are not allowed") {
        "格式错误:这里不能开始列表项“- ”;请检查缩进,或把“- ”放到新的一行".into()
    } else if has("alphabetic or numeric character") {
        "格式错误:“&”或“*”后应跟名称;若它们是文本的一部分,请给整个值加引号".into()
    } else if has("control character") {
        "格式错误:文件中含有不可见的控制字符,请删除".into()
    } else if has("tag") || context.contains("tag") {
        TAG_MESSAGE.into()
    } else if has("document") {
        "格式错误:文件中有多余的内容或多余的“---”“...”分隔线".into()
    } else if has("node content") {
        "格式错误:这里缺少内容".into()
    } else {
        "格式错误:无法解析这里的内容;请检查本行和上一行的缩进、冒号和引号".into()
    };
    (msg, at)
}

/// A hint for a line holding what reads as a figure reference (`{揭榜项目}`,
/// `{揭榜项目:数值}`) where YAML took the braces for a mapping: inside a
/// `{…}` mapping, or at the start of a value (docs/form.md §9.13).
pub(crate) fn reference_hint(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let mut from = 0;
    while let Some(open) = l[from..].find('{').map(|i| i + from) {
        from = open + 1;
        let Some(close) = l[open + 1..].find(['{', '}']).map(|i| open + 1 + i) else {
            break;
        };
        if l[close..].starts_with('{') {
            continue;
        }
        let inner = &l[open + 1..close];
        let reference = !inner.is_empty()
            && inner.chars().count() <= 30
            && !inner.contains([',', '{', '[', ']', '"', '\''])
            && !inner.contains(": ")
            && !inner.trim_end().ends_with(':');
        if reference {
            return Some(format!(
                ";“{{{inner}}}”像是引用指标,值里有花括号时 YAML 会把它当作映射,请给整个值加引号:{}",
                quoted_value(l, open, close)
            ));
        }
    }
    None
}

/// The value of `line` holding the braces at `open`..`close`, quoted:
/// `'共有{揭榜项目}项'`. (No key is shown: printed messages are
/// punctuation-normalized, and a copied `概述：` would not be YAML.)
fn quoted_value(line: &str, open: usize, close: usize) -> String {
    let before = &line[..open];
    let after_key = before.rfind(": ").map_or(0, |i| i + 2);
    let after_bracket = before.rfind(['[', '{', ',']).map_or(0, |i| i + 1);
    let start = after_key.max(after_bracket);
    // Inside a `{…}` or `[…]` the value ends at the next `,` or bracket.
    let flow = before.contains(['{', '[']);
    let end = if flow {
        line[close + 1..]
            .find([',', '}', ']'])
            .map_or(line.len(), |i| close + 1 + i)
    } else {
        line.len()
    };
    format!("'{}'", line[start..end].trim())
}

/// The one message for every YAML tag (`!重要`, `!foo`, `!!binary`,
/// `!!python/object`): serde_yaml drops some silently, refuses others as
/// types or as syntax; a form has no use for any.
/// (No `!` is quoted: printed messages are punctuation-normalized, which
/// would show the full-width one the clerk did not type.)
pub(crate) const TAG_MESSAGE: &str = "格式错误:表单中不能使用 YAML 标签(值前面以英文感叹号开头的写法);\
     若感叹号是文本的一部分,请给整个值加引号";

/// The line and column of the first YAML tag in `text`: a `!` where a node
/// starts (after `key: `, `- `, `? `, `[`, `{`, `,`, an anchor, or at the
/// start of a line after a line ending in `:` or `-`), outside quotes,
/// comments and block scalars. Inside a plain text a `!` is no tag.
pub(crate) fn find_tag(text: &str) -> Option<(usize, usize)> {
    // Every tag starts with `!`; most forms have none to look for.
    if !text.contains('!') {
        return None;
    }
    let mut opened = false; // the previous line left a node to fill
    let mut block_indent: Option<usize> = None; // inside `|` / `>` content
    let mut quote: Option<char> = None; // a quoted scalar running over lines
    for (i, line) in text.lines().enumerate() {
        let indent = line.chars().take_while(|&c| c == ' ').count();
        if let Some(b) = block_indent {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let mut at_node = quote.is_none() && opened;
        let mut last = None;
        let chars: Vec<char> = line.chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            if let Some(q) = quote {
                if c == q {
                    // `''` inside single quotes is an escaped quote.
                    if q == '\'' && chars.get(j + 1) == Some(&'\'') {
                        j += 2;
                        continue;
                    }
                    quote = None;
                } else if c == '\\' && q == '"' {
                    j += 1;
                }
                j += 1;
                continue;
            }
            let next_blank = chars.get(j + 1).is_none_or(|n| *n == ' ');
            match c {
                ' ' => {}
                '#' if j == 0 || chars[j - 1] == ' ' => break,
                '!' if at_node => return Some((i + 1, j + 1)),
                '"' | '\'' if at_node => {
                    quote = Some(c);
                    at_node = false;
                }
                '-' | '?' | ':' if next_blank => at_node = true,
                '[' | '{' | ',' => at_node = true,
                '&' if at_node => {
                    // An anchor: its name, then the node (possibly tagged).
                    while j + 1 < chars.len() && chars[j + 1] != ' ' {
                        j += 1;
                    }
                }
                '|' | '>' if at_node => {
                    block_indent = Some(indent);
                    break;
                }
                _ => at_node = false,
            }
            if c != ' ' {
                last = Some(c);
            }
            j += 1;
        }
        opened = quote.is_none() && matches!(last, Some(':' | '-' | '?'));
        if at_node && last.is_some() {
            opened = true;
        }
    }
    None
}

/// Why a key has no colon: a full-width colon, no space after the colon, or none.
/// Said in words: the printed message is punctuation-normalized, which would
/// turn a quoted ASCII colon into the full-width one the clerk must not type.
fn missing_colon(text: &str, at: Option<(usize, usize)>) -> String {
    let line = at
        .and_then(|(l, _)| text.lines().nth(l.checked_sub(1)?))
        .unwrap_or("");
    if line.contains('\u{ff1a}') {
        "格式错误:这一行的冒号是中文冒号;键的后面要用英文冒号,冒号后再加一个空格".into()
    } else if line.contains(':') {
        "格式错误:英文冒号后面缺少空格;键的后面要写英文冒号,再加一个空格,再写值".into()
    } else {
        "格式错误:缺少冒号;键的后面要写英文冒号,再加一个空格,再写值".into()
    }
}

/// The line at `at` when its key runs past libyaml's 1,024 characters
/// (libyaml then reports a missing `:` or a simple key it cannot end).
fn long_key(text: &str, at: Option<(usize, usize)>) -> Option<usize> {
    let (line, _) = at?;
    let s = text.lines().nth(line.checked_sub(1)?)?;
    let key = s.split(": ").next().unwrap_or(s);
    (s.contains(": ") && key.trim().chars().count() > 1024).then_some(line)
}

/// The first `line L column C` in `s`.
fn mark(s: &str) -> Option<(usize, usize)> {
    let rest = &s[s.find("line ")? + 5..];
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// The character at 1-based `line`, `column` (columns count characters).
fn char_at(text: &str, line: usize, column: usize) -> Option<char> {
    text.lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// Whether `line` is indented with a tab.
fn tab_indent(text: &str, line: usize) -> bool {
    line.checked_sub(1)
        .and_then(|i| text.lines().nth(i))
        .is_some_and(|s| {
            s.chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quote_points_at_its_start() {
        let raw = "found unexpected end of stream at line 3 column 1, \
                   while scanning a quoted scalar at line 1 column 5";
        let (msg, at) = translate_syntax(raw, "地区: \"示例市\n单位: y\n");
        assert!(msg.contains("引号没有配对"), "{msg}");
        assert_eq!(at, Some((1, 5)));
    }

    #[test]
    fn a_missing_colon_is_explained_on_the_key_line() {
        let raw = "could not find expected ':' at line 3 column 1, \
                   while scanning a simple key at line 2 column 1";
        let (msg, at) = translate_syntax(raw, "地区: 甲\n单位\u{ff1a}乙\n主题: 丙\n");
        assert!(msg.contains("中文冒号"), "{msg}");
        assert_eq!(at, Some((2, 1)));
        let (msg, _) = translate_syntax(raw, "地区: 甲\n单位:乙\n主题: 丙\n");
        assert!(msg.contains("缺少空格"), "{msg}");
        // No quoted colon: normalization would make it the full-width one.
        assert!(!msg.contains('\u{201c}'), "{msg}");
    }

    // Every tag where a value starts, and no `!` inside text, quotes, comments or block text.
    #[test]
    fn finds_tags_only_where_a_node_starts() {
        assert_eq!(find_tag("a: !!binary aGk=\n"), Some((1, 4)));
        assert_eq!(
            find_tag("a: x\nb: !!python/object:os.system x\n"),
            Some((2, 4))
        );
        assert_eq!(find_tag("a:\n  - !foo x\n"), Some((2, 5)));
        assert_eq!(find_tag("a: [x, !t y]\n"), Some((1, 8)));
        assert_eq!(find_tag("a: &anc !t y\n"), Some((1, 9)));
        assert_eq!(find_tag("a:\n  !t y\n"), Some((2, 3)));
        for clean in [
            "a: 谢谢大家!\n",
            "a: \"!x\"\nb: '!y'\n",
            "a: x # !t\n",
            "a: |\n  !not a tag\nb: c\n",
            "a: 'it''s !x'\n",
            "a: \"多行\n  !仍是文字\"\n",
        ] {
            assert_eq!(find_tag(clean), None, "{clean}");
        }
    }

    #[test]
    fn tab_indentation_is_named() {
        let raw = "found character that cannot start any token at line 2 column 1";
        let (msg, at) = translate_syntax(raw, "a: 1\n\tb: 2\n");
        assert!(msg.contains("制表符"), "{msg}");
        assert_eq!(at, Some((2, 1)));
    }
}
