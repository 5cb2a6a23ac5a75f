//! The form view's endpoints (`POST /api/fields`, `POST /api/edit`,
//! src/serve/form_view.rs): the form as a tree with canonical keys, edits
//! that change only the bytes they must, errors in the shape of every other
//! endpoint. In process through the handlers' pure functions, and once
//! through a real server for the routes.

use std::path::PathBuf;

use huibao::serve::form_view::{MAX_EDITS, edit, fields};
use serde_json::{Value, json};

use crate::common;
use crate::serve::http;

/// Every example and form sample.
fn forms() -> Vec<PathBuf> {
    let mut all = common::examples();
    let samples = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/integration/form_samples"
    );
    let mut more: Vec<PathBuf> = std::fs::read_dir(samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    more.sort();
    all.extend(more);
    all
}

fn tree(text: &str) -> Value {
    let (status, body) = fields(text.as_bytes());
    assert_eq!(status, 200, "{body}");
    body["tree"].clone()
}

fn apply(text: &str, edits: Value) -> (u16, Value) {
    let body = json!({"text": text, "edits": edits}).to_string();
    let (status, answer) = edit(body.as_bytes());
    (status.as_u16(), answer)
}

/// Every scalar of a tree with its path, as the form view's fields send them.
fn scalars(node: &Value, path: &mut Vec<Value>, out: &mut Vec<(Vec<Value>, String)>) {
    match node {
        Value::Object(m) => {
            for (k, v) in m {
                path.push(json!(k));
                scalars(v, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                path.push(json!(i));
                scalars(v, path, out);
                path.pop();
            }
        }
        Value::String(s) => out.push((path.clone(), s.clone())),
        other => panic!("a tree holds strings, lists and mappings, not {other}"),
    }
}

#[test]
fn the_tree_has_canonical_keys_whatever_the_form_spells() {
    let english = std::fs::read_to_string(common::example("某某县")).unwrap();
    assert!(english.contains("\nlocality: 某某县\n"));
    let t = tree(&english);
    assert_eq!(t["地区"], json!("某某县"));
    assert_eq!(t["主要指标"][0]["名称"], json!("规上工业企业研发费用"));
    assert_eq!(t["主要指标"][0]["排名"]["范围"], json!("全市"));
    // Scalars are the strings typed: a quoted number keeps its digits.
    let speech = std::fs::read_to_string(common::example("某某区")).unwrap();
    assert!(speech.contains("数值: '3.10'"));
    let t = tree(&speech);
    assert_eq!(t["工作成效"][0]["指标"][1]["数值"], json!("3.10"));
    // Keys in the file's order.
    let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["文种", "标题", "副标题"]);
}

#[test]
fn every_field_set_to_its_own_value_changes_no_byte() {
    for form in forms() {
        let text = std::fs::read_to_string(&form).unwrap();
        let mut all = Vec::new();
        scalars(&tree(&text), &mut Vec::new(), &mut all);
        assert!(all.len() > 10, "{}", form.display());
        for chunk in all.chunks(MAX_EDITS) {
            let edits: Vec<Value> = chunk
                .iter()
                .map(|(p, v)| json!({"op": "set", "path": p, "value": v}))
                .collect();
            let (status, answer) = apply(&text, json!(edits));
            assert_eq!(status, 200, "{}: {answer}", form.display());
            assert_eq!(answer["text"], json!(text), "{}", form.display());
        }
    }
}

