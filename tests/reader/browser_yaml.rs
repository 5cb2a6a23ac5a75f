//! The YAML view (高级): typing in the editor changes the preview and the form
//! view; errors are marked at their lines; completion offers the form's
//! keys; the exported DOCX is the command line's for the edited text.

use serde_json::json;

use super::Browser;
use super::http::Server;
use crate::common;
use crate::fixture;

pub(super) fn yaml_view(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    b.downloads_to(&downloads);
    let example = common::example("示例市");
    let form = dir.path().join("表单.yaml");
    std::fs::copy(&example, &form).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);
    let shown = b.preview_text();
    assert!(
        shown.contains("关于示例市科技创新工作情况的汇报"),
        "{shown}"
    );
    assert!(shown.contains("\u{2014}1\u{2014}"), "page number");

    b.click("#tab-yaml");
    b.wait_js("the YAML view", "return !!window.huibaoEditor;");
    let marks = b.script("return document.querySelectorAll('.cm-lintRange-error').length;");
    assert_eq!(marks, json!(0), "a valid form has no error marks");

    // Change a figure: select 251 in the editor and type 262 over it.
    let at = b.script(
        "const v = window.huibaoEditor; const i = v.state.doc.toString().indexOf('数值: 251') + 4; \
         v.dispatch({selection: {anchor: i, head: i + 3}}); v.focus(); return i;",
    );
    assert!(at.as_i64().unwrap() > 4, "figure not found in the editor");
    b.type_keys("262");
    b.idle();
    assert!(b.preview_text().contains("高新技术企业262家"));
    assert!(!b.preview_text().contains("高新技术企业251家"));
    let edited = std::fs::read_to_string(&example)
        .unwrap()
        .replace("数值: 251", "数值: 262");
    assert_eq!(b.form_text(), edited);

    // The form view shows the change.
    b.click("#tab-form");
    b.wait_js(
        "the form view",
        "const e = document.querySelector('[data-path=\"主要指标[2].数值\"]'); return e && e.value === '262';",
    );

    // The DOCX the page exports is the CLI's for the edited form.
    b.click("#export-docx");
    let saved = b.downloaded(&downloads, "docx");
    std::fs::write(dir.path().join("edited.yaml"), &edited).unwrap();
    let expected = common::render(&dir.path().join("edited.yaml"), None);
    assert_eq!(
        saved.file_name().unwrap().to_string_lossy(),
        format!("{}.docx", expected.title)
    );
    let bytes = std::fs::read(&saved).unwrap();
    assert!(fixture::part(&bytes, "word/document.xml").contains("262"));
    assert_eq!(bytes, huibao::write::docx::to_docx(&expected).unwrap());

    // 导出 PDF is offered exactly when the server can make one.
    let pdf = b.cmd(
        "POST",
        "execute/async",
        json!({"script": "const done = arguments[0]; \
                          fetch('/api/render?format=pdf', {method: 'POST', body: ''}).then(r => done(r.status));",
               "args": []}),
    );
    let disabled = b.wait_js(
        "the PDF probe",
        "return window.huibaoPdfProbed && String(document.getElementById('export-pdf').disabled);",
    );
    assert_eq!(
        disabled,
        json!((pdf != json!(422)).to_string()),
        "PDF status {pdf}"
    );
    if pdf == json!(422) {
        b.click("#export-pdf");
        let saved = b.downloaded(&downloads, "pdf");
        assert!(std::fs::read(&saved).unwrap().starts_with(b"%PDF-"));
    }

    // A wrong value typed in the editor: marked there, listed with its line.
    b.click("#tab-yaml");
    b.wait_js(
        "the YAML view",
        "return document.body.dataset.view === 'yaml';",
    );
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
    let errors = b.wait_js(
        "the error at its line",
        &format!(
            "const t = document.getElementById('errors').textContent; return t.includes('第{line}行') && t;"
        ),
    );
    let errors = errors.as_str().unwrap();
    assert!(errors.contains("主要指标[2].数值"), "{errors}");
    assert!(errors.contains("数字"), "{errors}");
    let marks = b.script("return document.querySelectorAll('.cm-lintRange-error').length;");
    assert!(marks.as_i64().unwrap() >= 1, "no error mark in the editor");

    // Completion from the schema: a new top-level line offers the form's keys.
    b.script(
        "const v = window.huibaoEditor; const n = v.state.doc.length; \
         v.dispatch({selection: {anchor: n}}); v.focus();",
    );
    b.type_keys("\u{E007}主要");
    b.wait_js(
        "completion of 主要…",
        "const t = document.querySelector('.cm-tooltip-autocomplete'); \
         return t && t.textContent.includes('主要指标') && t.textContent.includes('主要工作');",
    );

    // Nothing was saved to the form without the save button.
    assert_eq!(
        std::fs::read(&form).unwrap(),
        std::fs::read(&example).unwrap()
    );
    // Leave the page clean for the next scenario.
    b.script("window.huibao.store.disk = window.huibao.store.text;");
}
