//! The whole pipeline for one form: file → [`Form`] → [`Report`] → [`Document`] → bytes.

use std::path::Path;

use chrono::NaiveDate;

use crate::context::{self, Report};
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::form::{self, Form};
use crate::render::{Renderer, Style};
use crate::write::Format;

mod atomic;
mod in_flight;

pub use atomic::{
    exit_removing_temp_files, kind_of, remove_stale, resolve_links, temp_file_pid, write_atomic,
    write_into,
};
pub use in_flight::remove_on_signals;

/// The style used when neither the command line nor the form names one.
pub const DEFAULT_STYLE: &str = "qingkuang";

/// A parsed form with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedForm {
    /// The path as the user gave it, for messages.
    pub file: String,
    /// The typed form.
    pub form: Form,
    /// Field paths of every placeholder, in document order.
    pub placeholders: Vec<String>,
    /// The encoding the file was read in (docs/form.md §11.3).
    pub encoding: form::Encoding,
}

impl LoadedForm {
    /// `已按 GBK 读取` for a form not in UTF-8, for the commands to say.
    pub fn encoding_note(&self) -> Option<String> {
        (self.encoding != form::Encoding::Utf8)
            .then(|| format!("已按 {} 读取", self.encoding.name()))
    }
}

/// Reads and parses a form file.
pub fn load(path: &Path) -> Result<LoadedForm> {
    let file = path.display().to_string();
    let bytes = read_form_file(path).map_err(|e| e.in_file(file.clone()))?;
    parse(&bytes, &file)
}

/// The bytes of a form file: a regular file of at most
/// [`form::MAX_FORM_BYTES`]. A pipe, a device or a broken link is refused
/// without being waited on or read (`/dev/zero` has no end).
pub fn read_form_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |msg: String| Error::new(ErrorKind::Io, msg);
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a pipe waits for a writer; a regular file ignores the flag.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let opened = options.open(path).map_err(|e| {
        let dangling = e.kind() == std::io::ErrorKind::NotFound
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if dangling {
            io("这是一个失效的符号链接(它指向的文件不存在)".into())
        } else {
            io(io_message(&e))
        }
    })?;
    // The file opened, not the name: it may have been replaced since.
    let meta = opened.metadata().map_err(|e| io(io_message(&e)))?;
    if meta.is_dir() {
        return Err(io("这是一个目录,不是表单文件".into()));
    }
    if !meta.is_file() {
        return Err(io(format!("{},不能作为表单读取", kind_of(&meta))));
    }
    if meta.len() > form::MAX_FORM_BYTES as u64 {
        return Err(Error::new(
            ErrorKind::Form,
            format!(
                "表单过大({} 字节),上限为 {} 字节",
                meta.len(),
                form::MAX_FORM_BYTES
            ),
        ));
    }
    // Read one byte past the limit at most: a file may grow after its size was
    // taken, and some report size 0 (`/proc`); `parse` refuses the excess.
    let mut bytes = Vec::with_capacity(meta.len().min(form::MAX_FORM_BYTES as u64) as usize + 1);
    opened
        .take(form::MAX_FORM_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io(io_message(&e)))?;
    Ok(bytes)
}

/// Parses form bytes already in memory; `file` names them in messages.
pub fn parse(bytes: &[u8], file: &str) -> Result<LoadedForm> {
    let (form, placeholders, encoding) = form::parse_with_encoding(bytes, file)?;
    Ok(LoadedForm {
        file: file.to_string(),
        form,
        placeholders,
        encoding,
    })
}

/// A Chinese reason for a failed read or write.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或目录不存在".into(),
        K::PermissionDenied => "没有读写权限".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::IsADirectory => "这是一个目录,不是文件".into(),
        K::InvalidData => "内容不是有效的文本".into(),
        K::ReadOnlyFilesystem => "所在位置是只读的,不能写入".into(),
        K::StorageFull | K::QuotaExceeded => "磁盘空间不足".into(),
        K::NotADirectory => "路径中的某一级不是目录".into(),
        K::InvalidFilename => "文件名无效或过长".into(),
        // The system's own text is English; its number is what support needs.
        _ => match e.raw_os_error() {
            Some(code) => format!("读写失败(系统错误码 {code})"),
            None => "读写失败".into(),
        },
    }
}

/// The date to print when the form has none: `SOURCE_DATE_EPOCH` when set (so
/// builds are reproducible), else today in local time.
pub fn today() -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Options of one render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Style named on the command line; wins over the form's 文种.
    pub style: Option<String>,
    /// Placeholders are an error.
    pub strict: bool,
}

/// The error `--strict` gives for a form with placeholders.
pub fn strict_error(loaded: &LoadedForm) -> Option<Error> {
    (!loaded.placeholders.is_empty()).then(|| {
        Error::new(
            ErrorKind::Placeholder,
            format!(
                "定稿检查(--strict)未通过:还有{}处待补充:{}",
                loaded.placeholders.len(),
                loaded.placeholders.join("、")
            ),
        )
        .in_file(loaded.file.clone())
    })
}

/// Builds the template context for a loaded form in the chosen style.
pub fn report<'r>(
    renderer: &'r Renderer,
    loaded: &LoadedForm,
    opts: &RenderOptions,
    today: NaiveDate,
) -> Result<(&'r Style, Report)> {
    let wanted = opts
        .style
        .as_deref()
        .or(loaded.form.style.as_deref())
        .unwrap_or(DEFAULT_STYLE);
    let style = renderer.style(wanted).map_err(|e| {
        if e.file.is_some() {
            return e; // the style's template is at fault, not the form
        }
        let e = e.in_file(loaded.file.clone());
        if opts.style.is_none() {
            e.at_path("文种")
        } else {
            e
        }
    })?;
    Ok((
        style,
        context::build(&loaded.form, &style.id, &style.title, today),
    ))
}

