//! User templates from colleagues, at their worst: syntax errors, undefined
//! variables, includes reaching outside their directory, endless loops and
//! floods of output. Each gives exit 1, a Chinese message naming the template
//! (and its line where there is one), and no output file.

use crate::support;

use std::path::Path;

use support::{Run, assert_clean, huibao, listing, setup};

/// Renders `form.yaml` with style `style` from `tpl/` to `out.md`; expects a
/// refusal whose message names `tpl/<style>.jinja` plus `fragments`.
fn assert_refused(dir: &Path, style: &str, fragments: &[&str]) {
    let before = listing(dir);
    let args = [
        "render",
        "form.yaml",
        "--templates",
        "tpl",
        "-s",
        style,
        "-o",
        "out.md",
    ];
    let run = Run::new(huibao(dir).args(args));
    assert_eq!(run.code, Some(1), "{style}: {}", run.stderr);
    let file = format!("tpl/{style}.jinja");
    let problems = assert_clean(&run.stderr, &file);
    assert!(problems.is_empty(), "{style}: {problems:?}");
    for f in fragments {
        assert!(
            run.stderr.contains(f),
            "{style}: no “{f}” in {}",
            run.stderr
        );
    }
    assert_eq!(listing(dir), before, "{style}: files changed");
}

// A syntax error names the template file and its line.
#[test]
fn syntax_error_names_file_and_line() {
    let dir = setup(&[("bad.jinja", "{# 坏: 语法错误 #}\n@title 标题\n\n{% if %}\n")]);
    assert_refused(dir.path(), "bad", &["tpl/bad.jinja:4", "模板语法错误"]);
}

// Strict undefined: a misspelt variable is an error, never empty text.
#[test]
fn undefined_variables_are_errors() {
    let dir = setup(&[
        (
            "nope.jinja",
            "@title {{ report.title }}\n\n{{ report.nope }}\n",
        ),
        ("index.jinja", "@title {{ report.sections[7].heading }}\n"),
        ("loose.jinja", "@title {{ reprot.title }}\n"),
    ]);
    assert_refused(
        dir.path(),
        "nope",
        &["tpl/nope.jinja:3", "未定义", "report.nope"],
    );
    assert_refused(
        dir.path(),
        "index",
        &["tpl/index.jinja:1", "report.sections[7]"],
    );
    assert_refused(dir.path(), "loose", &["tpl/loose.jinja:1", "reprot"]);
}

// Nothing outside the templates directory: `../`, absolute paths, and a
// symbolic link pointing out are refused, and no file content leaks.
#[test]
fn templates_read_nothing_outside_their_directory() {
    let dir = setup(&[
        ("dotdot.jinja", "{% include \"../../etc/passwd\" %}\n"),
        ("sibling.jinja", "{% include \"../form.yaml\" %}\n"),
        ("abs.jinja", "{% include \"/etc/passwd\" %}\n"),
        ("imp.jinja", "{% import \"../form.yaml\" as f %}\n"),
        ("ext.jinja", "{% extends \"/etc/hostname\" %}\n"),
    ]);
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("tpl/link.jinja")).unwrap();
    let outside = "目录中的文件";
    assert_refused(dir.path(), "dotdot", &["../../etc/passwd", outside]);
    assert_refused(dir.path(), "sibling", &["../form.yaml", outside]);
    assert_refused(dir.path(), "abs", &["/etc/passwd", outside]);
    assert_refused(dir.path(), "imp", &["../form.yaml", outside]);
    assert_refused(dir.path(), "ext", &["/etc/hostname", outside]);
    assert_refused(dir.path(), "link", &["指向模板目录以外"]);
}

// Endless loops, runaway recursion and floods of output stop with a limit error.
#[test]
fn templates_cannot_run_forever() {
    let dir = setup(&[
        (
            "loop.jinja",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
        ),
        (
            "huge.jinja",
            "{% for i in range(1000000000) %}x{% endfor %}\n",
        ),
        (
            "macro.jinja",
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n",
        ),
        ("self.jinja", "{% include \"self.jinja\" %}\n"),
        (
            "flood.jinja",
            "{% for i in range(100000) %}{{ \"x\" * 1000 }}{% endfor %}\n",
        ),
    ]);
    assert_refused(dir.path(), "loop", &["死循环"]);
    assert_refused(dir.path(), "huge", &["range", "100000"]);
    assert_refused(dir.path(), "macro", &["递归过深"]);
    assert_refused(dir.path(), "self", &["递归过深"]);
    assert_refused(dir.path(), "flood", &["输出过大"]);
}

// The same templates through `check` and a good template alongside: the
// good one still renders, so the refusals above are the templates' doing.
#[test]
fn a_good_template_in_the_same_directory_renders() {
    let dir = setup(&[
        (
            "good.jinja",
            "@title {{ report.title }}\n\n{{ report.locality }}\n",
        ),
        ("bad.jinja", "{% if %}\n"),
    ]);
    let run = Run::new(huibao(dir.path()).args([
        "render",
        "form.yaml",
        "--templates",
        "tpl",
        "-s",
        "good",
        "-o",
        "out.md",
    ]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert_eq!(md, "# 关于示例市科技创新工作情况的汇报\n\n示例市\n");
}
