//! PDF output on the binary and in serve: the file and its bytes, standard
//! output, batch, the stand-in notes on stderr, and the usage errors of
//! `--pdfa` and `--fonts`. What a reader sees in the PDF (fonts, lines,
//! bookmarks) is checked with poppler in `tests/reader/pdf*.rs`.

use std::path::Path;

use crate::common;
use crate::support::{Run, huibao};
// serve.rs includes it too; each test module keeps its own copy rather than
// reaching into another's.
#[allow(clippy::duplicate_mod)]
#[path = "../common/http.rs"]
mod http;

use huibao::write::{Format, Settings, encode_with};

/// The notes the CLI prints before rendering a PDF on this machine.
fn stand_in_notes() -> Vec<String> {
    let fonts = huibao::write::pdf::fonts(None).expect("a CJK face on the test machine");
    fonts
        .notes()
        .iter()
        .map(|n| huibao::punct::normalize(&format!("提醒\u{ff1a}{n}")))
        .collect()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir);
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p)
            } else {
                vec![p.display().to_string()]
            }
        })
        .collect()
}

// `-o r.pdf`: a PDF with the same bytes as the writer makes in process, the
// same on a second run and through `-f pdf -o -`; stderr names every face
// that stood in, before the file is reported.
#[test]
fn render_writes_the_pdf_and_names_the_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    let form = common::example("示例市");
    let run = Run::new(
        huibao(dir.path())
            .arg("render")
            .arg(&form)
            .args(["-o", "r.pdf"]),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let bytes = std::fs::read(dir.path().join("r.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"), "{:?}", &bytes[..16]);
    let doc = common::render(&form, None);
    let expected = encode_with(&doc, Format::Pdf, &Settings::default()).unwrap();
    assert_eq!(bytes, expected);

    let mut lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.pop(), Some("已生成\u{ff1a}r.pdf"), "{}", run.stderr);
    assert_eq!(lines, stand_in_notes(), "{}", run.stderr);

    let again = Run::new(
        huibao(dir.path())
            .arg("render")
            .arg(&form)
            .args(["-o", "s.pdf"]),
    );
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(std::fs::read(dir.path().join("s.pdf")).unwrap(), bytes);

    let out = huibao(dir.path())
        .arg("render")
        .arg(&form)
        .args(["-f", "pdf", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, bytes);
}

// A directory of forms with -f pdf: one PDF per form, the notes once.
#[test]
fn batch_writes_one_pdf_per_form() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    std::fs::create_dir(&forms).unwrap();
    for name in ["a", "b"] {
        std::fs::copy(
            common::example("某某县"),
            forms.join(format!("{name}.yaml")),
        )
        .unwrap();
    }
    let run = Run::new(huibao(dir.path()).args(["render", "forms", "-f", "pdf", "-o", "out"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for name in ["a", "b"] {
        let pdf = std::fs::read(dir.path().join("out").join(format!("{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
    for note in stand_in_notes() {
        assert_eq!(run.stderr.matches(&note).count(), 1, "{}", run.stderr);
    }
    assert!(
        run.stderr.contains("共2份表单\u{ff1a}成功2份"),
        "{}",
        run.stderr
    );
}

// --pdfa belongs to PDF output and --fonts to PDF and HTML: elsewhere a
// usage error; a --fonts that is not a folder is refused; nothing is written.
#[test]
fn pdf_options_without_pdf_output_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let form = common::example("示例市");
    std::fs::write(dir.path().join("f.ttf"), b"not a font").unwrap();
    let before = listing(dir.path());
    for (args, fragment) in [
        (&["-o", "r.docx", "--pdfa"][..], "--pdfa 只用于 PDF 输出"),
        (
            &["-o", "r.md", "--fonts", "."],
            "--fonts 只用于 PDF 和 HTML 输出",
        ),
    ] {
        let run = Run::new(huibao(dir.path()).arg("render").arg(&form).args(args));
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
        assert_eq!(listing(dir.path()), before, "{args:?}");
    }
    // A --fonts that is not a folder: exit 1, as for HTML (tests/integration/cli.rs).
    for (args, fragment) in [
        (
            &["-o", "r.pdf", "--fonts", "nosuch"][..],
            "字体目录不存在或不是目录",
        ),
        (
            &["-o", "r.pdf", "--fonts", "f.ttf"],
            "字体目录不存在或不是目录",
        ),
    ] {
        let run = Run::new(huibao(dir.path()).arg("render").arg(&form).args(args));
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
        assert_eq!(listing(dir.path()), before, "{args:?}");
    }
}

// --pdfa: the XMP packet claims PDF/A-2b and the file carries the creation
// date PDF/A asks for (the run's day: SOURCE_DATE_EPOCH here).
#[test]
fn pdfa_claims_pdfa_2b() {
    let dir = tempfile::tempdir().unwrap();
    let form = common::example("示例市");
    let run = Run::new(
        huibao(dir.path())
            .arg("render")
            .arg(&form)
            .args(["-o", "a.pdf", "--pdfa"]),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let bytes = std::fs::read(dir.path().join("a.pdf")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "no pdfaid:part"
    );
    assert!(
        text.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "no conformance B"
    );
    assert!(text.contains("2025-01-01"), "no creation date");
    // An ordinary PDF carries no date: the same form, the same bytes any day.
    let plain = Run::new(
        huibao(dir.path())
            .arg("render")
            .arg(&form)
            .args(["-o", "p.pdf"]),
    );
    assert_eq!(plain.code, Some(0), "{}", plain.stderr);
    let plain = std::fs::read(dir.path().join("p.pdf")).unwrap();
    assert!(!String::from_utf8_lossy(&plain).contains("CreationDate"));
}

// serve's export: application/pdf as an attachment named after the title,
// the same bytes as the command line writes.
#[test]
fn serve_exports_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let s = http::Server::start(dir.path(), &[]);
    let form = common::example("示例市");
    let pdf = s.post("/api/render?format=pdf", &std::fs::read(&form).unwrap());
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let disposition = pdf.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename*=UTF-8''") && disposition.ends_with(".pdf"),
        "{disposition}"
    );
    let doc = common::render(&form, None);
    assert_eq!(
        pdf.body,
        encode_with(&doc, Format::Pdf, &Settings::default()).unwrap()
    );
    let bad = s.post("/api/render?format=odt", b"");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("pdf"), "{}", bad.text());
}
