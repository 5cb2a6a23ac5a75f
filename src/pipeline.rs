//! The whole pipeline for one form: file → [`Form`] → [`Report`] → [`Document`] → bytes.

use std::path::Path;

use chrono::NaiveDate;

use crate::context::{self, Report};
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::form::{self, Form};
use crate::render::{Renderer, Style};
use crate::write::Format;

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
}

/// Reads and parses a form file.
pub fn load(path: &Path) -> Result<LoadedForm> {
    let file = path.display().to_string();
    let io = |msg: String| Error::new(ErrorKind::Io, msg).in_file(file.clone());
    let meta = std::fs::metadata(path).map_err(|e| io(io_message(&e)))?;
    if meta.is_dir() {
        return Err(io("这是一个目录,不是表单文件".into()));
    }
    if meta.len() > form::MAX_FORM_BYTES as u64 {
        return Err(Error::new(
            ErrorKind::Form,
            format!(
                "表单过大({} 字节),上限为 {} 字节",
                meta.len(),
                form::MAX_FORM_BYTES
            ),
        )
        .in_file(file));
    }
    // A pipe or a device has no end a clerk would wait for (`/dev/zero`).
    if !meta.is_file() {
        return Err(io(
            "这不是普通文件(可能是管道或设备),不能作为表单读取".into()
        ));
    }
    // Read one byte past the limit at most: a file may grow after its size was
    // taken, and some report size 0 (`/proc`); `parse` refuses the excess.
    let mut bytes = Vec::with_capacity(meta.len().min(form::MAX_FORM_BYTES as u64) as usize + 1);
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(form::MAX_FORM_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(|e| io(io_message(&e)))?;
    parse(&bytes, &file)
}

/// Parses form bytes already in memory; `file` names them in messages.
pub fn parse(bytes: &[u8], file: &str) -> Result<LoadedForm> {
    let (form, placeholders) = form::parse_with_placeholders(bytes, file)?;
    Ok(LoadedForm {
        file: file.to_string(),
        form,
        placeholders,
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
    if opts.strict
        && let Some(e) = strict_error(loaded)
    {
        return Err(e);
    }
    let (style, report) = report(renderer, loaded, opts, today)?;
    renderer.render(style, &report).map_err(|e| match e.file {
        Some(_) => e,
        None => e.in_file(loaded.file.clone()),
    })
}

/// Encodes a document in `format`.
pub fn encode(doc: &Document, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Markdown => Ok(crate::write::markdown::to_markdown(doc).into_bytes()),
        Format::Docx => crate::write::docx::to_docx(doc),
        Format::Html => Ok(crate::write::html::to_html(doc).into_bytes()),
    }
}

/// Refuses an output that is the form itself (`render 表单.md -o 表单.md`),
/// which would replace the clerk's form with the report.
pub fn check_not_input(form: &Path, output: &Path) -> Result<()> {
    // An output that does not exist yet cannot be the form (and needs no
    // path resolution, which costs a dozen system calls per form in a batch).
    let Ok(out_meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    #[cfg(unix)]
    let same = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(form)
            .is_ok_and(|m| m.dev() == out_meta.dev() && m.ino() == out_meta.ino())
    };
    #[cfg(not(unix))]
    let same = {
        let _ = out_meta;
        matches!((form.canonicalize(), output.canonicalize()), (Ok(a), Ok(b)) if a == b)
    };
    if same {
        return Err(Error::new(
            ErrorKind::Io,
            "输出文件就是表单本身,不能覆盖;请另取一个输出文件名",
        )
        .in_file(output.display().to_string()));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory,
/// then a rename, so a failure never leaves a half-written file and never
/// touches an existing file until the new one is complete.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    use std::io::Write;
    let file = path.display().to_string();
    let err = |msg: String| Error::new(ErrorKind::Io, msg).in_file(file.clone());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(err("输出目录不存在".into()));
    }
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(err("输出路径是一个目录".into()));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".huibao-").suffix(".tmp");
    // Temporary files are private (0600); the finished report should carry the
    // permissions of the file it replaces, or the usual 0644 of a new document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| err(format!("无法在输出目录中写入:{}", io_message(&e))))?;
    tmp.write_all(bytes).map_err(|e| err(io_message(&e)))?;
    // Flushed to disk only when replacing a file: a power cut after an
    // unflushed rename could leave an empty file where the user's old report
    // was. A new file has nothing to lose, and flushing each of a thousand
    // new reports would double a batch's time.
    if existing.is_some() {
        tmp.as_file().sync_all().map_err(|e| err(io_message(&e)))?;
    }
    let persisted = if overwrite {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    persisted.map_err(|e| err(io_message(&e.error)))
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

/// The prose checks of a loaded form rendered as `doc`, in the style the
/// form names (or the default one).
pub fn prose_check(renderer: &Renderer, loaded: &LoadedForm, doc: &Document) -> ProseCheck {
    let wanted = loaded.form.style.as_deref().unwrap_or(DEFAULT_STYLE);
    let mut check = ProseCheck {
        warnings: form::prose_warnings(&loaded.form),
        ..ProseCheck::default()
    };
    let Ok(style) = renderer.style(wanted) else {
        return check;
    };
    check.warnings.extend(form::unprinted_keys(
        &loaded.form,
        &style.name,
        &style.unused_keys,
    ));
    if style.id == "fayan" {
        use crate::facts::speech;
        check.speech = Some(speech::summary(doc));
        let allowed = loaded
            .form
            .duration
            .as_ref()
            .and_then(|d| d.given())
            .map(|n| n.value);
        if let Some(message) = allowed.and_then(|d| speech::over_time(doc, d)) {
            check.strict_error = Some(
                Error::new(
                    ErrorKind::Form,
                    format!("定稿检查(--strict)未通过:{message}"),
                )
                .in_file(loaded.file.clone())
                .at_path("时长"),
            );
            check.warnings.push(form::Warning {
                path: "时长".to_string(),
                message,
            });
        }
    }
    check
}
