//! Issue 10, reliability second round: output streams, batches over their own
//! inputs, Markdown injection, escapes in messages, template memory, temp
//! files, usage errors, typed placeholders. Each case asserts the exit code,
//! the Chinese message, untouched files and no panic. Form-content cases of
//! the same issue (tags, directives, long keys, --strict on a typed
//! placeholder) are in the corpus, `bad_inputs/76-*` onwards.

use crate::support;

use std::path::Path;
use std::process::Stdio;

use support::{Run, assert_clean, huibao, listing};

const FORM: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n";

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Runs a shell command line in `dir` with the binary as `$HB`.
fn shell(dir: &Path, line: &str) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("huibao");
    Run::new(
        assert_cmd::Command::new("bash")
            .args(["-c", line])
            .current_dir(dir)
            .env("HB", bin)
            .env("SOURCE_DATE_EPOCH", "1735689600"),
    )
}

fn no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "{}", run.stderr);
}

// Class 1: a full disk on standard output is exit 1 and a Chinese message, never a panic.
#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let dir = dir_with(&[("a.yaml", FORM)]);
    for cmd in ["schema", "styles", "check a.yaml", "render a.yaml -o -"] {
        let run = shell(dir.path(), &format!("\"$HB\" {cmd} > /dev/full"));
        assert_eq!(run.code, Some(1), "{cmd}: {}", run.stderr);
        no_panic(&run);
        assert!(
            run.stderr.contains("无法写入标准输出") && run.stderr.contains("磁盘空间不足"),
            "{cmd}: {}",
            run.stderr
        );
    }
}

// Class 1: a reader that stops early (`| head -c 10`) ends the run quietly, exit 0.
#[test]
fn a_closed_pipe_ends_quietly() {
    let forms: Vec<(String, &str)> = (0..40).map(|i| (format!("f/{i:02}.yaml"), FORM)).collect();
    let files: Vec<(&str, &str)> = forms.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let dir = dir_with(&files);
    for cmd in ["check f", "schema", "render f/00.yaml -o -"] {
        let run = shell(
            dir.path(),
            &format!(
                "\"$HB\" {cmd} | (head -c 10 > /dev/null; sleep 0.2); exit ${{PIPESTATUS[0]}}"
            ),
        );
        assert_eq!(run.code, Some(0), "{cmd}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{cmd}");
    }
}

