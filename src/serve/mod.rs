//! `huibao serve`: a local web page to fill the form with a live preview.
//!
//! The server listens on 127.0.0.1 only and answers only requests addressed
//! to that loopback address by a page of its own (see [`guard`]), so a web
//! site open in the same browser cannot reach it, not even through DNS
//! rebinding. The page and its editor bundle are embedded in the binary.
//! Nothing a client sends names a file: the only file written is the FORM
//! given on the command line.
//!
//! Routes (tested in tests/integration/serve.rs):
//! - `GET /` the page, `GET /editor.js` its script, `GET /api/schema` the
//!   form's JSON Schema, `GET /api/styles` the styles;
//! - `POST /api/render?style=ID&format=html|md|docx|pdf` the YAML in the body →
//!   the document, or 422 with `{"errors":[{"message","path","line","column"}]}`;
//! - `POST /api/check?style=ID` → the style used, the placeholders with their
//!   lines, and for a 汇报发言 the length and speaking time;
//! - `GET /api/form`, `PUT /api/form` read and atomically save the FORM
//!   (`ETag`/`If-Match`; 409 when the file changed on disk since it was read).

mod api;
mod guard;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::error::{Error, ErrorKind};
use crate::render::Renderer;

/// Largest request body: the largest form the parser accepts.
pub const MAX_BODY: usize = crate::form::MAX_FORM_BYTES;

/// The port tried first when none is given; a busy one falls back to any
/// free port, so a second `huibao serve` still starts.
pub const DEFAULT_PORT: u16 = 8421;

/// Everything the handlers share.
struct App {
    renderer: Renderer,
    /// The form named on the command line, if any.
    form: Option<FormFile>,
    /// The port actually bound, for the Host and Origin checks.
    port: u16,
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
    let renderer = Renderer::new(None)?;
    if let Some(p) = &form
        && p.is_dir()
    {
        return Err(io("这是一个目录,不是表单文件".into()).in_file(p.display().to_string()));
    }
    let listener = bind(port).map_err(|e| {
        io(format!(
            "无法在 127.0.0.1 上监听端口:{};可用 --port 换一个端口",
            crate::pipeline::io_message(&e)
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| io(crate::pipeline::io_message(&e)))?;
    let app = Arc::new(App {
        renderer,
        form: form.map(|path| FormFile {
            path,
            version: Mutex::new(String::new()),
        }),
        port: addr.port(),
    });
    let url = format!("http://{addr}/");
    // Written, not printed: a closed stdout (a script that read the address
    // and went away) must not stop the server.
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
        open_browser(&url);
    }
    // One thread is plenty for one clerk's browser and keeps the runtime
    // small (tokio's `rt` feature only, no worker pool).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| io(crate::pipeline::io_message(&e)))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| io(crate::pipeline::io_message(&e)))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| io(crate::pipeline::io_message(&e)))?;
        axum::serve(listener, router(app))
            .await
            .map_err(|e| io(crate::pipeline::io_message(&e)))
    })
}

/// Binds 127.0.0.1 (never another interface) on `port`, or on the default
/// port with any free port as fallback.
fn bind(port: Option<u16>) -> std::io::Result<TcpListener> {
    let at = |p| TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p)));
    match port {
        Some(p) => at(p),
        None => at(DEFAULT_PORT).or_else(|_| at(0)),
    }
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/editor.js", get(api::script))
        .route("/api/schema", get(api::schema))
        .route("/api/styles", get(api::styles))
        .route("/api/render", post(api::render))
        .route("/api/check", post(api::check))
        .route("/api/form", get(api::read_form).put(api::save_form))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::same_origin,
        ))
        .with_state(app)
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
