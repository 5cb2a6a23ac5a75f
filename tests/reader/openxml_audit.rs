//! Every DOCX we write passes `openxml-audit` (a port of Microsoft's Open XML
//! SDK validator) with zero errors, under its default format and Office 2007:
//! every example in every style, and every valid form of the test corpus in
//! every style. Word silently drops or "repairs" what fails the schema.
//!
//! The validator comes from `.ci/openxml-audit.sh` (pinned version, in a
//! virtual environment): `OPENXML_AUDIT` names its command, else the path the
//! script uses by default. Without it: fails on CI (`CI` set), skips loudly
//! elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{examples, styles};
use crate::office::Scratch;

use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;
use huibao::write::docx::to_docx;

/// The validator's command, when installed.
fn validator() -> Option<PathBuf> {
    let path = match std::env::var_os("OPENXML_AUDIT") {
        Some(p) => PathBuf::from(p),
        None => {
            let home = std::env::var_os("HOME").unwrap_or_default();
            Path::new(&home).join(".cache/huibao/openxml-audit-0.8.0/bin/openxml-audit")
        }
    };
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "openxml-audit not found at {}; .ci/run installs it with .ci/openxml-audit.sh",
            path.display()
        );
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED openxml_audit: {} not found. \
         Run `export OPENXML_AUDIT=\"$(sh .ci/openxml-audit.sh)\"` to validate the DOCX output. ***\n",
        path.display()
    );
    None
}

/// The valid forms of the test corpus and the bundled examples.
fn valid_forms() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration");
    let mut forms = examples();
    let bad_inputs = std::fs::read_dir(root.join("bad_inputs")).expect("bad_inputs");
    let samples = std::fs::read_dir(root.join("form_samples")).expect("form_samples");
    let mut corpus: Vec<PathBuf> = bad_inputs
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("ok-"))
        })
        .chain(samples.map(|e| e.expect("entry").path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    corpus.sort();
    forms.extend(corpus);
    forms
}

/// Writes every form in every style into `dir`; returns how many files.
fn write_all(dir: &Path) -> usize {
    let renderer = Renderer::new(None).expect("built-in templates");
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    let styles = styles();
    let mut written = 0;
    for (i, form) in valid_forms().iter().enumerate() {
        let loaded = pipeline::load(form).unwrap_or_else(|e| panic!("{}: {e}", form.display()));
        for style in &styles {
            let opts = RenderOptions {
                style: Some(style.clone()),
                strict: false,
            };
            let doc = pipeline::document(&renderer, &loaded, &opts, today)
                .unwrap_or_else(|e| panic!("{} ({style}): {e}", form.display()));
            let stem = form.file_stem().expect("name").to_string_lossy();
            let path = dir.join(format!("{i:02}-{stem}-{style}.docx"));
            std::fs::write(path, to_docx(&doc).expect("docx")).expect("write");
            written += 1;
        }
    }
    written
}

/// Runs the validator over `dir` in `format` (None: its default); returns
/// (files checked, files with errors and their first errors).
fn audit(bin: &Path, dir: &Path, format: Option<&str>) -> (usize, Vec<String>) {
    let mut cmd = Command::new(bin);
    cmd.args(["-r", "-m", "0", "-o", "json"]);
    if let Some(f) = format {
        cmd.args(["-f", f]);
    }
    let out = cmd.arg(dir).output().expect("run openxml-audit");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit gave no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = report.as_array().expect("a list of files");
    let failing = files
        .iter()
        .filter(|f| f["error_count"].as_u64() != Some(0))
        .map(|f| {
            format!(
                "{}: {} errors: {}",
                f["file"], f["error_count"], f["errors"]
            )
        })
        .collect();
    (files.len(), failing)
}

#[test]
fn every_docx_passes_openxml_audit() {
    let Some(bin) = validator() else {
        return;
    };
    // Calibration: docx-rs's own output, unordered, has errors it must see.
    let raw = Scratch::new("openxml-audit-raw");
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx_rs::Docx::new()
        .add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("甲")))
        .build()
        .pack(&mut bytes)
        .expect("docx-rs packs");
    std::fs::write(raw.0.join("docx-rs.docx"), bytes.into_inner()).expect("write");
    let (_, failing) = audit(&bin, &raw.0, None);
    assert_eq!(
        failing.len(),
        1,
        "the validator finds no error in docx-rs's raw output"
    );

    let dir = Scratch::new("openxml-audit");
    let written = write_all(&dir.0);
    assert!(written >= 6 * 18, "only {written} files");
    for format in [None, Some("office2007")] {
        let (checked, failing) = audit(&bin, &dir.0, format);
        let name = format.unwrap_or("default format");
        assert_eq!(checked, written, "{name}: files checked");
        assert!(failing.is_empty(), "{name}:\n{}", failing.join("\n"));
        // The summary quoted in reports; the harness shows it with --nocapture.
        println!("openxml-audit ({name}): {checked} files, 0 errors");
    }
}
