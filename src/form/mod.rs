//! The form: YAML text → typed [`Form`], with placeholders located by field path.

mod model;
mod value;

pub use model::{Form, Indicator, Item, Rank, Section};
pub use value::{Field, Number, is_number_placeholder, is_text_placeholder};
