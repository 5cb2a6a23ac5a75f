//! `huibao serve`: a local web page to fill the form with a live preview.
//!
//! The server listens on 127.0.0.1 only and answers only requests addressed
//! to that loopback address by a page of its own (see [`guard`]), so a web
//! site open in the same browser cannot reach it, not even through DNS
//! rebinding. The page and its editor bundle are embedded in the binary.
//! Nothing a client sends names a file: the only file written is the FORM
//! given on the command line.
//!
//! Endpoints (tested in tests/integration/serve.rs and serve_limits.rs):
//! - `GET /` the page, `GET /editor.js` its script, `GET /api/schema` the
//!   form's JSON Schema, `GET /api/styles` the styles;
//! - `POST /api/render?style=ID&format=html|md|docx|pdf` the YAML in the body →
//!   the document, or 422 with `{"errors":[{"message","path","line","column"}]}`;
//! - `POST /api/check?style=ID` → the style used, the placeholders with their
//!   lines, and for a 汇报发言 the length and speaking time;
//! - `GET /api/form`, `PUT /api/form` read and atomically save the FORM
//!   (`ETag`/`If-Match`; 409 when the file changed on disk since it was read),
//!   in its own encoding (GBK stays GBK) unless `?encoding=utf-8`;
//! - `POST /api/import` a table merged into the form sent ([`import`]);
//! - `POST /api/fields`, `POST /api/edit` the form view's tree and edits
//!   ([`form_view`]).
//!
//! # One request never ends or freezes the server
//!
//! [`conn`] bounds connections (their number and their deadlines) and reads
//! bodies of at most [`MAX_BODY`]; [`routes::ENDPOINTS`] says where each
//! endpoint runs: on the server's thread when its work is small and fixed,
//! on the blocking pool when it touches the FORM file, and in a worker
//! process ([`worker`]) when it parses a form, so that a form's size, depth
//! or references can cost that request at most its limits (memory, time)
//! and never the server. A panic anywhere is that request's 500.
//!
//! # Adding an endpoint that parses a form
//!
//! Write it as a pure function `fn(&Ctx, &Request) -> Answer` (the body, the
//! query and the headers in; status, headers and body out; errors through
//! [`Answer::form_errors`] or [`Answer::error`]), then add one row to
//! [`routes::ENDPOINTS`] with [`routes::Run::Worker`]. Nothing else: the
//! server reads the body, reserves memory for it, hands the request to a
//! worker, which looks the same table up and runs the function within the
//! limits, and maps a failure to its answer. `tests/integration/serve*.rs`
//! call such functions through a running server;
//! [`routes::answer_here`] calls them in-process (the fuzz target does).
//! An endpoint that starts another program from a worker inherits the
//! worker's limits (address space [`worker`]'s reservation plus 1 GiB, 60
//! processor seconds): lift them in that program's `pre_exec` if it needs more.

mod api;
mod body;
mod conn;
mod form_file;
pub mod form_view;
mod guard;
mod http;
pub mod import;
pub mod routes;
pub mod worker;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use http::{Answer, Request};
pub use hyper::{Method, StatusCode};

use crate::error::{Error, ErrorKind};
use crate::render::Renderer;

/// Largest request body: the largest form the parser accepts.
pub const MAX_BODY: usize = crate::form::MAX_FORM_BYTES;

/// The port tried first when none is given; a busy one falls back to any
/// free port, so a second `huibao serve` still starts.
pub const DEFAULT_PORT: u16 = 8421;

/// What every endpoint may use, in the server and in a worker alike.
pub struct Ctx {
    /// The built-in styles (serve takes no `--templates`).
    pub renderer: Renderer,
}

impl Ctx {
    /// The context with the built-in templates.
    pub fn new() -> Result<Ctx, Error> {
        Ok(Ctx {
            renderer: Renderer::new(None)?,
        })
    }
}

/// Everything the server's endpoints share.
pub struct App {
    ctx: Ctx,
    /// The form named on the command line, if any.
    form: Option<FormFile>,
    /// The port actually bound, for the Host and Origin checks.
    port: u16,
    pool: worker::Pool,
}

