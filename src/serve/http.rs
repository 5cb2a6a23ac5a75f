//! Requests and answers as plain data, so that an endpoint is a pure
//! function (`fn(&Ctx, &Request) -> Answer`) whether it runs in the server
//! or in a worker process, and so that both cross a pipe as bytes.
//!
//! Errors have one shape everywhere: `{"errors":[{"message","path","line",
//! "column"}]}` with Chinese messages, the fields the command line prints.

use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};

use crate::error::Error;

/// One request, its body read whole.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, `PUT` …
    pub method: Method,
    /// The path without the query (`/api/render`).
    pub path: String,
    /// The query's pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The request's headers.
    pub headers: HeaderMap,
    /// The body (at most [`super::MAX_BODY`] bytes).
    pub body: Vec<u8>,
}

impl Request {
    /// A request for `path_and_query` (`/api/render?format=md`) with `body`.
    pub fn new(method: Method, path_and_query: &str, body: Vec<u8>) -> Request {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        Request {
            method,
            path: path.to_string(),
            query: form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            headers: HeaderMap::new(),
            body,
        }
    }

    /// The first value of the query parameter `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One answer: status, headers, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// Headers, in order.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// An answer of `content_type`, never cached (a preview is always current).
    pub fn new(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            headers: vec![
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            body,
        }
    }

    /// `value` as JSON.
    pub fn json(status: StatusCode, value: &Value) -> Answer {
        Answer::new(
            status,
            "application/json; charset=utf-8",
            value.to_string().into_bytes(),
        )
    }

    /// An error in the shape of form errors, without a location.
    pub fn error(status: StatusCode, message: &str) -> Answer {
        Answer::json(
            status,
            &json!({"errors": [{"message": crate::punct::normalize(message),
                                "path": null, "line": null, "column": null}]}),
        )
    }

    /// 422 with every error's message, path, line and column.
    pub fn form_errors(errors: &[Error]) -> Answer {
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
        Answer::json(StatusCode::UNPROCESSABLE_ENTITY, &json!({"errors": list}))
    }

    /// Sets header `name` (replacing one already set).
    pub fn with(mut self, name: HeaderName, value: HeaderValue) -> Answer {
        self.headers.retain(|(k, _)| *k != name);
        self.headers.push((name, value));
        self
    }

    /// The first value of header `name`.
    pub fn header(&self, name: &HeaderName) -> Option<&HeaderValue> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// The head of a request or an answer as it crosses the pipe to and from a
/// worker: JSON, then the body's bytes as they are.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Head {
    #[serde(default)]
    method: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    query: Vec<(String, String)>,
    #[serde(default)]
    status: u16,
    #[serde(default)]
    headers: Vec<(String, String)>,
    /// The bytes the worker may hold while it runs the endpoint.
    #[serde(default)]
    limit: usize,
    /// The body's length in bytes (answers), so the server knows the answer
    /// is whole without waiting for the worker to exit.
    #[serde(default)]
    length: usize,
}

/// `head` and `body` as one frame: the head's length (4 bytes, little
/// endian), the head, the body.
fn frame(head: &Head, body: &[u8]) -> Vec<u8> {
    let head = serde_json::to_vec(head).unwrap_or_default();
    let len = u32::try_from(head.len()).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(4 + head.len() + body.len());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&head);
    out.extend_from_slice(body);
    out
}

fn unframe(bytes: &[u8]) -> Option<(Head, usize)> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let head = bytes.get(4..4 + len)?;
    Some((serde_json::from_slice(head).ok()?, 4 + len))
}

fn text_headers<'h>(
    headers: impl Iterator<Item = (&'h HeaderName, &'h HeaderValue)>,
) -> Vec<(String, String)> {
    headers
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect()
}

fn parse_headers(list: Vec<(String, String)>) -> Vec<(HeaderName, HeaderValue)> {
    list.into_iter()
        .filter_map(|(k, v)| {
            Some((
                HeaderName::from_bytes(k.as_bytes()).ok()?,
                HeaderValue::from_str(&v).ok()?,
            ))
        })
        .collect()
}

