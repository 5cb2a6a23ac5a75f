//! Errors a clerk can act on: Chinese messages naming the file, the field path
//! and, where known, the line and column. Every command returns these as
//! values; [`crate::cli::main`] alone prints them and picks the exit code
//! ([`Error::exit_code`]).

use std::fmt;

/// What went wrong, by cause; decides the exit code (see [`Error::exit_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The form: YAML syntax, types, unknown or missing keys, invalid values.
    Form,
    /// A template: syntax, undefined variables, forbidden includes, endless loops.
    Template,
    /// Placeholders left in a form under `--strict`.
    Placeholder,
    /// Reading or writing a file.
    Io,
    /// Writing to standard output failed (a full disk, a closed descriptor).
    Stdout,
    /// Standard output was closed by its reader (`| head`): the run ends
    /// quietly, as ripgrep does; nothing is printed.
    BrokenPipe,
    /// The command line: unknown options, missing arguments, an output that
    /// does not fit the forms given. Exit code 2.
    Usage,
}

/// An error with everything needed to find its cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The cause.
    pub kind: ErrorKind,
    /// The file concerned (form, template or output), as the user named it.
    pub file: Option<String>,
    /// The field path, e.g. `工作成效[1].要点[0].指标[0].数值`.
    pub path: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The message in Chinese, without the location.
    pub message: String,
}

impl Error {
    /// An error of `kind` with only a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            file: None,
            path: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A command-line usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage, message)
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the field path (empty paths are ignored).
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        if !p.is_empty() {
            self.path = Some(p);
        }
        self
    }

    /// Sets line and column (1-based).
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The process exit code for this error (docs/form.md §7): 2 for usage
    /// errors, 0 for a reader that went away (nothing is lost: it wanted no
    /// more), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::BrokenPipe => 0,
            _ => 1,
        }
    }
}

impl fmt::Display for Error {
    /// `示例.yaml:3:5:字段“主要指标[0].数值”:应为数字…`. Text from the user
    /// (file names, keys, values) is shown with control characters escaped
    /// and long quotations cut, see [`printable`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(file);
            if let Some(line) = self.line {
                out.push_str(&format!(":{line}"));
                if let Some(col) = self.column {
                    out.push_str(&format!(":{col}"));
                }
            }
            out.push(':');
        }
        if let Some(path) = &self.path {
            out.push_str(&format!("字段“{path}”:"));
        }
        out.push_str(&self.message);
        f.write_str(&printable(&out))
    }
}

impl std::error::Error for Error {}

/// Shorthand for results carrying [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Longest quotation (“…”) kept whole in a message, in characters.
pub const MAX_QUOTE: usize = 60;
/// Longest message, in characters: a 300 KB key must not fill the terminal.
pub const MAX_MESSAGE: usize = 2_000;

/// `text` made safe and readable for a terminal: control characters (an ESC
/// would clear the screen or retitle the window), bidirectional overrides
/// and characters that take no room (zero-width spaces) are written as
/// `\u{1b}`; a quotation longer than [`MAX_QUOTE`] characters keeps its
/// start and an ellipsis; the whole is cut at [`MAX_MESSAGE`].
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE * 4));
    let mut quoted: Option<usize> = None; // characters so far inside “…”
    let mut total = 0usize;
    for c in text.chars() {
        if total >= MAX_MESSAGE {
            out.push_str("…(消息过长,已截断)");
            break;
        }
        match c {
            '\u{201c}' => quoted = Some(0),
            '\u{201d}' => quoted = None,
            _ => {
                if let Some(n) = quoted.as_mut() {
                    *n += 1;
                    if *n > MAX_QUOTE {
                        if *n == MAX_QUOTE + 1 {
                            out.push('…');
                        }
                        continue;
                    }
                }
            }
        }
        total += 1;
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters a terminal acts on rather than shows.
fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t') || crate::form::chars::is_invisible(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    // An ESC typed into a value reaches the terminal as text, not as a command.
    #[test]
    fn control_characters_are_escaped() {
        let e = Error::new(ErrorKind::Form, "未知的键“a\u{1b}[2Jb”").in_file("x\u{7}.yaml");
        assert_eq!(e.to_string(), "x\\u{7}.yaml:未知的键“a\\u{1b}[2Jb”");
    }

    // A 300 KB key is quoted by its start, the message stays short.
    #[test]
    fn long_quotations_are_cut() {
        let key = "键".repeat(300_000);
        let e = Error::new(ErrorKind::Form, format!("未知的键“{key}”,请检查"));
        let shown = e.to_string();
        assert_eq!(
            shown,
            format!("未知的键“{}…”,请检查", "键".repeat(MAX_QUOTE))
        );
        let long = "字".repeat(10_000);
        let shown = Error::new(ErrorKind::Form, long).to_string();
        assert!(shown.chars().count() < MAX_MESSAGE + 20, "{}", shown.len());
        assert!(shown.ends_with("已截断)"), "{shown}");
    }

    #[test]
    fn exit_codes_follow_the_kind() {
        assert_eq!(Error::usage("x").exit_code(), 2);
        assert_eq!(Error::new(ErrorKind::Form, "x").exit_code(), 1);
        assert_eq!(Error::new(ErrorKind::Stdout, "x").exit_code(), 1);
        assert_eq!(Error::new(ErrorKind::BrokenPipe, "").exit_code(), 0);
    }
}