/// Renders a loaded form into a document.
pub fn document(
    renderer: &Renderer,
    loaded: &LoadedForm,
    opts: &RenderOptions,
    today: NaiveDate,
) -> Result<Document> {
    render(renderer, loaded, opts, today).map(|(_, doc)| doc)
}

/// Renders a loaded form into a document, with the style it was rendered
/// in: the style is resolved once, here, and what is checked about the
/// draft afterwards ([`prose_check`]) is checked against it.
pub fn render<'r>(
    renderer: &'r Renderer,
    loaded: &LoadedForm,
    opts: &RenderOptions,
    today: NaiveDate,
) -> Result<(&'r Style, Document)> {
    if opts.strict
        && let Some(e) = strict_error(loaded)
    {
        return Err(e);
    }
    let (style, report) = report(renderer, loaded, opts, today)?;
    let doc = renderer.render(style, report).map_err(|e| match e.file {
        Some(_) => e,
        None => e.in_file(loaded.file.clone()),
    })?;
    // `--strict` on a speech longer than its 时长 fails `render` as it fails `check`.
    if opts.strict
        && let Some(message) = over_time(loaded, style, &doc)
    {
        return Err(over_time_error(loaded, message));
    }
    Ok((style, doc))
}

/// Encodes a document in `format` (see [`Format::write`]).
pub fn encode(doc: &Document, format: Format) -> Result<Vec<u8>> {
    crate::write::encode(doc, format)
}

/// The files a run reads (its forms, the templates directory's files), so
/// that no output of the run replaces one of them: `render a.yaml a.md -o .
/// -f md` would otherwise write the report of `a.yaml` over the form `a.md`.
#[derive(Debug, Default)]
pub struct Inputs {
    #[cfg(unix)]
    ids: std::collections::HashSet<(u64, u64)>,
    #[cfg(not(unix))]
    ids: std::collections::HashSet<std::path::PathBuf>,
}

impl Inputs {
    /// The inputs among `paths` that exist (directories: the files in them).
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p Path>) -> Inputs {
        let mut inputs = Inputs::default();
        for p in paths {
            match std::fs::read_dir(p) {
                Ok(rd) => rd.flatten().for_each(|e| inputs.add(&e.path())),
                Err(_) => inputs.add(p),
            }
        }
        inputs
    }

    fn add(&mut self, path: &Path) {
        if let Some(id) = file_id(path) {
            self.ids.insert(id);
        }
    }

    /// Refuses `output` when it is one of the inputs (the same file, through
    /// whatever name or link).
    pub fn check_output(&self, output: &Path) -> Result<()> {
        // An output that does not exist yet cannot be an input (and needs no
        // resolution, which costs system calls per form in a batch).
        if !self.ids.is_empty() && file_id(output).is_some_and(|id| self.ids.contains(&id)) {
            return Err(Error::new(
                ErrorKind::Io,
                "输出文件就是本次要读取的表单本身或模板,不能覆盖;请另取一个输出文件名或输出目录",
            )
            .in_file(output.display().to_string()));
        }
        Ok(())
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<std::path::PathBuf> {
    path.canonicalize().ok()
}

/// What `check` adds about a rendered draft (docs/form.md §9.7–9.10).
#[derive(Debug, Default)]
pub struct ProseCheck {
    /// Hand-typed numbering, connectives, keys the style does not print,
    /// and a speech longer than its 时长.
    pub warnings: Vec<form::Warning>,
    /// For 汇报发言: `约2640字,预计发言12分钟`.
    pub speech: Option<String>,
    /// The error `--strict` gives for a speech longer than its 时长.
    pub strict_error: Option<Error>,
}

/// The prose checks of a loaded form rendered as `doc` in `style` (the
/// style it was rendered in: see [`render`]).
pub fn prose_check(loaded: &LoadedForm, style: &Style, doc: &Document) -> ProseCheck {
    let mut check = ProseCheck {
        warnings: form::prose_warnings(&loaded.form),
        ..ProseCheck::default()
    };
    check.warnings.extend(form::unprinted_keys(
        &loaded.form,
        &style.name,
        &style.unused_keys,
    ));
    if style.spoken {
        check.speech = Some(crate::facts::speech::summary(doc));
    }
    if let Some(message) = over_time(loaded, style, doc) {
        check.strict_error = Some(over_time_error(loaded, message.clone()));
        check.warnings.push(form::Warning {
            path: "时长".to_string(),
            message,
        });
    }
    check
}

/// How far a spoken style (汇报发言) runs over its 时长 (docs/form.md
/// §9.10), as a message; `None` for other styles, without 时长, or within it.
fn over_time(loaded: &LoadedForm, style: &Style, doc: &Document) -> Option<String> {
    if !style.spoken {
        return None;
    }
    let allowed = loaded.form.duration.as_ref()?.given()?.value;
    crate::facts::speech::over_time(doc, allowed)
}

/// The `--strict` error for a speech over its 时长.
fn over_time_error(loaded: &LoadedForm, message: String) -> Error {
    Error::new(
        ErrorKind::Form,
        format!("定稿检查(--strict)未通过:{message}"),
    )
    .in_file(loaded.file.clone())
    .at_path("时长")
}
