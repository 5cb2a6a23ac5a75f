//! serde / serde_yaml errors → Chinese messages a clerk can act on.
//!
//! The English texts of serde and serde_yaml are matched and rewritten here;
//! anything unrecognised becomes a generic Chinese message, so no English or
//! Rust type name ever reaches the user.

use super::keys::{did_you_mean, is_canonical};
use super::syntax::{TAG_MESSAGE, translate_syntax};

/// A translated message, with whether the error's own position should be
/// replaced by that of the offending key (duplicates are stamped at the
/// enclosing mapping).
pub(crate) struct Translated {
    pub message: String,
    /// A key to append to the error's path (missing and duplicate keys are
    /// reported by serde at the enclosing mapping).
    pub key: Option<String>,
    /// Whether the key is duplicated, so the second occurrence is to be located.
    pub duplicate: bool,
    /// A better position than the error's own (e.g. where an unclosed quote opens).
    pub at: Option<(usize, usize)>,
    /// Whether this is a YAML syntax error, whose field path is only a guess.
    pub syntax: bool,
}

impl Translated {
    fn plain(message: String) -> Self {
        Translated {
            message,
            key: None,
            duplicate: false,
            at: None,
            syntax: false,
        }
    }
}

/// Translates the message of a deserialization error found at `path`
/// (`.` for the top level) in the form `text`.
pub(crate) fn translate(raw: &str, path: &str, text: &str) -> Translated {
    let msg = strip_path_prefix(strip_location(raw));
    let top = path == "." || path.is_empty();
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let key = backticked(rest).into_iter().next().unwrap_or_default();
        return Translated {
            key: Some(key.to_string()),
            ..Translated::plain(format!("缺少必填项“{key}”"))
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return Translated::plain(unknown_key(rest));
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        let key = backticked(rest).into_iter().next().unwrap_or_default();
        return Translated {
            key: Some(key.to_string()),
            duplicate: true,
            ..Translated::plain(format!(
                "键“{key}”重复出现(中文键与英文别名算同一个键),只能保留一个"
            ))
        };
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let mut message = invalid_type(rest, top);
        // `概述: {揭榜项目}带动…` is read as a mapping: say it was a reference.
        if rest.starts_with("map")
            && let Some(hint) = error_line(raw).and_then(|l| super::syntax::reference_hint(text, l))
        {
            if let Some(i) = message.find(BRACKET_HINT) {
                message.truncate(i);
            }
            message.push_str(&hint);
        }
        return Translated::plain(message);
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = split_expected(rest);
        if is_key_expectation(expected) {
            return Translated::plain(format!("键必须是文本,却是{}", unexpected(found)));
        }
        return Translated::plain(format!("取值无效:{}", unexpected(found)));
    }
    if msg.starts_with("invalid length ") {
        return Translated::plain("列表的项数不对".to_string());
    }
    if msg.starts_with("recursion limit exceeded") {
        return Translated::plain("嵌套层数过深(超过 128 层),表单不应有这样深的结构".to_string());
    }
    if msg.starts_with("repetition limit exceeded") {
        return Translated::plain(
            "锚点(&)和别名(*)展开的次数过多,疑似恶意构造的表单(“别名炸弹”),已拒绝".to_string(),
        );
    }
    if msg.starts_with("unknown anchor") {
        return Translated::plain("别名(*名称)引用了未定义的锚点(&名称)".to_string());
    }
    if msg.contains("more than one document") {
        return Translated::plain(
            "一个表单文件只能有一份内容,这里用“---”分出了多份;请删去多余的“---”或拆成多个文件"
                .to_string(),
        );
    }
    if msg.starts_with("EOF while parsing") {
        return Translated::plain(empty_message().to_string());
    }
    if starts_with_cjk(msg) {
        // Our own messages (value.rs, model checks) are already Chinese.
        return Translated::plain(msg.to_string());
    }
    let (message, at) = translate_syntax(raw, text);
    Translated {
        at,
        syntax: true,
        ..Translated::plain(message)
    }
}

/// The message for a form with no content.
pub(crate) fn empty_message() -> &'static str {
    "表单为空:文件中没有任何内容(或只有注释),请至少填写 地区、单位 和 工作成效"
}

