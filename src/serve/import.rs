//! `POST /api/import`: a table merged into the form the page holds, exactly
//! as `huibao import --into` merges it (docs/form.md §11.2). A pure function
//! of the request body ([`handle`]), run in a worker ([`super::routes`]):
//! a workbook is a zip a hostile upload could make expensive.
//!
//! Request: `{"text": <form YAML>, "table": {"name": "指标.xlsx", "base64":
//! "…"} | {"name": "粘贴", "text": "<tab-separated cells>"}, "sheet": null}`.
//! Answer: 200 `{"text", "added": [名称…], "changed": [{"name", "fields":
//! [{"key", "from", "to"}]}], "kept": [名称…], "notes": […], "encoding"?}`
//! (`encoding` for a CSV not in UTF-8), or 422 / 400 with
//! `{"errors": [{"message", "path", "line", "column"}]}`; a cell's address
//! (`指标.xlsx 主要指标!C7`) starts the message.

use base64::Engine;
use hyper::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Ctx;
use super::http::{Answer, Request as HttpRequest};
use crate::error::Error;

/// The table sent: a file's bytes, or pasted cells.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TableBody {
    File { name: String, base64: String },
    Pasted { name: String, text: String },
}

#[derive(Debug, Deserialize)]
struct Request {
    text: String,
    table: TableBody,
    #[serde(default)]
    sheet: Option<String>,
}

/// The name forms sent by the page are given in messages.
const SENT_FORM: &str = "表单";

/// The answer to one request body: status and JSON.
pub fn handle(body: &[u8]) -> (StatusCode, Value) {
    let request: Request = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                errors(&[Error::new(
                    crate::error::ErrorKind::Usage,
                    "请求格式不对:应为 {\"text\": 表单, \"table\": {\"name\", \"base64\" 或 \"text\"}, \"sheet\"}",
                )]),
            );
        }
    };
    let table = match &request.table {
        TableBody::File { name, base64 } => {
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(base64.trim()) else {
                return (
                    StatusCode::BAD_REQUEST,
                    errors(&[Error::new(
                        crate::error::ErrorKind::Usage,
                        "表格文件的 base64 编码有误",
                    )]),
                );
            };
            crate::table::read(name, &bytes, request.sheet.as_deref())
        }
        TableBody::Pasted { name, text } => crate::table::pasted(name, text),
    };
    let imported = table.and_then(|t| {
        crate::table::import(&request.text, SENT_FORM, &t, false).map(|i| (i, t.encoding))
    });
    match imported {
        Ok((i, encoding)) => {
            let mut v = json!({
                "text": i.text,
                "added": i.summary.added,
                "changed": i.summary.changed,
                "kept": i.summary.kept,
                "notes": i.summary.notes.iter().map(|n| crate::punct::normalize(n)).collect::<Vec<_>>(),
            });
            if let Some(e) = encoding.filter(|e| *e != crate::form::Encoding::Utf8) {
                v["encoding"] = json!(e.name());
            }
            (StatusCode::OK, v)
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, errors(&[e])),
    }
}

/// `{"errors": […]}`; a table's cell starts the message as named
/// (`主要指标!C7`, not normalized), the words after it normalized.
fn errors(list: &[Error]) -> Value {
    let items: Vec<Value> = list
        .iter()
        .map(|e| {
            let message = crate::punct::normalize(&e.message);
            let message = match e.file.as_deref() {
                Some(place) if place != SENT_FORM => {
                    format!("{place}{}", crate::punct::normalize(&format!(":{message}")))
                }
                _ => message,
            };
            json!({"message": message, "path": e.path, "line": e.line, "column": e.column})
        })
        .collect();
    json!({ "errors": items })
}

/// The `POST /api/import` endpoint.
pub(super) fn endpoint(_: &Ctx, req: &HttpRequest) -> Answer {
    let (status, value) = handle(&req.body);
    Answer::json(status, &value)
}
