//! Nothing lost: the 未保存 mark, the guard on leaving, the browser's copy
//! offered back after a reload, and the save conflict's three choices.

use serde_json::json;

use super::Browser;
use super::http::Server;
use crate::common;

/// Whether leaving the page now would ask first (the page's beforeunload
/// handler cancels the event). Chromedriver answers the browser's own
/// "leave this page?" prompt by itself, so the event is what can be seen.
fn guarded(b: &Browser) -> bool {
    b.script(
        "const e = new Event('beforeunload', {cancelable: true}); \
         window.dispatchEvent(e); return e.defaultPrevented;",
    ) == json!(true)
}

fn unsaved_shown(b: &Browser) -> bool {
    b.script("return !document.getElementById('unsaved').hidden && document.title.startsWith('\u{25cf}');")
        == json!(true)
}

pub(super) fn unsaved_work_is_kept(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let example = common::example("示例市");
    let form = dir.path().join("表单.yaml");
    std::fs::copy(&example, &form).unwrap();
    let original = std::fs::read(&form).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);
    assert!(!unsaved_shown(b), "a form just loaded is not unsaved");
    assert!(!guarded(b));

    b.fill("地区", "某某市");
    b.idle();
    assert!(unsaved_shown(b), "no 未保存 mark after an edit");
    assert!(guarded(b), "leaving with unsaved edits does not ask");

    // A reload (the tab closed, the browser crashed): the edit comes back.
    b.cmd("POST", "refresh", json!({}));
    let offer = b.wait_js(
        "the offer of the unsaved edits",
        "const d = document.getElementById('restore'); return d && d.open && d.textContent;",
    );
    assert!(offer.as_str().unwrap().contains("没有保存"), "{offer}");
    b.click("#restore [data-choice=restore]");
    b.wait_js(
        "the page after restoring",
        "return document.body.dataset.ready === '1';",
    );
    assert_eq!(b.field("地区"), "某某市");
    assert!(b.form_text().contains("地区: 某某市"));
    assert!(unsaved_shown(b));
    assert_eq!(
        std::fs::read(&form).unwrap(),
        original,
        "nothing saved without asking"
    );

    // Saved: no mark, no guard, nothing offered after a reload.
    b.click("#save");
    b.wait_js(
        "the save",
        "return document.getElementById('status').textContent.startsWith('已保存');",
    );
    assert!(!unsaved_shown(b));
    assert!(!guarded(b));
    b.cmd("POST", "refresh", json!({}));
    b.wait_js(
        "the page reloaded",
        "return document.body.dataset.ready === '1';",
    );
    assert_eq!(
        b.script("return !!document.getElementById('restore');"),
        json!(false)
    );

    // Discarded: the file's text, and the copy forgotten.
    b.fill("单位", "某某局");
    b.idle();
    b.cmd("POST", "refresh", json!({}));
    b.wait_js(
        "the offer",
        "const d = document.getElementById('restore'); return d && d.open;",
    );
    b.click("#restore [data-choice=discard]");
    b.wait_js("the page", "return document.body.dataset.ready === '1';");
    assert_eq!(b.form_text(), std::fs::read_to_string(&form).unwrap());
    assert!(!unsaved_shown(b));
    b.cmd("POST", "refresh", json!({}));
    b.wait_js(
        "the page reloaded",
        "return document.body.dataset.ready === '1';",
    );
    assert_eq!(
        b.script("return !!document.getElementById('restore');"),
        json!(false)
    );
}

fn save_into_conflict(b: &Browser) {
    b.click("#save");
    b.wait_js(
        "the conflict dialog",
        "const d = document.getElementById('conflict'); return d && d.open;",
    );
}

