//! The header a template opens with: everything about its style that is not
//! the body, read the same way for built-in and user templates.
//!
//! ```text
//! {#
//! 名称: 情况汇报
//! 编号: qingkuang
//! 说明: 向上级汇报工作情况……
//! 标题: 关于{地区}{主题}工作情况的汇报
//! 落款: 有
//! 发言: 否
//! 不用: 称呼、会议
//! #}
//! ```
//!
//! The opening comment is a header when one of its lines starts with a key
//! below; then every non-blank line must be `键: 值`. A one-line comment
//! `{# 名称: 说明 #}` whose key is none of these is the short form: a name and a
//! description. Any other opening comment is just a comment.

use crate::facts::title::TitlePattern;

/// The header keys, in the order messages list them.
const KEYS: [&str; 7] = ["名称", "编号", "说明", "标题", "落款", "发言", "不用"];

/// What a header says; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// 名称: the Chinese name.
    pub name: Option<String>,
    /// 编号: the ASCII id typed on the command line.
    pub id: Option<String>,
    /// 说明: one line for `huibao styles`.
    pub description: Option<String>,
    /// 标题: the default title's pattern.
    pub title: Option<TitlePattern>,
    /// 落款: whether the style ends with the signature and date.
    pub signature: Option<bool>,
    /// 发言: whether the style is spoken (its length and speaking time are
    /// checked, 时长 applies).
    pub spoken: Option<bool>,
    /// 不用: form keys the style does not print.
    pub unused_keys: Option<Vec<String>>,
}

/// A header error: the 1-based line in the file and a Chinese message.
pub type HeaderError = (usize, String);