/// Drops serde_yaml's ` at line L column C` suffix.
fn strip_location(raw: &str) -> &str {
    match raw.rfind(" at line ") {
        Some(i) if raw[i..].contains(" column ") => &raw[..i],
        _ => raw,
    }
}

/// Drops serde_yaml's `a.b[0]: ` prefix: a leading run without spaces or
/// quotation marks, followed by `: ` (our own messages never contain `: `).
fn strip_path_prefix(msg: &str) -> &str {
    match msg.find(": ") {
        Some(i) if !msg[..i].contains([' ', '`', '\u{201c}', '"']) => &msg[i + 2..],
        _ => msg,
    }
}

fn unknown_key(rest: &str) -> String {
    let mut names = backticked(rest).into_iter();
    let key = names.next().unwrap_or_default();
    let valid: Vec<&str> = names.collect();
    let mut out = format!("未知的键“{}”", super::chars::visible(key));
    if let Some(c) = key.chars().find(|&c| super::chars::is_invisible(c)) {
        out.push_str(&format!(
            "(其中有看不见的字符 {},多半是复制时带进来的,请删除)",
            super::chars::describe(c)
        ));
    }
    if let Some(hint) = did_you_mean(key, &valid) {
        out.push_str(&format!(",是否想写“{hint}”?"));
    } else if valid.is_empty() {
        out.push_str(",此处不能写任何键");
    } else {
        let chinese: Vec<&str> = valid.iter().copied().filter(|k| is_canonical(k)).collect();
        out.push_str(&format!(",此处可用的键有:{}", chinese.join("、")));
    }
    out
}

fn invalid_type(rest: &str, top: bool) -> String {
    let (found, expected) = split_expected(rest);
    // serde_yaml reads `!标签 值` as an enum.
    if found.starts_with("enum") {
        return TAG_MESSAGE.to_string();
    }
    let found_zh = unexpected(found);
    if is_key_expectation(expected) {
        return format!("键必须是文本,却是{found_zh}");
    }
    let colon_hint = colon_hint(found);
    if top {
        if found == "unit value" {
            return empty_message().to_string();
        }
        return format!(
            "表单最外层应为“键: 值”形式的映射(每行一项,键后写英文冒号和一个空格,再写值),却是{found_zh}{colon_hint}"
        );
    }
    let bracket_hint = match found {
        // `标题: [重点]工作` is read as a list: the clerk meant brackets as text.
        "sequence" | "map"
            if !expected.contains("sequence") && !expected.starts_with("struct ") =>
        {
            BRACKET_HINT
        }
        _ => "",
    };
    format!(
        "应为{},却是{found_zh}{colon_hint}{bracket_hint}",
        expected_zh(expected)
    )
}

/// Said when a value starting with a bracket was read as a list or mapping.
const BRACKET_HINT: &str =
    ";以“[”或“{”开头的值会被当作列表或映射,若括号是文字的一部分,请给整个值加引号";

/// The line serde_yaml names in `raw` (`… at line 6 column 17`).
fn error_line(raw: &str) -> Option<usize> {
    let rest = &raw[raw.rfind(" at line ")? + " at line ".len()..];
    rest.split(' ').next()?.parse().ok()
}

/// `string "abc", expected 数字` → (`string "abc"`, `数字`).
fn split_expected(rest: &str) -> (&str, &str) {
    match rest.rfind(", expected ") {
        Some(i) => (&rest[..i], &rest[i + ", expected ".len()..]),
        None => (rest, ""),
    }
}

fn is_key_expectation(expected: &str) -> bool {
    expected.contains("field identifier") || expected.contains("field index")
}

/// serde's `Unexpected` display → Chinese.
fn unexpected(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        let s = s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s);
        return format!("文本“{}”", unescape_debug(s));
    }
    let value = || backticked(found).into_iter().next().unwrap_or_default();
    match found.split(' ').next().unwrap_or("") {
        "integer" | "floating" => format!("数字 {}", value()),
        "boolean" => format!("逻辑值 {}", value()),
        "unit" => "空值".to_string(),
        "sequence" => "列表".to_string(),
        "map" => "映射(“键: 值”)".to_string(),
        "char" => format!("字符“{}”", value()),
        // serde_yaml reads `!标签 值` as an enum.
        "enum" => "带标签(以感叹号开头)的值;请删去标签,或给整个值加引号".to_string(),
        _ => "其他类型的值".to_string(),
    }
}

