//! The endpoints of the page's form view: thin wrappers on the edit engine
//! ([`crate::form::edit`]), so the YAML text stays the one source of truth
//! the form view and the YAML view share.
//!
//! - `POST /api/fields`, the form's YAML as the body → `{"tree": …}`: the form
//!   as JSON with canonical Chinese keys in the file's order, every scalar as
//!   the string the clerk typed; 422 `{"errors": […]}` with line and column
//!   when the text is not YAML the engine can read.
//! - `POST /api/edit`, `{"text": YAML, "edits": [Edit…]}` → `{"text", "tree"}`:
//!   the edits applied in order, each changing only the bytes it must; 422
//!   when one is refused (the text is then returned by no one: nothing is
//!   half applied), naming the field.
//!
//! Both are pure functions of the request body ([`fields`], [`edit`]); they
//! parse forms, so they run in a worker ([`super::routes`]).

use hyper::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Ctx;
use super::http::{Answer, Request};
use crate::error::Error;
use crate::form::MAX_FORM_BYTES;
use crate::form::edit::{Edit, Source};

/// More edits than any page sends at once (a keystroke sends one, a pasted
/// change of shape three); each costs a parse of the whole form.
pub const MAX_EDITS: usize = 200;

/// `POST /api/fields`: the form's text → its tree.
pub fn fields(body: &[u8]) -> (StatusCode, Value) {
    let text = match text_of(body) {
        Ok(t) => t,
        Err(answer) => return answer,
    };
    match Source::parse(text) {
        Ok(source) => (StatusCode::OK, json!({ "tree": source.tree() })),
        Err(e) => errors(StatusCode::UNPROCESSABLE_ENTITY, &e),
    }
}

#[derive(Deserialize)]
struct EditRequest {
    text: String,
    edits: Vec<Edit>,
}

/// `POST /api/edit`: a text and edits → the edited text and its tree.
pub fn edit(body: &[u8]) -> (StatusCode, Value) {
    let request: EditRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => {
            return message(
                StatusCode::BAD_REQUEST,
                &format!("请求格式错误,应为 {{\"text\": 表单, \"edits\": [修改]}}:{e}"),
            );
        }
    };
    if request.edits.len() > MAX_EDITS {
        return message(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("一次最多 {MAX_EDITS} 项修改"),
        );
    }
    let mut source = match Source::parse(&request.text) {
        Ok(s) => s,
        Err(e) => return errors(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    // On a refused edit nothing is kept: the page still has its text and
    // shows the message at the field.
    for e in &request.edits {
        if let Err(err) = source.apply(e) {
            return errors(StatusCode::UNPROCESSABLE_ENTITY, &err);
        }
    }
    if source.text().len() > MAX_FORM_BYTES {
        return message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "修改后的表单超过 1 MiB(1048576 字节),未作修改",
        );
    }
    (
        StatusCode::OK,
        json!({ "text": source.text(), "tree": source.tree() }),
    )
}

fn text_of(body: &[u8]) -> Result<&str, (StatusCode, Value)> {
    std::str::from_utf8(body).map_err(|e| {
        message(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("表单不是 UTF-8 文本(第 {} 个字节起)", e.valid_up_to() + 1),
        )
    })
}

/// `{"errors":[{"message","path","line","column"}]}`, as every endpoint answers.
fn errors(status: StatusCode, e: &Error) -> (StatusCode, Value) {
    (
        status,
        json!({"errors": [{
            "message": crate::punct::normalize(&e.message),
            "path": e.path,
            "line": e.line,
            "column": e.column,
        }]}),
    )
}

fn message(status: StatusCode, text: &str) -> (StatusCode, Value) {
    errors(status, &Error::new(crate::error::ErrorKind::Form, text))
}

fn respond((status, value): (StatusCode, Value)) -> Answer {
    Answer::json(status, &value)
}

/// The `POST /api/fields` endpoint.
pub(super) fn fields_endpoint(_: &Ctx, req: &Request) -> Answer {
    respond(fields(&req.body))
}

/// The `POST /api/edit` endpoint.
pub(super) fn edit_endpoint(_: &Ctx, req: &Request) -> Answer {
    respond(edit(&req.body))
}
