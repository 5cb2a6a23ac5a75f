//! Criterion benchmarks of the pipeline on one report of about 3,000
//! characters (`bench/report.yaml`): each stage alone, then the whole.
//!
//! `cargo bench --bench pipeline`; whole-process timings against pandoc are
//! in `bench/compare.sh`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use huibao::pipeline::{self, RenderOptions};
use huibao::render::Renderer;
use huibao::write::Format;

const FORM: &[u8] = include_bytes!("../bench/report.yaml");

/// The longest typed title of the tests (three lines).
const TITLE: &str =
    "示例市科学技术局关于2024年度科技创新工作目标责任考核情况暨2025年重点工作任务安排意见的报告";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 15).expect("a valid date")
}

fn stages(c: &mut Criterion) {
    let renderer = Renderer::new(None).expect("built-in templates");
    let opts = RenderOptions::default();
    let loaded = pipeline::parse(FORM, "report.yaml").expect("the bench form parses");
    let doc = pipeline::document(&renderer, &loaded, &opts, today()).expect("renders");

    c.bench_function("parse", |b| {
        b.iter(|| pipeline::parse(black_box(FORM), "report.yaml"))
    });
    // Form → document through the (already compiled) template.
    c.bench_function("render", |b| {
        b.iter(|| pipeline::document(&renderer, black_box(&loaded), &opts, today()))
    });
    c.bench_function("render_markdown", |b| {
        b.iter(|| {
            let doc = pipeline::document(&renderer, black_box(&loaded), &opts, today())?;
            pipeline::encode(&doc, Format::Markdown)
        })
    });
    c.bench_function("write_docx", |b| {
        b.iter(|| pipeline::encode(black_box(&doc), Format::Docx))
    });
    c.bench_function("pipeline_docx", |b| {
        b.iter(|| {
            let loaded = pipeline::parse(black_box(FORM), "report.yaml")?;
            let doc = pipeline::document(&renderer, &loaded, &opts, today())?;
            pipeline::encode(&doc, Format::Docx)
        })
    });
    // Breaking a long title (docs/form.md §9.9): a 49-character title of
    // three lines, the most a report pays for its title.
    c.bench_function("title_break", |b| {
        b.iter(|| {
            huibao::facts::title_lines::break_title(
                black_box(TITLE),
                &["示例市", "示例市科学技术局", "科技创新"],
            )
        })
    });
    // What a process pays once: building the environment and compiling the
    // templates on first use. A batch pays it once, not per form.
    c.bench_function("renderer_first_use", |b| {
        b.iter(|| {
            let renderer = Renderer::new(None)?;
            pipeline::document(&renderer, &loaded, &opts, today())
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
