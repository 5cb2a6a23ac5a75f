//! Connections: the accept loop, their number, their deadlines.
//!
//! - At most [`cap`] connections are open at once, derived from the
//!   descriptors the process may open (its soft limit raised to the hard one
//!   at start). A connection past the cap closes the oldest one that has no
//!   request in progress, so idle or slow connections (a slowloris) cannot
//!   keep a real request out; when every one is busy the new one is closed.
//! - Each connection has one deadline at a time: the first request's head
//!   within [`HEAD_TIME`] of the connection, its body within [`BODY_TIME`] of
//!   the head, and after an answer the next request's head within
//!   [`IDLE_TIME`] (which also bounds a client that reads the answer too
//!   slowly). While a request is worked on there is none: its work has its
//!   own limits. A connection past its deadline is closed.
//! - Running out of descriptors on accept (EMFILE, ENFILE) closes the oldest
//!   idle connection and pauses briefly; the loop never ends on an error.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::body::{Sent, read_body, too_large};
use super::http::{Answer, Request};
use super::routes::{self, Run, caught};
use super::{App, MAX_BODY, guard};

/// Time from connecting to a complete request head.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// Time from a request's head to its complete body.
pub const BODY_TIME: Duration = Duration::from_secs(30);
/// Time from an answer to the next request's complete head.
pub const IDLE_TIME: Duration = Duration::from_secs(30);

/// The most connections open at once, however many descriptors there are:
/// a browser opens six to a server; more only costs memory.
const MAX_CONNECTIONS: usize = 1024;
/// Descriptors kept for everything but connections: the listener, the
/// runtime, workers' pipes, the FORM file.
const RESERVED_DESCRIPTORS: usize = 64;

/// Connections allowed at once: from the descriptor limit, which is first
/// raised as far as the system allows.
pub fn cap() -> usize {
    let descriptors = raise_descriptor_limit();
    descriptors
        .saturating_sub(RESERVED_DESCRIPTORS + 4 * super::worker::slots())
        .clamp(8, MAX_CONNECTIONS)
}

/// Raises the soft limit on open descriptors to the hard one; returns the
/// limit in force.
fn raise_descriptor_limit() -> usize {
    #[cfg(unix)]
    // SAFETY: getrlimit and setrlimit read and write a valid struct.
    unsafe {
        let mut r: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) != 0 {
            return 1024;
        }
        if r.rlim_cur < r.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: r.rlim_max,
                rlim_max: r.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                r.rlim_cur = r.rlim_max;
            }
        }
        usize::try_from(r.rlim_cur).unwrap_or(usize::MAX)
    }
    #[cfg(not(unix))]
    {
        MAX_CONNECTIONS + RESERVED_DESCRIPTORS
    }
}

/// One connection's state, shared by its task, its requests and the registry.
pub(super) struct Conn {
    /// A request is being worked on or answered: not to be closed for room.
    busy: AtomicBool,
    /// Milliseconds since [`epoch`] when the connection is closed.
    deadline: AtomicU64,
    /// The deadline changed.
    changed: Notify,
    /// Close the connection now.
    close: Notify,
}

const NO_DEADLINE: u64 = u64::MAX;

/// Debug builds only: one time for all deadlines
/// (`HUIBAO_TEST_CONN_TIME_MS`), so tests see them pass without waiting.
fn test_time() -> Option<Duration> {
    static TIME: std::sync::OnceLock<Option<Duration>> = std::sync::OnceLock::new();
    *TIME.get_or_init(|| {
        let ms = std::env::var("HUIBAO_TEST_CONN_TIME_MS")
            .ok()?
            .parse()
            .ok()?;
        cfg!(debug_assertions).then(|| Duration::from_millis(ms))
    })
}

/// The instant deadlines count from.
fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

impl Conn {
    fn new() -> Conn {
        let c = Conn {
            busy: AtomicBool::new(false),
            deadline: AtomicU64::new(NO_DEADLINE),
            changed: Notify::new(),
            close: Notify::new(),
        };
        c.due_in(HEAD_TIME);
        c
    }

    fn due_in(&self, d: Duration) {
        let at = (Instant::now() + test_time().unwrap_or(d))
            .duration_since(epoch())
            .as_millis();
        self.set_deadline(u64::try_from(at).unwrap_or(NO_DEADLINE - 1));
    }

    fn set_deadline(&self, ms: u64) {
        self.deadline.store(ms, Ordering::Relaxed);
        self.changed.notify_one();
    }

    fn deadline(&self) -> Option<Instant> {
        match self.deadline.load(Ordering::Relaxed) {
            NO_DEADLINE => None,
            ms => Some(epoch() + Duration::from_millis(ms)),
        }
    }

    /// A request's head arrived: its body is due.
    fn receiving(&self) {
        self.due_in(BODY_TIME);
    }

    /// The request is complete and worked on.
    fn working(&self) {
        self.busy.store(true, Ordering::Relaxed);
        self.set_deadline(NO_DEADLINE);
    }

    /// The answer is being sent: a client that does not read it is not
    /// waited on past [`IDLE_TIME`].
    fn sending(&self) {
        self.busy.store(true, Ordering::Relaxed);
        self.due_in(IDLE_TIME);
    }

    /// The answer was handed over: the next request's head is due.
    pub(super) fn idle(&self) {
        self.busy.store(false, Ordering::Relaxed);
        self.due_in(IDLE_TIME);
    }
}

/// The open connections, oldest first.
#[derive(Default)]
struct Registry {
    next: u64,
    open: BTreeMap<u64, Arc<Conn>>,
}

