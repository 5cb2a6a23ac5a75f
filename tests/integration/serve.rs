//! `huibao serve`: every API route, through a real server process and raw
//! HTTP (so tests can send foreign Host and Origin headers).

use std::path::Path;

use crate::common;
use crate::fixture;
#[path = "../common/http.rs"]
pub(crate) mod http;
use http::Server;

fn blank_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

const BAD_FIGURE: &str =
    "地区: 某某县\n单位: 某某县科学技术局\n主要指标:\n  - 名称: 企业\n    数值: [1]\n";

#[test]
fn page_and_script_are_served_from_the_binary() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    let html = page.text();
    assert!(html.contains("<script src=\"/editor.js\"></script>"));
    for id in [
        "style",
        "export-docx",
        "export-md",
        "save",
        "preview",
        "placeholders",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let js = s.get("/editor.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("huibaoEditor"));
    assert_eq!(s.get("/nothing").status, 404);
}

#[test]
fn styles_and_schema() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    let styles = s.get("/api/styles");
    assert_eq!(styles.status, 200);
    let list = styles.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, common::styles());
    let fayan = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "fayan")
        .unwrap();
    assert_eq!(fayan["name"], "汇报发言");
    let schema = s.get("/api/schema");
    assert_eq!(schema.status, 200);
    assert_eq!(schema.json(), huibao::form::schema());
}

#[test]
fn render_gives_markdown_html_and_docx_in_any_style() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    let form = common::example("示例市");
    let yaml = read(&form);
    let md = s.post("/api/render?format=md", &yaml);
    assert_eq!(md.status, 200);
    assert_eq!(
        md.header("content-type"),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(md.text(), common::markdown(&form, None));
    let fayan = s.post("/api/render?format=md&style=fayan", &yaml);
    assert_eq!(fayan.text(), common::markdown(&form, Some("fayan")));
    assert_ne!(fayan.text(), md.text());

    let html = s.post("/api/render", &yaml); // html is the default
    assert_eq!(html.status, 200);
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = html.text();
    let doc = common::render(&form, None);
    assert_eq!(html, huibao::write::html::to_html(&doc));
    assert!(html.contains("<title>关于示例市科技创新工作情况的汇报</title>"));
    assert!(html.contains("<section class=\"page\" data-page=\"1\""));
    assert!(html.contains("<div class=\"ln pn\">"), "page numbers");

    let docx = s.post("/api/render?format=docx&style=zongjie", &yaml);
    assert_eq!(docx.status, 200);
    assert_eq!(
        docx.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    assert!(
        docx.header("content-disposition")
            .unwrap()
            .starts_with("attachment; filename*=UTF-8''")
    );
    let xml = fixture::part(&docx.body, "word/document.xml");
    assert!(xml.contains("示例市"), "{xml}");
    let expected = huibao::write::docx::to_docx(&common::render(&form, Some("zongjie"))).unwrap();
    assert_eq!(docx.body, expected);
}

#[test]
fn a_bad_form_gives_422_with_message_path_line_and_column() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    for route in [
        "/api/render?format=html",
        "/api/render?format=docx",
        "/api/check",
    ] {
        let r = s.post(route, BAD_FIGURE.as_bytes());
        assert_eq!(r.status, 422, "{route}");
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        let e = &r.json()["errors"][0];
        assert_eq!(e["path"], "主要指标[0].数值", "{e}");
        assert_eq!(e["line"], 5, "{e}");
        assert_eq!(e["column"], 9, "{e}");
        assert!(e["message"].as_str().unwrap().contains("数字"), "{e}");
    }
    let r = s.post("/api/render?style=nosuch", b"");
    assert_eq!(r.status, 422);
    let r = s.post(
        "/api/render?style=nosuch",
        &read(&common::example("示例市")),
    );
    assert_eq!(r.status, 422);
    let e = &r.json()["errors"][0];
    assert!(e["message"].as_str().unwrap().contains("nosuch"), "{e}");
    assert_eq!(s.post("/api/render?format=odt", b"").status, 400);
    // The page's probe: with fonts a PDF can be made, so an empty form is
    // the form's error (422), not the server's.
    assert_eq!(s.post("/api/render?format=pdf", b"").status, 422);
}

