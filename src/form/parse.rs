//! Bytes of a form file → typed [`Form`], or an [`Error`] in Chinese with the
//! file, the field path and the line and column (docs/form.md §1, §6).

use serde::Deserialize;

use crate::error::{Error, ErrorKind};

use super::encoding::Encoding;
use super::errors::{empty_message, translate};
use super::locate::{Step, Target, locate, steps};
use super::model::Form;
use super::paths::{Node, assign_placeholder_paths, walk};
use super::syntax::{TAG_MESSAGE, find_tag};
use super::validate::validate;
use super::value::Field;

/// Largest form accepted, in bytes (1 MiB); larger files are refused unread,
/// as no real report needs one and YAML parsing holds the whole file in memory.
pub const MAX_FORM_BYTES: usize = 1 << 20;

/// Parses and validates a form; every placeholder carries its field path.
///
/// `file` is the name shown in errors. Accepts UTF-8 with or without BOM and
/// CRLF line ends.
pub fn parse(source: &[u8], file: &str) -> Result<Form, Error> {
    parse_with_placeholders(source, file).map(|(form, _)| form)
}

/// [`parse`], also returning every placeholder's field path in document order
/// (what `check` lists), from the same walk that assigns them.
pub fn parse_with_placeholders(source: &[u8], file: &str) -> Result<(Form, Vec<String>), Error> {
    parse_with_encoding(source, file).map(|(form, placeholders, _)| (form, placeholders))
}

/// [`parse_with_placeholders`], also returning the encoding the file was
/// read in (docs/form.md §11.3).
pub fn parse_with_encoding(
    source: &[u8],
    file: &str,
) -> Result<(Form, Vec<String>, Encoding), Error> {
    let (text, encoding) = decode(source).map_err(|e| e.in_file(file))?;
    // Before the parser, whose time grows with the square of the nesting.
    super::nesting::check(&text).map_err(|e| e.in_file(file))?;
    let mut form = deserialize(&text).map_err(|e| e.in_file(file))?;
    if let Err(e) = validate(&form) {
        // A reference error points at the `{` itself, not only its field.
        let e = super::refcheck::at_reference(with_line(e, &text), &form, &text);
        return Err(e.in_file(file));
    }
    assign_placeholder_paths(&mut form);
    let placeholders = placeholder_paths(&form);
    Ok((form, placeholders, encoding))
}

/// The marker a placeholder prints as, `【待补充`; a clerk may type it too.
const TYPED_PLACEHOLDER: &str = "\u{3010}\u{5f85}\u{8865}\u{5145}";

/// Every placeholder's path in document order: the placeholder values (`xx`,
/// `待补充` …), the texts where the clerk typed `【待补充…】` by hand, and
/// those with a placeholder left inside (`星创天地xx家`, docs/form.md §9.12),
/// which must stop `--strict` the same.
fn placeholder_paths(form: &Form) -> Vec<String> {
    let mut paths = Vec::new();
    walk(form, &mut |path, node| {
        let placeholder = match node {
            Node::Text(Field::Placeholder(_))
            | Node::Number(Field::Placeholder(_))
            | Node::Date(Field::Placeholder(_)) => true,
            Node::Text(Field::Given(text)) => {
                text.contains(TYPED_PLACEHOLDER) || super::unfinished::has_placeholder(text)
            }
            _ => false,
        };
        if placeholder {
            paths.push(path.to_string());
        }
    });
    paths
}

fn form_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Form, message)
}

/// Checks size and encoding (UTF-8, GBK/GB18030, UTF-16 with a BOM:
/// [`super::encoding`]); strips a BOM and turns CRLF and lone CR (old Mac
/// editors) into LF; refuses invisible control characters with their place.
fn decode(source: &[u8]) -> Result<(String, Encoding), Error> {
    if source.len() > MAX_FORM_BYTES {
        return Err(form_error(format!(
            "表单文件过大({} 字节),上限为 1 MiB({MAX_FORM_BYTES} 字节)",
            source.len()
        )));
    }
    let decoded = super::encoding::decode(source)?;
    let encoding = decoded.encoding;
    let text = decoded.text;
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if let Some((line, column, c)) = control_character(&text) {
        return Err(form_error(format!(
            "这里有一个看不见的控制字符(U+{:04X}),多半是从其他软件复制时带进来的;请删除它",
            u32::from(c)
        ))
        .at_line(line, column));
    }
    if let Some((at, c)) = super::chars::first_bidi_override(&text) {
        let line = text[..at].matches('\n').count() + 1;
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = text[start..at].chars().count() + 1;
        return Err(form_error(super::chars::bidi_message(c)).at_line(line, column));
    }
    if let Some((line, column)) = placeholder_mark(&text) {
        return Err(form_error(format!(
            "这里有一个保留字符(U+{:04X}),本工具用它标记待补充项,表单中不能使用;请删除它",
            u32::from(crate::document::PLACEHOLDER_MARK)
        ))
        .at_line(line, column));
    }
    Ok((text, encoding))
}

