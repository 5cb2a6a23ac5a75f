//! The styles (文种): six built in, embedded in the binary, plus any `*.jinja`
//! file in a user's `--templates` directory, which overrides a built-in of the
//! same id or Chinese name.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// A built-in style: id, Chinese name, one-line description, template source.
struct BuiltIn {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    source: &'static str,
}

const BUILT_INS: &[BuiltIn] = &[
    BuiltIn {
        id: "qingkuang",
        name: "情况汇报",
        description: "向上级汇报工作情况:主要工作及成效、存在的问题、下一步工作打算,落款署名",
        source: include_str!("../../templates/qingkuang.jinja"),
    },
    BuiltIn {
        id: "diaoyan",
        name: "调研报告",
        description: "关于…情况的调研报告:基本情况、存在的问题、对策建议",
        source: include_str!("../../templates/diaoyan.jinja"),
    },
    BuiltIn {
        id: "zongjie",
        name: "工作总结",
        description: "…工作总结及…工作思路:本期主要工作、问题与不足、下期工作安排",
        source: include_str!("../../templates/zongjie.jinja"),
    },
    BuiltIn {
        id: "fayan",
        name: "汇报发言",
        description: "会议上的汇报发言:称呼、分条汇报、以“谢谢大家!”结束,不落款",
        source: include_str!("../../templates/fayan.jinja"),
    },
    BuiltIn {
        id: "yaodian",
        name: "要点汇报",
        description: "一是…二是…贯通到底的要点式汇报,随后问题与打算各一段",
        source: include_str!("../../templates/yaodian.jinja"),
    },
    BuiltIn {
        id: "zongshu",
        name: "工作综述",
        description: "新闻综述体:主副标题、分板块叙述、要点加粗领起,不落款",
        source: include_str!("../../templates/zongshu.jinja"),
    },
];

/// Shared macros every built-in template imports; a user file of the same name overrides it.
pub(crate) const MACROS: (&str, &str) = (
    "_macros.jinja",
    include_str!("../../templates/_macros.jinja"),
);

/// The blank, commented form `huibao init` writes.
pub const BLANK_FORM: &str = include_str!("../../templates/form.yaml");

/// Where a style's template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    BuiltIn,
    /// A file in the user's template directory (possibly overriding a built-in).
    User(PathBuf),
}

/// A style that can be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// ASCII id, e.g. `qingkuang`; for user styles the file stem.
    pub id: String,
    /// Chinese name, e.g. `情况汇报`.
    pub name: String,
    /// One line for `huibao styles`.
    pub description: String,
    /// The template name the environment loads (`{id}.jinja` or the user's file name).
    pub template: String,
    /// Built in or from the user's directory.
    pub origin: Origin,
}

/// The built-in template source named `name`, if any.
pub(crate) fn built_in_source(name: &str) -> Option<&'static str> {
    if name == MACROS.0 {
        return Some(MACROS.1);
    }
    let id = name.strip_suffix(".jinja")?;
    BUILT_INS.iter().find(|b| b.id == id).map(|b| b.source)
}

/// All styles: the built-ins, each replaced by a user file of the same id or name,
/// then the user's own styles in file-name order.
pub fn discover(user_dir: Option<&Path>) -> Result<Vec<Style>> {
    let mut styles: Vec<Style> = BUILT_INS
        .iter()
        .map(|b| Style {
            id: b.id.to_string(),
            name: b.name.to_string(),
            description: b.description.to_string(),
            template: format!("{}.jinja", b.id),
            origin: Origin::BuiltIn,
        })
        .collect();
    let Some(dir) = user_dir else {
        return Ok(styles);
    };
    let io_err = |e: std::io::Error| {
        Error::new(ErrorKind::Io, format!("无法读取模板目录:{e}"))
            .in_file(dir.display().to_string())
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jinja") && p.is_file())
        .collect();
    files.sort();
    for path in files {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if stem.starts_with('_') {
            continue; // macros and partials, not styles
        }
        let source = std::fs::read_to_string(&path).map_err(io_err)?;
        let (name, description) = header(&source, stem);
        let template = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let style = Style {
            id: stem.to_string(),
            name,
            description,
            template,
            origin: Origin::User(path.clone()),
        };
        match styles
            .iter_mut()
            .find(|s| s.origin == Origin::BuiltIn && (s.id == stem || s.name == stem))
        {
            Some(built_in) => {
                built_in.template = style.template;
                built_in.origin = style.origin;
            }
            None => styles.push(style),
        }
    }
    Ok(styles)
}

/// Reads `{# 名称: 描述 #}` from a template's first line; falls back to the file stem.
fn header(source: &str, stem: &str) -> (String, String) {
    let first = source.lines().next().unwrap_or("").trim();
    let inner = first
        .strip_prefix("{#")
        .and_then(|s| s.strip_suffix("#}"))
        .map(str::trim);
    match inner.and_then(|s| s.split_once([':', '\u{ff1a}'])) {
        Some((name, desc)) => (name.trim().to_string(), desc.trim().to_string()),
        None => (stem.to_string(), "用户模板".to_string()),
    }
}

/// Finds a style by id or Chinese name.
pub fn find<'a>(styles: &'a [Style], wanted: &str) -> Result<&'a Style> {
    let wanted = wanted.trim();
    styles
        .iter()
        .find(|s| s.id == wanted || s.name == wanted)
        .ok_or_else(|| {
            let known: Vec<String> = styles
                .iter()
                .map(|s| format!("{}({})", s.name, s.id))
                .collect();
            Error::new(
                ErrorKind::Form,
                format!("未知的文种“{wanted}”,可用:{}", known.join("、")),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each built-in is found by its Chinese name and by its ASCII id.
    #[test]
    fn finds_built_ins_by_name_and_id() {
        let styles = discover(None).unwrap();
        assert_eq!(styles.len(), 6);
        assert_eq!(find(&styles, "调研报告").unwrap().id, "diaoyan");
        assert_eq!(find(&styles, "zongshu").unwrap().name, "工作综述");
        assert!(
            find(&styles, "通知")
                .unwrap_err()
                .message
                .contains("情况汇报")
        );
    }

    // The header comment names a user style and describes it.
    #[test]
    fn reads_header_comment() {
        assert_eq!(
            header("{# 简报: 一页纸简报 #}\n正文", "jianbao"),
            ("简报".to_string(), "一页纸简报".to_string())
        );
        assert_eq!(header("正文", "jianbao").0, "jianbao");
    }
}
