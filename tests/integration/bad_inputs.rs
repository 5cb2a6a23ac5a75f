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
//! file, a 50 MB form, a pipe, unwritable outputs, usage errors) are made by
//! the tests at the end of this file.

use crate::support;

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/bad_inputs");
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

/// A form that renders, for the cases about files rather than content.
const GOOD: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n";

/// Runs `args` in `dir` and checks a refusal: exit 1, a clean message naming
/// `file` with `fragment`, and `dir` unchanged.
fn assert_refused(dir: &Path, args: &[&str], file: &str, fragment: &str) {
    let before = listing(dir);
    let run = Run::new(huibao(dir).args(args));
    assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
    let problems = assert_clean(&run.stderr, file);
    assert!(problems.is_empty(), "{args:?}: {problems:?}");
    assert!(
        run.stderr.contains(fragment),
        "{args:?}: no “{fragment}” in {}",
        run.stderr
    );
    assert_eq!(listing(dir), before, "{args:?} changed the directory");
}

// Forms that cannot carry a header: empty, a BOM alone, UTF-16 without its mark.
#[test]
fn headerless_forms_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, fragment) in [
        ("empty.yaml", &b""[..], "表单为空"),
        ("bom.yaml", b"\xEF\xBB\xBF", "表单为空"),
        ("utf16.yaml", b"\x30\x57\x3a\x00\x20\x00\x32\x75", "UTF-16"),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        assert_refused(
            dir.path(),
            &["render", name, "-o", "out.docx"],
            name,
            fragment,
        );
        assert_refused(dir.path(), &["check", name], name, fragment);
    }
}

// A 50 MB form is refused from its size, before it is read (a sparse file:
// nothing is written to disk). Timed by hand: see the report of issue 4.
#[test]
fn a_50_mb_form_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.yaml")).unwrap();
    big.set_len(50_000_000).unwrap();
    assert_refused(
        dir.path(),
        &["render", "big.yaml", "-o", "out.docx"],
        "big.yaml",
        "50000000 字节",
    );
}

// A directory, a missing file, a dangling link, a pipe, a device and a file
// that cannot be read even by root: each named, nothing waits, nothing written.
#[test]
fn unreadable_forms_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("folder.yaml")).unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", p.join("dangling.yaml")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(p.join("pipe.yaml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    for (form, fragment) in [
        ("folder.yaml", "这是一个目录"),
        ("missing.yaml", "不存在"),
        ("dangling.yaml", "不存在"),
        // Reading a FIFO with no writer, or /dev/zero, never ends.
        ("pipe.yaml", "不是普通文件"),
        ("/dev/zero", "不是普通文件"),
        // Offset 0 of a process's own memory is unmapped: EIO even for root.
        ("/proc/self/mem", "系统错误码 5"),
    ] {
        assert_refused(p, &["render", form, "-o", "out.docx"], form, fragment);
        assert_refused(p, &["check", form], form, fragment);
    }
    // chmod 000 stops everyone but root; as root it cannot be set up.
    std::fs::write(p.join("locked.yaml"), GOOD).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        p.join("locked.yaml"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(p.join("locked.yaml")).is_err() {
        assert_refused(p, &["check", "locked.yaml"], "locked.yaml", "没有读写权限");
    }
}

// A directory with no forms, rendered to `-o out.md`, leaves no `out.md` behind.
#[test]
fn an_empty_folder_of_forms_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("forms")).unwrap();
    assert_refused(
        dir.path(),
        &["render", "forms", "-o", "out.md"],
        "forms",
        "这是一个目录",
    );
}

// Outputs that cannot be written: a missing directory, a place even root
// cannot write (/proc); the message names the output, nothing is created.
#[test]
fn unwritable_outputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    for (out, fragment) in [
        ("missing/out.docx", "输出目录不存在"),
        ("/proc/huibao.docx", "无法在输出目录中写入"),
        ("/proc/huibao.md", "无法在输出目录中写入"),
    ] {
        assert_refused(
            dir.path(),
            &["render", "good.yaml", "-o", out],
            out,
            fragment,
        );
    }
}

// A form whose name ends in `.md` is not replaced by its own report.
#[test]
fn the_form_itself_is_never_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("forms")).unwrap();
    std::fs::write(dir.path().join("forms/form.md"), GOOD).unwrap();
    for args in [
        &["render", "forms/form.md", "-o", "forms/form.md"][..],
        &[
            "render",
            "forms/form.md",
            "forms/form.md",
            "-o",
            "forms",
            "-f",
            "md",
        ],
    ] {
        assert_refused(dir.path(), args, "form.md", "表单本身");
        let kept = std::fs::read_to_string(dir.path().join("forms/form.md")).unwrap();
        assert_eq!(kept, GOOD);
    }
}

// Usage errors exit 2 and write nothing.
#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.yaml"), GOOD).unwrap();
    let before = listing(dir.path());
    for args in [
        &["render"][..],
        &["render", "a.yaml", "-o", "out.txt"],
        &["render", "a.yaml", "b.yaml", "-o", "-"],
        &["render", "a.yaml", "--bogus"],
        &["render", "a.yaml", "-f", "odt"],
        &["frobnicate"],
    ] {
        let run = Run::new(huibao(dir.path()).args(args));
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(listing(dir.path()), before);
}
