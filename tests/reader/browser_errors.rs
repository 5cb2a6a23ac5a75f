//! An error state one cannot miss, and placeholders that lead to their
//! fields: the banner over a greyed last-good preview with a button to the
//! field (form view) or the line (YAML view); the placeholder list is the
//! preview's marks, each leading to its field.

use serde_json::json;

use super::Browser;
use super::http::Server;
use crate::common;

fn banner(b: &Browser) -> Option<String> {
    let v = b.script(
        "const e = document.getElementById('error-banner'); return e.hidden ? null : e.textContent;",
    );
    v.as_str()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn cursor_line(b: &Browser) -> u64 {
    b.script(
        "const v = window.huibaoEditor; return v.state.doc.lineAt(v.state.selection.main.head).number;",
    )
    .as_u64()
    .unwrap()
}

pub(super) fn error_banner(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::example("示例市"), dir.path().join("表单.yaml")).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);
    assert_eq!(banner(b), None);

    // A figure that is not a number.
    b.fill("主要指标[1].数值", "abc");
    b.wait_js(
        "the error banner",
        "return !document.getElementById('error-banner').hidden;",
    );
    let text = banner(b).unwrap();
    assert!(text.contains("表单有错误"), "{text}");
    assert!(
        text.contains("主要指标第2项\u{ff08}研发投入强度\u{ff09} › 数值"),
        "the banner names the field: {text}"
    );
    assert!(text.contains("应为数字"), "{text}");
    // The preview is the last good one, greyed and labelled so.
    assert_eq!(
        b.script(
            "return document.getElementById('preview-box').classList.contains('stale') && \
             !document.getElementById('stale-label').hidden && \
             document.getElementById('stale-label').textContent;"
        ),
        json!("以下为上次成功生成的预览")
    );
    assert!(b.preview_text().contains("研发投入强度2.45%"));
    assert_eq!(
        b.script("return document.querySelector('[data-path=\"主要指标[1].数值\"]').classList.contains('bad');"),
        json!(true),
        "the field is marked"
    );
    // The button leads to the field where the clerk must act.
    b.fill("地区", "示例市");
    b.click("#error-go");
    assert_eq!(b.focused(), "主要指标[1].数值");
    // Corrected: the banner goes, the preview is current again.
    b.fill("主要指标[1].数值", "2.5");
    b.wait_js(
        "the banner gone",
        "return document.getElementById('error-banner').hidden && \
                !document.getElementById('preview-box').classList.contains('stale');",
    );
    b.idle();
    assert!(b.preview_text().contains("研发投入强度2.5%"));

    // A YAML syntax error made in the YAML view (an ASCII colon and a space
    // typed into a value): the banner gives its line and what to do.
    b.click("#tab-yaml");
    b.wait_js("the YAML view", "return !!window.huibaoEditor;");
    let line = b.script(
        "const v = window.huibaoEditor; const t = v.state.doc.toString(); \
         const i = t.indexOf('地区: 示例市') + 7; v.dispatch({selection: {anchor: i}}); v.focus(); \
         return v.state.doc.lineAt(i).number;",
    );
    b.type_keys(": 好");
    b.wait_js(
        "the syntax error",
        "const e = document.getElementById('error-banner'); return !e.hidden && e.textContent.includes('不能出现');",
    );
    let text = banner(b).unwrap();
    assert!(text.contains(&format!("第{line}行")), "{text}");
    assert!(
        text.contains("加引号"),
        "the message says what to do: {text}"
    );
    b.script("window.huibaoEditor.dispatch({selection: {anchor: 0}});");
    b.click("#error-go");
    assert_eq!(json!(cursor_line(b)), line);

    // The form view cannot show a text that is not YAML: it says so and
    // leads to the line.
    b.click("#tab-form");
    let blocked = b.wait_js(
        "the form view's notice",
        "const e = document.querySelector('.form-blocked'); return e && e.textContent;",
    );
    assert!(blocked.as_str().unwrap().contains("不能出现"), "{blocked}");
    b.press(".form-blocked button");
    b.wait_js(
        "the YAML view",
        "return document.body.dataset.view === 'yaml';",
    );
    assert_eq!(json!(cursor_line(b)), line);
}

