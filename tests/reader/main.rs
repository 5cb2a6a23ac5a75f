//! Tests through real readers: LibreOffice renders the DOCX and poppler
//! measures it. Needs `soffice` and `pdftotext` (`.ci/libreoffice.sh`); the
//! browser test needs `chromium` and `chromedriver` (`.ci/chromium.sh`).

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/docx.rs"]
mod fixture;
#[path = "../common/office.rs"]
mod office;

mod browser;
mod docx_examples_reader;
mod docx_reader;
mod layout_reader;
mod openxml_audit;
mod pdf_reader;
mod sign_off_reader;
mod title_reader;
