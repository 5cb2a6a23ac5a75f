//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use huibao::document::Document;
use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;

/// The built-in style ids, as the renderer lists them: one per template file,
/// so a new style is tested without editing a list here.
pub fn styles() -> Vec<String> {
    let renderer = Renderer::new(None).expect("built-in templates");
    renderer.styles().iter().map(|s| s.id.clone()).collect()
}

/// Every bundled example form.
pub fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut forms: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    forms.sort();
    assert!(forms.len() >= 3, "expected at least three examples");
    forms
}

/// The example whose file name contains `name`.
pub fn example(name: &str) -> PathBuf {
    examples()
        .into_iter()
        .find(|p| p.to_string_lossy().contains(name))
        .unwrap_or_else(|| panic!("no example named {name}"))
}

/// Renders a form file in a style (None: the form's own) to a document.
pub fn render(form: &Path, style: Option<&str>) -> Document {
    let renderer = Renderer::new(None).unwrap();
    let loaded = pipeline::load(form).unwrap();
    let opts = RenderOptions {
        style: style.map(str::to_string),
        strict: false,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    pipeline::document(&renderer, &loaded, &opts, today)
        .unwrap_or_else(|e| panic!("{}: {e}", form.display()))
}

/// Renders a form file in a style to Markdown.
pub fn markdown(form: &Path, style: Option<&str>) -> String {
    huibao::write::markdown::to_markdown(&render(form, style))
}

/// Renders Markdown from YAML text written in a test.
pub fn markdown_from_yaml(yaml: &str, style: &str) -> String {
    let renderer = Renderer::new(None).unwrap();
    let loaded = pipeline::parse(yaml.as_bytes(), "test.yaml").unwrap_or_else(|e| panic!("{e}"));
    let opts = RenderOptions {
        style: Some(style.to_string()),
        strict: false,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let doc =
        pipeline::document(&renderer, &loaded, &opts, today).unwrap_or_else(|e| panic!("{e}"));
    huibao::write::markdown::to_markdown(&doc)
}
