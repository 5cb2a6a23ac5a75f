//! The edit engine (src/form/edit) on every example, form sample and the
//! blank form: the text survives reading, the tree says what the form reader
//! reads, and each edit changes only the bytes it must.

use std::path::{Path, PathBuf};

use huibao::form::edit::{Edit, Source, Step};
use serde_json::{Value, json};

/// Every form the project ships or tests as valid, and the blank form.
fn forms() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = crate::common::examples();
    for dir in [
        "tests/integration/form_samples",
        "tests/integration/bad_inputs",
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                name.ends_with(".yaml") && (dir.ends_with("samples") || name.starts_with("ok-"))
            })
            .collect();
        found.sort();
        out.extend(found);
    }
    out.push(root.join("templates/form.yaml"));
    out
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

/// Every path to a scalar in a tree, and every path to a list.
fn paths(
    tree: &Value,
    at: &mut Vec<Step>,
    scalars: &mut Vec<Vec<Step>>,
    lists: &mut Vec<Vec<Step>>,
) {
    match tree {
        Value::Object(m) => {
            for (k, v) in m {
                at.push(Step::Key(k.clone()));
                paths(v, at, scalars, lists);
                at.pop();
            }
        }
        Value::Array(items) => {
            lists.push(at.clone());
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                paths(v, at, scalars, lists);
                at.pop();
            }
        }
        _ => scalars.push(at.clone()),
    }
}

fn all_paths(s: &Source) -> (Vec<Vec<Step>>, Vec<Vec<Step>>) {
    let (mut scalars, mut lists) = (Vec::new(), Vec::new());
    paths(&s.tree(), &mut Vec::new(), &mut scalars, &mut lists);
    (scalars, lists)
}

fn at<'v>(tree: &'v Value, path: &[Step]) -> &'v Value {
    path.iter().fold(tree, |v, s| match s {
        Step::Key(k) => &v[k.as_str()],
        Step::Index(i) => &v[*i],
    })
}

/// The bytes of `old` that differ in `new`: (start, end) in `old`.
fn changed(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, a.len() - suffix)
}

#[test]
fn every_form_reads_back_byte_for_byte() {
    for form in forms() {
        let text = read(&form);
        let s = Source::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", form.display()));
        assert_eq!(s.text(), text, "{}", form.display());
    }
}

// The tree, written back as JSON (every value a quoted string), is the same
// form to the reader: the same draft comes out.
#[test]
fn the_tree_is_what_the_form_reader_reads() {
    let renderer = huibao::render::Renderer::new(None).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let draft = |bytes: &[u8]| {
        let loaded = huibao::pipeline::parse(bytes, "f.yaml").ok()?;
        let doc =
            huibao::pipeline::document(&renderer, &loaded, &Default::default(), today).ok()?;
        Some(huibao::write::markdown::to_markdown(&doc))
    };
    let mut compared = 0;
    for form in forms() {
        let text = read(&form);
        let Some(original) = draft(text.as_bytes()) else {
            continue; // the blank form has no achievements yet
        };
        let tree = Source::parse(&text).unwrap().tree();
        let rebuilt = draft(tree.to_string().as_bytes())
            .unwrap_or_else(|| panic!("{}: the tree does not read", form.display()));
        assert_eq!(rebuilt, original, "{}", form.display());
        compared += 1;
    }
    assert!(compared >= 20, "{compared}");
}

// The form view's round trip: every field set to the value it shows
// changes no byte, quotes and all.
#[test]
fn setting_every_scalar_to_itself_changes_nothing() {
    for form in forms() {
        let text = read(&form);
        let mut s = Source::parse(&text).unwrap();
        let tree = s.tree();
        let (scalars, _) = all_paths(&s);
        for path in scalars {
            let value = at(&tree, &path).as_str().unwrap().to_string();
            s.apply(&Edit::Set {
                path,
                value: Some(value),
            })
            .unwrap();
        }
        assert_eq!(s.text(), text, "{}", form.display());
    }
}

