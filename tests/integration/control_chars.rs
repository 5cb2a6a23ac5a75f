//! Characters XML cannot carry (C0 controls but tab and newline, U+FFFE,
//! U+FFFF) never reach a report: a Word file holding one does not open. Raw
//! bytes are refused by the YAML reader; these are the ways around it, YAML
//! escapes and template output. Each run gives exit 1, a Chinese message
//! naming the place, and leaves the previous report as it was.

use std::path::Path;

use crate::support::{Run, assert_clean, huibao};

const FORM: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n";

/// Writes `form` to `form.yaml` and an old report to `out`; renders; returns
/// the run after checking exit 1 and that `out` kept its bytes.
fn refused(dir: &Path, form: &str, extra: &[&str], out: &str) -> Run {
    std::fs::write(dir.join("form.yaml"), form).unwrap();
    let old = b"previous report".to_vec();
    std::fs::write(dir.join(out), &old).unwrap();
    let mut args = vec!["render", "form.yaml", "-o", out];
    args.extend_from_slice(extra);
    let run = Run::new(huibao(dir).args(&args));
    assert_eq!(run.code, Some(1), "{form}: {}", run.stderr);
    assert_eq!(
        std::fs::read(dir.join(out)).unwrap(),
        old,
        "{form}: {out} changed"
    );
    run
}

// Each escape, in a top-level text, a list entry and a nested text, names
// the file, line:column, the field and the character.
#[test]
fn yaml_escapes_are_refused_with_place_and_character() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "地区: \"示例\\x01市\"\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n",
            "form.yaml:1:5\u{ff1a}字段\u{201c}地区\u{201d}",
            "U+0001",
        ),
        (
            "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n    要点:\n      - \"甲\\v乙\"\n",
            "form.yaml:6:9\u{ff1a}字段\u{201c}工作成效[0].要点[0]\u{201d}",
            "U+000B",
        ),
        (
            "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n    要点:\n      - 内容: \"丙\\uFFFF\"\n",
            "form.yaml:6:13\u{ff1a}字段\u{201c}工作成效[0].要点[0].内容\u{201d}",
            "U+FFFF",
        ),
        (
            "地区: 示例市\n单位: 示例市科学技术局\n导语: \"\\uFFFE\"\n工作成效:\n  - 标题: 培育创新主体\n",
            "form.yaml:3:5\u{ff1a}字段\u{201c}导语\u{201d}",
            "U+FFFE",
        ),
    ];
    for (form, place, char) in cases {
        for out in ["out.docx", "out.md"] {
            let run = refused(dir.path(), form, &[], out);
            assert!(
                assert_clean(&run.stderr, "form.yaml").is_empty(),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains(place), "{place} not in {}", run.stderr);
            assert!(
                run.stderr.contains(&format!("控制字符 {char}")),
                "{char} not in {}",
                run.stderr
            );
        }
    }
}

// Tab and newline escapes are text a clerk may mean: they pass.
#[test]
fn tab_and_newline_escapes_pass() {
    let dir = tempfile::tempdir().unwrap();
    let form = format!("{FORM}导语: \"甲\\t乙\\n丙\"\n");
    std::fs::write(dir.path().join("form.yaml"), form).unwrap();
    let run = Run::new(huibao(dir.path()).args(["render", "form.yaml", "-o", "out.docx"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

// A template printing "\x01" (escape or raw byte) is a template error.
#[test]
fn template_output_with_control_characters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    for source in [
        "@title 标题{{ \"\\x01\" }}\n\n正文\n",
        "@title 标题\n\n正文{{ \"\\u000b\" }}\n",
        "@title 标题\n\n正文\u{1}\n",
    ] {
        std::fs::write(dir.path().join("tpl/t.jinja"), source).unwrap();
        for out in ["out.docx", "out.md"] {
            let run = refused(dir.path(), FORM, &["--templates", "tpl", "-s", "t"], out);
            assert!(
                assert_clean(&run.stderr, "t.jinja").is_empty(),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("模板输出"), "{}", run.stderr);
            assert!(run.stderr.contains("控制字符 U+000"), "{}", run.stderr);
        }
    }
}
