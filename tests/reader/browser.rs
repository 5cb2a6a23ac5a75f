//! End to end in a real browser: Debian's chromium, driven over WebDriver
//! (chromedriver, plain HTTP on the loopback) from this test. Needs
//! `chromium` and `chromedriver` (`.ci/chromium.sh`).
//!
//! Load the page, change a figure in the editor by typing, see the preview
//! change, pick another style, export a DOCX and check it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common;
use crate::fixture;
#[path = "../common/http.rs"]
mod http;
use http::Server;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver process and one browser session, both ended when dropped.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Browser {
    fn start(profile: &Path, downloads: &Path) -> Browser {
        assert!(
            Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
            "需要 chromium 和 chromedriver:运行 .ci/chromium.sh"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
        };
        wait_for("chromedriver", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,900",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let v = b.call("POST", "/session", &caps);
        b.session = v["sessionId"].as_str().expect("session id").to_string();
        // Headless chromium saves downloads only when told where.
        b.call(
            "POST",
            &format!("/session/{}/goog/cdp/execute", b.session),
            &json!({"cmd": "Browser.setDownloadBehavior",
                    "params": {"behavior": "allow", "downloadPath": downloads.display().to_string()}}),
        );
        b
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: &Value) -> Value {
        let body = if method == "GET" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let r = http::request(
            self.port,
            method,
            path,
            &[("Content-Type", "application/json")],
            &body,
        );
        let v = r.json();
        assert_eq!(r.status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}/{what}", self.session), &body)
    }

    fn script(&self, js: &str) -> Value {
        self.cmd("POST", "execute/sync", json!({"script": js, "args": []}))
    }

    fn element(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "element",
            json!({"using": "css selector", "value": css}),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.cmd("POST", &format!("element/{id}/click"), json!({}));
    }

    /// Types `text` into the focused element, key by key.
    fn type_keys(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        self.cmd(
            "POST",
            "actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
    }

    /// The preview's text as a reader sees it.
    fn preview_text(&self) -> String {
        self.script(
            "const d = document.getElementById('preview').contentDocument; \
             return d && d.body ? d.body.innerText : '';",
        )
        .as_str()
        .unwrap_or_default()
        .replace(char::is_whitespace, "")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http::request(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                &[],
                b"",
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn edit_preview_restyle_and_export_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let example = common::example("示例市");
    let form = dir.path().join("表单.yaml");
    std::fs::copy(&example, &form).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    let b = Browser::start(&dir.path().join("profile"), &downloads);

    // Load: the preview renders the form as it is.
    b.cmd("POST", "url", json!({"url": server.url()}));
    wait_for("the first preview", || {
        b.preview_text().contains("高新技术企业251家")
    });
    assert!(
        b.preview_text()
            .contains("关于示例市科技创新工作情况的汇报")
    );
    assert!(
        b.preview_text().contains("\u{2014}1\u{2014}"),
        "page number"
    );
    let marks = b.script("return document.querySelectorAll('.cm-lintRange-error').length;");
    assert_eq!(marks.as_i64(), Some(0), "a valid form has no error marks");

    // Change a figure: select 251 in the editor and type 262 over it.
    let at = b.script(
        "const v = window.huibaoEditor; const i = v.state.doc.toString().indexOf('数值: 251') + 4; \
         v.dispatch({selection: {anchor: i, head: i + 3}}); v.focus(); return i;",
    );
    assert!(at.as_i64().unwrap() > 4, "figure not found in the editor");
    b.type_keys("262");
    wait_for("the preview to show the new figure", || {
        b.preview_text().contains("高新技术企业262家")
    });
    assert!(!b.preview_text().contains("高新技术企业251家"));

    // Pick another style: the preview becomes a 工作总结.
    b.click("#style");
    b.click("#style option[value=zongjie]");
    wait_for("the 工作总结 preview", || {
        b.script("return document.getElementById('status').textContent;")
            .as_str()
            .is_some_and(|s| s.starts_with("工作总结"))
    });
    let edited = std::fs::read_to_string(&example)
        .unwrap()
        .replace("数值: 251", "数值: 262");
    std::fs::write(dir.path().join("edited.yaml"), &edited).unwrap();
    let expected_doc = common::render(&dir.path().join("edited.yaml"), Some("zongjie"));
    assert!(
        b.preview_text()
            .contains(&expected_doc.title.replace(char::is_whitespace, ""))
    );

    // Export a DOCX: the file the browser saves is the 工作总结 of the edited form.
    b.click("#export-docx");
    let mut saved = None;
    wait_for("the DOCX download", || {
        saved = std::fs::read_dir(&downloads)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "docx"));
        saved.is_some()
    });
    let saved = saved.unwrap();
    assert_eq!(
        saved.file_name().unwrap().to_string_lossy(),
        format!("{}.docx", expected_doc.title)
    );
    let bytes = std::fs::read(&saved).unwrap();
    let xml = fixture::part(&bytes, "word/document.xml");
    assert!(xml.contains("262"), "the edited figure is in the DOCX");
    assert_eq!(
        bytes,
        huibao::write::docx::to_docx(&expected_doc).unwrap(),
        "the DOCX equals the CLI's for the same form and style"
    );
    // A wrong value: the error is marked in the editor and listed with its
    // line, in Chinese; the form on disk is untouched.
    let line = edited
        .lines()
        .position(|l| l.contains("数值: 262"))
        .unwrap()
        + 1;
    b.script(
        "const v = window.huibaoEditor; const i = v.state.doc.toString().indexOf('数值: 262') + 4; \
         v.dispatch({selection: {anchor: i, head: i + 3}}); v.focus();",
    );
    b.type_keys("abc");
    let errors = || {
        b.script("return document.getElementById('errors').textContent;")
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    wait_for("the error at its line", || {
        errors().contains(&format!("第{line}行"))
    });
    assert!(errors().contains("主要指标[2].数值"), "{}", errors());
    assert!(errors().contains("数字"), "{}", errors());
    let marks = b.script("return document.querySelectorAll('.cm-lintRange-error').length;");
    assert!(marks.as_i64().unwrap() >= 1, "no error mark in the editor");

    // Completion from the schema: a new top-level line offers the form's keys.
    b.script(
        "const v = window.huibaoEditor; const n = v.state.doc.length; \
         v.dispatch({selection: {anchor: n}}); v.focus();",
    );
    b.type_keys("\u{E007}主要");
    wait_for("completion of 主要…", || {
        b.script(
            "const t = document.querySelector('.cm-tooltip-autocomplete'); \
             return t ? t.textContent : '';",
        )
        .as_str()
        .is_some_and(|t| t.contains("主要指标") && t.contains("主要工作"))
    });

    // Nothing was saved to the form without the save button.
    assert_eq!(
        std::fs::read(&form).unwrap(),
        std::fs::read(&example).unwrap()
    );
}

#[test]
fn placeholders_are_highlighted_listed_and_lead_to_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let draft = common::example("待补充");
    std::fs::copy(&draft, dir.path().join("草稿.yaml")).unwrap();
    let server = Server::start(dir.path(), &["草稿.yaml"]);
    let b = Browser::start(&dir.path().join("profile"), dir.path());
    b.cmd("POST", "url", json!({"url": server.url()}));
    let text = std::fs::read_to_string(&draft).unwrap();
    let loaded = huibao::pipeline::parse(text.as_bytes(), "x").unwrap();
    wait_for("the placeholder list", || {
        b.script("return document.querySelectorAll('#placeholders li').length;")
            .as_u64()
            == Some(loaded.placeholders.len() as u64)
    });
    let marks = b.script(
        "return document.getElementById('preview').contentDocument.querySelectorAll('mark.ph').length;",
    );
    assert!(marks.as_u64().unwrap() >= 1, "placeholders highlighted");
    let cursor_line = "const v = window.huibaoEditor; \
                       return v.state.doc.lineAt(v.state.selection.main.head).number;";
    // The list item for 主要指标[0].数值 leads to its line (数值: xx).
    let line = text
        .lines()
        .position(|l| l.trim() == "数值: xx")
        .expect("draft has 数值: xx")
        + 1;
    b.script(
        "[...document.querySelectorAll('#placeholders li')] \
         .find(li => li.textContent.endsWith('主要指标[0].数值')).click();",
    );
    assert_eq!(b.script(cursor_line).as_u64(), Some(line as u64));
    // So does its highlight in the preview.
    b.script("window.huibaoEditor.dispatch({selection: {anchor: 0}});");
    b.script(
        "[...document.getElementById('preview').contentDocument.querySelectorAll('mark.ph')] \
         .find(m => m.textContent.includes('主要指标[0].数值')).click();",
    );
    assert_eq!(b.script(cursor_line).as_u64(), Some(line as u64));
}

// No line of any example in any style passes the type area in Chromium:
// every piece of text the HTML places ends inside the 156 mm line, with
// the fonts this machine has (the issue measured lines with many digits
// running 2.2 mm past it).
#[test]
fn html_lines_stay_inside_the_type_area_in_chromium() {
    use huibao::layout::geometry::{AREA_LEFT, AREA_RIGHT};
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, form) in common::examples().iter().enumerate() {
        for style in common::styles() {
            let path = dir.path().join(format!("ex{i}-{style}.html"));
            let doc = common::render(form, Some(&style));
            std::fs::write(&path, huibao::write::html::to_html(&doc)).unwrap();
            files.push(path);
        }
    }
    let b = Browser::start(&dir.path().join("profile"), dir.path());
    let mut pieces = 0;
    let mut outside = Vec::new();
    for file in &files {
        b.cmd(
            "POST",
            "url",
            json!({"url": format!("file://{}", file.display())}),
        );
        // [page, left, right, text] of every placed piece, in points from
        // its page's left edge.
        let found = b.script(
            "const out = []; \
             for (const page of document.querySelectorAll('.page')) { \
               const p = page.getBoundingClientRect(); \
               for (const s of page.querySelectorAll('.r > span')) { \
                 const r = s.getBoundingClientRect(); \
                 if (r.width > 0) out.push([page.dataset.page, (r.left - p.left) * 0.75, \
                                            (r.right - p.left) * 0.75, s.textContent]); \
               } \
             } \
             return out;",
        );
        for piece in found.as_array().expect("a list") {
            pieces += 1;
            let left = piece[1].as_f64().unwrap();
            let right = piece[2].as_f64().unwrap();
            if left < f64::from(AREA_LEFT) - 0.05 || right > f64::from(AREA_RIGHT) + 0.05 {
                outside.push(format!(
                    "{} page {}: {:?} from {left:.2} to {right:.2} pt",
                    file.display(),
                    piece[0],
                    piece[3]
                ));
            }
        }
    }
    assert!(pieces > 2000, "{pieces} pieces measured");
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}