impl Registry {
    /// Registers a new connection, first closing the oldest idle one when
    /// `cap` are open; `None` when all are busy.
    fn admit(&mut self, cap: usize) -> Option<(u64, Arc<Conn>)> {
        if self.open.len() >= cap && !self.close_oldest_idle() {
            return None;
        }
        let id = self.next;
        self.next += 1;
        let conn = Arc::new(Conn::new());
        self.open.insert(id, conn.clone());
        Some((id, conn))
    }

    /// Closes the oldest connection with no request in progress.
    fn close_oldest_idle(&mut self) -> bool {
        let oldest = self
            .open
            .iter()
            .find(|(_, c)| !c.busy.load(Ordering::Relaxed))
            .map(|(id, _)| *id);
        match oldest.and_then(|id| self.open.remove(&id)) {
            Some(conn) => {
                conn.close.notify_one();
                true
            }
            None => false,
        }
    }
}

fn lock(r: &Mutex<Registry>) -> std::sync::MutexGuard<'_, Registry> {
    r.lock().unwrap_or_else(|p| p.into_inner())
}

/// Accepts connections until the process ends.
pub async fn serve(listener: TcpListener, app: Arc<App>) {
    let cap = cap();
    let registry = Arc::new(Mutex::new(Registry::default()));
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let admitted = lock(&registry).admit(cap);
                let Some((id, conn)) = admitted else {
                    continue; // every connection busy: this one is closed
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let registry = registry.clone();
                tokio::spawn(async move {
                    connection(stream, app, conn).await;
                    lock(&registry).open.remove(&id);
                });
            }
            Err(e) if out_of_descriptors(&e) => {
                lock(&registry).close_oldest_idle();
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            // A connection reset before it was accepted and the like.
            Err(_) => tokio::task::yield_now().await,
        }
    }
}

fn out_of_descriptors(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Serves one connection until it ends, is closed for room or passes its deadline.
async fn connection(stream: TcpStream, app: Arc<App>, conn: Arc<Conn>) {
    let service = {
        let conn = conn.clone();
        hyper::service::service_fn(move |req| {
            let app = app.clone();
            let conn = conn.clone();
            async move { Ok::<_, Infallible>(answer(req, &app, &conn).await) }
        })
    };
    let http = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut http = std::pin::pin!(http);
    loop {
        let deadline = conn.deadline();
        let mut close = std::pin::pin!(conn.close.notified());
        let mut changed = std::pin::pin!(conn.changed.notified());
        let mut sleep = std::pin::pin!(tokio::time::sleep_until(
            deadline.unwrap_or_else(|| Instant::now() + IDLE_TIME)
        ));
        let ended = std::future::poll_fn(|cx| {
            if http.as_mut().poll(cx).is_ready() || close.as_mut().poll(cx).is_ready() {
                return Poll::Ready(true);
            }
            if changed.as_mut().poll(cx).is_ready() {
                return Poll::Ready(false);
            }
            match deadline {
                Some(_) if sleep.as_mut().poll(cx).is_ready() => Poll::Ready(
                    // Past the deadline unless it moved meanwhile.
                    conn.deadline().is_some_and(|at| at <= Instant::now()),
                ),
                _ => Poll::Pending,
            }
        })
        .await;
        if ended {
            return;
        }
    }
}

/// The answer to one request, as hyper sends it.
async fn answer(req: hyper::Request<Incoming>, app: &Arc<App>, conn: &Arc<Conn>) -> Response<Sent> {
    conn.receiving();
    let answer = respond(req, app, conn).await;
    conn.sending();
    let mut response = Response::new(Sent::new(answer.body, conn.clone()));
    *response.status_mut() = answer.status;
    for (k, v) in answer.headers {
        response.headers_mut().append(k, v);
    }
    response
}

/// Guard, route, body, endpoint.
async fn respond(req: hyper::Request<Incoming>, app: &Arc<App>, conn: &Conn) -> Answer {
    let (parts, body) = req.into_parts();
    if !guard::allowed(&parts.headers, app.port) {
        return Answer::error(
            StatusCode::FORBIDDEN,
            "拒绝访问:只接受本机页面(127.0.0.1)发来的请求",
        );
    }
    let endpoint = match routes::find(&parts.method, parts.uri.path()) {
        Ok(e) => e,
        Err(answer) => return answer,
    };
    // Refused before reading, when the length is declared.
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return too_large();
    }
    let body = match read_body(body, declared).await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    conn.working();
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut request = Request::new(parts.method, path_and_query, body.bytes);
    request.headers = parts.headers;
    drop(body.held);
    match endpoint.run {
        Run::Here(f) => caught(|| f(&app.ctx, &request)),
        Run::FormFile(f) => {
            let app = app.clone();
            tokio::task::spawn_blocking(move || caught(|| f(&app, &request)))
                .await
                .unwrap_or_else(|_| routes::internal_error())
        }
        Run::Worker(_) => app.pool.run(&request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Past the cap the oldest idle connection goes; busy ones stay.
    #[test]
    fn the_oldest_idle_connection_makes_room() {
        let mut r = Registry::default();
        let (a, conn_a) = r.admit(3).unwrap();
        let (b, _) = r.admit(3).unwrap();
        let (c, _) = r.admit(3).unwrap();
        conn_a.working();
        let (d, _) = r.admit(3).unwrap();
        let open: Vec<u64> = r.open.keys().copied().collect();
        assert_eq!(open, [a, c, d], "b, the oldest idle, was closed");
        assert!(!open.contains(&b));
        for conn in r.open.values() {
            conn.working();
        }
        assert!(r.admit(3).is_none(), "all busy: the newcomer is refused");
        assert_eq!(r.open.len(), 3);
    }
}