// A new value, on one line or several, changes the lines of that value only
// (on the examples and samples: the ok-* forms add nothing of their own here).
#[test]
fn a_new_value_changes_only_its_own_lines() {
    for form in forms()
        .into_iter()
        .filter(|f| !f.to_string_lossy().contains("bad_inputs"))
    {
        let text = read(&form);
        let source = Source::parse(&text).unwrap();
        if text.contains('\r') && !text.contains("\r\n") {
            continue; // old-Mac line ends: refused, see below
        }
        let (scalars, _) = all_paths(&source);
        for path in scalars {
            let span = source.span(&path).unwrap();
            let first = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let last = text[span.end..]
                .find('\n')
                .map_or(text.len(), |i| span.end + i);
            for value in ["新的值: #1", "第一段\n\n第二段"] {
                let mut s = source.clone();
                let edit = Edit::Set {
                    path: path.clone(),
                    value: Some(value.into()),
                };
                s.apply(&edit)
                    .unwrap_or_else(|e| panic!("{} {path:?}: {e}", form.display()));
                assert_eq!(at(&s.tree(), &path), &json!(value));
                let (a, b) = changed(&text, s.text());
                assert!(
                    s.text() == text || first <= a && b <= last,
                    "{} {path:?} {value:?}: changed {a}..{b} outside {first}..{last}:\n{}",
                    form.display(),
                    s.text()
                );
            }
        }
    }
}

// Moving an item and moving it back, or inserting one and removing it,
// gives the very bytes read.
#[test]
fn list_edits_undo_exactly() {
    let mut lists_seen = 0;
    for form in forms() {
        let text = read(&form);
        if text.contains('\r') && !text.contains("\r\n") {
            continue;
        }
        let source = Source::parse(&text).unwrap();
        let (_, lists) = all_paths(&source);
        for path in lists {
            let n = at(&source.tree(), &path).as_array().unwrap().len();
            let item = |i: usize| {
                let mut p = path.clone();
                p.push(Step::Index(i));
                p
            };
            let mut s = source.clone();
            for index in [0, n] {
                s.apply(&Edit::Insert {
                    path: path.clone(),
                    index: Some(index),
                    value: json!("新增一项"),
                })
                .unwrap_or_else(|e| panic!("{} {path:?}: {e}", form.display()));
                s.apply(&Edit::Remove { path: item(index) }).unwrap();
                assert_eq!(
                    s.text(),
                    text,
                    "{} {path:?} insert at {index}",
                    form.display()
                );
            }
            if n >= 2 {
                s.apply(&Edit::Move {
                    path: item(0),
                    to: n - 1,
                })
                .unwrap();
                assert_ne!(s.text(), text);
                s.apply(&Edit::Move {
                    path: item(n - 1),
                    to: 0,
                })
                .unwrap();
                assert_eq!(s.text(), text, "{} {path:?} move", form.display());
            }
            lists_seen += 1;
        }
    }
    assert!(lists_seen > 50, "{lists_seen}");
}

// Removing a key or an item leaves every other line as it was: the new
// text is the old one with lines taken out.
#[test]
fn removals_take_out_whole_lines() {
    for form in crate::common::examples() {
        let text = read(&form);
        let source = Source::parse(&text).unwrap();
        let (scalars, lists) = all_paths(&source);
        let tree = source.tree();
        for path in scalars.iter().chain(&lists) {
            let parent = at(&tree, &path[..path.len() - 1]);
            let siblings = parent
                .as_array()
                .map(Vec::len)
                .or(parent.as_object().map(|m| m.len()));
            // The last one leaves `[]` or `{}`; the first key of `- 名称: 甲`
            // lets the next key move up beside the `-`.
            let first_of_item = path.len() >= 2
                && matches!(path[path.len() - 2], Step::Index(_))
                && parent.as_object().and_then(|m| m.keys().next())
                    == match &path[path.len() - 1] {
                        Step::Key(k) => Some(k),
                        Step::Index(_) => None,
                    };
            if siblings == Some(1) || first_of_item {
                continue;
            }
            let mut s = source.clone();
            s.apply(&Edit::Remove { path: path.clone() })
                .unwrap_or_else(|e| panic!("{} {path:?}: {e}", form.display()));
            let old: Vec<&str> = text.lines().collect();
            let mut rest = old.iter();
            let flow = s.text().lines().count() == old.len();
            for line in s.text().lines() {
                if flow {
                    continue; // an entry of a one-line `{…}` went, the line stays
                }
                assert!(
                    rest.any(|l| l == &line),
                    "{} {path:?}: line {line:?} is new",
                    form.display()
                );
            }
        }
    }
}

