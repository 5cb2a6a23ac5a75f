//! `GET /api/form` and `PUT /api/form`: the FORM named on the command line,
//! read and saved atomically with `ETag`/`If-Match` (409 when the file changed
//! on disk since the page read it). They run on the blocking pool: a disk may
//! be slow, and the server's own thread must keep answering.
//!
//! Only a regular file is read or replaced. A FORM that is a pipe or a device
//! (`/dev/zero`) is refused without being read; a FORM that is a symbolic
//! link is saved into the file it names, the link kept.

use hyper::StatusCode;
use hyper::header::{self, HeaderValue};
use serde_json::json;

use super::App;
use super::http::{Answer, Request};
use crate::error::Error;
use crate::pipeline;

/// `GET /api/form`: the FORM's text and version (the blank form when there
/// is none, or when the file does not exist yet).
pub(super) fn read(app: &App, _: &Request) -> Answer {
    let Some(form) = &app.form else {
        return Answer::json(
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
        Err(e) => return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    *form.version.lock().unwrap_or_else(|p| p.into_inner()) = version.clone();
    tagged(
        Answer::json(
            StatusCode::OK,
            &json!({"file": form.path.display().to_string(), "version": version, "text": text}),
        ),
        &version,
    )
}

/// `PUT /api/form`: saves the body as the FORM, unless the file changed
/// since the version in `If-Match` (or, without one, since this server read it).
pub(super) fn save(app: &App, req: &Request) -> Answer {
    let Some(form) = &app.form else {
        return Answer::error(
            StatusCode::NOT_FOUND,
            "启动时没有指定表单文件,无法保存;请用 huibao serve 表单.yaml 启动",
        );
    };
    let mut seen = form.version.lock().unwrap_or_else(|p| p.into_inner());
    // The version the page read (If-Match), else the one this server read last.
    let expected = req
        .headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map_or_else(|| seen.clone(), str::to_string);
    let current = match read_disk(&form.path) {
        Ok(bytes) => version_of(bytes.as_deref()),
        Err(e) => return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    if expected != current {
        return Answer::error(
            StatusCode::CONFLICT,
            "表单文件在载入后已被其他程序改动,未保存;请先复制您的修改,重新载入页面后再保存",
        );
    }
    if let Err(e) = pipeline::write_atomic(&form.path, &req.body, true) {
        return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    let version = version_of(Some(&req.body));
    *seen = version.clone();
    tagged(
        Answer::json(
            StatusCode::OK,
            &json!({"file": form.path.display().to_string(), "version": version}),
        ),
        &version,
    )
}

fn tagged(answer: Answer, version: &str) -> Answer {
    match HeaderValue::from_str(version) {
        Ok(v) => answer.with(header::ETAG, v),
        Err(_) => answer,
    }
}

/// The file's bytes, `None` when it does not exist (a link to a file not
/// made yet counts as not existing: saving creates that file).
fn read_disk(path: &std::path::Path) -> Result<Option<Vec<u8>>, Error> {
    if let Err(e) = std::fs::metadata(path)
        && e.kind() == std::io::ErrorKind::NotFound
    {
        return Ok(None);
    }
    pipeline::read_form_file(path)
        .map(Some)
        .map_err(|e| e.in_file(path.display().to_string()))
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