// Class 1: a closed standard output (`>&-`) is said, not written into nothing.
#[test]
fn a_closed_stdout_is_an_error() {
    let dir = dir_with(&[("a.yaml", FORM)]);
    for cmd in ["schema", "styles", "check a.yaml"] {
        let run = shell(dir.path(), &format!("\"$HB\" {cmd} >&-"));
        assert_eq!(run.code, Some(1), "{cmd}: {}", run.stderr);
        no_panic(&run);
        assert!(
            run.stderr.contains("标准输出已关闭"),
            "{cmd}: {}",
            run.stderr
        );
    }
    // A redirection to /dev/null is a choice, not an error.
    let run = shell(dir.path(), "\"$HB\" schema > /dev/null");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

// Class 2: `render a.yaml a.md -o . -f md` must not write a.yaml's report over the form a.md.
#[test]
fn a_batch_never_writes_over_its_inputs() {
    let dir = dir_with(&[
        ("a.yaml", FORM),
        ("a.md", FORM),
        ("tpl/a.md", "模板目录里的文件"),
    ]);
    let before = listing(dir.path());
    let run =
        Run::new(huibao(dir.path()).args(["render", "a.yaml", "a.md", "-o", ".", "-f", "md"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    no_panic(&run);
    assert!(run.stderr.contains("表单本身"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        FORM
    );
    assert_eq!(listing(dir.path()), before);
    // A file of the templates directory is an input too.
    let run = Run::new(huibao(dir.path()).args([
        "render",
        "a.yaml",
        "--templates",
        "tpl",
        "-o",
        "tpl/a.md",
    ]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("模板"), "{}", run.stderr);
    let kept = std::fs::read_to_string(dir.path().join("tpl/a.md")).unwrap();
    assert_eq!(kept, "模板目录里的文件");
}

// Class 3: HTML, links and entities typed in the form reach the Markdown as text.
#[test]
fn form_text_cannot_inject_markdown() {
    let form = format!(
        "{FORM}导语: '<img src=x onerror=alert(1)> [点此](javascript:alert(1)) R&amp;D \u{3010}待补充<b>x</b>\u{3011}'\n"
    );
    let dir = dir_with(&[("a.yaml", &form)]);
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "-o", "-"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for escaped in [
        r"\<img src=x onerror=alert(1)\>",
        r"\[点此\](javascript:alert(1))",
        r"R\&amp;D",
        r"\<b\>x\</b\>",
    ] {
        assert!(
            run.stdout.contains(escaped),
            "no {escaped} in {}",
            run.stdout
        );
    }
}

// Class 4: an ESC in a value or a file name is shown as `\u{1b}`; a 300 KB key is cut.
#[test]
fn messages_escape_control_characters_and_stay_short() {
    let esc_value = FORM.replace(
        "培育创新主体",
        "培育\n    指标:\n      - {名称: 企业, 数值: \"\\e[2J\\e]0;x\\a1\"}",
    );
    let long_key = format!("地区: 甲\n\"{}\": 乙\n", "k".repeat(300_000));
    let dir = dir_with(&[("esc.yaml", &esc_value), ("long.yaml", &long_key)]);
    let run = Run::new(huibao(dir.path()).args(["check", "esc.yaml"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'));
    assert!(run.stderr.contains(r"\u{1b}[2J"), "{}", run.stderr);
    let run = Run::new(huibao(dir.path()).args(["check", "long.yaml"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.len() < 1_000, "{} bytes", run.stderr.len());
    assert!(run.stderr.contains("键过长"), "{}", run.stderr);
    let run = Run::new(huibao(dir.path()).args(["check", "\u{1b}]0;title\u{7}.yaml"]));
    assert_eq!(run.code, Some(1));
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert!(
        run.stderr.contains(r"\u{1b}]0;title\u{7}.yaml"),
        "{}",
        run.stderr
    );
}

/// Renders `a.yaml` with `tpl/qingkuang.jinja` = `template` to `out.md`:
/// exit 1, the fragment, nothing written.
fn template_refused(template: &[u8], fragment: &str) {
    assert!(std::str::from_utf8(template).is_ok());
    let dir = dir_with(&[("a.yaml", FORM)]);
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::write(dir.path().join("tpl/qingkuang.jinja"), template).unwrap();
    let before = listing(dir.path());
    let run = Run::new(huibao(dir.path()).args([
        "render",
        "a.yaml",
        "--templates",
        "tpl",
        "-o",
        "out.md",
    ]));
    assert_eq!(run.code, Some(1), "{fragment}: {}", run.stderr);
    assert!(run.stderr.contains(fragment), "{fragment}: {}", run.stderr);
    assert!(assert_clean(&run.stderr, "").is_empty(), "{}", run.stderr);
    assert_eq!(listing(dir.path()), before);
}

// Class 6: strings that double or multiply stop at a bound, with a Chinese message.
#[test]
fn templates_cannot_exhaust_memory() {
    let mut doubling = String::from("{% set s = \"xxxxxxxxxxxxxxxx\" %}\n");
    for _ in 0..40 {
        doubling.push_str("{% set s = s ~ s %}\n");
    }
    doubling.push_str("{{ s }}\n");
    template_refused(doubling.as_bytes(), "内存超过");
    template_refused(
        b"{% set s = \"x\" * 1000 %}{% set s = s|replace(\"x\", s) %}{% set s = s|replace(\"x\", s) %}{{ s }}",
        "replace 生成的文字过长",
    );
    template_refused(
        b"{% set s = [\"x\" * 100000] * 1000 %}{{ s|join(s|join) }}",
        "join 生成的文字过长",
    );
}

// Class 6: nesting and encoding errors of templates are reported in Chinese.
#[test]
fn template_nesting_and_encoding_errors_are_chinese() {
    let nested = format!("{{{{ {}1{} }}}}", "(".repeat(600), ")".repeat(600));
    template_refused(nested.as_bytes(), "模板嵌套过深");
    // An included file (the style's own file is read by the style listing).
    let dir = dir_with(&[
        ("a.yaml", FORM),
        ("tpl/qingkuang.jinja", "{% include \"part.txt\" %}"),
    ]);
    std::fs::write(dir.path().join("tpl/part.txt"), b"@title \xff\xfe\n").unwrap();
    let run =
        Run::new(huibao(dir.path()).args(["render", "a.yaml", "--templates", "tpl", "-o", "-"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("无效"), "{}", run.stderr);
    assert!(run.stderr.contains("part.txt"), "{}", run.stderr);
}

// Class 7: a killed run's temp files are removed by the next run into the directory.
#[test]
fn stale_temp_files_are_removed() {
    let dir = dir_with(&[("a.yaml", FORM)]);
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let mine = std::process::id();
    let stale = format!(".huibao-{dead}-AbC123.tmp");
    let alive = format!(".huibao-{mine}-AbC123.tmp");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    for name in [&stale, &alive, &".huibao-legacy.tmp".to_string()] {
        std::fs::write(dir.path().join("out").join(name), "half").unwrap();
    }
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "-o", "out/a.md"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        listing(&dir.path().join("out")),
        [alive.as_str(), ".huibao-legacy.tmp", "a.md"]
    );
}

// Class 7: SIGTERM or Ctrl-C in the middle of a batch leaves no temp file behind.
#[test]
fn a_terminated_batch_leaves_no_temp_files() {
    for signal in ["-TERM", "-INT"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("f")).unwrap();
        for i in 0..3000 {
            std::fs::write(dir.path().join(format!("f/{i:04}.yaml")), FORM).unwrap();
        }
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("huibao"))
            .args(["render", "f", "-o", "out", "-f", "docx"])
            .current_dir(dir.path())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Signalled once the first reports exist, while others are being written.
        let mut waited = 0;
        while listing(&dir.path().join("out")).len() < 20 {
            assert!(waited < 6000, "{signal}: no reports after 30 s");
            std::thread::sleep(std::time::Duration::from_millis(5));
            waited += 1;
        }
        let killed = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}: {status:?}");
        let left: Vec<String> = listing(&dir.path().join("out"))
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{signal}: {left:?}");
    }
}

// Class 8: usage errors are Chinese, exit 2, and create nothing.
#[test]
fn usage_errors_are_chinese_and_create_nothing() {
    let dir = dir_with(&[("a.yaml", FORM), ("b.yaml", FORM), ("old.md", "x")]);
    let before = listing(dir.path());
    for (args, fragment) in [
        (&["render"][..], "缺少必需的参数"),
        (&["rendr", "a.yaml"], "未知的子命令“rendr”"),
        (&["render", "a.yaml", "--bogus"], "无法识别的参数“--bogus”"),
        (&["render", "a.yaml", "-f", "odt"], "取值“odt”无效"),
        (
            &["render", "a.yaml", "b.yaml", "-o", "report.docx"],
            "输出到一个目录",
        ),
        (
            &["render", "a.yaml", "b.yaml", "-o", "old.md"],
            "已有的文件",
        ),
        (&["render", "a.yaml", "-o", "x.md", "-f", "docx"], "不一致"),
        (&["render", "a.yaml", "-o", "x"], "判断输出格式"),
    ] {
        let run = Run::new(huibao(dir.path()).args(args));
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        no_panic(&run);
        assert!(
            run.stderr.starts_with("用法错误"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
        for english in ["error:", "Usage:", "unexpected", "For more information"] {
            assert!(!run.stderr.contains(english), "{args:?}: {}", run.stderr);
        }
    }
    assert_eq!(listing(dir.path()), before);
    // --help stays available (bilingual), on stdout, exit 0.
    let run = Run::new(huibao(dir.path()).args(["render", "--help"]));
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("--format"), "{}", run.stdout);
}

// Issue 9, acceptance 4: `render FORM -f docx -o - | cat > x.docx` is the DOCX `-o x.docx` writes.
#[test]
fn docx_goes_to_a_pipe() {
    let dir = dir_with(&[("a.yaml", FORM)]);
    let run = shell(
        dir.path(),
        "\"$HB\" render a.yaml -f docx -o - | cat > piped.docx",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "-o", "file.docx"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let piped = std::fs::read(dir.path().join("piped.docx")).unwrap();
    assert!(piped.starts_with(b"PK"));
    assert_eq!(piped, std::fs::read(dir.path().join("file.docx")).unwrap());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(piped)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("示例市"), "no title in document.xml");
    // A terminal gets no zip bytes (`script` gives the command one).
    if Path::new("/usr/bin/script").exists() {
        let run = shell(
            dir.path(),
            "script -qec '\"$HB\" render a.yaml -f docx -o -' /dev/null",
        );
        assert_eq!(run.code, Some(2), "{}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("不能输出到终端"), "{}", run.stdout);
        assert!(!run.stdout.contains("PK"), "zip bytes on the terminal");
    }
    // An explicit -f beats an extension that names no format.
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "-o", "r.txt", "-f", "md"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("r.txt")).unwrap();
    assert!(md.starts_with("# "), "{md}");
}

// Class 9: --strict refuses a typed 【待补充…】 like any placeholder, in check too.
#[test]
fn strict_counts_typed_placeholders() {
    let form = format!("{FORM}导语: 全年投入\u{3010}待补充:金额\u{3011}万元\n");
    let dir = dir_with(&[("a.yaml", &form)]);
    let before = listing(dir.path());
    let run = Run::new(huibao(dir.path()).args(["check", "a.yaml", "--strict"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.contains("待补充\u{ff1a}导语"), "{}", run.stdout);
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "--strict", "-o", "a.md"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(listing(dir.path()), before);
}