/// Reads the header from the start of a template (the first few KiB suffice).
pub fn parse(source: &str) -> Result<Header, HeaderError> {
    let body = source.trim_start();
    let Some(body) = body.strip_prefix("{#") else {
        return Ok(Header::default());
    };
    let first_line = 1 + source[..source.len() - body.len()].matches('\n').count();
    let body = body.strip_prefix('-').unwrap_or(body);
    let (content, closed) = match body.find("#}") {
        Some(end) => (body[..end].strip_suffix('-').unwrap_or(&body[..end]), true),
        None => (body, false),
    };
    let lines: Vec<(usize, &str)> = content
        .split('\n')
        .enumerate()
        .map(|(i, l)| (first_line + i, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let is_header = lines
        .iter()
        .any(|(_, l)| key_of(l).is_some_and(|(k, _)| KEYS.contains(&k)));
    if !is_header {
        // The short form `{# 简报: 一页纸简报 #}`.
        return Ok(match (closed, lines.as_slice()) {
            (true, [(_, line)]) => match key_of(line) {
                Some((name, desc)) if !name.is_empty() => Header {
                    name: Some(name.to_string()),
                    description: (!desc.is_empty()).then(|| desc.to_string()),
                    ..Header::default()
                },
                _ => Header::default(),
            },
            _ => Header::default(),
        });
    }
    if !closed {
        return Err((
            first_line,
            "模板开头的说明没有以“#}”结束(或超过 8 KiB)".to_string(),
        ));
    }
    let mut header = Header::default();
    for &(n, line) in &lines {
        let err = |m: String| Err((n, m));
        let Some((key, value)) = key_of(line) else {
            return err(format!("模板说明的每一行应为“键: 值”,这一行是“{line}”"));
        };
        if !KEYS.contains(&key) {
            return err(format!(
                "模板说明中不认识的键“{key}”,可用的键:{}",
                KEYS.join("、")
            ));
        }
        if value.is_empty() {
            return err(format!("模板说明中“{key}”没有填写"));
        }
        let duplicate = || (n, format!("模板说明中“{key}”写了不止一次"));
        let text = Some(value.to_string());
        match key {
            "名称" => set(&mut header.name, text).ok_or_else(duplicate)?,
            "编号" => {
                if value.contains(char::is_whitespace) {
                    return err(format!("模板说明中的编号“{value}”不能含空格"));
                }
                set(&mut header.id, text).ok_or_else(duplicate)?
            }
            "说明" => set(&mut header.description, text).ok_or_else(duplicate)?,
            "标题" => {
                let pattern = TitlePattern::parse(value).map_err(|m| (n, m))?;
                set(&mut header.title, Some(pattern)).ok_or_else(duplicate)?
            }
            "落款" | "发言" => {
                let yes = match value {
                    "有" | "是" => true,
                    "无" | "否" => false,
                    _ => {
                        let words = if key == "落款" {
                            "“有”或“无”"
                        } else {
                            "“是”或“否”"
                        };
                        return err(format!("模板说明中“{key}”应为{words},不是“{value}”"));
                    }
                };
                let slot = if key == "落款" {
                    &mut header.signature
                } else {
                    &mut header.spoken
                };
                set(slot, Some(yes)).ok_or_else(duplicate)?
            }
            _ => {
                let keys = value
                    .split(['、', ',', '\u{ff0c}', ' ', '\u{3000}'])
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect();
                set(&mut header.unused_keys, Some(keys)).ok_or_else(duplicate)?
            }
        }
    }
    Ok(header)
}

/// `键: 值` (ASCII or full-width colon), trimmed.
fn key_of(line: &str) -> Option<(&str, &str)> {
    line.split_once([':', '\u{ff1a}'])
        .map(|(k, v)| (k.trim(), v.trim()))
}

/// Sets `slot` unless already set (`None`: a duplicate key).
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = value;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let h = parse(
            "{#\n名称: 简报\n编号: jianbao\n说明: 一页纸简报\n标题: {地区}{主题}简报\n落款: 无\n发言: 是\n不用: 称呼、会议,主送\n#}\n@title x\n",
        )
        .unwrap();
        assert_eq!(h.name.as_deref(), Some("简报"));
        assert_eq!(h.id.as_deref(), Some("jianbao"));
        assert_eq!(h.description.as_deref(), Some("一页纸简报"));
        assert_eq!(
            h.title,
            Some(TitlePattern::parse("{地区}{主题}简报").unwrap())
        );
        assert_eq!(h.signature, Some(false));
        assert_eq!(h.spoken, Some(true));
        assert_eq!(
            h.unused_keys,
            Some(vec!["称呼".into(), "会议".into(), "主送".into()])
        );
    }

    // Full-width colons, `{#-`, and a description that itself has a colon.
    #[test]
    fn full_width_colon_and_whitespace_control() {
        let h = parse("{#-\n名称\u{ff1a}简报\n说明: 结构:一、二、三\n-#}").unwrap();
        assert_eq!(h.name.as_deref(), Some("简报"));
        assert_eq!(h.description.as_deref(), Some("结构:一、二、三"));
    }

    #[test]
    fn short_form_and_plain_comments() {
        let h = parse("{# 简报: 一页纸简报 #}\n正文").unwrap();
        assert_eq!(h.name.as_deref(), Some("简报"));
        assert_eq!(h.description.as_deref(), Some("一页纸简报"));
        assert_eq!(parse("正文").unwrap(), Header::default());
        assert_eq!(parse("{# 我的模板 #}\n正文").unwrap(), Header::default());
        assert_eq!(
            parse("{# 注释\n第二行: 说明 #}").unwrap(),
            Header::default()
        );
    }

    // Errors give the line in the file and say what is wrong, in Chinese.
    #[test]
    fn errors_name_the_line() {
        let (line, msg) = parse("\n{#\n名称: 简报\n标提: x\n#}").unwrap_err();
        assert_eq!(line, 4);
        assert!(
            msg.contains("不认识的键“标提”") && msg.contains("名称、编号"),
            "{msg}"
        );
        let (line, msg) = parse("{#\n名称: 简报\n随便写写\n#}").unwrap_err();
        assert_eq!((line, msg.contains("“键: 值”")), (3, true), "{msg}");
        let (line, msg) = parse("{#\n名称: 简报\n名称: 又一个\n#}").unwrap_err();
        assert_eq!((line, msg.contains("不止一次")), (3, true), "{msg}");
        let (line, msg) = parse("{#\n名称: 简报\n落款: 也许\n#}").unwrap_err();
        assert_eq!((line, msg.contains("“有”或“无”")), (3, true), "{msg}");
        let (line, msg) = parse("{#\n名称: 简报\n标题: {地方}简报\n#}").unwrap_err();
        assert_eq!((line, msg.contains("{地方}")), (3, true), "{msg}");
        let (line, msg) = parse("{#\n名称: 简报\n").unwrap_err();
        assert_eq!((line, msg.contains("#}")), (1, true), "{msg}");
        let (_, msg) = parse("{#\n名称:\n#}").unwrap_err();
        assert!(msg.contains("没有填写"), "{msg}");
    }
}