#[test]
fn check_lists_placeholders_at_their_lines_and_speaking_time() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    let draft = read(&common::example("待补充"));
    let r = s.post("/api/check", &draft);
    assert_eq!(r.status, 200);
    let v = r.json();
    let loaded = huibao::pipeline::parse(&draft, "x").unwrap();
    let list = v["placeholders"].as_array().unwrap();
    assert!(!list.is_empty());
    assert_eq!(list.len(), loaded.placeholders.len());
    let text = String::from_utf8(draft).unwrap();
    for (p, path) in list.iter().zip(&loaded.placeholders) {
        assert_eq!(p["path"], path.as_str());
        // The line holds the placeholder's key (its last name).
        let line = p["line"]
            .as_u64()
            .unwrap_or_else(|| panic!("no line for {p}")) as usize;
        let key = path.rsplit('.').next().unwrap().split('[').next().unwrap();
        let src = text.lines().nth(line - 1).unwrap();
        assert!(
            src.contains(key) || src.trim_start().starts_with('-'),
            "{path} at {line}: {src}"
        );
    }
    assert!(v["speech"].is_null());

    let speech = s.post("/api/check", &read(&common::example("汇报发言")));
    let v = speech.json();
    assert_eq!(v["style"]["id"], "fayan");
    let chars = v["speech"]["chars"].as_u64().unwrap();
    let minutes = v["speech"]["minutes"].as_u64().unwrap();
    assert!(chars > 500, "{v}");
    assert_eq!(minutes, chars.div_ceil(220));
    assert_eq!(
        v["speech"]["text"],
        format!("约{chars}字\u{ff0c}预计发言{minutes}分钟")
    );
}

// The page's style, not the form's, is what a draft is checked against: a
// 情况汇报 form checked as 汇报发言 is told that 汇报发言 does not print its
// 主送, gets its speaking time, and hears nothing about a 称呼 a speech uses.
#[test]
fn check_uses_the_style_the_page_asks_for() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    let form = "文种: 情况汇报\n地区: 某某县\n单位: 某某县科学技术局\n主送: 县人民政府\n称呼: 各位领导\n工作成效:\n  - 标题: 强化企业主体\n";
    let paths = |v: &serde_json::Value| -> Vec<String> {
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["path"].as_str().unwrap().to_string())
            .collect()
    };
    let own = s.post("/api/check", form.as_bytes()).json();
    assert_eq!(own["style"]["id"], "qingkuang");
    assert!(paths(&own).contains(&"称呼".to_string()), "{own}");
    assert!(own["speech"].is_null());
    let fayan = s.post("/api/check?style=fayan", form.as_bytes()).json();
    assert_eq!(fayan["style"]["id"], "fayan");
    assert!(paths(&fayan).contains(&"主送".to_string()), "{fayan}");
    assert!(!paths(&fayan).contains(&"称呼".to_string()), "{fayan}");
    assert!(fayan["speech"]["chars"].as_u64().is_some(), "{fayan}");
}

#[test]
fn form_is_read_and_saved_atomically_with_409_on_outside_change() {
    let dir = blank_dir();
    let path = dir.path().join("表单.yaml");
    let original = read(&common::example("示例市"));
    std::fs::write(&path, &original).unwrap();
    let s = Server::start(dir.path(), &["表单.yaml"]);
    let got = s.get("/api/form");
    assert_eq!(got.status, 200);
    let v = got.json();
    assert_eq!(v["text"].as_str().unwrap().as_bytes(), original.as_slice());
    assert_eq!(v["file"], "表单.yaml");
    let version = v["version"].as_str().unwrap().to_string();
    assert_eq!(got.header("etag"), Some(version.as_str()));

    let edited = String::from_utf8(original.clone())
        .unwrap()
        .replace("数值: 251", "数值: 260");
    let put = s.request(
        "PUT",
        "/api/form",
        &[("If-Match", &version)],
        edited.as_bytes(),
    );
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(read(&path), edited.as_bytes());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
    let new_version = put.json()["version"].as_str().unwrap().to_string();
    assert_ne!(new_version, version);

    // Another program changes the file: both the stale tag and no tag are refused.
    std::fs::write(&path, "地区: 别处\n").unwrap();
    for headers in [vec![("If-Match", new_version.as_str())], vec![]] {
        let put = s.request("PUT", "/api/form", &headers, b"x: 1\n");
        assert_eq!(put.status, 409);
        let e = &put.json()["errors"][0];
        assert!(
            e["message"].as_str().unwrap().contains("已被其他程序改动"),
            "{e}"
        );
        assert_eq!(read(&path), "地区: 别处\n".as_bytes());
    }
    // Read again, then saving works.
    let v = s.get("/api/form").json();
    assert_eq!(v["text"], "地区: 别处\n");
    let put = s.request(
        "PUT",
        "/api/form",
        &[("If-Match", v["version"].as_str().unwrap())],
        b"x: 1\n",
    );
    assert_eq!(put.status, 200);
    assert_eq!(read(&path), b"x: 1\n");
}

