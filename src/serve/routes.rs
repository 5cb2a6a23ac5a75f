//! Every endpoint, what it answers and where it runs (see [`Run`]); the
//! one table both the server and its workers look requests up in.

use hyper::{Method, StatusCode};

use super::http::{Answer, Request};
use super::{App, Ctx, api, form_file, form_view, import};

/// Where an endpoint runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// On the server's own thread: small work bounded by the program itself
    /// (the page, the schema, the list of styles), never a form's content.
    Here(fn(&Ctx, &Request) -> Answer),
    /// Reads or writes the FORM file: on the blocking pool.
    FormFile(fn(&App, &Request) -> Answer),
    /// Parses a form or builds a document from one: in a worker process,
    /// a bounded number at a time, each within its memory and time limits
    /// (see [`super::worker`]).
    Worker(fn(&Ctx, &Request) -> Answer),
}

/// One endpoint.
pub struct Endpoint {
    /// `GET`, `POST` or `PUT`.
    pub method: &'static str,
    /// The path, without a query.
    pub path: &'static str,
    /// What answers it, where.
    pub run: Run,
}

/// Every endpoint of `huibao serve`.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        path: "/",
        run: Run::Here(api::page),
    },
    Endpoint {
        method: "GET",
        path: "/editor.js",
        run: Run::Here(api::script),
    },
    Endpoint {
        method: "GET",
        path: "/api/schema",
        run: Run::Here(api::schema),
    },
    Endpoint {
        method: "GET",
        path: "/api/styles",
        run: Run::Here(api::styles),
    },
    Endpoint {
        method: "POST",
        path: "/api/render",
        run: Run::Worker(api::render),
    },
    Endpoint {
        method: "POST",
        path: "/api/check",
        run: Run::Worker(api::check),
    },
    Endpoint {
        method: "GET",
        path: "/api/form",
        run: Run::FormFile(form_file::read),
    },
    Endpoint {
        method: "PUT",
        path: "/api/form",
        run: Run::FormFile(form_file::save),
    },
    Endpoint {
        method: "POST",
        path: "/api/import",
        run: Run::Worker(import::endpoint),
    },
    Endpoint {
        method: "POST",
        path: "/api/fields",
        run: Run::Worker(form_view::fields_endpoint),
    },
    Endpoint {
        method: "POST",
        path: "/api/edit",
        run: Run::Worker(form_view::edit_endpoint),
    },
    #[cfg(debug_assertions)]
    Endpoint {
        method: "POST",
        path: "/api/test-failure",
        run: Run::Worker(test_failure),
    },
];

/// The endpoint for `method` and `path`, or the 404 or 405 answer.
pub fn find(method: &Method, path: &str) -> Result<&'static Endpoint, Answer> {
    let mut paths = ENDPOINTS.iter().filter(|e| e.path == path).peekable();
    if paths.peek().is_none() {
        return Err(Answer::error(
            StatusCode::NOT_FOUND,
            &format!("没有这个地址:{}", crate::error::printable(path)),
        ));
    }
    paths.find(|e| e.method == method.as_str()).ok_or_else(|| {
        Answer::error(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!(
                "这个地址不接受 {} 请求",
                crate::error::printable(method.as_str())
            ),
        )
    })
}

/// Runs `f`; a panic becomes a 500 with a Chinese message instead of
/// ending whatever runs it.
pub(crate) fn caught(f: impl FnOnce() -> Answer) -> Answer {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| internal_error())
}

/// 500: the program failed on this request (a panic, a crashed worker).
pub(crate) fn internal_error() -> Answer {
    Answer::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "处理这个请求时程序出错,已中止这个请求;服务仍在运行,请把表单发给维护者",
    )
}

/// A request answered entirely in this process, the way the server routes
/// it but without worker processes or a connection: for tests and fuzzing.
/// (The Host/Origin guard and body limits belong to the connection.)
pub fn answer_here(app: &App, request: &Request) -> Answer {
    match find(&request.method, &request.path) {
        Err(answer) => answer,
        Ok(endpoint) => caught(|| match endpoint.run {
            Run::Here(f) | Run::Worker(f) => f(&app.ctx, request),
            Run::FormFile(f) => f(app, request),
        }),
    }
}

/// Debug builds only: a worker endpoint that fails on purpose
/// (`?fail=panic|memory|abort|sleep`), so tests can show that one failing
/// request fails alone and the server keeps serving.
#[cfg(debug_assertions)]
fn test_failure(_: &Ctx, req: &Request) -> Answer {
    match req.query("fail") {
        Some("panic") => panic!("test failure"),
        Some("memory") => {
            let mut held: Vec<Vec<u8>> = Vec::new();
            loop {
                held.push(vec![1; 1 << 20]);
                std::hint::black_box(&held);
            }
        }
        Some("abort") => std::process::abort(),
        Some("sleep") => loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        },
        _ => Answer::error(StatusCode::OK, "没有出错"),
    }
}
