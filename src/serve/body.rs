//! Request and answer bodies: a request's read whole, at most
//! [`MAX_BODY`] bytes and [`MAX_BODIES`] over all connections at once; an
//! answer's sent in one piece, telling its connection when it is handed over.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::StatusCode;
use hyper::body::{Body, Frame, Incoming, SizeHint};

use super::MAX_BODY;
use super::conn::Conn;
use super::http::Answer;

/// Request bodies held in memory at once, over all connections; past it a
/// request gets 503 rather than the server growing.
const MAX_BODIES: usize = 64 << 20;

/// 413, in Chinese, for a body past [`MAX_BODY`] (declared or received).
pub(super) fn too_large() -> Answer {
    Answer::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("内容过大:表单不能超过 1 MiB({MAX_BODY} 字节)"),
    )
}

/// Request body bytes held by the server now, over all connections.
static HELD: AtomicU64 = AtomicU64::new(0);

/// A body read whole, counted in [`HELD`] until `held` drops.
pub(super) struct ReadBody {
    pub(super) bytes: Vec<u8>,
    pub(super) held: Held,
}

pub(super) struct Held(u64);

impl Drop for Held {
    fn drop(&mut self) {
        HELD.fetch_sub(self.0, Ordering::Relaxed);
    }
}

/// Reads a body of at most [`MAX_BODY`] bytes, chunked or not; its deadline
/// is the connection's.
pub(super) async fn read_body(
    mut body: Incoming,
    declared: Option<u64>,
) -> Result<ReadBody, Answer> {
    // Sized once when the length is declared (doubling a 1 MiB body's
    // buffer as it arrives would hold 2 MiB).
    let mut bytes = Vec::with_capacity(declared.map_or(0, |n| n.min(MAX_BODY as u64) as usize));
    let mut held = Held(0);
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(Answer::error(
                StatusCode::BAD_REQUEST,
                "请求内容没有完整收到(连接中断或格式不对)",
            ));
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        if bytes.len() + data.len() > MAX_BODY {
            return Err(too_large());
        }
        let n = data.len() as u64;
        if HELD.fetch_add(n, Ordering::Relaxed) + n > MAX_BODIES as u64 {
            HELD.fetch_sub(n, Ordering::Relaxed);
            return Err(Answer::error(
                StatusCode::SERVICE_UNAVAILABLE,
                "同时收到的请求过多,请稍后再试",
            ));
        }
        held.0 += n;
        bytes.extend_from_slice(&data);
    }
    Ok(ReadBody { bytes, held })
}

/// An answer's body: while hyper holds it the connection is busy; once
/// handed over the next request's deadline starts.
pub(super) struct Sent {
    body: Option<Bytes>,
    conn: Arc<Conn>,
}

impl Sent {
    /// `body`, to be sent on `conn`.
    pub(super) fn new(body: Vec<u8>, conn: Arc<Conn>) -> Sent {
        Sent {
            body: Some(Bytes::from(body)),
            conn,
        }
    }
}

impl Drop for Sent {
    fn drop(&mut self) {
        self.conn.idle();
    }
}

impl Body for Sent {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.body.take().map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.body.as_ref().map_or(0, |b| b.len() as u64))
    }
}
