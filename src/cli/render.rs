//! `huibao render`: forms to reports, one or a batch, to files, a
//! directory or standard output (see [`Target`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{
    Status, Target, batch, clean_up_on_signals, note, output, report_error, uses_templates,
    within_budget,
};
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::pipeline::{self, Inputs, RenderOptions};
use crate::render::Renderer;
use crate::write::{Format, Settings};

/// Expands directories into the `.yaml`/`.yml` entries they hold, sorted; a
/// form named twice is rendered once. Entries that are not regular files (a
/// pipe, a device, a broken link) are kept, so that each is named with why
/// it cannot be read rather than silently skipped; directories are not forms.
pub(super) fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|f| {
                            !f.is_dir() && f.extension().is_some_and(|x| x == "yaml" || x == "yml")
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            if found.is_empty() {
                out.push(p.clone()); // reported as "a directory, not a form"
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

/// Forms whose output would land on an earlier form's output (`a/x.yaml` and
/// `b/x.yaml` both → `out/x.docx`), each mapped to that earlier form.
fn same_output(
    forms: &[PathBuf],
    dir: &Path,
    format: Format,
) -> std::collections::HashMap<PathBuf, PathBuf> {
    let mut first: std::collections::HashMap<PathBuf, &PathBuf> = Default::default();
    let mut clashes = std::collections::HashMap::new();
    for form in forms {
        let out = output_path(dir, form, format);
        match first.get(&out) {
            Some(earlier) => {
                clashes.insert(form.clone(), (*earlier).clone());
            }
            None => {
                first.insert(out, form);
            }
        }
    }
    clashes
}

fn output_path(dir: &Path, form: &Path, format: Format) -> PathBuf {
    let stem = form.file_stem().unwrap_or_default();
    dir.join(stem).with_extension(format.extension())
}

/// `doc` in `format`; for PDF, characters no font has are named on stderr
/// (they print as empty boxes).
fn encode(doc: &Document, format: Format, settings: &Settings, form: &Path) -> Result<Vec<u8>> {
    if format != Format::Pdf {
        return crate::write::encode_with(doc, format, settings);
    }
    let pdf = crate::write::pdf::encode(doc, settings)?;
    if !pdf.missing.is_empty() {
        let chars: String = pdf.missing.iter().collect();
        note(&format!(
            "提醒:{}:本机字体中都没有“{chars}”,PDF 中显示为空框;请安装含这些字的字体或用 --fonts 指定",
            form.display()
        ));
    }
    Ok(pdf.bytes)
}

/// The target's format.
fn format_of(target: &Target) -> Format {
    match target {
        Target::Stdout(f) | Target::File(_, f) | Target::Dir(_, f) => *f,
    }
}

pub(super) fn render(
    inputs: &[PathBuf],
    style: Option<String>,
    output: Option<&Path>,
    format: Option<Format>,
    templates: Option<&Path>,
    strict: bool,
    settings: &Settings,
) -> Result<Status> {
    let started = Instant::now();
    let forms = expand(inputs);
    // A directory of forms is several forms, even when it holds one; an
    // empty one stays a single input, refused as "a directory, not a form".
    let many = forms.len() > 1 || inputs.iter().any(|p| p.is_dir() && !forms.contains(p));
    let target = Target::resolve(many, output, format)?;
    if format_of(&target) != Format::Pdf {
        if settings.pdfa {
            return Err(Error::usage(
                "--pdfa 只用于 PDF 输出;请用 -o 报告.pdf 或 -f pdf",
            ));
        }
        // The fonts decide where lines break in the fixed layouts only.
        if settings.fonts.is_some() && format_of(&target) != Format::Html {
            return Err(Error::usage(
                "--fonts 只用于 PDF 和 HTML 输出;请用 -o 报告.pdf 或 -f pdf",
            ));
        }
    } else {
        // Once, before any form: which faces stood in, or no face at all.
        let fonts = crate::write::pdf::fonts(settings.fonts.as_deref())?;
        for n in fonts.notes() {
            note(&format!("提醒:{n}"));
        }
    }
    let renderer = Renderer::new(templates)?;
    uses_templates(templates);
    // Everything this run reads; no output may replace one of them.
    let read = Inputs::new(forms.iter().map(PathBuf::as_path).chain(templates));
    let opts = RenderOptions { style, strict };
    let today = pipeline::today();
    let clashes = match &target {
        Target::Dir(dir, f) => same_output(&forms, dir, *f),
        _ => Default::default(),
    };
    if !matches!(target, Target::Stdout(_)) {
        clean_up_on_signals();
    }
    let made_dir = std::sync::OnceLock::new();
    // Each form's output, and how its file was read when not as UTF-8.
    type Done = (Option<PathBuf>, Option<String>);
    let results: Vec<Result<Done>> = batch::run(&forms, |form| {
        if let Some(first) = clashes.get(form) {
            return Err(Error::new(
                ErrorKind::Io,
                format!(
                    "与“{}”同名,输出会互相覆盖,未生成;请改名后再生成",
                    first.display()
                ),
            )
            .in_file(form.display().to_string()));
        }
        within_budget(form, || {
            let loaded = pipeline::load(form)?;
            let doc = pipeline::document(&renderer, &loaded, &opts, today)?;
            let read_as = loaded
                .encoding_note()
                .map(|n| format!("{}:{n}", loaded.file));
            match &target {
                Target::Stdout(f) => {
                    output::stdout(&encode(&doc, *f, settings, form)?)?;
                    Ok((None, read_as))
                }
                Target::File(path, f) => {
                    read.check_output(path)?;
                    output::write_file(path, &encode(&doc, *f, settings, form)?)?;
                    Ok((Some(path.clone()), read_as))
                }
                Target::Dir(dir, f) => {
                    // Made only once a form has rendered: a run where every
                    // form fails leaves nothing behind (`-o out` on an empty
                    // directory of forms used to create a directory).
                    made_dir
                        .get_or_init(|| {
                            std::fs::create_dir_all(dir).map_err(|e| {
                                Error::new(
                                    ErrorKind::Io,
                                    format!("无法创建输出目录:{}", pipeline::io_message(&e)),
                                )
                                .in_file(dir.display().to_string())
                            })
                        })
                        .clone()?;
                    let path = output_path(dir, form, *f);
                    read.check_output(&path)?;
                    output::write_file(&path, &encode(&doc, *f, settings, form)?)?;
                    Ok((Some(path), read_as))
                }
            }
        })
    });
    let mut failed = 0;
    for r in results {
        if let Ok((_, Some(read_as))) = &r {
            note(read_as);
        }
        match r {
            Ok((Some(path), _)) if forms.len() == 1 => note(&format!("已生成:{}", path.display())),
            Ok(_) => {}
            // Standard output failing ends the run: the next form would fail the same way.
            Err(e) if matches!(e.kind, ErrorKind::BrokenPipe | ErrorKind::Stdout) => return Err(e),
            Err(e) => {
                failed += 1;
                report_error(&e);
            }
        }
    }
    if forms.len() > 1 {
        note(&batch::summary(forms.len(), failed, started.elapsed()));
    }
    Ok(if failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}
