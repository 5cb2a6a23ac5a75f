//! `huibao next` (docs/form.md §11.4) on every example: 时期 moves on, each
//! figure's 上期 is last period's 数值, the new form checks with its
//! placeholders, and once 数值 is filled the draft words the growth.

use std::process::Command;

use huibao::cli::next_form;
use huibao::form::edit::{Edit, Source, Step};
use serde_json::Value;

/// Every figure of a tree with its path: 主要指标, the sections' and their
/// points' 指标, and the parts (其中) of each.
fn figure_paths(tree: &Value) -> Vec<Vec<Step>> {
    fn list(v: Option<&Value>, at: Vec<Step>, out: &mut Vec<Vec<Step>>) {
        let Some(Value::Array(items)) = v else { return };
        for (i, f) in items.iter().enumerate() {
            let mut p = at.clone();
            p.push(Step::Index(i));
            out.push(p.clone());
            let mut parts = p;
            parts.push(Step::from("其中"));
            list(f.get("其中"), parts, out);
        }
    }
    let mut out = Vec::new();
    list(tree.get("主要指标"), vec![Step::from("主要指标")], &mut out);
    if let Some(Value::Array(sections)) = tree.get("工作成效") {
        for (i, s) in sections.iter().enumerate() {
            let at = vec![Step::from("工作成效"), Step::Index(i)];
            list(
                s.get("指标"),
                [at.clone(), vec![Step::from("指标")]].concat(),
                &mut out,
            );
            if let Some(Value::Array(points)) = s.get("要点") {
                for (k, p) in points.iter().enumerate() {
                    let pat = [at.clone(), vec![Step::from("要点"), Step::Index(k)]].concat();
                    list(
                        p.get("指标"),
                        [pat, vec![Step::from("指标")]].concat(),
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

fn at<'v>(tree: &'v Value, path: &[Step]) -> &'v Value {
    path.iter().fold(tree, |v, s| match s {
        Step::Key(k) => &v[k.as_str()],
        Step::Index(i) => &v[*i],
    })
}

fn key(path: &[Step], k: &str) -> Vec<Step> {
    let mut p = path.to_vec();
    p.push(Step::from(k));
    p
}

/// A number's digits (`1200余` → 1200).
fn number(s: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    t.parse().ok()
}

#[test]
fn every_example_moves_on_and_words_growth_once_filled() {
    let renderer = huibao::render::Renderer::new(None).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut worded = 0;
    for form in crate::common::examples() {
        let text = std::fs::read_to_string(&form).unwrap();
        let old = Source::parse(&text).unwrap().tree();
        let next = next_form(&text).unwrap_or_else(|e| panic!("{}: {e}", form.display()));
        let new = Source::parse(&next.text).unwrap().tree();
        // 时期 moved on when it starts with a year; else it is said.
        match next.period.clone() {
            Some((p, q)) => {
                assert_eq!(old["时期"], p.as_str());
                assert_eq!(new["时期"], q.as_str());
                assert_ne!(p, q);
            }
            None => {
                assert_eq!(new["时期"], old["时期"]);
                assert!(next.notes[0].contains("无法自动推算"), "{:?}", next.notes);
            }
        }
        // The form reads, with placeholders to fill.
        let loaded = huibao::pipeline::parse(next.text.as_bytes(), "next.yaml")
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", form.display(), next.text));
        assert!(loaded.placeholders.iter().any(|p| p.ends_with("数值")));
        // Each figure: 上期 is last period's 数值, 数值 a placeholder.
        let mut fill = Vec::new();
        for path in figure_paths(&old) {
            let Some(v) = at(&old, &path).get("数值").and_then(Value::as_str) else {
                continue;
            };
            assert_eq!(at(&new, &path)["上期"], v, "{} {path:?}", form.display());
            assert_eq!(at(&new, &path)["数值"], "xx", "{} {path:?}", form.display());
            if let Some(n) = number(v).filter(|n| *n > 0.0) {
                let grown = format!("{}", (n * 1.25 * 100.0).round() / 100.0);
                fill.push((path, grown));
            }
        }
        // 数值 filled: the draft words each figure's growth.
        let mut filled = Source::parse(&next.text).unwrap();
        for (path, v) in &fill {
            filled
                .apply(&Edit::Set {
                    path: key(path, "数值"),
                    value: Some(v.clone()),
                })
                .unwrap();
        }
        let loaded = huibao::pipeline::parse(filled.text().as_bytes(), "next.yaml").unwrap();
        let doc = huibao::pipeline::document(&renderer, &loaded, &Default::default(), today)
            .unwrap_or_else(|e| panic!("{}: {e}", form.display()));
        let draft = huibao::write::markdown::to_markdown(&doc);
        let tree = filled.tree();
        for (path, _) in &fill {
            let f = at(&tree, path);
            let name = f["名称"].as_str().unwrap();
            let percent = f.get("单位").and_then(Value::as_str) == Some("%");
            let word = if percent { "提高" } else { "增长" };
            let said = draft.match_indices(name).any(|(i, _)| {
                let sentence = draft[i..]
                    .split(['\u{3002}', '\u{ff1b}', '\n'])
                    .next()
                    .unwrap_or_default();
                sentence.contains(word)
            });
            assert!(
                said,
                "{}: {name} has no “{word}” in:\n{draft}",
                form.display()
            );
            worded += 1;
        }
    }
    assert!(worded >= 20, "{worded}");
}

// The CLI: the new file, in the form's own encoding; `check` lists its
// placeholders; an existing file is replaced only with --force; last
// period's achievements and plans stay as comments beside their keys.
#[test]
fn the_command_writes_next_periods_form() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::common::example("示例市")).unwrap();
    let gbk = huibao::form::encoding::encode(&text, huibao::form::encoding::Encoding::Gbk, false)
        .unwrap();
    std::fs::write(dir.path().join("2024.yaml"), &gbk).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["next", "2024.yaml", "-o", "2025.yaml"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("时期 2024年 → 2025年"), "{said}");
    let bytes = std::fs::read(dir.path().join("2025.yaml")).unwrap();
    let decoded = huibao::form::encoding::decode(&bytes).unwrap();
    assert_eq!(decoded.encoding, huibao::form::encoding::Encoding::Gbk);
    let new = decoded.text;
    assert!(
        new.contains("# 上期\u{ff08}2024年\u{ff09}的下一步打算"),
        "{new}"
    );
    assert!(new.contains("#   - 标题: 持续加大研发投入\n"), "{new}");
    assert!(new.contains("\n下一步打算:\n  - xx\n"), "{new}");
    assert!(
        new.contains("  - {名称: 示例市2025年科技创新主要指标完成情况表, 表格: 主要指标}\n"),
        "{new}"
    );
    let check = run(&["check", "2025.yaml"]);
    let listed = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{listed}");
    assert!(
        listed.contains("待补充\u{ff1a}主要指标[2].数值"),
        "{listed}"
    );
    assert!(listed.contains("待补充\u{ff1a}日期"), "{listed}");
    // Not over an existing file without --force; never over the form itself.
    let again = run(&["next", "2024.yaml", "-o", "2025.yaml"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.path().join("2025.yaml")).unwrap(), bytes);
    let same = run(&["next", "2024.yaml", "-o", "2024.yaml", "--force"]);
    assert_eq!(same.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.path().join("2024.yaml")).unwrap(), gbk);
    assert!(
        run(&["next", "2024.yaml", "-o", "2025.yaml", "--force"])
            .status
            .success()
    );
}