/// A request for a worker allowed `limit` bytes, as bytes.
pub(crate) fn encode_job(request: &Request, limit: usize) -> Vec<u8> {
    let head = Head {
        method: request.method.as_str().to_string(),
        path: request.path.clone(),
        query: request.query.clone(),
        status: 0,
        headers: text_headers(request.headers.iter()),
        limit,
        length: request.body.len(),
    };
    frame(&head, &request.body)
}

/// A request and its memory limit from the bytes of [`encode_job`].
pub(crate) fn decode_job(mut bytes: Vec<u8>) -> Option<(Request, usize)> {
    let (head, start) = unframe(&bytes)?;
    // The body stays where it is: the head is taken off its front.
    bytes.drain(..start);
    let mut headers = HeaderMap::new();
    for (k, v) in parse_headers(head.headers) {
        headers.append(k, v);
    }
    let request = Request {
        method: Method::from_bytes(head.method.as_bytes()).ok()?,
        path: head.path,
        query: head.query,
        headers,
        body: bytes,
    };
    Some((request, head.limit))
}

/// An answer as bytes.
pub(crate) fn encode_answer(answer: &Answer) -> Vec<u8> {
    let head = Head {
        method: String::new(),
        path: String::new(),
        query: Vec::new(),
        status: answer.status.as_u16(),
        headers: text_headers(answer.headers.iter().map(|(k, v)| (k, v))),
        limit: 0,
        length: answer.body.len(),
    };
    frame(&head, &answer.body)
}

/// Reads one answer framed by [`encode_answer`] from `r`, body at most
/// `max` bytes; `None` when the stream ends early or does not hold one.
pub(crate) async fn read_answer(
    r: &mut (impl tokio::io::AsyncRead + Unpin),
    max: usize,
) -> Option<Answer> {
    use tokio::io::AsyncReadExt;
    let mut len = [0u8; 4];
    r.read_exact(&mut len).await.ok()?;
    let len = u32::from_le_bytes(len) as usize;
    if len > 1 << 20 {
        return None;
    }
    let mut head = vec![0; len];
    r.read_exact(&mut head).await.ok()?;
    let head: Head = serde_json::from_slice(&head).ok()?;
    if head.length > max {
        return None;
    }
    let mut body = vec![0; head.length];
    r.read_exact(&mut body).await.ok()?;
    Some(Answer {
        status: StatusCode::from_u16(head.status).ok()?,
        headers: parse_headers(head.headers),
        body,
    })
}

/// An answer from the bytes of [`encode_answer`], its body kept in place.
#[cfg(test)]
fn decode_answer(mut bytes: Vec<u8>) -> Option<Answer> {
    let (head, start) = unframe(&bytes)?;
    bytes.drain(..start);
    Some(Answer {
        status: StatusCode::from_u16(head.status).ok()?,
        headers: parse_headers(head.headers),
        body: bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_and_answers_cross_the_pipe_unchanged() {
        let mut r = Request::new(
            Method::POST,
            "/api/render?style=%E6%B1%87&format=md",
            "地区: 甲\n".into(),
        );
        r.headers
            .insert(header::IF_MATCH, HeaderValue::from_static("\"1\""));
        assert_eq!(r.query("style"), Some("汇"));
        let (back, limit) = decode_job(encode_job(&r, 1234)).unwrap();
        assert_eq!(limit, 1234);
        assert_eq!(
            (back.method, back.path, back.query, back.body),
            (r.method, r.path, r.query, r.body)
        );
        assert_eq!(back.headers, r.headers);
        let a = Answer::error(StatusCode::PAYLOAD_TOO_LARGE, "过大")
            .with(header::ETAG, HeaderValue::from_static("\"x\""));
        assert_eq!(decode_answer(encode_answer(&a)), Some(a));
        assert_eq!(decode_answer(b"\xff\xff\xff\xff{".to_vec()), None);
        assert_eq!(decode_answer(Vec::new()), None);
    }

    #[test]
    fn an_answer_is_read_whole_or_not_at_all() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let a = Answer::new(StatusCode::OK, "text/plain", "正文".into());
        let bytes = encode_answer(&a);
        let read = |b: &[u8], max| rt.block_on(read_answer(&mut &b[..], max));
        assert_eq!(read(&bytes, 100), Some(a));
        assert_eq!(read(&bytes[..bytes.len() - 1], 100), None, "cut short");
        assert_eq!(read(&bytes, 2), None, "larger than allowed");
    }
}
