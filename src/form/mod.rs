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

pub use model::{Form, Indicator, Item, Part, Rank, Section, Share};
pub use parse::{MAX_FORM_BYTES, parse, parse_with_placeholders};
pub use paths::{Warning, assign_placeholder_paths, warnings};
pub use prose_checks::{prose_warnings, unprinted_keys};
pub use schema::schema;
pub use validate::{MAX_ABS_VALUE, MAX_LIST_ENTRIES, validate};
pub use value::{Field, Number, is_number_placeholder, is_text_placeholder};