/// A visitor's `expecting` text → Chinese. Our own visitors already say it in
/// Chinese; derived ones say `struct Indicator`, `a sequence` and the like.
fn expected_zh(expected: &str) -> String {
    if expected.chars().any(is_cjk) {
        return expected.to_string();
    }
    if expected.starts_with("struct ") || expected == "a map" {
        return "“键: 值”形式的映射".to_string();
    }
    if expected.contains("sequence") {
        return "列表(每一项以“- ”开头)".to_string();
    }
    if expected.contains("string") {
        return "文本".to_string();
    }
    "其他类型的值".to_string()
}

/// A hint for `地区:示例市` and `地区:示例市` written where a mapping belongs:
/// YAML needs an ASCII colon followed by a space.
fn colon_hint(found: &str) -> &'static str {
    let Some(s) = found.strip_prefix("string ") else {
        return "";
    };
    let ascii_no_space = s.match_indices(':').any(|(i, _)| {
        s[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '"')
    });
    if s.contains('\u{ff1a}') || ascii_no_space {
        "。键和值之间要用英文冒号加空格(不能用中文冒号,冒号后也不能缺空格)"
    } else {
        ""
    }
}

/// The texts between backticks, in order.
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Undoes the escapes serde applies when quoting a string with `{:?}`.
fn unescape_debug(s: &str) -> String {
    s.replace("\\\"", "\"")
        .replace("\\n", " ")
        .replace("\\\\", "\\")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

fn starts_with_cjk(s: &str) -> bool {
    s.chars().next().is_some_and(is_cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_type_errors() {
        let t = translate(
            "工作成效[0].指标[0].数值: invalid type: string \"abc\", expected 数字 at line 7 column 13",
            "工作成效[0].指标[0].数值",
            "",
        );
        assert_eq!(t.message, "应为数字,却是文本“abc”");
        let t = translate(
            "工作成效: invalid type: map, expected a sequence",
            "工作成效",
            "",
        );
        assert_eq!(t.message, "应为列表(每一项以“- ”开头),却是映射(“键: 值”)");
        let t = translate(
            "工作成效[0].标题: invalid type: sequence, expected 文本",
            "工作成效[0].标题",
            "",
        );
        assert!(
            t.message.starts_with("应为文本,却是列表;以“[”"),
            "{}",
            t.message
        );
        let t = translate("invalid type: sequence, expected struct Form", ".", "");
        assert!(t.message.starts_with("表单最外层应为"), "{}", t.message);
    }

    #[test]
    fn translates_serde_yaml_limits() {
        let t = translate("recursion limit exceeded at line 130 column 1", "主题", "");
        assert!(t.message.starts_with("嵌套层数过深"), "{}", t.message);
        let t = translate("工作成效[3]: repetition limit exceeded", "工作成效[3]", "");
        assert!(t.message.contains("别名炸弹"), "{}", t.message);
    }

    #[test]
    fn non_text_keys_and_odd_values() {
        let t = translate(
            "invalid type: boolean `true`, expected field identifier",
            "主要指标[0]",
            "",
        );
        assert_eq!(t.message, "键必须是文本,却是逻辑值 true");
        let t = translate(
            "invalid length 3, expected 2 elements in sequence",
            "附件",
            "",
        );
        assert_eq!(t.message, "列表的项数不对");
        let t = translate("invalid value: integer `-1`, expected u8", "附件", "");
        assert_eq!(t.message, "取值无效:数字 -1");
        let t = translate("invalid type: enum, expected 文本", "主题", "");
        assert_eq!(t.message, TAG_MESSAGE);
    }

    #[test]
    fn missing_and_duplicate_keys_name_the_key() {
        let t = translate(
            "工作成效[1]: missing field `标题` at line 5 column 5",
            "工作成效[1]",
            "",
        );
        assert_eq!(t.message, "缺少必填项“标题”");
        assert_eq!(t.key.as_deref(), Some("标题"));
        let t = translate("duplicate field `地区`", ".", "");
        assert!(t.duplicate);
        assert!(t.message.starts_with("键“地区”重复出现"), "{}", t.message);
    }

    #[test]
    fn unknown_english_text_never_passes() {
        let t = translate("some future serde message", "地区", "");
        assert!(!t.message.contains("serde"), "{}", t.message);
    }
}
