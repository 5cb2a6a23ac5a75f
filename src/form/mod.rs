//! The form: YAML text → typed [`Form`], with placeholders located by field path.
//!
//! [`parse`] reads and validates a form file and reports problems in Chinese
//! with the file, field path, line and column; [`schema`] describes the form
//! for editors.

mod budget;
pub mod chars;
mod crosscheck;
pub mod edit;
pub mod encoding;
mod errors;
mod keys;
pub(crate) mod locate;
mod model;
mod nesting;
mod numtext;
mod parse;
mod paths;
mod prose_checks;
mod refcheck;
mod schema;
mod syntax;
mod teach;
mod unfinished;
mod validate;
mod value;

pub use encoding::Encoding;
pub use model::{Attachment, Form, INDICATOR_TABLE, Indicator, Item, Part, Rank, Section, Share};
pub use nesting::MAX_DEPTH;
pub use parse::{MAX_FORM_BYTES, parse, parse_with_encoding, parse_with_placeholders};
pub use paths::{Warning, assign_placeholder_paths, warnings};
pub use prose_checks::{prose_warnings, unprinted_keys};
pub use schema::schema;
pub use unfinished::{has_placeholder, placeholder_runs};
pub use validate::{MAX_ABS_VALUE, MAX_LIST_ENTRIES, validate};
pub use value::{
    Field, Number, Slot, is_no, is_number_placeholder, is_text_placeholder, switch_value,
};

/// The 1-based line and column of the field at `path` (`导语`,
/// `工作成效[0].要点[1].内容`) in the form's text, for messages: where the
/// path names a key the text does not hold (`- 待补充` is an item's 内容),
/// the nearest enclosing node.
pub fn line_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut s = locate::steps(path);
    loop {
        if let Some(at) = locate::locate(text, &s, locate::Target::Node) {
            return Some(at);
        }
        s.pop()?;
    }
}

/// Whether `s` written in a number field reads as a number (docs/form.md
/// §9.2: qualifiers, full-width digits, thousands separators) or as a
/// placeholder; otherwise the Chinese reason (for `huibao import`).
pub fn check_number(s: &str) -> Result<(), String> {
    if is_number_placeholder(s) {
        return Ok(());
    }
    match numtext::parse_number(s) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(format!("“{}”不是数字", s.trim())),
        Err(reason) => Err(reason),
    }
}

/// One key of the form as plain data: not an API, only for the test that
/// proves the key tables, serde, the schema and the field paths agree
/// (`tests/integration/keys.rs`).
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct KeyInfo {
    /// Canonical Chinese name.
    pub name: &'static str,
    /// English alias and any other accepted spellings.
    pub aliases: &'static [&'static str],
    /// What the key holds, as the name of `keys::Kind`'s variant (`Text`, `Number` …).
    pub kind: String,
    /// Whether serde requires it.
    pub required: bool,
}

/// Every key table (form, 板块, 条目, 指标, 排名 …) as plain data; see [`KeyInfo`].
#[doc(hidden)]
pub fn key_tables() -> Vec<Vec<KeyInfo>> {
    keys::tables()
        .iter()
        .map(|table| {
            table
                .iter()
                .map(|k| KeyInfo {
                    name: k.name,
                    aliases: k.aliases,
                    kind: format!("{:?}", k.kind),
                    required: k.required,
                })
                .collect()
        })
        .collect()
}
