//! What the page's tests do with the browser: open a server's page, fill a
//! field of the form view by typing, wait for the page to be quiet, read
//! what it shows. Every wait polls for a condition; nothing sleeps.

use std::path::Path;

use serde_json::{Value, json};

use super::http::Server;
use super::{Browser, wait_for};

impl Browser {
    /// Opens the page of `server` and waits for its first preview.
    pub(super) fn open(&self, server: &Server) {
        self.cmd("POST", "url", json!({"url": server.url()}));
        self.wait_js(
            "the page and its first preview",
            "return document.body.dataset.ready === '1' && !!document.body.dataset.rendered;",
        );
    }

    /// Polls `js` (a function body returning a value) until it is truthy.
    pub(super) fn wait_js(&self, what: &str, js: &str) -> Value {
        let mut last = Value::Null;
        wait_for(what, || {
            last = self.script(js);
            !matches!(&last, Value::Null | Value::Bool(false))
                && last != json!(0)
                && last != json!("")
        });
        last
    }

    /// A string the page computes.
    pub(super) fn string(&self, js: &str) -> String {
        self.script(js).as_str().unwrap_or_default().to_string()
    }

    /// Waits until every edit is applied and the preview shows the current text.
    pub(super) fn idle(&self) {
        self.cmd(
            "POST",
            "execute/async",
            json!({"script": "const done = arguments[0]; window.huibao.idle().then(() => done(true));",
                   "args": []}),
        );
    }

    /// The form's text as the page holds it.
    pub(super) fn form_text(&self) -> String {
        self.string("return window.huibao.store.text;")
    }

    /// Focuses the form view's field for `path` (e.g. `主要指标[1].数值`),
    /// selects what it holds, and types `text` over it, key by key.
    pub(super) fn fill(&self, path: &str, text: &str) {
        let found = self.script(&format!(
            "const e = document.querySelector('[data-path=\"{path}\"]'); \
             if (!e) return false; e.scrollIntoView({{block: 'center'}}); e.focus(); \
             if (e.select) e.select(); return true;"
        ));
        assert_eq!(found, json!(true), "no field {path} in the form view");
        self.type_keys(text);
    }

    /// Types `text` into the focused field as a Chinese input method does:
    /// first the pinyin being composed, then the characters chosen. Returns
    /// the form's text while the pinyin was still being composed.
    pub(super) fn compose(&self, pinyin: &str, text: &str) -> String {
        let n = pinyin.chars().count();
        self.cmd(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": "Input.imeSetComposition",
                   "params": {"text": pinyin, "selectionStart": n, "selectionEnd": n}}),
        );
        self.idle();
        let during = self.form_text();
        self.cmd(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": "Input.insertText", "params": {"text": text}}),
        );
        during
    }

    /// The value a form-view field shows.
    pub(super) fn field(&self, path: &str) -> String {
        self.string(&format!(
            "const e = document.querySelector('[data-path=\"{path}\"]'); return e ? e.value : null;"
        ))
    }

    /// The `data-path` of the element that has the focus.
    pub(super) fn focused(&self) -> String {
        self.string("return document.activeElement && document.activeElement.dataset.path || '';")
    }

    /// Clicks the first element matching `css` through a script (for
    /// elements a WebDriver click would first have to scroll to).
    pub(super) fn press(&self, css: &str) {
        let ok = self.script(&format!(
            "const e = document.querySelector({}); if (!e) return false; e.click(); return true;",
            json!(css)
        ));
        assert_eq!(ok, json!(true), "nothing to click at {css}");
    }

    /// Has the browser save downloads in `dir` (created) from now on.
    pub(super) fn downloads_to(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        self.cmd(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": "Browser.setDownloadBehavior",
                   "params": {"behavior": "allow", "downloadPath": dir.display().to_string()}}),
        );
    }

    /// Puts `text` on the system clipboard (as a copy from Excel would) and
    /// pastes it with Ctrl+V into the focused element.
    pub(super) fn paste(&self, server: &Server, text: &str) {
        self.cmd(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": "Browser.grantPermissions",
                   "params": {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
                              "origin": server.url().trim_end_matches('/')}}),
        );
        let written = self.cmd(
            "POST",
            "execute/async",
            json!({"script": "const done = arguments[1]; \
                              navigator.clipboard.writeText(arguments[0]).then(() => done(true), e => done(String(e)));",
                   "args": [text]}),
        );
        assert_eq!(written, json!(true), "clipboard: {written}");
        self.cmd(
            "POST",
            "actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": "\u{E009}"},
                {"type": "keyDown", "value": "v"},
                {"type": "keyUp", "value": "v"},
                {"type": "keyUp", "value": "\u{E009}"},
            ]}]}),
        );
    }

    /// The file the browser saved in `dir` with extension `ext`, once there
    /// (and complete: Chromium writes `.crdownload` first).
    pub(super) fn downloaded(&self, dir: &Path, ext: &str) -> std::path::PathBuf {
        let mut found = None;
        wait_for(&format!("a .{ext} download"), || {
            found = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.extension().is_some_and(|x| x == ext));
            found.is_some()
        });
        found.unwrap()
    }
}
