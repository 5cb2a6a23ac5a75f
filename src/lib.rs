//! huibao (汇报): drafts Chinese government work reports from a YAML form.
//!
//! The pipeline: [`form`] (YAML → typed model) → [`facts`] (derived wording)
//! → [`context`] (what templates see) → [`render`] (templates → [`document`]
//! model, [`punct`] normalization) → [`write`] (Markdown, DOCX). [`pipeline`]
//! strings them together for one form; [`cli`] is the command line.

pub mod cli;
pub mod context;
pub mod document;
pub mod error;
pub mod facts;
pub mod fonts;
pub mod form;
pub mod layout;
pub mod memory;
pub mod pipeline;
pub mod prose;
pub mod punct;
pub mod render;
pub mod serve;
pub mod write;
