//! Writers: turn a [`crate::document::Document`] into output bytes.

pub mod docx;
