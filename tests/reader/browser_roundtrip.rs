//! The form view writes only what the clerk changes: every example, with
//! every field of the form view given its value again (as if retyped) and
//! both views visited, saves byte for byte as it was; one field typed
//! changes only its line; the style picked is what is saved.

use serde_json::json;

use super::Browser;
use super::http::Server;
use crate::common;

fn save(b: &Browser) {
    b.click("#save");
    b.wait_js(
        "the save",
        "return document.getElementById('status').textContent.startsWith('已保存');",
    );
}

/// The lines of `a` and `b` that differ (equal line counts assumed).
fn changed_lines(a: &str, b: &str) -> Vec<(String, String)> {
    assert_eq!(a.lines().count(), b.lines().count(), "{b}");
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect()
}

pub(super) fn examples_round_trip(b: &Browser) {
    for example in common::examples() {
        let name = example.file_name().unwrap().to_string_lossy().to_string();
        let dir = tempfile::tempdir().unwrap();
        let form = dir.path().join("表单.yaml");
        std::fs::copy(&example, &form).unwrap();
        let original = std::fs::read_to_string(&form).unwrap();
        let server = Server::start(dir.path(), &["表单.yaml"]);
        b.open(&server);
        if name.contains("汇报发言") {
            // A speech: its length and speaking time beside the preview, and
            // the keys only a speech prints offered in the form view.
            let speech = b.wait_js(
                "the speaking time",
                "return document.getElementById('speech').textContent;",
            );
            let speech = speech.as_str().unwrap();
            assert!(
                speech.starts_with('约') && speech.contains("字\u{ff0c}预计发言"),
                "{speech}"
            );
            for key in ["会议", "发言人", "称呼", "时长"] {
                let shown = b.script(&format!(
                    "return !!document.querySelector('#form-view [data-path=\"{key}\"]');"
                ));
                assert_eq!(shown, json!(true), "{key} not offered for a speech");
            }
        }

        // Every field of the form view, even inside closed 更多 rows, sends
        // what it shows, as if the clerk had typed it again.
        let fields = b.script(
            "const all = document.querySelectorAll('#form-view input[data-path], #form-view textarea[data-path]'); \
             for (const e of all) e.dispatchEvent(new Event('input', {bubbles: true})); \
             return all.length;",
        );
        assert!(fields.as_u64().unwrap() > 20, "{name}: {fields} fields");
        b.click("#tab-yaml");
        b.wait_js("the YAML view", "return !!window.huibaoEditor;");
        b.click("#tab-form");
        b.idle();
        assert_eq!(b.form_text(), original, "{name}: the page changed the text");
        assert_eq!(
            b.script("return document.getElementById('unsaved').hidden;"),
            json!(true),
            "{name}: shown as unsaved"
        );
        save(b);
        assert_eq!(
            std::fs::read_to_string(&form).unwrap(),
            original,
            "{name}: saved differently"
        );

        // One field typed: its line alone changes.
        b.fill("地区", "某某镇");
        b.idle();
        save(b);
        let saved = std::fs::read_to_string(&form).unwrap();
        let changed = changed_lines(&original, &saved);
        assert_eq!(changed.len(), 1, "{name}: {changed:?}");
        assert!(changed[0].1.ends_with(": 某某镇"), "{name}: {changed:?}");
    }
}

pub(super) fn style_select_is_saved(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("表单.yaml");
    std::fs::copy(common::example("示例市"), &form).unwrap();
    let original = std::fs::read_to_string(&form).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);

    b.click("#style");
    b.click("#style option[value=\"工作总结\"]");
    b.wait_js(
        "the 工作总结 preview",
        "return document.getElementById('status').textContent.startsWith('工作总结');",
    );
    b.idle();
    assert!(
        b.preview_text().contains("工作总结及"),
        "{}",
        b.preview_text()
    );
    assert_eq!(
        b.string("return document.getElementById('form-style').value;"),
        "工作总结",
        "the form view's 文种 follows"
    );
    save(b);
    let saved = std::fs::read_to_string(&form).unwrap();
    assert_eq!(
        changed_lines(&original, &saved),
        vec![("文种: 情况汇报".to_string(), "文种: 工作总结".to_string())]
    );
    // The command line, given no style, renders what the page showed.
    let doc = common::render(&form, None);
    assert!(doc.title.contains("工作总结"), "{}", doc.title);

    // Picked in the form view's own select, likewise.
    b.click("#form-style");
    b.click("#form-style option[value=\"调研报告\"]");
    b.wait_js(
        "the 调研报告 preview",
        "return document.getElementById('status').textContent.startsWith('调研报告');",
    );
    assert_eq!(
        b.string("return document.getElementById('style').value;"),
        "调研报告"
    );
    assert!(b.form_text().contains("文种: 调研报告"));
}
