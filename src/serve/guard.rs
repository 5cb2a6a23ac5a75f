//! Only the server's own page may talk to it.
//!
//! A site in the same browser can send requests to 127.0.0.1, and with DNS
//! rebinding even read the answers under its own name. Both carry a Host or
//! an Origin that is not this server's loopback address, or a `Sec-Fetch-Site`
//! other than the page's own: such requests get 403 before any endpoint runs.

use hyper::HeaderMap;
use hyper::header;

/// Whether a request may be answered: its Host is `127.0.0.1:PORT` or
/// `localhost:PORT`, its Origin, when present, is `http://` one of those, and
/// its `Sec-Fetch-Site`, when present, is the page's own. Otherwise 403
/// before any endpoint runs.
pub(super) fn allowed(headers: &HeaderMap, port: u16) -> bool {
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
