//! Issue 18 on the command line: expansion and nesting bounded, template
//! output bounded, outputs that are devices or pipes written into (never
//! replaced), unreadable batch entries named, and the smaller cases. Each
//! test names the class of the issue; each asserts exit code, the Chinese
//! message and the files, and runs under an address-space limit where the
//! old code grew without end.

use std::path::Path;

use crate::support;
use support::{Run, assert_clean, huibao, listing};

const FORM: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n";

/// Runs `line` in `bash` in `dir`, the binary as `$HB`.
fn shell(dir: &Path, line: &str) -> Run {
    Run::new(
        assert_cmd::Command::new("bash")
            .args(["-c", line])
            .current_dir(dir)
            .env("HB", assert_cmd::cargo::cargo_bin("huibao"))
            .env("SOURCE_DATE_EPOCH", "1735689600"),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A form whose 导语 references, `refs` times, a figure with a 说明 of
/// `note` characters.
fn reference_bomb(note: usize, refs: usize) -> String {
    format!(
        "地区: 示例市\n单位: 示例局\n主要指标:\n  - {{名称: 甲, 数值: 1, 说明: {}}}\n导语: 全市{}\n工作成效: [{{标题: 乙}}]\n",
        "说".repeat(note),
        "{甲}".repeat(refs)
    )
}

// Class 2: a 900 KB form made `check` and `render` allocate ~10 GB and abort
// with an English backtrace; the reference that passes the bound is refused.
#[test]
fn references_cannot_blow_up_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "小.yaml", &reference_bomb(20_000, 2_000));
    write(dir.path(), "大.yaml", &reference_bomb(100_000, 100_000));
    assert!(std::fs::metadata(dir.path().join("大.yaml")).unwrap().len() > 800_000);
    let before = listing(dir.path());
    for (form, column) in [("小.yaml", 13), ("大.yaml", 13)] {
        for cmd in ["check", "render -o out.docx"] {
            let run = shell(
                dir.path(),
                &format!("ulimit -v 2000000; \"$HB\" {cmd} {form}"),
            );
            assert_eq!(run.code, Some(1), "{form} {cmd}: {}", run.stderr);
            assert!(assert_clean(&run.stderr, form).is_empty(), "{}", run.stderr);
            assert!(
                run.stderr.contains("引用“{甲}”代入后文字过多"),
                "{form} {cmd}: {}",
                run.stderr
            );
            assert!(
                run.stderr
                    .contains(&format!("{form}:5:{column}\u{ff1a}字段“导语”")),
                "{form} {cmd}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(listing(dir.path()), before, "nothing written");
}

// Class 4: 100,000 nested brackets took 75 s on the command line; refused
// before the parser, with the place.
#[test]
fn deep_nesting_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("地区: 甲\n单位: 乙\n导语: {}\n", "[".repeat(100_000));
    let dashes = format!("地区: 甲\n单位: 乙\n工作成效:\n{}x\n", "- ".repeat(400_000));
    write(dir.path(), "括号.yaml", &deep);
    write(dir.path(), "短横.yaml", &dashes);
    for (form, at) in [("括号.yaml", ".yaml:3:68"), ("短横.yaml", ".yaml:4:129")] {
        let run = Run::new(huibao(dir.path()).args(["check", form]));
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(assert_clean(&run.stderr, form).is_empty(), "{}", run.stderr);
        assert!(run.stderr.contains("表单嵌套过深"), "{}", run.stderr);
        assert!(run.stderr.contains(at), "{at}: {}", run.stderr);
    }
}

// Class 7: a template printing millions of blank-line blocks ran to 4 GB;
// it stops at the block cap or the form's memory share, in Chinese.
#[test]
fn millions_of_blank_line_blocks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", FORM);
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    write(
        dir.path(),
        "tpl/qingkuang.jinja",
        "{% for i in range(100000) %}{{ \"x\\n\\n\" * 30 }}{% endfor %}\n",
    );
    let before = listing(dir.path());
    let run = shell(
        dir.path(),
        "ulimit -v 1000000; \"$HB\" render a.yaml --templates tpl -o out.md",
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(assert_clean(&run.stderr, "").is_empty(), "{}", run.stderr);
    assert!(
        run.stderr.contains("段落过多") || run.stderr.contains("内存超过"),
        "{}",
        run.stderr
    );
    assert_eq!(listing(dir.path()), before);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

// Class 5: `-o` to a FIFO or a device replaced it with a regular file (as
// root) and said it succeeded. A pipe with a reader, /dev/null and
// /dev/stdout are written into; a pipe without one, and /dev/full, fail in
// Chinese; nothing is replaced.
#[cfg(unix)]
#[test]
fn outputs_that_are_devices_or_pipes_are_written_into() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", FORM);
    mkfifo(&dir.path().join("管道"));
    // No reader: refused at once, not waited on.
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "-f", "md", "-o", "管道"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("没有程序在读取"), "{}", run.stderr);
    assert!(is_fifo(&dir.path().join("管道")), "the pipe stays a pipe");
    // A reader: the report goes through the pipe.
    let run = shell(
        dir.path(),
        "cat 管道 > 读到.md & \"$HB\" render a.yaml -f md -o 管道; s=$?; wait; exit $s",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(is_fifo(&dir.path().join("管道")), "the pipe stays a pipe");
    let read = std::fs::read_to_string(dir.path().join("读到.md")).unwrap();
    assert!(read.starts_with("# 关于示例市"), "{read}");
    // A full device: exit 1 with the reason.
    let run =
        Run::new(huibao(dir.path()).args(["render", "a.yaml", "-f", "md", "-o", "/dev/full"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("磁盘空间不足"), "{}", run.stderr);
    // /dev/null takes it and stays a device.
    let run =
        Run::new(huibao(dir.path()).args(["render", "a.yaml", "-f", "md", "-o", "/dev/null"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // /dev/stdout appends to what the shell opened: `>>` keeps the log.
    write(dir.path(), "日志.md", "前一行\n");
    let run = shell(
        dir.path(),
        "\"$HB\" render a.yaml -f md -o /dev/stdout >> 日志.md",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let log = std::fs::read_to_string(dir.path().join("日志.md")).unwrap();
    assert!(log.starts_with("前一行\n# 关于示例市"), "{log}");
    let names = listing(dir.path());
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

// Class 5: a batch directory's FIFO, device and broken-link entries were
// skipped silently; each is named with why, the others rendered.
#[cfg(unix)]
#[test]
fn a_batch_names_each_unreadable_entry() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("表单");
    std::fs::create_dir(&forms).unwrap();
    write(&forms, "甲.yaml", FORM);
    mkfifo(&forms.join("管道.yaml"));
    std::os::unix::fs::symlink("/dev/zero", forms.join("零.yaml")).unwrap();
    std::os::unix::fs::symlink("没有.yaml", forms.join("断链.yaml")).unwrap();
    std::fs::create_dir(forms.join("目录.yaml")).unwrap();
    let run = shell(
        dir.path(),
        "ulimit -v 2000000; timeout 60 \"$HB\" render 表单 -o 输出 -f md",
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (name, why) in [
        ("管道.yaml", "管道"),
        ("零.yaml", "设备文件"),
        ("断链.yaml", "失效的符号链接"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named: {}", run.stderr));
        assert!(line.contains(why), "{line}");
    }
    assert!(!run.stderr.contains("目录.yaml"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("共4份表单\u{ff1a}成功1份\u{ff0c}失败3份"),
        "{}",
        run.stderr
    );
    assert_eq!(listing(&dir.path().join("输出")), ["甲.md"]);
    assert!(is_fifo(&forms.join("管道.yaml")));
}

/// `check` of `form` (written as a.yaml): exit code, stdout, stderr.
fn check(form: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", form);
    Run::new(huibao(dir.path()).args(["check", "a.yaml"]))
}

// Class 8: the smaller cases, each as a clerk would see it.
#[test]
fn the_smaller_cases() {
    // A tag inside a flow mapping is reported against its own field.
    let run = check("地区: 示例市\n单位: 局\n工作成效: [{标题: 乙, 概述: !!binary aGk=}]\n");
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("字段“工作成效[0].概述”"),
        "{}",
        run.stderr
    );
    // The same figure name twice in one list is a reminder.
    let run = check(&format!(
        "{FORM}主要指标: [{{名称: 企业, 数值: 1}}, {{名称: 企业, 数值: 1}}]\n"
    ));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("主要指标[1].名称") && run.stdout.contains("重复"),
        "{}",
        run.stdout
    );
    // A bidirectional override is refused where it is.
    let run = check(&format!("{FORM}导语: 全市\u{202e}成效\n"));
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("文字方向控制字符(U+202E)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("a.yaml:5:7\u{ff1a}"), "{}", run.stderr);
    let run = check(&format!("{FORM}导语: \"全市\\u202E成效\"\n"));
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("U+202E"), "{}", run.stderr);
    // `-0` is zero.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.yaml",
        &format!("{FORM}主要指标: [{{名称: 企业, 数值: \"-0\", 单位: 家}}]\n"),
    );
    let run = Run::new(huibao(dir.path()).args(["render", "a.yaml", "-o", "-"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("企业0家"), "{}", run.stdout);
    assert!(!run.stdout.contains("-0"), "{}", run.stdout);
    // A number past 64 bits is too large, not "a number, expected a number".
    for n in ["-12345678901234567890", "99999999999999999999"] {
        let run = check(&format!("{FORM}主要指标: [{{名称: 企业, 数值: {n}}}]\n"));
        assert_eq!(run.code, Some(1));
        assert!(run.stderr.contains("数值过大"), "{n}: {}", run.stderr);
        assert!(!run.stderr.contains("却是数字"), "{n}: {}", run.stderr);
    }
    // A zero-width character in an unknown key is shown, not hidden.
    let run = check(&format!("{FORM}标\u{200b}题: x\n"));
    assert_eq!(run.code, Some(1));
    assert!(!run.stderr.contains('\u{200b}'), "{}", run.stderr);
    assert!(run.stderr.contains("标\\u{200b}题"), "{}", run.stderr);
    assert!(run.stderr.contains("看不见的字符 U+200B"), "{}", run.stderr);
}
