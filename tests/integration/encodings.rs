//! Forms in GBK, GB18030 and UTF-16 (docs/form.md §11.3): `check`, `render`
//! and `serve` read them and say so; `serve` saves them back in their own
//! encoding, or as UTF-8 when asked; nothing is written that the tool could
//! not read faithfully (issue 18, item 6).

use std::path::Path;
use std::process::Command;

use huibao::form::encoding::{Encoding, encode};

use crate::serve::http::Server;

fn huibao(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_huibao"));
    c.current_dir(dir).env("SOURCE_DATE_EPOCH", "1735689600");
    c
}

fn example() -> String {
    std::fs::read_to_string(crate::common::example("示例市")).unwrap()
}

/// The example in each encoding the tool reads, with the file's bytes.
fn encoded() -> Vec<(Encoding, Vec<u8>)> {
    let text = example();
    [
        (Encoding::Gbk, false),
        (Encoding::Utf16Le, true),
        (Encoding::Utf16Be, true),
    ]
    .into_iter()
    .map(|(e, bom)| (e, encode(&text, e, bom).unwrap()))
    .chain([(
        Encoding::Gb18030,
        encode(
            &text.replace("示例市科学技术局", "示例市\u{20000}局"),
            Encoding::Gb18030,
            false,
        )
        .unwrap(),
    )])
    .collect()
}

// `render` of a form in another encoding gives the same draft as the UTF-8
// file and says how it read it; `check` says so too.
#[test]
fn check_and_render_read_other_encodings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("utf8.yaml"), example()).unwrap();
    let out = huibao(dir.path())
        .args(["render", "utf8.yaml", "-o", "utf8.md"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let want = std::fs::read_to_string(dir.path().join("utf8.md")).unwrap();
    for (encoding, bytes) in encoded() {
        std::fs::write(dir.path().join("f.yaml"), &bytes).unwrap();
        let out = huibao(dir.path())
            .args(["render", "f.yaml", "-o", "f.md"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{encoding:?}: {stderr}");
        let note = format!("f.yaml\u{ff1a}已按 {} 读取", encoding.name());
        assert!(stderr.contains(&note), "{encoding:?}: {stderr}");
        let got = std::fs::read_to_string(dir.path().join("f.md")).unwrap();
        if encoding == Encoding::Gb18030 {
            assert!(got.contains("示例市\u{20000}局"));
        } else {
            assert_eq!(got, want, "{encoding:?}");
        }
        let out = huibao(dir.path())
            .args(["check", "f.yaml"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}");
        assert!(stdout.starts_with(&note), "{stdout}");
        // The form itself is never rewritten.
        assert_eq!(std::fs::read(dir.path().join("f.yaml")).unwrap(), bytes);
    }
}

// Bytes that are text in none of the encodings: refused by name, nothing written.
#[test]
fn non_text_forms_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("f.yaml"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    let out = huibao(dir.path())
        .args(["render", "f.yaml", "-o", "f.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("f.yaml") && stderr.contains("不是文本"),
        "{stderr}"
    );
    assert!(!dir.path().join("f.md").exists());
}

// In serve: the text decoded with its encoding; saved back in it, so an
// unchanged form keeps its bytes; a character GBK lacks refused by name; UTF-8
// only when asked.
#[test]
fn serve_saves_a_form_in_its_own_encoding() {
    for (encoding, bytes) in encoded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.yaml");
        std::fs::write(&path, &bytes).unwrap();
        let s = Server::start(dir.path(), &["f.yaml"]);
        let v = s.get("/api/form").json();
        assert_eq!(v["encoding"], encoding.name());
        let text = v["text"].as_str().unwrap().to_string();
        assert!(text.starts_with("# 示例市科学技术局") || encoding == Encoding::Gb18030);
        assert!(!text.contains('\u{fffd}'));
        let version = v["version"].as_str().unwrap().to_string();

        let put = s.request(
            "PUT",
            "/api/form",
            &[("If-Match", &version)],
            text.as_bytes(),
        );
        assert_eq!(put.status, 200, "{}", put.text());
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{encoding:?}");
        let version = put.json()["version"].as_str().unwrap().to_string();

        // A character GBK lacks: refused, named, the file as it was.
        if encoding == Encoding::Gbk {
            let emoji = text.replace("数值: 251", "数值: 251\n    说明: 😀");
            let put = s.request(
                "PUT",
                "/api/form",
                &[("If-Match", &version)],
                emoji.as_bytes(),
            );
            assert_eq!(put.status, 422, "{}", put.text());
            let e = &put.json()["errors"][0];
            assert!(
                e["message"]
                    .as_str()
                    .unwrap()
                    .contains("“😀”(U+1F600)无法用 GBK 编码保存"),
                "{e}"
            );
            assert!(e["line"].as_u64().is_some(), "{e}");
            assert_eq!(std::fs::read(&path).unwrap(), bytes);
            // Converted when the clerk agrees.
            let put = s.request(
                "PUT",
                "/api/form?encoding=utf-8",
                &[("If-Match", &version)],
                emoji.as_bytes(),
            );
            assert_eq!(put.status, 200, "{}", put.text());
            assert_eq!(put.json()["encoding"], "UTF-8");
            assert_eq!(std::fs::read(&path).unwrap(), emoji.as_bytes());
            assert_eq!(s.get("/api/form").json()["encoding"], "UTF-8");
        }
    }
}

// A FORM that is not text: not shown, and never written over.
#[test]
fn serve_never_overwrites_what_it_could_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    let junk = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec();
    std::fs::write(&path, &junk).unwrap();
    let s = Server::start(dir.path(), &["f.yaml"]);
    let got = s.get("/api/form");
    assert_eq!(got.status, 422);
    assert!(
        got.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不是文本")
    );
    for query in ["", "?encoding=utf-8"] {
        let put = s.request("PUT", &format!("/api/form{query}"), &[], b"a: 1\n");
        assert_eq!(put.status, 422, "{}", put.text());
        assert_eq!(std::fs::read(&path).unwrap(), junk);
    }
}
