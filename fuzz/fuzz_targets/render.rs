//! Arbitrary bytes as a form: parse → context → every built-in style →
//! Markdown and DOCX. Errors are fine; a panic, a hang or a crash is a bug.

#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;
use libfuzzer_sys::fuzz_target;

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::new(None).expect("built-in templates load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = pipeline::parse(data, "fuzz.yaml") else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a real date");
    for style in renderer().styles() {
        let opts = RenderOptions {
            style: Some(style.id.clone()),
            strict: false,
        };
        if let Ok(doc) = pipeline::document(renderer(), &loaded, &opts, today) {
            let _ = huibao::write::markdown::to_markdown(&doc);
            let _ = huibao::write::docx::to_docx(&doc);
        }
    }
});
