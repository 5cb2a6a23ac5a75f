//! The styles (文种): every `templates/*.jinja` built in, embedded in the
//! binary, plus any `*.jinja` file in a user's `--templates` directory, which
//! overrides a built-in of the same id or Chinese name. A style is described by
//! its template's header (see [`super::header`]), built-in or not.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::header::{self, Header};
use crate::error::{Error, ErrorKind, Result};
use crate::facts::title::TitlePattern;

/// Every `templates/*.jinja` as (file name, source), embedded by `build.rs`:
/// the styles, and `_`-prefixed partials such as `_macros.jinja`.
const TEMPLATES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The blank, commented form `huibao init` writes.
pub const BLANK_FORM: &str = include_str!("../../templates/form.yaml");

/// Largest template file read; a report template is a few KiB.
pub const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

/// How much of a user template is read to list it: its header.
const HEADER_BYTES: u64 = 8 << 10;

/// The style whose title a user style without `标题` gets: the most general one.
const GENERAL_STYLE: &str = "qingkuang";

/// Where a style's template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    BuiltIn,
    /// A file in the user's template directory (possibly overriding a built-in).
    User(PathBuf),
}

/// A style that can be rendered, as its template's header describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// ASCII id, e.g. `qingkuang`: the header's `编号`, else the file stem.
    pub id: String,
    /// Chinese name, e.g. `情况汇报`: the header's `名称`, else the file stem.
    pub name: String,
    /// One line for `huibao styles`.
    pub description: String,
    /// The pattern of the title used when the form gives none.
    pub title: TitlePattern,
    /// Whether the style ends with the signature (落款) and date: without it
    /// the renderer drops any sign-off the template prints.
    pub signature: bool,
    /// Whether the style is spoken (发言): `check` gives its length and
    /// speaking time, and 时长 applies.
    pub spoken: bool,
    /// Form keys the style does not print (e.g. `称呼`), canonical Chinese names.
    pub unused_keys: Vec<String>,
    /// The template name the environment loads (`{id}.jinja` or the user's file name).
    pub template: String,
    /// Built in or from the user's directory.
    pub origin: Origin,
    /// Why the style cannot be used (its file is unreadable, too large, or its
    /// header is wrong): reported when it is chosen, so one bad file in the
    /// user's directory leaves every other style usable.
    pub problem: Option<Error>,
}

/// The built-in template source named `name`, if any.
pub(crate) fn built_in_source(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// All styles: the built-ins, each replaced by a user file of the same id or name,
/// then the user's own styles in file-name order. Only the header of a user
/// file is read here; a file that cannot be used is listed with its problem.
pub fn discover(user_dir: Option<&Path>) -> Result<Vec<Style>> {
    let mut styles = TEMPLATES
        .iter()
        .filter_map(|(file, source)| Some(built_in(style_stem(file)?, file, source)))
        .collect::<Result<Vec<Style>>>()?;
    let Some(dir) = user_dir else {
        return Ok(styles);
    };
    let general = styles
        .iter()
        .find(|s| s.id == GENERAL_STYLE)
        .map(|s| s.title.clone())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Template,
                format!("缺少内置模板 {GENERAL_STYLE}.jinja"),
            )
        })?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            Error::new(ErrorKind::Io, format!("无法读取模板目录:{}", io_reason(&e)))
                .in_file(dir.display().to_string())
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jinja"))
        .collect();
    files.sort();
    for path in files {
        let Some(file) = path.file_name().and_then(|s| s.to_str()) else {
            continue;
        };
        let Some(stem) = style_stem(file) else {
            continue; // macros and partials, not styles
        };
        let (header, problem) = match read_header(&path) {
            Ok(h) => (h, None),
            Err(e) => (Header::default(), Some(e)),
        };
        let id = header.id.clone().unwrap_or_else(|| stem.to_string());
        let name = header.name.clone().unwrap_or_else(|| stem.to_string());
        let overridden = styles.iter_mut().find(|b| {
            b.origin == Origin::BuiltIn
                && [stem, &id, &name]
                    .iter()
                    .any(|n| *n == b.id || *n == b.name)
        });
        let style = match overridden {
            // The built-in keeps its id and name, so forms naming it keep
            // working; what the header does not say stays the built-in's.
            Some(b) => b,
            None => {
                styles.push(Style {
                    id,
                    name,
                    description: "用户模板".to_string(),
                    title: general.clone(),
                    signature: true,
                    spoken: false,
                    unused_keys: Vec::new(),
                    template: String::new(),
                    origin: Origin::BuiltIn,
                    problem: None,
                });
                styles.last_mut().expect("just pushed")
            }
        };
        apply(style, header);
        if let Some(p) = &problem {
            style.description = format!("无法使用:{}", p.message);
        }
        style.template = file.to_string();
        style.origin = Origin::User(path.clone());
        style.problem = problem;
    }
    Ok(styles)
}