/// The line and column of the first placeholder mark in the file
/// ([`crate::document::PLACEHOLDER_MARK`]): text holding it could print as a
/// placeholder the tool made. A YAML escape (`"\uE000"`) is refused later,
/// where the text is read (`super::chars::check_text`).
fn placeholder_mark(text: &str) -> Option<(usize, usize)> {
    if !text.contains(crate::document::PLACEHOLDER_MARK) {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| {
        let j = line
            .chars()
            .position(|c| c == crate::document::PLACEHOLDER_MARK)?;
        Some((i + 1, j + 1))
    })
}

/// The first character YAML does not allow in a file (C0 and C1 controls
/// other than tab and line feed, DEL, U+FFFE, U+FFFF), with its line and
/// column. libyaml reports these without a usable position.
fn control_character(text: &str) -> Option<(usize, usize, char)> {
    // Each of these characters has a byte of its own that plain text lacks:
    // below 0x20 (but tab and newline), 0x7F, C2 before 80–9F, EF before BF.
    let bytes = text.as_bytes();
    // Without an early exit the first test runs on whole vectors of bytes.
    let control = bytes.iter().fold(false, |seen, &b| {
        seen | (b < 0x20) & (b != b'\t') & (b != b'\n') | (b == 0x7f)
    });
    let suspect = control
        || memchr::memchr_iter(0xc2, bytes)
            .any(|i| bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)))
        || memchr::memmem::find(bytes, b"\xef\xbf").is_some();
    if !suspect {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| {
        line.chars().enumerate().find_map(|(j, c)| {
            let bad = (c < ' ' && c != '\t')
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{fffe}' | '\u{ffff}');
            bad.then_some((i + 1, j + 1, c))
        })
    })
}

/// Whether the text has nothing but blank lines, comments, directives and
/// document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || l.starts_with('%') || t == "---" || t == "..."
    })
}

/// The line of a `---` that starts a second YAML document, if any.
///
/// serde_yaml would report only what is missing from the first document,
/// which misleads a clerk who pasted two forms into one file.
fn second_document(text: &str) -> Option<usize> {
    // Most forms have no `---` at all: a vector search says so.
    memchr::memmem::find(text.as_bytes(), b"---")?;
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        if line == "---" || line.starts_with("--- ") {
            if content {
                return Some(i + 1);
            }
        } else if line.starts_with('%') && !content {
            // `%YAML 1.1`, `%TAG`: directives before the document's `---`.
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            content = true;
        }
    }
    None
}

fn deserialize(text: &str) -> Result<Form, Error> {
    if is_blank(text) {
        return Err(form_error(empty_message()));
    }
    if let Some(line) = second_document(text) {
        return Err(form_error(
            "一个表单文件只能有一份内容,这里的“---”又开始了一份;请删去它,或把后面的内容另存为一个表单",
        )
        .at_line(line, 1));
    }
    let budget = || super::budget::start(super::budget::for_source(text.len()));
    let tag = find_tag(text);
    let plain = {
        let _budget = budget();
        Form::deserialize(serde_yaml::Deserializer::from_str(text))
    };
    let read = match plain {
        Ok(form) => Ok(form),
        // The field path of an error costs a second reading with the path
        // tracked; a form that reads (nearly every one) is read once.
        Err(_) => {
            let _budget = budget();
            serde_path_to_error::deserialize::<_, Form>(serde_yaml::Deserializer::from_str(text))
        }
    };
    let err = match read {
        Ok(form) => match tag {
            // serde_yaml drops `!!binary` and `!!python/…` tags silently.
            Some((line, column)) => {
                let e = form_error(TAG_MESSAGE).at_line(line, column);
                return Err(match path_at(&form, text, line, column) {
                    Some(p) => e.at_path(p),
                    None => e,
                });
            }
            None => return Ok(form),
        },
        Err(err) => err,
    };
    let path_steps: Vec<Step> = err
        .path()
        .iter()
        .map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Step::Index(*index),
            serde_path_to_error::Segment::Map { key } => Step::Key(key.clone()),
            _ => Step::Key("?".into()),
        })
        .collect();
    let path = err.path().to_string();
    let inner = err.into_inner();
    // A tag is refused the same way wherever serde_yaml trips over it (or
    // over what follows it), at the tag itself.
    if let Some((line, column)) = tag {
        let at_tag = inner.location().is_none_or(|l| l.line() == line);
        let mut e = form_error(TAG_MESSAGE).at_line(line, column);
        if at_tag && !path_steps.contains(&Step::Key("?".into())) {
            e = e.at_path(join(&path_steps));
        }
        return Err(e);
    }
    let t = translate(&inner.to_string(), &path, text);
    let mut at =
        t.at.or_else(|| inner.location().map(|l| (l.line(), l.column())));

    let mut steps_out = path_steps;
    if t.duplicate {
        let key = t.key.as_deref().unwrap_or_default();
        at = locate(text, &steps_out, Target::Key(key, 1)).or(at);
    } else if at.is_none() && !t.syntax {
        at = locate(text, &steps_out, Target::Node);
    }
    // A line indented with full-width spaces (typed in a Chinese input method)
    // reads as a strange key or a syntax error; say what it really is.
    if let Some(line) = at.map(|(l, _)| l).filter(|&l| fullwidth_indent(text, l)) {
        return Err(form_error(
            "这一行开头是全角空格;YAML 的缩进只能用半角(英文)空格,请把行首的全角空格换成半角空格",
        )
        .at_line(line, 1));
    }
    if let Some(key) = t.key {
        steps_out.push(Step::Key(key));
    }
    let mut e = form_error(t.message);
    // serde_yaml marks what it could not attribute to a key with `?`.
    if !steps_out.contains(&Step::Key("?".into())) {
        e = e.at_path(join(&steps_out));
    }
    if let Some((l, c)) = at {
        e = e.at_line(l, c);
    }
    Err(e)
}

