//! Helpers shared by `bad_inputs.rs` and `hostile_templates.rs`: running the
//! binary and judging its messages the way a clerk would.

// Each test crate uses a different part of it.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The binary, run in `dir`, with a fixed date.
pub fn huibao(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("huibao").unwrap();
    cmd.current_dir(dir).env("SOURCE_DATE_EPOCH", "1735689600");
    cmd
}

/// One finished run.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(cmd: &mut Command) -> Run {
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// What Rust leaks when an error is not translated.
const RUST_TEXT: [&str; 12] = [
    "panicked",
    "Field<",
    "Vec<",
    "Option<",
    "alloc::",
    "core::",
    "std::",
    "struct ",
    "serde",
    "unwrap",
    "RUST_BACKTRACE",
    "Error {",
];

/// Problems with an error message: it must be Chinese, name `file`, and
/// carry no panic or Rust text.
pub fn assert_clean(stderr: &str, file: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !stderr.contains("错误") {
        problems.push(format!("no 错误 in: {stderr}"));
    }
    if !stderr.contains(file) {
        problems.push(format!("{file} not named in: {stderr}"));
    }
    for rust in RUST_TEXT {
        if stderr.contains(rust) {
            problems.push(format!("“{rust}” in: {stderr}"));
        }
    }
    problems
}

/// The names in `dir`, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A minimal form with no 标题 and no 日期: a style's title pattern gives the
/// title, and 时期 is the year of the tests' date.
pub const FORM: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n";

/// A work dir with [`FORM`] as `form.yaml` and `tpl/` holding `templates`
/// (name, source), for the template tests.
pub fn setup(templates: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("form.yaml"), FORM).unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    for (name, source) in templates {
        std::fs::write(dir.path().join("tpl").join(name), source).unwrap();
    }
    dir
}
