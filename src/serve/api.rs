//! The endpoints that answer from memory (the page, its script, the schema,
//! the styles) and those that parse a form (render, check), each a pure
//! function from a [`Request`] to an [`Answer`]; [`super::routes`] says where
//! each runs.

use hyper::StatusCode;
use hyper::header::{self, HeaderValue};
use serde_json::{Value, json};

use super::Ctx;
use super::http::{Answer, Request};
use crate::facts::speech;
use crate::form::locate::{Target, locate, steps};
use crate::pipeline::{self, RenderOptions};
use crate::write::Format;

const PAGE: &str = include_str!("../../web/index.html");
const SCRIPT: &str = include_str!("../../web/dist/editor.js");
/// The page runs only its own script; the preview frame holds no script at
/// all (its `sandbox` allows none) but needs its inline style sheet.
const CSP: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// The name forms are given in messages when the page sends them.
const SENT_FORM: &str = "表单";

/// `GET /`: the page.
pub(super) fn page(_: &Ctx, _: &Request) -> Answer {
    Answer::new(StatusCode::OK, "text/html; charset=utf-8", PAGE.into())
        .with(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        )
        .with(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        )
}

/// `GET /editor.js`: the page's script (cacheable: it changes only with the binary).
pub(super) fn script(_: &Ctx, _: &Request) -> Answer {
    let mut a = Answer::new(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        SCRIPT.into(),
    )
    .with(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    a.headers.retain(|(k, _)| *k != header::CACHE_CONTROL);
    a
}

/// `GET /api/schema`: the form's JSON Schema.
pub(super) fn schema(_: &Ctx, _: &Request) -> Answer {
    Answer::json(StatusCode::OK, &crate::form::schema())
}

/// `GET /api/styles`: id, name and description of every style.
pub(super) fn styles(ctx: &Ctx, _: &Request) -> Answer {
    let list: Vec<Value> = ctx
        .renderer
        .styles()
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "description": s.description}))
        .collect();
    Answer::json(StatusCode::OK, &Value::Array(list))
}

/// `POST /api/render?style=ID&format=html|md|docx`: the form in the body → the document.
pub(super) fn render(ctx: &Ctx, req: &Request) -> Answer {
    let (format, content_type) = match req.query("format").unwrap_or("html") {
        "html" => (Format::Html, "text/html; charset=utf-8"),
        "md" => (Format::Markdown, "text/markdown; charset=utf-8"),
        "docx" => (
            Format::Docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "pdf" => (Format::Pdf, "application/pdf"),
        other => {
            return Answer::error(
                StatusCode::BAD_REQUEST,
                &format!("不支持的格式“{other}”,可用 html、md、docx、pdf"),
            );
        }
    };
    // No CJK font on the machine is the server's condition, not the form's.
    if format == Format::Pdf
        && let Err(e) = crate::write::pdf::fonts(None)
    {
        return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.message);
    }
    let opts = options(req.query("style"));
    let result = pipeline::parse(&req.body, SENT_FORM)
        .and_then(|loaded| pipeline::document(&ctx.renderer, &loaded, &opts, pipeline::today()))
        .and_then(|doc| Ok((pipeline::encode(&doc, format)?, doc.title)));
    match result {
        Ok((bytes, title)) => {
            let mut answer = Answer::new(StatusCode::OK, content_type, bytes);
            if format != Format::Html {
                let name = format!("{}.{}", file_stem(&title), format.extension());
                if let Ok(v) = HeaderValue::from_str(&format!(
                    "attachment; filename*=UTF-8''{}",
                    percent_encode(&name)
                )) {
                    answer = answer.with(header::CONTENT_DISPOSITION, v);
                }
            }
            answer
        }
        Err(e) => Answer::form_errors(&[e]),
    }
}

/// `POST /api/check?style=ID`: the style, the placeholders at their lines,
/// the warnings and, for a 汇报发言, its length and speaking time.
pub(super) fn check(ctx: &Ctx, req: &Request) -> Answer {
    let opts = options(req.query("style"));
    let loaded = match pipeline::parse(&req.body, SENT_FORM) {
        Ok(l) => l,
        Err(e) => return Answer::form_errors(&[e]),
    };
    let today = pipeline::today();
    let rendered = pipeline::report(&ctx.renderer, &loaded, &opts, today)
        .and_then(|(style, report)| Ok((style, ctx.renderer.render(style, report)?)));
    let (style, doc) = match rendered {
        Ok(r) => r,
        Err(e) => return Answer::form_errors(&[e]),
    };
    let text = String::from_utf8_lossy(&req.body);
    // A placeholder may stand for a key the text does not hold (`- 待补充`
    // is an item's 内容): then the nearest enclosing node is shown.
    let at = |path: &str| {
        let mut s = steps(path);
        loop {
            if let Some(pos) = locate(&text, &s, Target::Node) {
                return Some(pos);
            }
            s.pop()?;
        }
    };
    let placeholders: Vec<Value> = loaded
        .placeholders
        .iter()
        .map(|p| {
            let pos = at(p);
            json!({"path": p, "line": pos.map(|p| p.0), "column": pos.map(|p| p.1)})
        })
        .collect();
    let mut warnings = crate::form::warnings(&loaded.form);
    // Checked against the style the page asked for, not the form's.
    warnings.extend(pipeline::prose_check(&loaded, style, &doc).warnings);
    let warnings: Vec<Value> = warnings
        .iter()
        .map(|w| {
            let pos = at(&w.path);
            json!({"path": w.path, "message": crate::punct::normalize(&w.message),
                   "line": pos.map(|p| p.0), "column": pos.map(|p| p.1)})
        })
        .collect();
    let speech = style.spoken.then(|| {
        let chars = speech::count_document(&doc);
        json!({"chars": chars, "minutes": speech::minutes(chars), "text": speech::summary(&doc)})
    });
    Answer::json(
        StatusCode::OK,
        &json!({
            "style": {"id": style.id, "name": style.name},
            "title": doc.title,
            "placeholders": placeholders,
            "warnings": warnings,
            "speech": speech,
        }),
    )
}

fn options(style: Option<&str>) -> RenderOptions {
    RenderOptions {
        style: style.filter(|s| !s.trim().is_empty()).map(str::to_string),
        strict: false,
    }
}

/// A file name from the report title: characters a file system refuses dropped.
fn file_stem(title: &str) -> String {
    let s: String = title
        .chars()
        .filter(|c| !c.is_control() && !r#"/\:*?"<>|"#.contains(*c))
        .take(60)
        .collect();
    if s.trim().is_empty() {
        "报告".into()
    } else {
        s.trim().to_string()
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