#[test]
fn a_new_form_starts_blank_and_no_form_cannot_be_saved() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &["新表单.yaml"]);
    let v = s.get("/api/form").json();
    assert_eq!(v["text"], huibao::render::styles::BLANK_FORM);
    let put = s.request(
        "PUT",
        "/api/form",
        &[("If-Match", v["version"].as_str().unwrap())],
        b"a: 1\n",
    );
    assert_eq!(put.status, 200);
    assert_eq!(read(&dir.path().join("新表单.yaml")), b"a: 1\n");
    drop(s);

    let s = Server::start(dir.path(), &[]);
    let v = s.get("/api/form").json();
    assert!(v["file"].is_null());
    assert_eq!(v["text"], huibao::render::styles::BLANK_FORM);
    let put = s.request("PUT", "/api/form", &[], b"a: 2\n");
    assert_eq!(put.status, 404);
    assert_eq!(read(&dir.path().join("新表单.yaml")), b"a: 1\n");
}

#[test]
fn foreign_host_or_origin_gets_403() {
    let dir = blank_dir();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, "地区: 某某县\n").unwrap();
    let s = Server::start(dir.path(), &["f.yaml"]);
    let port = s.port.to_string();
    let own_origin = format!("http://127.0.0.1:{port}");
    let rebound = format!("attacker.example:{port}");
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("Host", &rebound)],
        vec![("Host", "127.0.0.1")],
        vec![("Origin", "http://attacker.example")],
        vec![("Origin", "null")],
        vec![("Sec-Fetch-Site", "cross-site")],
    ];
    for headers in &cases {
        for (method, route) in [
            ("GET", "/"),
            ("GET", "/api/form"),
            ("POST", "/api/render"),
            ("PUT", "/api/form"),
        ] {
            let r = s.request(method, route, headers, b"x: 1\n");
            assert_eq!(r.status, 403, "{method} {route} {headers:?}");
            assert!(
                r.json()["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("拒绝访问")
            );
        }
    }
    assert_eq!(read(&path), "地区: 某某县\n".as_bytes());
    let own = s.request("GET", "/api/styles", &[("Origin", &own_origin)], b"");
    assert_eq!(own.status, 200);
    let local = s.request("GET", "/", &[("Host", &format!("localhost:{port}"))], b"");
    assert_eq!(local.status, 200);
}

#[test]
fn bodies_over_1_mib_get_413() {
    let dir = blank_dir();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, "地区: 某某县\n").unwrap();
    let s = Server::start(dir.path(), &["f.yaml"]);
    let big = vec![b'#'; (1 << 20) + 1];
    let r = s.post("/api/render", &big);
    assert_eq!(r.status, 413);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1 MiB")
    );
    assert_eq!(s.post("/api/check", &big).status, 413);
    assert_eq!(s.request("PUT", "/api/form", &[], &big).status, 413);
    assert_eq!(read(&path), "地区: 某某县\n".as_bytes());
    // Exactly 1 MiB is read (and refused as a form only if it is not one).
    let r = s.post("/api/render", &big[..1 << 20]);
    assert_eq!(r.status, 422);
}

#[test]
fn serve_listens_on_loopback_only() {
    let dir = blank_dir();
    let s = Server::start(dir.path(), &[]);
    assert!(s.url().starts_with("http://127.0.0.1:"));
    // Not on the other addresses of this machine, e.g. the unspecified one's
    // IPv6 loopback.
    assert!(std::net::TcpStream::connect(("::1", s.port)).is_err());
}

#[test]
fn render_writes_a_standalone_html_page() {
    let dir = blank_dir();
    let out = dir.path().join("报告.html");
    let form = common::example("示例市");
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .arg("render")
        .arg(&form)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && !html.contains("<script"));
    assert_eq!(
        html,
        huibao::write::html::to_html(&common::render(&form, None))
    );
}

#[test]
fn a_busy_port_or_a_directory_form_is_refused_in_chinese() {
    let dir = blank_dir();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(["serve", "--no-open", "--port", &port])
        .current_dir(dir.path())
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("无法在 127.0.0.1 上监听端口"), "{err}");
    assert!(err.contains("--port"), "{err}");

    std::fs::create_dir(dir.path().join("表单")).unwrap();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(["serve", "表单", "--no-open", "--port", "0"])
        .current_dir(dir.path())
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("表单") && err.contains("目录"), "{err}");
}
