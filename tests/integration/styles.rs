//! A style is its template: the header names it, describes it and gives its
//! title. User templates are read the same way as the built-ins, only their
//! headers are read to list them, and one bad file spoils only itself.

use crate::support;

use std::path::Path;

use support::{Run, assert_clean, huibao, listing, setup};

/// `render form.yaml --templates tpl -s STYLE -o -`.
fn render(dir: &Path, style: &str) -> Run {
    let args = [
        "render",
        "form.yaml",
        "--templates",
        "tpl",
        "-s",
        style,
        "-o",
        "-",
    ];
    Run::new(huibao(dir).args(args))
}

/// The first line of a rendered report, which is its title.
fn title(run: &Run) -> &str {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout.lines().next().unwrap_or("")
}

/// A refusal: exit 1, Chinese, naming `file`, with `fragments`, nothing written.
fn assert_refused(dir: &Path, style: &str, file: &str, fragments: &[&str]) {
    let before = listing(dir);
    let run = render(dir, style);
    assert_eq!(run.code, Some(1), "{style}: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let problems = assert_clean(&run.stderr, file);
    assert!(problems.is_empty(), "{style}: {problems:?}");
    for f in fragments {
        assert!(
            run.stderr.contains(f),
            "{style}: no “{f}” in {}",
            run.stderr
        );
    }
    assert_eq!(listing(dir), before);
}

const BODY: &str = "@title {{ report.title }}\n\n{{ report.locality }}。\n";

// A user style whose header sets a title pattern gets that title; one
// without a pattern gets the 情况汇报 title.
#[test]
fn a_user_style_has_its_own_title() {
    let header = "{#\n名称: 简报\n说明: 一页纸简报\n标题: {地区}{时期}{主题}简报\n落款: 无\n#}\n";
    let dir = setup(&[
        ("jianbao.jinja", &format!("{header}{BODY}")),
        ("bare.jinja", BODY),
    ]);
    let run = render(dir.path(), "简报");
    assert_eq!(run.stdout, "# 示例市2025年科技创新简报\n\n示例市\u{3002}\n");
    assert_eq!(
        title(&render(dir.path(), "jianbao")),
        "# 示例市2025年科技创新简报"
    );
    assert_eq!(
        title(&render(dir.path(), "bare")),
        "# 关于示例市科技创新工作情况的汇报"
    );
    let run = Run::new(huibao(dir.path()).args(["styles", "--templates", "tpl"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("简报\tjianbao\t"), "{}", run.stdout);
    assert!(run.stdout.contains("一页纸简报"), "{}", run.stdout);
}

// The header's 落款 is what decides: with 落款: 无 a sign-off the template
// prints is not set; with 有 it is.
#[test]
fn the_header_decides_the_sign_off() {
    let body = "@title 标题\n\n正文。\n\n@signature {{ report.organization }}\n\n@date {{ report.date }}\n";
    let dir = setup(&[
        (
            "wu.jinja",
            &format!("{{#\n名称: 无落款\n落款: 无\n#}}\n{body}"),
        ),
        (
            "you.jinja",
            &format!("{{#\n名称: 有落款\n落款: 有\n#}}\n{body}"),
        ),
    ]);
    let without = render(dir.path(), "无落款");
    assert_eq!(without.stdout, "# 标题\n\n正文。\n", "{}", without.stderr);
    let with = render(dir.path(), "有落款");
    assert!(
        with.stdout.contains("正文。\n\n示例市科学技术局\n\n") && with.stdout.ends_with("日\n"),
        "{}",
        with.stdout
    );
}

// A user file overrides a built-in by its id or its Chinese name, as file
// name or in its header; the built-in's id and name keep finding it.
#[test]
fn user_files_override_built_ins_by_id_or_name() {
    let dir = setup(&[
        (
            "qingkuang.jinja",
            &format!("{{#\n标题: {{地区}}{{主题}}情况报告\n#}}\n{BODY}"),
        ),
        ("调研报告.jinja", "@title 本单位调研报告\n"),
        (
            "mine.jinja",
            &format!("{{#\n名称: 工作综述\n标题: {{地区}}综述\n#}}\n{BODY}"),
        ),
    ]);
    for style in ["qingkuang", "情况汇报"] {
        assert_eq!(
            title(&render(dir.path(), style)),
            "# 示例市科技创新情况报告"
        );
    }
    for style in ["diaoyan", "调研报告"] {
        assert_eq!(title(&render(dir.path(), style)), "# 本单位调研报告");
    }
    assert_eq!(title(&render(dir.path(), "zongshu")), "# 示例市综述");
    // A built-in left alone keeps its own title.
    assert_eq!(
        title(&render(dir.path(), "要点汇报")),
        "# 示例市科技创新工作情况汇报"
    );
}

// Header mistakes are reported in Chinese with the file and line, when the
// style is used; `styles` lists the style with the problem; built-ins work.
#[test]
fn header_errors_name_file_and_line() {
    let dir = setup(&[
        (
            "bad.jinja",
            "{#\n名称: 坏\n标提: 关于{地区}\n#}\n@title x\n",
        ),
        (
            "badtitle.jinja",
            "{#\n名称: 坏标题\n\n标题: 关于{地方}\n#}\n",
        ),
    ]);
    assert_refused(
        dir.path(),
        "bad",
        "tpl/bad.jinja:3\u{ff1a}",
        &[
            "不认识的键“标提”",
            "名称、编号、说明、标题、落款、发言、不用",
        ],
    );
    assert_refused(
        dir.path(),
        "badtitle",
        "tpl/badtitle.jinja:4\u{ff1a}",
        &["不认识“{地方}”", "{地区}"],
    );
    let run = Run::new(huibao(dir.path()).args(["styles", "--templates", "tpl"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let line = run.stdout.lines().find(|l| l.starts_with("bad\t")).unwrap();
    assert!(line.contains("无法使用") && line.contains("标提"), "{line}");
    assert_eq!(
        title(&render(dir.path(), "情况汇报")),
        "# 关于示例市科技创新工作情况的汇报"
    );
}

// A huge file in the directory (a sparse 3 GiB file, which reading whole
// would exhaust the memory) is refused only when chosen; built-ins render.
#[test]
fn a_huge_template_is_not_read() {
    let dir = setup(&[]);
    let path = dir.path().join("tpl/huge.jinja");
    std::fs::write(&path, "{#\n名称: 巨\n#}\n").unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(3 << 30).unwrap();
    assert_eq!(
        title(&render(dir.path(), "qingkuang")),
        "# 关于示例市科技创新工作情况的汇报"
    );
    let run = Run::new(huibao(dir.path()).args(["styles", "--templates", "tpl"]));
    assert!(
        run.stdout.contains("巨\thuge") || run.stdout.contains("huge"),
        "{}",
        run.stdout
    );
    assert_refused(
        dir.path(),
        "huge",
        "tpl/huge.jinja",
        &["模板文件过大", "3221225472 字节", "1 MiB"],
    );
}

// An included file over the cap is refused by name, in Chinese.
#[test]
fn a_huge_included_template_is_refused() {
    let big = "a".repeat(2 << 20);
    let dir = setup(&[
        ("uses.jinja", "{% include \"_big.jinja\" %}\n"),
        ("_big.jinja", &big),
    ]);
    assert_refused(dir.path(), "uses", "_big.jinja", &["模板文件过大", "1 MiB"]);
}

// Files that cannot be read (a dangling link, a directory, a pipe, which
// would block a read) spoil only themselves: listed, refused when chosen.
#[cfg(unix)]
#[test]
fn unreadable_templates_leave_built_ins_usable() {
    let dir = setup(&[]);
    let tpl = dir.path().join("tpl");
    std::os::unix::fs::symlink("/nonexistent/x.jinja", tpl.join("broken.jinja")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/y.jinja", tpl.join("fayan.jinja")).unwrap();
    std::fs::create_dir(tpl.join("dir.jinja")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(tpl.join("pipe.jinja"))
        .status()
        .unwrap();
    assert!(fifo.success());
    for style in ["情况汇报", "调研报告", "zongshu"] {
        let run = render(dir.path(), style);
        assert_eq!(run.code, Some(0), "{style}: {}", run.stderr);
    }
    let run = Run::new(huibao(dir.path()).args(["styles", "--templates", "tpl"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for id in ["broken", "dir", "pipe", "fayan"] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.contains(&format!("\t{id}\t")));
        assert!(
            line.is_some_and(|l| l.contains("无法使用")),
            "{id}: {}",
            run.stdout
        );
    }
    assert_refused(
        dir.path(),
        "broken",
        "tpl/broken.jinja",
        &["无法读取模板", "不存在"],
    );
    assert_refused(dir.path(), "dir", "tpl/dir.jinja", &["不是普通文件"]);
    assert_refused(dir.path(), "pipe", "tpl/pipe.jinja", &["不是普通文件"]);
    // An override that cannot be read is refused, not quietly replaced by the built-in.
    assert_refused(dir.path(), "汇报发言", "tpl/fayan.jinja", &["无法读取模板"]);
}
