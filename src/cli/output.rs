//! Where output goes: standard output or files, each in a format that `-f`
//! chooses independently of the target (docs/form.md §7).
//!
//! Rules, in order:
//! - `-o -`: standard output, Markdown unless `-f docx` (DOCX only to a pipe
//!   or file, never a terminal);
//! - several forms (or a directory of forms): `-o` must be a directory, an
//!   existing one or a new path without a document extension;
//! - one form, `-o FILE`: the format of `-f` when given, else of the
//!   extension; an `-f` that contradicts a document extension (`-o a.md -f
//!   docx`) is a usage error, as the file would lie about its content; an
//!   extension that names no format (`-o 报告.txt -f md`) takes `-f`'s;
//! - no `-o`: the current directory, DOCX unless `-f` says otherwise.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::pipeline;
use crate::write::Format;

/// Where each form's output goes, in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (`-o -`).
    Stdout(Format),
    /// One file.
    File(PathBuf, Format),
    /// A directory, each form's report named after the form.
    Dir(PathBuf, Format),
}

impl Target {
    /// Resolves `-o` and `-f` for `forms` (`many`: more than one form, or a
    /// directory of forms).
    pub fn resolve(many: bool, output: Option<&Path>, format: Option<Format>) -> Result<Target> {
        let Some(o) = output else {
            return Ok(Target::Dir(
                PathBuf::from("."),
                format.unwrap_or(Format::Docx),
            ));
        };
        if o == Path::new("-") {
            if many {
                return Err(Error::usage(
                    "多份表单不能输出到标准输出(-o -),请用 -o 给出一个目录",
                ));
            }
            let f = format.unwrap_or(Format::Markdown);
            if !f.is_text() && std::io::stdout().is_terminal() {
                return Err(Error::usage(format!(
                    "{} 文件不能输出到终端;请重定向到文件(> 报告.{ext})或管道,或用 -o 报告.{ext}",
                    f.extension().to_uppercase(),
                    ext = f.extension()
                )));
            }
            return Ok(Target::Stdout(f));
        }
        let named = o.display();
        let dir_like = o.is_dir() || o.as_os_str().to_string_lossy().ends_with(['/', '\\']);
        if many {
            if dir_like {
                return Ok(Target::Dir(o.to_path_buf(), format.unwrap_or(Format::Docx)));
            }
            if o.exists() {
                return Err(Error::usage(format!(
                    "多份表单要输出到一个目录,而“{named}”是已有的文件;请用 -o 给出一个目录"
                )));
            }
            if Format::from_path(o).is_some() {
                return Err(Error::usage(format!(
                    "多份表单要输出到一个目录,而“{named}”像是一个文件名;请用 -o 给出一个目录(不带 .md、.docx、.html、.pdf 扩展名)"
                )));
            }
            return Ok(Target::Dir(o.to_path_buf(), format.unwrap_or(Format::Docx)));
        }
        if dir_like {
            return Ok(Target::Dir(o.to_path_buf(), format.unwrap_or(Format::Docx)));
        }
        match (Format::from_path(o), format) {
            (Some(by_ext), Some(f)) if by_ext != f => Err(Error::usage(format!(
                "输出文件“{named}”的扩展名是 .{},与 -f {} 不一致;请改扩展名或去掉 -f",
                by_ext.extension(),
                f.extension()
            ))),
            (Some(f), _) | (None, Some(f)) => Ok(Target::File(o.to_path_buf(), f)),
            (None, None) => Err(Error::usage(format!(
                "无法从“{named}”的扩展名判断输出格式;请用 .md、.docx、.html 或 .pdf 结尾,或用 -f 指定格式"
            ))),
        }
    }
}

/// Writes a report to the file `path`. Only a regular file is replaced
/// (atomically, see [`pipeline::write_atomic`]); a character device or a
/// pipe (`/dev/null`, a terminal, a FIFO) is written into, never replaced,
/// and so is anything under `/dev` or `/proc` (`/dev/stdout` may name the
/// file a shell redirected to, which must not lose what it already holds).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if writes_into(path) {
        pipeline::write_into(path, bytes)
    } else {
        pipeline::write_atomic(path, bytes, true)
    }
}

/// Whether the existing `path` is written into rather than replaced.
fn writes_into(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_fifo() {
            return true;
        }
    }
    let system = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    meta.is_file() && (system(path) || system(&pipeline::resolve_links(path)))
}

/// Writes `bytes` to standard output. A reader that went away (`| head`)
/// ends the run quietly ([`ErrorKind::BrokenPipe`]); any other failure (a
/// full disk, a closed descriptor) is an error in Chinese. Never panics, as
/// `print!` would.
pub fn stdout(bytes: &[u8]) -> Result<()> {
    if stdout_closed() {
        return Err(Error::new(
            ErrorKind::Stdout,
            "标准输出已关闭,输出无处可写;请把输出重定向到文件或用 -o 指定输出文件",
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// The error for a failed write to standard output.
pub fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Error::new(ErrorKind::BrokenPipe, "");
    }
    Error::new(
        ErrorKind::Stdout,
        format!("无法写入标准输出:{}", crate::pipeline::io_message(&e)),
    )
}

/// Whether standard output was closed when the process started (`>&-`).
///
/// The Rust runtime reopens a closed descriptor 0–2 on `/dev/null`, read and
/// write, so writes would "succeed" into nothing; a redirection to
/// `/dev/null` by a shell opens it write-only. Linux tells the two apart in
/// `/proc`; elsewhere this answers `false`.
fn stdout_closed() -> bool {
    static CLOSED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CLOSED.get_or_init(|| {
        let target = std::fs::read_link("/proc/self/fd/1");
        if target.ok().as_deref() != Some(Path::new("/dev/null")) {
            return false;
        }
        let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(many: bool, o: &str, f: Option<Format>) -> Result<Target> {
        Target::resolve(many, Some(Path::new(o)), f)
    }

    #[test]
    fn format_follows_f_then_extension() {
        use Format::*;
        assert_eq!(
            resolve(false, "a.md", None).unwrap(),
            Target::File("a.md".into(), Markdown)
        );
        assert_eq!(
            resolve(false, "a.txt", Some(Markdown)).unwrap(),
            Target::File("a.txt".into(), Markdown)
        );
        assert_eq!(
            resolve(false, "a.docx", Some(Docx)).unwrap(),
            Target::File("a.docx".into(), Docx)
        );
        let e = resolve(false, "a.md", Some(Docx)).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.contains("与 -f docx 不一致"), "{e}");
        assert_eq!(resolve(false, "a", None).unwrap_err().exit_code(), 2);
        assert_eq!(
            Target::resolve(false, None, None).unwrap(),
            Target::Dir(".".into(), Docx)
        );
    }

    // Several forms need a directory: `-o report.docx` is refused, not made a folder.
    #[test]
    fn several_forms_need_a_directory() {
        let e = resolve(true, "report.docx", None).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.contains("输出到一个目录"), "{e}");
        assert_eq!(resolve(true, "-", None).unwrap_err().exit_code(), 2);
        assert_eq!(
            resolve(true, "out", Some(Format::Markdown)).unwrap(),
            Target::Dir("out".into(), Format::Markdown)
        );
        let file = tempfile::NamedTempFile::new().unwrap();
        let e = resolve(true, file.path().to_str().unwrap(), None).unwrap_err();
        assert!(e.message.contains("已有的文件"), "{e}");
    }
}