/// `file` names a style (not a `_` partial): its stem.
fn style_stem(file: &str) -> Option<&str> {
    file.strip_suffix(".jinja").filter(|s| !s.starts_with('_'))
}

/// A built-in style: its header must say everything, and its 编号 must be its file name.
fn built_in(stem: &str, file: &str, source: &str) -> Result<Style> {
    let at = |line: usize, message: String| {
        let mut e = Error::new(ErrorKind::Template, message).in_file(format!("内置模板 {file}"));
        e.line = Some(line);
        e
    };
    let header = header::parse(source).map_err(|(line, m)| at(line, m))?;
    let missing = |key: &str| at(1, format!("模板说明缺少“{key}”"));
    if header.id.as_deref() != Some(stem) {
        return Err(at(1, format!("模板说明的“编号”应为文件名 {stem}")));
    }
    Ok(Style {
        id: stem.to_string(),
        name: header.name.ok_or_else(|| missing("名称"))?,
        description: header.description.ok_or_else(|| missing("说明"))?,
        title: header.title.ok_or_else(|| missing("标题"))?,
        signature: header.signature.ok_or_else(|| missing("落款"))?,
        spoken: header.spoken.unwrap_or(false),
        unused_keys: header.unused_keys.unwrap_or_default(),
        template: file.to_string(),
        origin: Origin::BuiltIn,
        problem: None,
    })
}

/// What a header says, laid over `style`.
fn apply(style: &mut Style, header: Header) {
    if let Some(d) = header.description {
        style.description = d;
    }
    if let Some(t) = header.title {
        style.title = t;
    }
    if let Some(s) = header.signature {
        style.signature = s;
    }
    if let Some(s) = header.spoken {
        style.spoken = s;
    }
    if let Some(k) = header.unused_keys {
        style.unused_keys = k;
    }
}

/// Reads the header of a user template: a regular file no larger than
/// [`MAX_TEMPLATE_BYTES`], of which only the first [`HEADER_BYTES`] are read.
fn read_header(path: &Path) -> Result<Header> {
    let file = path.display().to_string();
    let refuse = |kind, message: String| Error::new(kind, message).in_file(file.clone());
    let unreadable =
        |e: std::io::Error| refuse(ErrorKind::Io, format!("无法读取模板:{}", io_reason(&e)));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    // A pipe would block the read; a directory has nothing to read.
    if !meta.is_file() {
        return Err(refuse(
            ErrorKind::Io,
            "无法读取模板:这不是普通文件(可能是目录或管道)".to_string(),
        ));
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(refuse(ErrorKind::Template, too_large(Some(meta.len()))));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(HEADER_BYTES).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    // The cut may fall inside a character; the header ends long before it.
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    header::parse(text).map_err(|(line, message)| {
        let mut e = refuse(ErrorKind::Template, message);
        e.line = Some(line);
        e
    })
}

/// Reads a whole user template, refusing one over [`MAX_TEMPLATE_BYTES`];
/// the error is a Chinese sentence.
pub(crate) fn read_template(path: &Path) -> std::result::Result<String, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("无法读取模板:{}", io_reason(&e)))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(too_large(None));
    }
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        format!("模板第{line}行含有无效的 UTF-8 字节,请以 UTF-8 编码保存")
    })
}

/// The refusal of a template over [`MAX_TEMPLATE_BYTES`] (`len` when known).
fn too_large(len: Option<u64>) -> String {
    let size = len.map(|n| format!("{n} 字节,")).unwrap_or_default();
    format!(
        "模板文件过大({size}超过上限 {} MiB),请检查是否放错了文件",
        MAX_TEMPLATE_BYTES >> 20
    )
}

/// A Chinese reason for a failed read.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在(或是指向不存在文件的链接)".into(),
        K::PermissionDenied => "没有读取权限".into(),
        K::IsADirectory => "这是一个目录,不是文件".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("读取失败(系统错误码 {code})"),
            None => "读取失败".into(),
        },
    }
}

/// Finds a style by id or Chinese name.
pub fn find<'a>(styles: &'a [Style], wanted: &str) -> Result<&'a Style> {
    let wanted = wanted.trim();
    let found = styles
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
        })?;
    match &found.problem {
        Some(problem) => Err(problem.clone()),
        None => Ok(found),
    }
}

#[cfg(test)]
#[path = "styles_tests.rs"]
mod tests;