#[test]
fn edits_arrive_as_json() {
    let edits: Vec<Edit> = serde_json::from_value(json!([
        {"op": "set", "path": ["主要指标", 0, "数值"], "value": "251"},
        {"op": "set", "path": ["导语"], "value": null},
        {"op": "insert", "path": ["存在问题"], "index": null, "value": "一条"},
        {"op": "insert", "path": ["主要指标"], "value": {"名称": "甲", "数值": "1"}},
        {"op": "remove", "path": ["附件", 1]},
        {"op": "move", "path": ["工作成效", 2], "to": 0}
    ]))
    .unwrap();
    let mut s = Source::parse(&read(&crate::common::example("示例市"))).unwrap();
    s.apply_all(&edits).unwrap();
    let tree = s.tree();
    assert_eq!(tree["主要指标"][4], json!({"名称": "甲", "数值": "1"}));
    assert_eq!(tree["工作成效"][0]["标题"], json!("加快成果转化"));
    assert!(tree.get("导语").is_none());
    // The edited form still reads and keeps its comment line.
    huibao::pipeline::parse(s.text().as_bytes(), "f.yaml").unwrap();
    assert!(s.text().starts_with("# 示例市科学技术局"));
}

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

// Long random runs of edits on every example: each edit the engine accepts
// is checked by it against what the edit means; none may be refused (the
// examples use nothing the engine cannot edit), and the form reader still
// reads the text as the tree says.
#[test]
fn random_edit_runs_are_never_refused() {
    let values = [
        "新值",
        "251",
        "15.50",
        "a: b",
        "# 注",
        "第一段\n\n第二段",
        "",
        "xx",
        "“引号”",
        "'单'",
        "\"双\"",
        "{x}",
        "- 项",
        "全省第2位",
        "末尾换行\n",
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut applied = 0;
    for form in crate::common::examples() {
        let mut s = Source::parse(&read(&form)).unwrap();
        for step in 0..150 {
            let (scalars, lists) = all_paths(&s);
            let value = values[rng.below(values.len())].to_string();
            let edit = match rng.below(6) {
                0 | 1 if !scalars.is_empty() => Edit::Set {
                    path: scalars[rng.below(scalars.len())].clone(),
                    value: Some(value),
                },
                2 if !lists.is_empty() => {
                    let path = lists[rng.below(lists.len())].clone();
                    let n = at(&s.tree(), &path).as_array().unwrap().len();
                    Edit::Insert {
                        path,
                        index: Some(rng.below(n + 1)),
                        value: if rng.below(2) == 0 {
                            json!(value)
                        } else {
                            json!({"名称": value, "数值": "1", "说明": "多行\n说明"})
                        },
                    }
                }
                3 if !lists.is_empty() => {
                    let mut path = lists[rng.below(lists.len())].clone();
                    let n = at(&s.tree(), &path).as_array().unwrap().len();
                    if n < 2 {
                        continue;
                    }
                    path.push(Step::Index(rng.below(n)));
                    Edit::Move {
                        path,
                        to: rng.below(n),
                    }
                }
                4 if !lists.is_empty() => {
                    let mut path = lists[rng.below(lists.len())].clone();
                    let n = at(&s.tree(), &path).as_array().unwrap().len();
                    if n == 0 {
                        continue;
                    }
                    path.push(Step::Index(rng.below(n)));
                    Edit::Remove { path }
                }
                _ => Edit::Set {
                    path: vec![
                        Step::from("主要指标"),
                        Step::Index(0),
                        Step::from("排名"),
                        Step::from("范围"),
                    ],
                    value: Some(value),
                },
            };
            let before = s.text().to_string();
            match s.apply(&edit) {
                Ok(()) => applied += 1,
                Err(e) => {
                    // A path the form does not have is the edit's fault, not the engine's.
                    let expected = e.message.contains("不是") || e.message.contains("没有");
                    assert!(
                        expected,
                        "{} step {step}: {edit:?} refused: {e}\n{before}",
                        form.display()
                    );
                    assert_eq!(s.text(), before);
                }
            }
            let tree = s.tree();
            let reread = Source::parse(s.text()).unwrap().tree();
            assert_eq!(tree, reread);
        }
    }
    assert!(applied > 400, "{applied}");
}
