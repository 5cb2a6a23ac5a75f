//! The corpus in `tests/bad_inputs/`: forms as clerks really write them.
//!
//! Each file starts with comment lines the test reads:
//! `# case:` what it is, `# expect-exit:` 1 (refused) or 0 (odd but valid),
//! `# expect:` fragments separated by ` | `, and optionally `# args:` for
//! `render`. A refused form must give exit 1 with a Chinese message naming the
//! file and the fragments (field path, `:line:column`), no panic or Rust type
//! name, and leave the directory exactly as it was, an existing output file
//! included. An odd but valid form (`ok-*`) must render, and the fragments are
//! looked for in its Markdown. Inputs that cannot carry a header (an empty
//! file, a 50 MB form, a pipe, unwritable outputs) are in `hostile_io.rs`.

#[path = "bad_inputs/support.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::{Run, assert_clean, huibao, listing};

struct Case {
    path: PathBuf,
    name: String,
    exit: i32,
    expect: Vec<String>,
    args: Vec<String>,
}

/// Reads the corpus, sorted by file name.
fn corpus() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| read_case(&p)).collect()
}

/// The header: leading `#` lines, whatever the encoding or line ends after them.
fn read_case(path: &Path) -> Case {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8_lossy(body);
    let mut header = BTreeMap::new();
    for line in text
        .split(['\n', '\r'])
        .filter(|l| !l.is_empty())
        .take_while(|l| l.starts_with('#'))
    {
        if let Some((k, v)) = line.trim_start_matches("# ").split_once(": ") {
            header.insert(k.to_string(), v.trim().to_string());
        }
    }
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let get = |k: &str| {
        header
            .get(k)
            .cloned()
            .unwrap_or_else(|| panic!("{name}: no `# {k}:` line"))
    };
    assert!(!get("case").is_empty(), "{name}: describe the case");
    Case {
        exit: get("expect-exit").parse().unwrap(),
        expect: get("expect")
            .split(" | ")
            .map(str::to_string)
            .filter(|s| !s.is_empty())
            .collect(),
        args: header
            .get("args")
            .map(|a| a.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default(),
        path: path.to_path_buf(),
        name,
    }
}

/// A temp dir holding the case's file and an existing `keep.docx`.
fn stage(case: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&case.path, dir.path().join(&case.name)).unwrap();
    std::fs::write(dir.path().join("keep.docx"), b"the clerk's own file").unwrap();
    dir
}

/// Problems with one refused case, empty when it behaves.
fn refused(case: &Case) -> Vec<String> {
    let dir = stage(case);
    let before = listing(dir.path());
    let mut problems = Vec::new();
    let mut render: Vec<&str> = vec!["render", &case.name, "-o", "keep.docx"];
    render.extend(case.args.iter().map(String::as_str));
    let mut runs = vec![render];
    if case.args.is_empty() {
        runs.push(vec!["check", &case.name]);
    }
    for args in runs {
        let run = Run::new(huibao(dir.path()).args(&args));
        if run.code != Some(1) {
            problems.push(format!(
                "{args:?}: exit {:?}, not 1: {}",
                run.code, run.stderr
            ));
            continue;
        }
        problems.extend(assert_clean(&run.stderr, &case.name));
        for f in &case.expect {
            if !run.stderr.contains(f.as_str()) {
                problems.push(format!("{args:?}: no “{f}” in: {}", run.stderr));
            }
        }
    }
    if listing(dir.path()) != before {
        problems.push(format!("files changed: {:?}", listing(dir.path())));
    }
    let kept = std::fs::read(dir.path().join("keep.docx")).unwrap();
    if kept != b"the clerk's own file" {
        problems.push("keep.docx was overwritten".into());
    }
    problems
}

/// Problems with one odd but valid case, empty when it renders.
fn accepted(case: &Case) -> Vec<String> {
    let dir = stage(case);
    let mut problems = Vec::new();
    let run = Run::new(huibao(dir.path()).args(["render", &case.name, "-o", "keep.docx"]));
    if run.code != Some(0) {
        return vec![format!("render: exit {:?}: {}", run.code, run.stderr)];
    }
    if !std::fs::read(dir.path().join("keep.docx"))
        .unwrap()
        .starts_with(b"PK")
    {
        problems.push("-o keep.docx did not write a DOCX".into());
    }
    let run = Run::new(huibao(dir.path()).args(["render", &case.name, "-o", "-"]));
    for f in &case.expect {
        if !run.stdout.contains(f.as_str()) {
            problems.push(format!("no “{f}” in the Markdown:\n{}", run.stdout));
        }
    }
    let run = Run::new(huibao(dir.path()).args(["check", &case.name]));
    if run.code != Some(0) {
        problems.push(format!("check: exit {:?}: {}", run.code, run.stderr));
    }
    problems
}

fn report(failures: Vec<(String, Vec<String>)>) {
    let failures: Vec<String> = failures
        .into_iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(name, p)| format!("{name}:\n  {}", p.join("\n  ")))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

// The issue asks for at least 50 refused inputs; every case says what it expects.
#[test]
fn the_corpus_is_complete() {
    let cases = corpus();
    let refused = cases.iter().filter(|c| c.exit == 1).count();
    assert!(refused >= 50, "only {refused} refused cases");
    for c in &cases {
        assert!(matches!(c.exit, 0 | 1), "{}: exit {}", c.name, c.exit);
        assert!(!c.expect.is_empty(), "{}: no expected fragment", c.name);
        assert_eq!(c.exit == 0, c.name.starts_with("ok-"), "{}", c.name);
    }
}

// Every refused form: exit 1, a clean Chinese message, nothing written.
#[test]
fn every_bad_form_is_refused_cleanly() {
    report(
        corpus()
            .iter()
            .filter(|c| c.exit == 1)
            .map(|c| (c.name.clone(), refused(c)))
            .collect(),
    );
}

// BOM, CRLF, lone CR, full-width spaces in values, Word punctuation …: not errors.
#[test]
fn odd_but_valid_forms_render() {
    report(
        corpus()
            .iter()
            .filter(|c| c.exit == 0)
            .map(|c| (c.name.clone(), accepted(c)))
            .collect(),
    );
}

// The whole corpus as one batch: each refused form named, the valid ones
// rendered, exit 1 and a summary line with the counts.
#[test]
fn a_batch_reports_every_failure_and_renders_the_rest() {
    let cases = corpus();
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    std::fs::create_dir(&forms).unwrap();
    for c in &cases {
        std::fs::copy(&c.path, forms.join(&c.name)).unwrap();
    }
    let run = Run::new(huibao(dir.path()).args(["render", "forms", "-o", "out", "-f", "md"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // Only `# args` makes 71 fail; in a batch it is a valid form.
    let failing: Vec<&Case> = cases
        .iter()
        .filter(|c| c.exit == 1 && c.args.is_empty())
        .collect();
    for c in &failing {
        assert!(run.stderr.contains(&c.name), "{} not named", c.name);
    }
    let ok = cases.len() - failing.len();
    let counts = [
        format!("共{}份表单", cases.len()),
        format!("成功{ok}份"),
        format!("失败{}份", failing.len()),
    ];
    let last = run.stderr.lines().last().unwrap_or_default();
    for count in &counts {
        assert!(
            last.contains(count.as_str()),
            "{count} not in the last line: {last}"
        );
    }
    let written = listing(&dir.path().join("out"));
    assert_eq!(written.len(), ok, "{written:?}");
    for c in cases.iter().filter(|c| c.exit == 0) {
        assert!(
            written.contains(&c.name.replace(".yaml", ".md")),
            "{written:?}"
        );
    }
}
