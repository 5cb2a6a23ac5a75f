//! Writes are atomic: a failed or killed render never leaves a partial .docx,
//! and never touches an existing file it could not replace.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

const FORM: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n    概述: 企业创新能力明显增强\n    指标:\n      - {名称: 高新技术企业, 数值: 251, 单位: 家, 上期: 175}\n";

/// Whether `path` is a complete DOCX: a zip whose document part reads fully.
fn complete_docx(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .is_ok_and(|mut f| f.read_to_string(&mut xml).is_ok())
        && xml.ends_with("</w:document>")
}

// A render killed at an arbitrary moment leaves only complete .docx files.
#[test]
fn killed_batch_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    std::fs::create_dir(&forms).unwrap();
    for i in 0..400 {
        std::fs::write(forms.join(format!("f{i:03}.yaml")), FORM).unwrap();
    }
    let out = dir.path().join("out");
    for wait_ms in [5, 40, 120] {
        let _ = std::fs::remove_dir_all(&out);
        let mut child = Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(["render", "-f", "docx", "-o"])
            .arg(&out)
            .arg(&forms)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let Ok(entries) = std::fs::read_dir(&out) else {
            continue; // killed before the output directory existed
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".docx") {
                assert!(
                    complete_docx(&path),
                    "partial {name} after kill at {wait_ms} ms"
                );
            } else {
                // Only the hidden temporary file of an interrupted write may remain.
                assert!(
                    name.starts_with(".huibao-") && name.ends_with(".tmp"),
                    "{name}"
                );
            }
        }
    }
}

// A write that fails (the target is a directory) reports the file, exits 1
// and leaves neither a .docx nor a temporary file behind.
#[test]
fn failed_write_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), FORM).unwrap();
    std::fs::create_dir(dir.path().join("report.docx")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_huibao"))
        .current_dir(dir.path())
        .args(["render", "f.yaml", "-o", "report.docx/"])
        .output()
        .unwrap();
    // "report.docx/" names a directory: the report goes inside it as f.docx.
    assert_eq!(out.status.code(), Some(0));
    assert!(complete_docx(&dir.path().join("report.docx/f.docx")));
    let out = Command::new(env!("CARGO_BIN_EXE_huibao"))
        .current_dir(dir.path())
        .args(["render", "f.yaml", "-o", "missing/report.docx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing/report.docx") && err.contains("输出目录不存在"),
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "only the form and the directory: {names:?}");
}

// A form that fails mid-render (a template error) leaves the existing .docx as it was.
#[test]
fn failed_render_keeps_existing_docx() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), FORM).unwrap();
    let templates = dir.path().join("tpl");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("broken.jinja"),
        "@title {{ report.title }}\n\n{{ report.no_such_field }}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("r.docx"), b"old report").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_huibao"))
        .current_dir(dir.path())
        .args([
            "render",
            "f.yaml",
            "--templates",
            "tpl",
            "-s",
            "broken",
            "-o",
            "r.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.jinja") && err.contains("未定义"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("r.docx")).unwrap(),
        b"old report"
    );
}

// New reports are readable by others (0644), not private like temporary files.
#[cfg(unix)]
#[test]
fn new_reports_are_world_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), FORM).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_huibao"))
        .current_dir(dir.path())
        .args(["render", "f.yaml", "-o", "r.docx"])
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let mode = std::fs::metadata(dir.path().join("r.docx"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}
