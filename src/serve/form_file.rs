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
use crate::form::encoding::{self, Encoding};
use crate::pipeline;

/// `GET /api/form`: the FORM's text, version and encoding (the blank form
/// when there is none, or when the file does not exist yet).
pub(super) fn read(app: &App, _: &Request) -> Answer {
    let Some(form) = &app.form else {
        return Answer::json(
            StatusCode::OK,
            &json!({"file": null, "version": null, "text": crate::render::styles::BLANK_FORM,
                    "encoding": "UTF-8"}),
        );
    };
    let (text, encoding, version) = match read_disk(&form.path) {
        // Decoded, never lossily: a form shown with replacement characters
        // would be saved back destroyed (docs/form.md §11.3).
        Ok(Some(bytes)) => match encoding::decode(&bytes) {
            Ok(d) => (d.text, d.encoding, version_of(Some(&bytes))),
            Err(e) => {
                let e = e.in_file(form.path.display().to_string());
                return Answer::error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string());
            }
        },
        // A FORM that does not exist yet starts as the blank form; saving creates it.
        Ok(None) => (
            crate::render::styles::BLANK_FORM.to_string(),
            Encoding::Utf8,
            version_of(None),
        ),
        Err(e) => return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    *form.version.lock().unwrap_or_else(|p| p.into_inner()) = version.clone();
    tagged(
        Answer::json(
            StatusCode::OK,
            &json!({"file": form.path.display().to_string(), "version": version, "text": text,
                    "encoding": encoding.name()}),
        ),
        &version,
    )
}

/// `PUT /api/form[?encoding=utf-8]`: saves the body as the FORM, in the
/// file's own encoding unless the query names another, unless the file
/// changed since the version in `If-Match` (or, without one, since this
/// server read it).
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
    let on_disk = match read_disk(&form.path) {
        Ok(bytes) => bytes,
        Err(e) => return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    // A file that is not text the tool reads is never written over, whatever
    // version the request names (it could never have been shown).
    if let Some(Err(e)) = on_disk.as_deref().map(encoding::decode) {
        let e = e.in_file(form.path.display().to_string());
        return Answer::form_errors(&[e]);
    }
    let current = version_of(on_disk.as_deref());
    if expected != current {
        return Answer::error(
            StatusCode::CONFLICT,
            "表单文件在载入后已被其他程序改动,未保存;请先复制您的修改,重新载入页面后再保存",
        );
    }
    let bytes = match encode_for_disk(&req.body, on_disk.as_deref(), req.query("encoding")) {
        Ok(b) => b,
        Err(e) => {
            let e = e.in_file(form.path.display().to_string());
            return Answer::form_errors(&[e]);
        }
    };
    if let Err(e) = pipeline::write_atomic(&form.path, &bytes, true) {
        return Answer::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    let version = version_of(Some(&bytes));
    *seen = version.clone();
    let saved_as = encoding::decode(&bytes).map_or("UTF-8", |d| d.encoding.name());
    tagged(
        Answer::json(
            StatusCode::OK,
            &json!({"file": form.path.display().to_string(), "version": version,
                    "encoding": saved_as}),
        ),
        &version,
    )
}

/// The bytes to save for the page's text `body`: in the encoding of the
/// file on disk (GBK stays GBK, a byte-order mark stays), or in the one
/// the request names. Refused, with the character named, when the text
/// holds one the encoding lacks; refused when the file on disk is not text
/// the tool could read, so nothing is written over what was never shown.
fn encode_for_disk(
    body: &[u8],
    on_disk: Option<&[u8]>,
    asked: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let refuse = |m: &str| Error::new(crate::error::ErrorKind::Form, m);
    let text =
        std::str::from_utf8(body).map_err(|_| refuse("页面发来的表单不是 UTF-8 文本,未保存"))?;
    let own = match on_disk {
        Some(bytes) => {
            let d = encoding::decode(bytes).map_err(|e| {
                refuse(&format!(
                    "磁盘上的表单文件无法读取({}),未保存,以免覆盖",
                    e.message
                ))
            })?;
            (d.encoding, d.bom)
        }
        None => (Encoding::Utf8, false),
    };
    let (target, bom) = match asked {
        None => own,
        Some(name) => match Encoding::from_name(name) {
            Some(e) if e == own.0 => own,
            Some(e) => (e, matches!(e, Encoding::Utf16Le | Encoding::Utf16Be)),
            None => return Err(refuse(&format!("不支持的编码“{name}”,可用 utf-8、gbk"))),
        },
    };
    encoding::encode(text, target, bom)
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
