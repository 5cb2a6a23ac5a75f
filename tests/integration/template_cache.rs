//! Templates are read and compiled once per renderer, not once per form: a
//! batch of a thousand forms compiles each template a single time.

use chrono::NaiveDate;
use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;

const FORM: &str = include_str!("../../examples/示例市-情况汇报.yaml");

fn markdown(renderer: &Renderer) -> huibao::error::Result<String> {
    let loaded = pipeline::parse(FORM.as_bytes(), "form.yaml")?;
    let today = NaiveDate::from_ymd_opt(2025, 1, 15).expect("date");
    let doc = pipeline::document(renderer, &loaded, &RenderOptions::default(), today)?;
    Ok(huibao::write::markdown::to_markdown(&doc))
}

// Once a form has been rendered, the template file is no longer read: a later
// form renders the same with the file gone. A new renderer reads it afresh.
#[test]
fn a_template_is_compiled_once_per_renderer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("qingkuang.jinja");
    std::fs::write(&file, include_str!("../../templates/qingkuang.jinja")).expect("write");
    let renderer = Renderer::new(Some(dir.path())).expect("renderer");
    let first = markdown(&renderer).expect("first form");
    assert!(first.contains("示例市"), "{first}");

    std::fs::write(&file, "{% if %}").expect("overwrite");
    for _ in 0..3 {
        assert_eq!(markdown(&renderer).expect("later forms"), first);
    }

    let fresh = Renderer::new(Some(dir.path())).expect("renderer");
    let err = markdown(&fresh).expect_err("the broken template is read anew");
    assert!(err.to_string().contains("模板语法错误"), "{err}");
}
