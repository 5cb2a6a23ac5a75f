//! The integration tests, linked into one binary (faster to build than one
//! binary per file). Tests that need LibreOffice or another outside reader
//! live in `tests/reader/`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/docx.rs"]
mod fixture;
#[path = "../common/sheets.rs"]
mod sheets;
#[path = "bad_inputs/support.rs"]
mod support;

mod atomic_writes;
mod bad_inputs;
mod cli;
mod control_chars;
mod docx_layout;
mod docx_package;
mod docx_styles;
mod edit_engine;
mod encodings;
mod examples;
mod figures_v2;
mod form_errors;
mod form_parse;
mod form_schema;
mod form_validate;
mod golden;
mod hand_edits;
mod hostile_templates;
mod import;
mod keys;
mod next_period;
mod pdf;
mod placeholders;
mod prose_v2;
mod reliability;
mod reliability_limits;
mod serve;
mod serve_form_view;
mod serve_limits;
mod styles;
mod template_cache;
