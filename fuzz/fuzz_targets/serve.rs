//! Arbitrary requests to the endpoints of `huibao serve`, answered in this
//! process the way the server's workers answer them
//! (`huibao::serve::routes::answer_here`): the first byte picks the endpoint,
//! the bytes up to the first zero are the query, the rest the body.
//! Errors are fine; a panic (caught and answered 500 in the server), a hang,
//! a crash or an error answer not in the JSON error shape is a bug.

#![no_main]

use std::sync::OnceLock;

use huibao::serve::routes::{ENDPOINTS, Endpoint, answer_here};
use huibao::serve::{App, Method, Request, StatusCode};
use libfuzzer_sys::fuzz_target;

fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    // No FORM file: reading gives the blank form, saving is refused, so the
    // fuzzer writes nothing to disk.
    APP.get_or_init(|| App::new(None, 8421).expect("built-in templates load"))
}

/// The endpoints a client can reach (the debug-only failure endpoint fails
/// on purpose).
fn endpoints() -> &'static [&'static Endpoint] {
    static LIST: OnceLock<Vec<&'static Endpoint>> = OnceLock::new();
    LIST.get_or_init(|| {
        ENDPOINTS
            .iter()
            .filter(|e| !e.path.contains("test-failure"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let list = endpoints();
    let endpoint = list[usize::from(pick) % list.len()];
    let (query, body) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&[][..], rest),
    };
    let query = String::from_utf8_lossy(query);
    let method = Method::from_bytes(endpoint.method.as_bytes()).expect("a method");
    let request = Request::new(method, &format!("{}?{query}", endpoint.path), body.to_vec());
    let answer = answer_here(app(), &request);
    assert_ne!(
        answer.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "an endpoint failed on {} {}",
        endpoint.method,
        endpoint.path
    );
    if !answer.status.is_success() {
        let v: serde_json::Value =
            serde_json::from_slice(&answer.body).expect("error answers are JSON");
        let message = v["errors"][0]["message"].as_str().expect("a message");
        assert!(!message.is_empty());
    }
});
