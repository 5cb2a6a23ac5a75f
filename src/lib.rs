//! huibao (汇报): drafts Chinese government work reports from a YAML form.
//!
//! The pipeline: [`form`] (YAML → typed model) → [`facts`] (derived wording)
//! → [`render`] (templates → [`document`] model) → [`write`] (Markdown, DOCX).

pub mod cli;
pub mod context;
pub mod document;
pub mod error;
pub mod facts;
pub mod form;
pub mod pipeline;
pub mod render;
