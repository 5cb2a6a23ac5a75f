//! The integration tests, linked into one binary (faster to build than one
//! binary per file). Tests that need LibreOffice or another outside reader
//! live in `tests/reader/`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/docx.rs"]
mod fixture;
#[path = "bad_inputs/support.rs"]
mod support;

mod atomic_writes;
mod bad_inputs;
mod cli;
mod control_chars;
mod docx_layout;
mod docx_package;
mod docx_styles;
mod examples;
mod figures_v2;
mod form_errors;
mod form_parse;
mod form_schema;
mod form_validate;
mod golden;
mod hostile_templates;
mod keys;
mod pdf;
mod placeholders;
mod prose_v2;
mod reliability;
mod serve;
mod styles;
mod template_cache;
