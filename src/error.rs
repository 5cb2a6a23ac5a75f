//! Errors a clerk can act on: Chinese messages naming the file, the field path
//! and, where known, the line and column.

use std::fmt;

/// What went wrong, broadly; every kind exits with code 1.
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
}

/// An error with everything needed to find its cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The broad kind.
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
}

impl fmt::Display for Error {
    /// `示例.yaml:3:5:字段“主要指标[0].数值”:应为数字…`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            f.write_str(file)?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            f.write_str(":")?;
        }
        if let Some(path) = &self.path {
            write!(f, "字段“{path}”:")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results carrying [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
