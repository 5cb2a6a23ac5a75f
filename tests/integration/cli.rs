//! The binary as a clerk uses it: init → check → render, placeholders and
//! --strict, and bad input that must fail cleanly with no output file.

use crate::common;

use std::path::Path;

use assert_cmd::Command;

fn huibao(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("huibao").unwrap();
    cmd.current_dir(dir).env("SOURCE_DATE_EPOCH", "1735689600");
    cmd
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// A blank form from init is valid (placeholders allowed) and renders a draft.
#[test]
fn init_check_render_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let out = huibao(dir.path())
        .args(["init", "f.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = huibao(dir.path())
        .args(["check", "f.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\u{5f85}\u{8865}\u{5145}"),
        "{}",
        stdout(&out)
    );
    let out = huibao(dir.path())
        .args(["render", "f.yaml", "-o", "f.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("f.md")).unwrap();
    assert!(
        md.starts_with("# 关于某某县科技创新工作情况的汇报\n"),
        "{md}"
    );
    assert!(md.contains("\u{3010}待补充\u{ff1a}导语\u{3011}"), "{md}");
}

// init never overwrites without --force, and --style presets the style.
#[test]
fn init_does_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), "mine").unwrap();
    let out = huibao(dir.path())
        .args(["init", "f.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("f.yaml")).unwrap(),
        "mine"
    );
    let out = huibao(dir.path())
        .args(["init", "f.yaml", "--force", "--style", "diaoyan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("f.yaml")).unwrap();
    assert!(text.contains("文种: 调研报告"), "{text}");
}

// check lists placeholders and passes; --strict fails for check and render.
#[test]
fn placeholders_and_strict() {
    let form = common::example("示范新区");
    let dir = tempfile::tempdir().unwrap();
    let out = huibao(dir.path()).arg("check").arg(&form).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing = stdout(&out);
    assert!(listing.contains("主要指标[0].数值"), "{listing}");
    assert!(listing.contains("主要指标[1].上期"), "{listing}");
    assert!(
        listing.contains("20xx"),
        "warns about xx in text: {listing}"
    );
    let out = huibao(dir.path())
        .args(["check", "--strict"])
        .arg(&form)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("主要指标[0].数值"),
        "{}",
        stderr(&out)
    );
    let out = huibao(dir.path())
        .args(["render", "--strict", "-o", "x.md"])
        .arg(&form)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("x.md").exists());
}

/// Runs `render` on `yaml`, expects exit 1, no output file, and the fragments in stderr.
fn assert_rejected(yaml: &str, fragments: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), yaml).unwrap();
    for args in [
        &["render", "bad.yaml", "-o", "out.md"][..],
        &["render", "bad.yaml", "-o", "out.docx"],
        &["check", "bad.yaml"],
    ] {
        let out = huibao(dir.path()).args(args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("bad.yaml"), "names the file: {err}");
        for f in fragments {
            assert!(err.contains(f), "{args:?}: expected {f:?} in {err}");
        }
        assert!(
            !err.contains("panicked") && !err.contains("Field<"),
            "{err}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "no output or temp file left: {left:?}");
    }
}

const GOOD: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n    指标:\n      - {名称: 高新技术企业, 数值: 251, 单位: 家}\n";

// A misspelt key: Chinese message with a did-you-mean hint and the line.
#[test]
fn misspelt_key_is_rejected() {
    assert_rejected(&GOOD.replace("地区", "地去"), &["地去", "地区", ":1:"]);
}

// A YAML syntax error gives line and column.
#[test]
fn syntax_error_is_rejected() {
    assert_rejected(
        &GOOD.replace("  - 标题: 培育创新主体", "  - 标题: [培育创新主体"),
        &[":4:"],
    );
}

// A string where a number belongs names the field path, line and column.
#[test]
fn text_for_number_is_rejected() {
    assert_rejected(
        &GOOD.replace("数值: 251", "数值: 很多"),
        &["工作成效[0].指标[0].数值", ":6:", "数字"],
    );
}

// A missing 地区 is an error, not a placeholder.
#[test]
fn missing_locality_is_rejected() {
    assert_rejected(&GOOD.replace("地区: 示例市\n", ""), &["地区"]);
}

// An existing output file is left untouched when the form is bad.
#[test]
fn bad_form_keeps_existing_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "地区: [").unwrap();
    std::fs::write(dir.path().join("out.md"), "old").unwrap();
    let out = huibao(dir.path())
        .args(["render", "bad.yaml", "-o", "out.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.md")).unwrap(),
        "old"
    );
}