#[test]
fn one_field_edited_changes_only_its_line() {
    for form in forms() {
        let text = std::fs::read_to_string(&form).unwrap();
        let (status, answer) = apply(
            &text,
            json!([{"op": "set", "path": ["地区"], "value": "某某镇"}]),
        );
        assert_eq!(status, 200, "{answer}");
        let edited = answer["text"].as_str().unwrap();
        let changed: Vec<(&str, &str)> = text
            .lines()
            .zip(edited.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(text.lines().count(), edited.lines().count());
        assert_eq!(changed.len(), 1, "{}: {changed:?}", form.display());
        assert!(changed[0].1.ends_with(": 某某镇"), "{changed:?}");
        assert_eq!(answer["tree"]["地区"], json!("某某镇"));
    }
}

#[test]
fn rows_are_added_moved_and_removed_in_one_request() {
    let text = std::fs::read_to_string(common::example("示例市")).unwrap();
    let (status, answer) = apply(
        &text,
        json!([
            {"op": "insert", "path": ["主要指标"], "index": null, "value": {"名称": "新指标", "数值": "12"}},
            {"op": "move", "path": ["主要指标", 4], "to": 0},
            {"op": "remove", "path": ["主要指标", 1]},
        ]),
    );
    assert_eq!(status, 200, "{answer}");
    let names: Vec<&str> = answer["tree"]["主要指标"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["名称"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "新指标",
            "研发投入强度",
            "高新技术企业",
            "高新技术产业增加值"
        ]
    );
    // What the page sends is a form the tool reads.
    let loaded = huibao::pipeline::parse(answer["text"].as_str().unwrap().as_bytes(), "x").unwrap();
    assert_eq!(loaded.form.indicators.len(), 4);
}

#[test]
fn a_text_that_is_not_yaml_gives_its_line_and_what_to_do() {
    let (status, body) = fields("地区: 示例市: 好\n单位: x\n".as_bytes());
    assert_eq!(status, 422);
    let e = &body["errors"][0];
    assert_eq!(e["line"], json!(1));
    assert!(e["column"].as_u64().is_some());
    assert!(e["message"].as_str().unwrap().contains("加引号"), "{e}");
    // The edit endpoint says the same, and changes nothing.
    let (status, body) = apply("地区: 示例市: 好\n", json!([]));
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["line"], json!(1));
    assert!(body.get("text").is_none());
    // Bytes that are not UTF-8.
    let (status, body) = fields(b"\xff\xfe\x00");
    assert_eq!(status, 422);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );
}

#[test]
fn a_refused_edit_names_the_field_and_keeps_the_text() {
    let text = std::fs::read_to_string(common::example("示例市")).unwrap();
    let (status, body) = apply(
        &text,
        json!([
            {"op": "set", "path": ["地区"], "value": "某某镇"},
            {"op": "remove", "path": ["主要指标", 9]},
        ]),
    );
    assert_eq!(status, 422, "{body}");
    let e = &body["errors"][0];
    assert!(e["path"].as_str().unwrap().starts_with("主要指标"), "{e}");
    assert!(
        body.get("text").is_none(),
        "nothing half applied is returned"
    );
}

#[test]
fn a_malformed_or_oversized_request_is_refused_in_chinese() {
    let (status, body) = edit(b"{\"text\": 1}");
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("请求格式错误")
    );
    let edits: Vec<Value> = (0..=MAX_EDITS)
        .map(|_| json!({"op": "set", "path": ["地区"], "value": "x"}))
        .collect();
    let (status, body) = apply("地区: a\n", json!(edits));
    assert_eq!(status, 413);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("一次最多")
    );
}

#[test]
fn the_routes_answer_through_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let s = http::Server::start(dir.path(), &[]);
    let text = std::fs::read_to_string(common::example("示例市")).unwrap();
    let r = s.post("/api/fields", text.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(r.json()["tree"]["地区"], json!("示例市"));
    let body = json!({"text": text, "edits": [{"op": "set", "path": ["地区"], "value": "某某镇"}]});
    let r = s.post("/api/edit", body.to_string().as_bytes());
    assert_eq!(r.status, 200);
    assert!(
        r.json()["text"]
            .as_str()
            .unwrap()
            .contains("\n地区: 某某镇\n")
    );
    let r = s.post("/api/edit", b"not json");
    assert_eq!(r.status, 400);
    assert!(r.json()["errors"][0]["message"].is_string());
}