/// The field path of the value at `line` and `column` (a tag there), looked
/// for among a form's first few hundred fields (each look-up parses the
/// text again): of the values on that line, the last that starts at or
/// before the column, so `{标题: 乙, 概述: !!binary …}` names 概述.
fn path_at(form: &Form, text: &str, line: usize, column: usize) -> Option<String> {
    let mut paths = Vec::new();
    walk(form, &mut |path, node| {
        if !matches!(node, Node::List(_) | Node::Indicator(_)) && paths.len() < 300 {
            paths.push(path.to_string());
        }
    });
    let on_line: Vec<(usize, String)> = paths
        .into_iter()
        .filter_map(|p| match locate(text, &steps(&p), Target::Node) {
            Some((l, c)) if l == line => Some((c, p)),
            _ => None,
        })
        .collect();
    let before = on_line
        .iter()
        .filter(|(c, _)| *c <= column)
        .max_by_key(|(c, _)| *c);
    before
        .or_else(|| on_line.iter().min_by_key(|(c, _)| *c))
        .map(|(_, p)| p.clone())
}

/// Whether `line` (1-based) starts, after any half-width spaces, with a
/// full-width space U+3000.
fn fullwidth_indent(text: &str, line: usize) -> bool {
    line.checked_sub(1)
        .and_then(|i| text.lines().nth(i))
        .is_some_and(|s| s.trim_start_matches(' ').starts_with('\u{3000}'))
}

