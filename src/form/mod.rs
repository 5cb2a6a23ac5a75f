//! The form: YAML text → typed [`Form`], with placeholders located by field path.
//!
//! [`parse`] reads and validates a form file and reports problems in Chinese
//! with the file, field path, line and column; [`schema`] describes the form
//! for editors.

mod budget;
pub mod chars;
mod crosscheck;
mod errors;
mod keys;
pub(crate) mod locate;
mod model;
mod numtext;
mod parse;
mod paths;
mod prose_checks;
mod refcheck;
mod schema;
mod syntax;
mod validate;
mod value;

pub use model::{Attachment, Form, INDICATOR_TABLE, Indicator, Item, Part, Rank, Section, Share};
pub use parse::{MAX_FORM_BYTES, parse, parse_with_placeholders};
pub use paths::{Warning, assign_placeholder_paths, warnings};
pub use prose_checks::{prose_warnings, unprinted_keys};
pub use schema::schema;
pub use validate::{MAX_ABS_VALUE, MAX_LIST_ENTRIES, validate};
pub use value::{Field, Number, is_number_placeholder, is_text_placeholder};

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
