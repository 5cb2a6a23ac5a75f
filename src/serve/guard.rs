//! Only the server's own page may talk to it.
//!
//! A site in the same browser can send requests to 127.0.0.1, and with DNS
//! rebinding even read the answers under its own name. Both carry a Host or
//! an Origin that is not this server's loopback address, or a `Sec-Fetch-Site`
//! other than the page's own: such requests get 403 before any handler runs.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::App;
use super::api::errors_response;

/// Passes requests whose Host is `127.0.0.1:PORT` or `localhost:PORT` and
/// whose Origin, when present, is `http://` one of those; 403 otherwise.
/// Bodies declared larger than [`MAX_BODY`](super::MAX_BODY) get 413.
pub(super) async fn same_origin(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    if !allowed(request.headers(), app.port) {
        return errors_response(
            StatusCode::FORBIDDEN,
            "拒绝访问:只接受本机页面(127.0.0.1)发来的请求",
        );
    }
    // Refused before reading, with a message in Chinese; a body without a
    // length is cut off at the same limit by the body extractor.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > super::MAX_BODY as u64) {
        return errors_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "内容过大:表单不能超过 1 MiB(1048576 字节)",
        );
    }
    next.run(request).await
}

fn allowed(headers: &HeaderMap, port: u16) -> bool {
    let own =
        |host: &str| host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}");
    let host_ok = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(own);
    let origin_ok = headers.get_all(header::ORIGIN).iter().all(|o| {
        o.to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(own)
    });
    // Browsers also say where a request comes from; only the page itself
    // ("same-origin") or the address bar ("none") may ask.
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v == "same-origin" || v == "none");
    host_ok && origin_ok && site_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn own_host_and_origin_pass() {
        assert!(allowed(&headers(&[("host", "127.0.0.1:8421")]), 8421));
        assert!(allowed(&headers(&[("host", "localhost:8421")]), 8421));
        assert!(allowed(
            &headers(&[
                ("host", "127.0.0.1:8421"),
                ("origin", "http://127.0.0.1:8421")
            ]),
            8421
        ));
    }

    #[test]
    fn foreign_host_or_origin_fails() {
        assert!(!allowed(&headers(&[]), 8421));
        assert!(!allowed(&headers(&[("host", "evil.example:8421")]), 8421));
        assert!(!allowed(&headers(&[("host", "127.0.0.1:9999")]), 8421));
        assert!(!allowed(&headers(&[("host", "127.0.0.1")]), 8421));
        for site in ["cross-site", "same-site"] {
            let h = headers(&[("host", "127.0.0.1:8421"), ("sec-fetch-site", site)]);
            assert!(!allowed(&h, 8421), "{site}");
        }
        let h = headers(&[
            ("host", "127.0.0.1:8421"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(allowed(&h, 8421));
        for origin in [
            "http://evil.example",
            "null",
            "https://127.0.0.1:8421",
            "http://127.0.0.1:84210",
        ] {
            assert!(
                !allowed(
                    &headers(&[("host", "127.0.0.1:8421"), ("origin", origin)]),
                    8421
                ),
                "{origin}"
            );
        }
    }
}