/// `[Key(工作成效), Index(1), Key(要点)]` → `工作成效[1].要点`.
fn join(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
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

/// Adds the line of a validation error's path, when it can be found.
fn with_line(e: Error, text: &str) -> Error {
    // A missing key (an indicator without 数值) is located at its mapping.
    let found = e.path.as_deref().and_then(|p| {
        let mut s = steps(p);
        while !s.is_empty() {
            if let Some(at) = locate(text, &s, Target::Node) {
                return Some(at);
            }
            s.pop();
        }
        None
    });
    match found {
        Some((l, c)) => e.at_line(l, c),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = "地区: 示例市\n单位: 局\n工作成效: [{标题: 甲}]\n";

    #[test]
    fn lone_carriage_returns_end_lines() {
        let form = parse(FORM.replace('\n', "\r").as_bytes(), "f.yaml").unwrap();
        assert_eq!(form.achievements.len(), 1);
    }

    // The byte pre-check lets through no text the character scan would refuse.
    #[test]
    fn control_character_pre_check_misses_nothing() {
        for c in [
            '\u{1}', '\u{1f}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}', '\u{fffe}', '\u{ffff}',
        ] {
            let text = format!("甲\u{ff0c}\u{a0}\u{ffbf}\n乙{c}丙");
            assert_eq!(control_character(&text), Some((2, 2, c)), "{c:?}");
        }
        for c in ['\u{a0}', '\u{ff0c}', '\u{ffbf}', '\u{fffd}', '\t'] {
            assert_eq!(control_character(&format!("甲\n乙{c}丙")), None, "{c:?}");
        }
    }

    #[test]
    fn control_characters_are_located() {
        let e = parse(FORM.replace("局", "某\u{7}局").as_bytes(), "f.yaml").unwrap_err();
        assert!(e.message.contains("U+0007"), "{e}");
        assert_eq!((e.line, e.column), (Some(2), Some(6)));
    }

    // `%YAML 1.1` before `---` is a directive, not a first document.
    #[test]
    fn a_yaml_directive_is_accepted() {
        for head in [
            "%YAML 1.1\n---\n",
            "%YAML 1.2\n%TAG ! tag:example.com:\n---\n",
        ] {
            let form = parse(format!("{head}{FORM}").as_bytes(), "f.yaml");
            assert!(form.is_ok(), "{head}: {}", form.unwrap_err());
        }
    }

    // A tag inside a flow mapping names its own field, not the line's first.
    #[test]
    fn a_tag_in_a_flow_map_names_its_field() {
        for (text, path, column) in [
            (
                "地区: 甲\n单位: 局\n工作成效: [{标题: 乙, 概述: !!binary aGk=}]\n",
                "工作成效[0].概述",
                20,
            ),
            (
                "地区: 甲\n单位: 局\n工作成效: [{标题: !!str 乙, 概述: 丙}]\n",
                "工作成效[0].标题",
                13,
            ),
            (
                "地区: 甲\n单位: 局\n工作成效:\n  - {标题: 乙, 成效: 丁, 概述: !foo x}\n",
                "工作成效[0].概述",
                24,
            ),
        ] {
            let e = parse(text.as_bytes(), "f.yaml").unwrap_err();
            assert_eq!(e.message, TAG_MESSAGE, "{text}");
            assert_eq!(e.path.as_deref(), Some(path), "{text}");
            assert_eq!(e.column, Some(column), "{text}");
        }
    }

    // Tags serde_yaml would drop are refused like the others, with the field.
    #[test]
    fn every_tag_is_refused_alike() {
        for (value, column) in [
            ("!!binary aGk=", 5),
            ("!!python/object:os.system x", 5),
            ("!重要 甲", 5),
            ("!foo 甲", 5),
            ("!!str 甲", 5),
        ] {
            let text = FORM.replace("单位: 局", &format!("单位: {value}"));
            let e = parse(text.as_bytes(), "f.yaml").unwrap_err();
            assert_eq!(e.message, TAG_MESSAGE, "{value}");
            assert_eq!((e.line, e.column), (Some(2), Some(column)), "{value}");
            assert_eq!(e.path.as_deref(), Some("单位"), "{value}");
        }
    }

    // A key past libyaml's 1,024 characters is named as too long, not as a missing colon.
    #[test]
    fn a_long_key_is_named_as_such() {
        let text = format!("地区: 甲\n{}: 乙\n", "键".repeat(1100));
        let e = parse(text.as_bytes(), "f.yaml").unwrap_err();
        assert!(e.message.contains("键过长"), "{e}");
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
    }

    // A typed 【待补充…】 counts as a placeholder, in document order.
    #[test]
    fn typed_placeholders_are_placeholders() {
        let text = "地区: 示例市\n单位: xx\n导语: 全年\u{3010}待补充:数字\u{3011}\n工作成效: [{标题: 甲}]\n";
        let (_, paths) = parse_with_placeholders(text.as_bytes(), "f.yaml").unwrap();
        assert_eq!(paths, ["单位", "导语"]);
    }

    // The tool's placeholder mark is refused, typed or as a YAML escape,
    // with a Chinese message and its line and column.
    #[test]
    fn the_placeholder_mark_is_refused() {
        let text = "地区: 示例市\n单位: 局\n导语: 全年\u{e000}好\n工作成效: [{标题: 甲}]\n";
        let e = parse(text.as_bytes(), "f.yaml").unwrap_err();
        assert!(e.message.contains("保留字符(U+E000)"), "{e}");
        assert_eq!((e.line, e.column), (Some(3), Some(7)));
        let text = "地区: 示例市\n单位: 局\n导语: \"全年\\uE000好\"\n工作成效: [{标题: 甲}]\n";
        let e = parse(text.as_bytes(), "f.yaml").unwrap_err();
        assert!(e.message.contains("保留字符 U+E000"), "{e}");
        assert_eq!((e.line, e.column), (Some(3), Some(5)), "{e}");
        assert_eq!(e.path.as_deref(), Some("导语"));
    }

    #[test]
    fn fullwidth_indentation_is_named() {
        let text = "地区: 示例市\n单位: 局\n工作成效:\n\u{3000}\u{3000}- 标题: 甲\n";
        let e = parse(text.as_bytes(), "f.yaml").unwrap_err();
        assert!(e.message.contains("全角空格"), "{e}");
        assert_eq!((e.line, e.column, e.path), (Some(4), Some(1), None));
    }
}
