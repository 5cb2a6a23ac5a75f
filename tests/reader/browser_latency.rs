//! How soon the preview shows a keystroke: from the keydown to the preview
//! frame's next frame after loading the new draft, measured by the page
//! itself (`window.huibaoLatency`). A measurement, not a test: run with
//! `cargo test --release --test reader preview_latency -- --ignored --nocapture`
//! and read the figures it prints (README, huibao serve).

use super::Browser;
use super::http::Server;
use crate::common;

const SAMPLES: usize = 30;

fn measure(b: &Browser, keys: &[&str]) -> Vec<f64> {
    b.script("window.huibaoLatency = [];");
    for i in 0..SAMPLES {
        b.type_keys(keys[i % keys.len()]);
        b.idle();
    }
    let v = b.script("return window.huibaoLatency;");
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn report(what: &str, mut ms: Vec<f64>) {
    assert_eq!(ms.len(), SAMPLES, "{what}: one figure per keystroke");
    ms.sort_by(f64::total_cmp);
    let median = (ms[SAMPLES / 2 - 1] + ms[SAMPLES / 2]) / 2.0;
    println!(
        "{what}: {SAMPLES} keystrokes, median {median:.0} ms, max {:.0} ms",
        ms[SAMPLES - 1]
    );
}

#[test]
#[ignore = "a measurement; run it by name with --ignored"]
fn preview_latency() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::example("示例市"), dir.path().join("表单.yaml")).unwrap();
    let b = Browser::start(&dir.path().join("profile"), dir.path());
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);

    // The form view: a figure's 数值, one digit typed, then taken back.
    b.script(
        "const e = document.querySelector('[data-path=\"主要指标[2].数值\"]'); \
         e.focus(); e.setSelectionRange(e.value.length, e.value.length);",
    );
    report("form view", measure(&b, &["1", "\u{E003}"]));

    // The YAML view: the same, in the editor.
    b.click("#tab-yaml");
    b.wait_js("the YAML view", "return !!window.huibaoEditor;");
    b.script(
        "const v = window.huibaoEditor; const i = v.state.doc.toString().indexOf('数值: 251') + 7; \
         v.dispatch({selection: {anchor: i}}); v.focus();",
    );
    report("YAML view", measure(&b, &["1", "\u{E003}"]));
}