impl App {
    /// The server's state for `form` on `port`; no worker is started until
    /// the server runs.
    pub fn new(form: Option<PathBuf>, port: u16) -> Result<App, Error> {
        Ok(App {
            ctx: Ctx::new()?,
            form: form.map(|path| FormFile {
                path,
                version: Mutex::new(String::new()),
            }),
            port,
            pool: worker::Pool::new(),
        })
    }
}

/// The FORM file and the version of it the page last read or saved.
struct FormFile {
    path: PathBuf,
    version: Mutex<String>,
}

/// Starts the server and serves until the process is stopped; returns the
/// exit code (1 when it cannot start).
pub fn run(form: Option<PathBuf>, port: Option<u16>, open: bool) -> i32 {
    match start(form, port, open) {
        Ok(()) => 0,
        Err(e) => {
            crate::cli::report_error(&e);
            1
        }
    }
}

fn start(form: Option<PathBuf>, port: Option<u16>, open: bool) -> Result<(), Error> {
    let io = |m: String| Error::new(ErrorKind::Io, m);
    let io_err = |e: std::io::Error| io(crate::pipeline::io_message(&e));
    if let Some(p) = &form
        && p.is_dir()
    {
        return Err(io("这是一个目录,不是表单文件".into()).in_file(p.display().to_string()));
    }
    crate::memory::map_large_blocks();
    // One thread answers connections; the work of forms is in workers and
    // file access on the blocking pool, so one is plenty.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(io_err)?;
    runtime.block_on(async move {
        let listener = bind(port).map_err(|e| {
            io(format!(
                "无法在 127.0.0.1 上监听端口:{};可用 --port 换一个端口",
                crate::pipeline::io_message(&e)
            ))
        })?;
        let addr = listener.local_addr().map_err(io_err)?;
        let app = Arc::new(App::new(form, addr.port())?);
        // Ctrl-C during a save removes its temporary file (docs/form.md §10.5).
        crate::pipeline::remove_on_signals();
        quiet_panics();
        app.pool.start_spare();
        announce(&app, &format!("http://{addr}/"), open);
        conn::serve(listener, app).await;
        Ok(())
    })
}

/// Prints the address (and opens the browser). Written, not printed: a
/// closed stdout (a script that read the address and went away) must not
/// stop the server.
fn announce(app: &App, url: &str, open: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "huibao serve: {url}");
    if let Some(f) = &app.form {
        let _ = writeln!(
            out,
            "{}",
            crate::punct::normalize(&format!("编辑表单:{}", f.path.display()))
        );
    }
    let _ = writeln!(out, "{}", crate::punct::normalize("按 Ctrl+C 停止。"));
    let _ = out.flush();
    drop(out);
    if open {
        open_browser(url);
    }
}

/// A panic in an endpoint is caught and answered 500; what the terminal
/// shows is one Chinese line with where it happened, not Rust's English.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("(位置 {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        crate::cli::report_error(&Error::new(
            ErrorKind::Io,
            format!("处理一个请求时程序出错{at},已中止这个请求,服务继续运行"),
        ));
    }));
}

/// Binds 127.0.0.1 (never another interface) on `port`, or on the default
/// port with any free port as fallback; a long backlog, so a burst of
/// connections waits to be accepted rather than being refused.
fn bind(port: Option<u16>) -> std::io::Result<tokio::net::TcpListener> {
    let at = |p: u16| {
        let socket = tokio::net::TcpSocket::new_v4()?;
        // What std's TcpListener sets: a restarted server can take its port
        // back while old connections linger in TIME_WAIT.
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        socket.bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p)))?;
        socket.listen(1024)
    };
    match port {
        Some(p) => at(p),
        None => at(DEFAULT_PORT).or_else(|_| at(0)),
    }
}

/// Opens the page in the default browser; a failure only means the clerk
/// opens the printed address by hand.
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    let _ = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}