// -o - prints Markdown; styles lists all six; usage errors exit 2.
#[test]
fn stdout_styles_and_usage() {
    let dir = tempfile::tempdir().unwrap();
    let form = common::example("示例市");
    let out = huibao(dir.path())
        .args(["render", "-o", "-", "-s", "调研报告"])
        .arg(&form)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("# 关于示例市科技创新情况的调研报告\n"));
    let out = huibao(dir.path()).arg("styles").output().unwrap();
    let list = stdout(&out);
    for name in [
        "情况汇报",
        "调研报告",
        "工作总结",
        "汇报发言",
        "要点汇报",
        "工作综述",
    ] {
        assert!(list.contains(name), "{list}");
    }
    let out = huibao(dir.path()).args(["render"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = huibao(dir.path())
        .args(["render", "-o", "x.txt"])
        .arg(&form)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// Several forms: failures reported per file, the others rendered, exit 1, a summary.
#[test]
fn batch_reports_each_failure() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    std::fs::create_dir(&forms).unwrap();
    std::fs::write(forms.join("a.yaml"), GOOD).unwrap();
    std::fs::write(forms.join("b.yaml"), "地区: [").unwrap();
    std::fs::write(forms.join("c.yaml"), GOOD).unwrap();
    let out = huibao(dir.path())
        .args(["render", "forms", "-o", "out", "-f", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("b.yaml"), "{err}");
    assert!(err.contains("成功2份") && err.contains("失败1份"), "{err}");
    assert!(dir.path().join("out/a.md").exists() && dir.path().join("out/c.md").exists());
    assert!(!dir.path().join("out/b.md").exists());
}

// `huibao schema` prints a JSON Schema that accepts every example and the
// blank form, and rejects a form with an unknown key.
#[test]
fn schema_validates_examples() {
    let dir = tempfile::tempdir().unwrap();
    let out = huibao(dir.path()).arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let yaml = |text: &str| -> serde_json::Value { serde_yaml::from_str(text).unwrap() };
    for form in common::examples() {
        let text = std::fs::read_to_string(&form).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&yaml(&text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", form.display());
        let bad = text.replacen("\n", "\n未知键: 1\n", 1);
        assert!(!validator.is_valid(&yaml(&bad)), "{}", form.display());
    }
    huibao(dir.path())
        .args(["init", "blank.yaml"])
        .output()
        .unwrap();
    let blank = std::fs::read_to_string(dir.path().join("blank.yaml")).unwrap();
    assert!(validator.is_valid(&yaml(&blank)));
}

// A user directory adds styles and overrides built-ins; `styles` lists both;
// user templates may import the built-in macros.
#[test]
fn user_templates_add_and_override() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(
        tpl.join("jianbao.jinja"),
        "{# 简报: 一页纸简报 #}\n{% import \"_macros.jinja\" as m %}\n@title {{ report.locality }}简报\n\n{{ m.run_in(report.all_points) }}\n",
    )
    .unwrap();
    std::fs::write(
        tpl.join("情况汇报.jinja"),
        "@title 改过的情况汇报\n\n@h1 {{ report.topic }}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("f.yaml"), GOOD).unwrap();
    let out = huibao(dir.path())
        .args(["styles", "--templates", "tpl"])
        .output()
        .unwrap();
    let list = stdout(&out);
    assert!(
        list.contains("简报\tjianbao") && list.contains("一页纸简报"),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("情况汇报") && l.contains("情况汇报.jinja")),
        "{list}"
    );
    let out = huibao(dir.path())
        .args([
            "render",
            "f.yaml",
            "--templates",
            "tpl",
            "-s",
            "简报",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        // One point is not numbered (docs/form.md §9.7).
        "# 示例市简报\n\n培育创新主体\u{3002}高新技术企业251家\u{3002}\n",
        "{}",
        stderr(&out)
    );
    let out = huibao(dir.path())
        .args(["render", "f.yaml", "--templates", "tpl", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "# 改过的情况汇报\n\n## 一\u{3001}科技创新\n",
        "{}",
        stderr(&out)
    );
}

// Two forms with the same name in a batch would overwrite each other's
// report: the second is refused by name, the first rendered.
#[test]
fn same_name_forms_do_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(
            dir.path().join(sub).join("x.yaml"),
            GOOD.replace("示例市", sub),
        )
        .unwrap();
    }
    let out = huibao(dir.path())
        .args(["render", "a/x.yaml", "b/x.yaml", "-o", "out", "-f", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("b/x.yaml") && err.contains("a/x.yaml") && err.contains("同名"),
        "{err}"
    );
    let md = std::fs::read_to_string(dir.path().join("out/x.md")).unwrap();
    assert!(md.contains("关于a科技创新"), "{md}");
}

// `--fonts DIR` names a folder of fonts for the HTML's layout; one that is
// not a folder is refused in Chinese, and nothing is written.
#[test]
fn a_missing_fonts_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::example("示例市"), dir.path().join("f.yaml")).unwrap();
    let out = huibao(dir.path())
        .args([
            "render",
            "f.yaml",
            "-o",
            "f.html",
            "--fonts",
            "没有这个目录",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("字体目录不存在或不是目录"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("没有这个目录"));
    assert!(!dir.path().join("f.html").exists());
    let ok = huibao(dir.path())
        .args(["render", "f.yaml", "-o", "f.html", "--fonts", "."])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(dir.path().join("f.html").exists());
}
