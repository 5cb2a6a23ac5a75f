//! The route handlers. Errors are JSON `{"errors":[{"message","path","line","column"}]}`
//! with Chinese messages, the same fields the command line prints.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::App;
use crate::error::Error;
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

pub(super) async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        PAGE,
    )
        .into_response()
}

pub(super) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        SCRIPT,
    )
        .into_response()
}

pub(super) async fn schema() -> Response {
    json_response(StatusCode::OK, &crate::form::schema())
}

pub(super) async fn styles(State(app): State<Arc<App>>) -> Response {
    let list: Vec<Value> = app
        .renderer
        .styles()
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "description": s.description}))
        .collect();
    json_response(StatusCode::OK, &Value::Array(list))
}

#[derive(Debug, Deserialize)]
pub(super) struct RenderQuery {
    style: Option<String>,
    format: Option<String>,
}

pub(super) async fn render(
    State(app): State<Arc<App>>,
    Query(q): Query<RenderQuery>,
    body: Bytes,
) -> Response {
    let (format, content_type) = match q.format.as_deref().unwrap_or("html") {
        "html" => (Format::Html, "text/html; charset=utf-8"),
        "md" => (Format::Markdown, "text/markdown; charset=utf-8"),
        "docx" => (
            Format::Docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "pdf" => (Format::Pdf, "application/pdf"),
        other => {
            return errors_response(
                StatusCode::BAD_REQUEST,
                &format!("不支持的格式“{other}”,可用 html、md、docx、pdf"),
            );
        }
    };
    // No CJK font on the machine is the server's condition, not the form's.
    if format == Format::Pdf
        && let Err(e) = crate::write::pdf::fonts(None)
    {
        return errors_response(StatusCode::INTERNAL_SERVER_ERROR, &e.message);
    }
    let opts = options(q.style);
    let result = pipeline::parse(&body, SENT_FORM)
        .and_then(|loaded| pipeline::document(&app.renderer, &loaded, &opts, pipeline::today()))
        .and_then(|doc| Ok((pipeline::encode(&doc, format)?, doc.title)));
    match result {
        Ok((bytes, title)) => {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if format != Format::Html {
                let name = format!("{}.{}", file_stem(&title), format.extension());
                if let Ok(v) = HeaderValue::from_str(&format!(
                    "attachment; filename*=UTF-8''{}",
                    percent_encode(&name)
                )) {
                    headers.insert(header::CONTENT_DISPOSITION, v);
                }
            }
            (StatusCode::OK, headers, bytes).into_response()
        }
        Err(e) => form_errors(&[e]),
    }
}

pub(super) async fn check(
    State(app): State<Arc<App>>,
    Query(q): Query<RenderQuery>,
    body: Bytes,
) -> Response {
    let opts = options(q.style);
    let loaded = match pipeline::parse(&body, SENT_FORM) {
        Ok(l) => l,
        Err(e) => return form_errors(&[e]),
    };
    let today = pipeline::today();
    let rendered = pipeline::report(&app.renderer, &loaded, &opts, today)
        .and_then(|(style, report)| Ok((style, app.renderer.render(style, report)?)));
    let (style, doc) = match rendered {
        Ok(r) => r,
        Err(e) => return form_errors(&[e]),
    };
    let text = String::from_utf8_lossy(&body);
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
    warnings.extend(pipeline::prose_check(&app.renderer, &loaded, &doc).warnings);
    let warnings: Vec<Value> = warnings
        .iter()
        .map(|w| {
            let pos = at(&w.path);
            json!({"path": w.path, "message": crate::punct::normalize(&w.message),
                   "line": pos.map(|p| p.0), "column": pos.map(|p| p.1)})
        })
        .collect();
    let speech = (style.id == "fayan").then(|| {
        let chars = speech::count_document(&doc);
        json!({"chars": chars, "minutes": speech::minutes(chars), "text": speech::summary(&doc)})
    });
    json_response(
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

pub(super) async fn read_form(State(app): State<Arc<App>>) -> Response {
    let Some(form) = &app.form else {
        return json_response(
            StatusCode::OK,
            &json!({"file": null, "version": null, "text": crate::render::styles::BLANK_FORM}),
        );
    };
    let (text, version) = match read_disk(&form.path) {
        Ok(Some(bytes)) => {
            let v = version_of(Some(&bytes));
            (String::from_utf8_lossy(&bytes).into_owned(), v)
        }
        // A FORM that does not exist yet starts as the blank form; saving creates it.
        Ok(None) => (
            crate::render::styles::BLANK_FORM.to_string(),
            version_of(None),
        ),
        Err(e) => return errors_response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    *form.version.lock().unwrap_or_else(|p| p.into_inner()) = version.clone();
    let mut r = json_response(
        StatusCode::OK,
        &json!({"file": form.path.display().to_string(), "version": version, "text": text}),
    );
    if let Ok(v) = HeaderValue::from_str(&version) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

pub(super) async fn save_form(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(form) = &app.form else {
        return errors_response(
            StatusCode::NOT_FOUND,
            "启动时没有指定表单文件,无法保存;请用 huibao serve 表单.yaml 启动",
        );
    };
    let mut seen = form.version.lock().unwrap_or_else(|p| p.into_inner());
    // The version the page read (If-Match), else the one this server read last.
    let expected = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map_or_else(|| seen.clone(), str::to_string);
    let current = match read_disk(&form.path) {
        Ok(bytes) => version_of(bytes.as_deref()),
        Err(e) => return errors_response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    if expected != current {
        return errors_response(
            StatusCode::CONFLICT,
            "表单文件在载入后已被其他程序改动,未保存;请先复制您的修改,重新载入页面后再保存",
        );
    }
    if let Err(e) = pipeline::write_atomic(&form.path, &body, true) {
        return errors_response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    let version = version_of(Some(&body));
    *seen = version.clone();
    let mut r = json_response(
        StatusCode::OK,
        &json!({"file": form.path.display().to_string(), "version": version}),
    );
    if let Ok(v) = HeaderValue::from_str(&version) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

fn options(style: Option<String>) -> RenderOptions {
    RenderOptions {
        style: style.filter(|s| !s.trim().is_empty()),
        strict: false,
    }
}

/// The file's bytes, `None` when it does not exist.
fn read_disk(path: &std::path::Path) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(
            Error::new(crate::error::ErrorKind::Io, pipeline::io_message(&e))
                .in_file(path.display().to_string()),
        ),
    }
}

/// An entity tag for a file's content (`"absent"` for no file).
fn version_of(bytes: Option<&[u8]>) -> String {
    use std::hash::{Hash, Hasher};
    match bytes {
        None => "\"absent\"".into(),
        Some(b) => {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            format!("\"{:016x}-{}\"", h.finish(), b.len())
        }
    }
}

/// 422 with every error's message, path, line and column.
fn form_errors(errors: &[Error]) -> Response {
    let list: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "message": crate::punct::normalize(&e.message),
                "path": e.path,
                "line": e.line,
                "column": e.column,
            })
        })
        .collect();
    json_response(StatusCode::UNPROCESSABLE_ENTITY, &json!({"errors": list}))
}

/// An error answer in the same shape as form errors, without a location.
pub(super) fn errors_response(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &json!({"errors": [{"message": crate::punct::normalize(message),
                            "path": null, "line": null, "column": null}]}),
    )
}

fn json_response(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
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