pub(super) fn placeholders_lead_to_fields(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let draft = common::example("待补充");
    std::fs::copy(&draft, dir.path().join("草稿.yaml")).unwrap();
    let server = Server::start(dir.path(), &["草稿.yaml"]);
    b.open(&server);
    b.idle();
    // The list has one entry per placeholder the preview marks.
    let printed = b.preview_text().matches("\u{3010}待补充").count();
    assert!(printed >= 4, "{printed}");
    let listed = b.script("return document.querySelectorAll('#placeholders li').length;");
    assert_eq!(listed, json!(printed));
    assert_eq!(
        b.string("return document.getElementById('placeholders-title').textContent;"),
        format!("待补充\u{ff08}{printed}处\u{ff09}")
    );
    // Each leads to its field in the form view.
    for i in 0..printed {
        let path = b.string(&format!(
            "const li = document.querySelectorAll('#placeholders li')[{i}]; li.click(); return li.dataset.path;"
        ));
        assert_eq!(b.focused(), path, "list entry {i}");
    }
    // So does a mark in the preview.
    b.fill("地区", "示范新区");
    b.idle();
    b.script(
        "[...document.getElementById('preview').contentDocument.querySelectorAll('mark.ph')] \
         .find(m => m.textContent.includes('主要指标[0].数值')).click();",
    );
    assert_eq!(b.focused(), "主要指标[0].数值");

    // In the YAML view the same entry leads to the line.
    let text = std::fs::read_to_string(&draft).unwrap();
    let line = text.lines().position(|l| l.trim() == "数值: xx").unwrap() + 1;
    b.click("#tab-yaml");
    b.wait_js("the YAML view", "return !!window.huibaoEditor;");
    b.script(
        "[...document.querySelectorAll('#placeholders li')] \
         .find(li => li.dataset.path === '主要指标[0].数值').click();",
    );
    assert_eq!(cursor_line(b), line as u64);
    // Every entry, the derived ones too (a growth that cannot be computed
    // while 数值 is xx), leads to a line holding a placeholder.
    let lines: Vec<&str> = text.lines().collect();
    for i in 0..printed {
        b.script(
            "const v = window.huibaoEditor; v.dispatch({selection: {anchor: v.state.doc.line(2).from}});",
        );
        let path = b.string(&format!(
            "const li = document.querySelectorAll('#placeholders li')[{i}]; li.click(); return li.dataset.path;"
        ));
        assert_eq!(
            b.string("return document.body.dataset.view;"),
            "yaml",
            "{path}"
        );
        let at = lines[cursor_line(b) as usize - 1];
        assert!(
            at.contains("xx") || at.contains("待补充"),
            "{path} led to line {}: {at}",
            cursor_line(b)
        );
    }
    b.click("#tab-form");
}

/// A FORM the server cannot read as text: the page says so, offers no
/// editing or saving, and the file stays as it is.
pub(super) fn unreadable_file(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("表单.yaml");
    let bytes = b"\x00\x01\x02binary\xff\xfe\x00".to_vec();
    std::fs::write(&form, &bytes).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.cmd("POST", "url", json!({"url": server.url()}));
    let shown = b.wait_js(
        "the page's notice",
        "const e = document.querySelector('.form-blocked'); return document.body.dataset.ready === '1' && e && e.textContent;",
    );
    assert!(
        shown.as_str().unwrap().contains("无法打开表单文件"),
        "{shown}"
    );
    assert_eq!(
        b.script("return document.getElementById('save').disabled && document.getElementById('tab-yaml').disabled;"),
        json!(true)
    );
    assert_eq!(std::fs::read(&form).unwrap(), bytes);
}