pub(super) fn conflict_dialog(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    b.downloads_to(&downloads);
    let example = common::example("示例市");
    let form = dir.path().join("表单.yaml");
    std::fs::copy(&example, &form).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);

    // Changed here and, meanwhile, on disk.
    b.fill("地区", "甲市");
    b.idle();
    let outside = format!(
        "{}# 另一个程序的改动\n",
        std::fs::read_to_string(&form).unwrap()
    );
    std::fs::write(&form, &outside).unwrap();
    save_into_conflict(b);
    let buttons = b.string(
        "return [...document.querySelectorAll('#conflict button')].map(x => x.textContent).join('|');",
    );
    assert_eq!(
        buttons,
        "载入磁盘上的文件|用我的版本覆盖|下载我的版本|稍后再说"
    );

    // 下载我的版本: the page's text as a file; the choice stays open.
    b.click("#conflict [data-choice=download]");
    let mine = b.downloaded(&downloads, "yaml");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), b.form_text());
    assert_eq!(
        b.script("const d = document.getElementById('conflict'); return !!d && d.open;"),
        json!(true),
        "the dialog closed after the download"
    );
    b.click("#conflict [data-choice=later]");
    assert!(unsaved_shown(b));
    assert_eq!(std::fs::read_to_string(&form).unwrap(), outside);

    // 用我的版本覆盖.
    save_into_conflict(b);
    b.click("#conflict [data-choice=overwrite]");
    b.wait_js(
        "the overwrite",
        "return document.getElementById('status').textContent.startsWith('已保存');",
    );
    assert_eq!(std::fs::read_to_string(&form).unwrap(), b.form_text());
    assert!(b.form_text().contains("地区: 甲市"));
    assert!(!unsaved_shown(b));

    // 载入磁盘上的文件.
    b.fill("地区", "乙市");
    b.idle();
    let disk = std::fs::read_to_string(&form)
        .unwrap()
        .replace("地区: 甲市", "地区: 丙市");
    std::fs::write(&form, &disk).unwrap();
    save_into_conflict(b);
    b.click("#conflict [data-choice=load]");
    b.wait_js(
        "the file loaded",
        "const e = document.querySelector('[data-path=\"地区\"]'); return e && e.value === '丙市';",
    );
    assert_eq!(b.form_text(), disk);
    assert!(!unsaved_shown(b));
    assert_eq!(std::fs::read_to_string(&form).unwrap(), disk);
}

/// A form in GBK: shown with its encoding, saved back in GBK; a character
/// GBK lacks is named and the clerk is asked before the file becomes UTF-8.
pub(super) fn gbk_form(b: &Browser) {
    use huibao::form::encoding::{Encoding, encode};
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::example("示例市")).unwrap();
    let form = dir.path().join("表单.yaml");
    std::fs::write(&form, encode(&text, Encoding::Gbk, false).unwrap()).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);
    assert_eq!(
        b.script(
            "const e = document.getElementById('encoding'); return !e.hidden && e.textContent;"
        ),
        json!("GBK")
    );
    assert_eq!(b.field("单位"), "示例市科学技术局");

    b.fill("地区", "某某市");
    b.idle();
    b.click("#save");
    b.wait_js(
        "the save",
        "return document.getElementById('status').textContent.startsWith('已保存');",
    );
    let edited = text.replace("地区: 示例市", "地区: 某某市");
    assert_eq!(
        std::fs::read(&form).unwrap(),
        encode(&edited, Encoding::Gbk, false).unwrap(),
        "saved back in GBK"
    );

    // 㐀 (U+3400) is not in GBK: the clerk is told which character, and asked.
    b.fill("单位", "示例市㐀局");
    b.idle();
    b.click("#save");
    let asked = b.wait_js(
        "the encoding dialog",
        "const d = document.getElementById('encoding-dialog'); return d && d.open && d.textContent;",
    );
    let asked = asked.as_str().unwrap();
    assert!(asked.contains('㐀') && asked.contains("GBK"), "{asked}");
    assert!(asked.contains("另存为 UTF-8"), "{asked}");
    assert_eq!(
        std::fs::read(&form).unwrap(),
        encode(&edited, Encoding::Gbk, false).unwrap(),
        "nothing written before the clerk agrees"
    );
    b.click("#encoding-dialog [data-choice=utf8]");
    b.wait_js(
        "the save as UTF-8",
        "return document.getElementById('status').textContent.startsWith('已保存');",
    );
    assert_eq!(std::fs::read_to_string(&form).unwrap(), b.form_text());
    assert!(b.form_text().contains("单位: 示例市㐀局"));
    assert_eq!(
        b.script("return document.getElementById('encoding').hidden;"),
        json!(true),
        "the file is UTF-8 now"
    );
}
