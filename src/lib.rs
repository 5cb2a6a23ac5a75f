//! huibao (汇报): drafts Chinese government work reports from a YAML form.
//!
//! The pipeline: [`form`] (YAML → typed model) → [`facts`] (derived wording)
//! → [`render`] (templates → [`document`] model) → [`write`] (Markdown, DOCX).

pub mod document;
pub mod error;
pub mod form;
pub mod punct;
pub mod write;
