//! Placeholders travel as inlines from form to writer (docs/form.md §5): only
//! those the tool makes are placeholder runs (highlighted); `【待补充：…】`
//! typed in a form is ordinary text, yet `check` and `--strict` still count
//! it; and a form cannot smuggle in the tool's private mark.

use crate::common;
use crate::fixture::part;
use crate::support::{Run, huibao};
use huibao::document::{Block, InlineStyle};

/// `单位` left as `xx` (a tool placeholder); `导语` with a typed bracket.
const FORM: &str = "地区: 示例市\n单位: xx\n导语: 全年\u{3010}待补充\u{ff1a}x\u{3011}家\n\
                    工作成效:\n  - 标题: 培育创新主体\n";

// The typed bracket is printed as typed but not highlighted; the tool's
// placeholder for 单位 is; `check` lists both.
#[test]
fn a_typed_bracket_is_text_but_still_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), FORM).unwrap();
    let run = Run::new(huibao(dir.path()).args(["render", "f.yaml", "-o", "f.docx"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let doc = part(
        &std::fs::read(dir.path().join("f.docx")).unwrap(),
        "word/document.xml",
    );
    let runs: Vec<&str> = doc.split("<w:r>").skip(1).collect();
    let typed: Vec<&&str> = runs
        .iter()
        .filter(|r| r.contains("\u{3010}待补充\u{ff1a}x\u{3011}"))
        .collect();
    assert_eq!(typed.len(), 1, "{doc}");
    assert!(!typed[0].contains("<w:highlight"), "{}", typed[0]);
    let made: Vec<&&str> = runs
        .iter()
        .filter(|r| r.contains("\u{3010}待补充\u{ff1a}单位\u{3011}"))
        .collect();
    assert!(!made.is_empty(), "{doc}");
    assert!(
        made.iter()
            .all(|r| r.contains("<w:highlight w:val=\"yellow\" />")),
        "{made:?}"
    );
    assert!(!doc.contains('\u{e000}'));
    // The author (core properties) comes from the context, mark removed.
    let core = part(
        &std::fs::read(dir.path().join("f.docx")).unwrap(),
        "docProps/core.xml",
    );
    assert!(
        core.contains("\u{3010}待补充\u{ff1a}单位\u{3011}"),
        "{core}"
    );
    assert!(!core.contains('\u{e000}'), "{core}");

    let check = Run::new(huibao(dir.path()).args(["check", "f.yaml"]));
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    let listed = format!("{}{}", check.stdout, check.stderr);
    assert!(listed.contains("有2处待补充"), "{listed}");
    assert!(listed.contains("待补充\u{ff1a}导语"), "{listed}");
    let strict = Run::new(huibao(dir.path()).args(["render", "f.yaml", "--strict", "-o", "g.md"]));
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
}

// In the document model a tool placeholder is a Placeholder inline that
// carries its field path; the typed bracket is a plain run.
#[test]
fn a_tool_placeholder_is_an_inline_with_its_path() {
    let md = common::markdown_from_yaml(FORM, "qingkuang");
    assert!(md.contains("全年\u{3010}待补充\u{ff1a}x\u{3011}家"), "{md}");
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("f.yaml");
    std::fs::write(&form, FORM).unwrap();
    let doc = common::render(&form, Some("qingkuang"));
    let mut paths = Vec::new();
    let mut typed = Vec::new();
    for block in &doc.blocks {
        let runs = match block {
            Block::Paragraph(r) | Block::Signature(r) | Block::Byline(r) | Block::Title(r) => r,
            _ => continue,
        };
        for r in runs {
            paths.extend(r.placeholder_paths().into_iter().map(str::to_string));
            if r.text.contains("\u{ff1a}x\u{3011}") {
                typed.push(r.style);
            }
        }
    }
    assert!(paths.iter().any(|p| p == "单位"), "{paths:?}");
    assert!(!paths.iter().any(|p| p == "x"), "{paths:?}");
    assert_eq!(typed, [InlineStyle::Plain]);
}

// The tool's mark in a form is refused with a Chinese message, the file and
// line:column, and exit 1.
#[test]
fn the_placeholder_mark_is_refused_in_a_form() {
    let dir = tempfile::tempdir().unwrap();
    let form = FORM.replace("全年", "全年\u{e000}");
    std::fs::write(dir.path().join("f.yaml"), form).unwrap();
    let run = Run::new(huibao(dir.path()).args(["render", "f.yaml", "-o", "f.md"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("f.yaml:3:7"), "{}", run.stderr);
    assert!(run.stderr.contains("保留字符(U+E000)"), "{}", run.stderr);
    assert!(!dir.path().join("f.md").exists());
}
