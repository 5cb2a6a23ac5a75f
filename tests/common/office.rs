//! Seeing a DOCX as a reader does: LibreOffice converts it to PDF, poppler
//! reports every word's box (`pdftotext -bbox`) or draws a page (`pdftoppm`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory, removed on drop; named per process and purpose so
/// parallel test runs never share files or LibreOffice profiles.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A fresh, empty directory.
    pub fn new(purpose: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("huibao-{purpose}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether LibreOffice can run here. Without it: under CI (env `CI` set) the
/// test fails; locally it prints a loud note and the caller skips.
pub fn soffice_available(test: &str) -> bool {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{test}: soffice (LibreOffice) is missing on CI; run .ci/libreoffice.sh");
        }
        // Straight to stderr: the test harness swallows eprintln! of passing tests.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {test}: soffice (LibreOffice) not found. \
             Run .ci/libreoffice.sh to measure the rendered layout. ***\n"
        );
    }
    found
}

/// Converts every `.docx` in `files` to PDF in `dir`, with a private profile.
pub fn to_pdf(dir: &Path, files: &[PathBuf]) {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let out = Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One word box from `pdftotext -bbox`, in points from the top left.
#[derive(Debug, Clone)]
pub struct Word {
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub text: String,
}

/// A line: words sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub struct Line {
    pub words: Vec<Word>,
}

impl Line {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        words.join(" ")
    }
    /// Characters on the line, spaces between words not counted.
    pub fn chars(&self) -> usize {
        self.words.iter().map(|w| w.text.chars().count()).sum()
    }
    pub fn x_min(&self) -> f64 {
        self.words.iter().map(|w| w.x_min).fold(f64::MAX, f64::min)
    }
    pub fn x_max(&self) -> f64 {
        self.words.iter().map(|w| w.x_max).fold(f64::MIN, f64::max)
    }
    pub fn y_min(&self) -> f64 {
        self.words[0].y_min
    }
}

/// A page: its width and its lines, top to bottom.
#[derive(Debug, Clone)]
pub struct Page {
    pub width: f64,
    pub lines: Vec<Line>,
}

/// The PDF's metadata `<title>` and Author, and its pages, from `pdftotext -bbox`.
pub fn bbox(pdf: &Path) -> (String, String, Vec<Page>) {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    let html = String::from_utf8(out.stdout).expect("UTF-8 output");
    let title = between(&html, "<title>", "</title>").unwrap_or_default();
    let author = between(&html, "<meta name=\"Author\" content=\"", "\"").unwrap_or_default();
    let mut pages = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut width = 0.0;
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            width = attr(line, "width");
            words.clear();
        } else if line.starts_with("<word ") {
            words.push(Word {
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                text: between(line, "\">", "</word>").unwrap_or_default(),
            });
        } else if line == "</page>" {
            pages.push(Page {
                width,
                lines: group_lines(&words),
            });
        }
    }
    (title, author, pages)
}

/// Groups words into lines: same top within a point.
fn group_lines(words: &[Word]) -> Vec<Line> {
    let mut sorted = words.to_vec();
    sorted.sort_by(|a, b| {
        a.y_min
            .total_cmp(&b.y_min)
            .then(a.x_min.total_cmp(&b.x_min))
    });
    let mut lines: Vec<Line> = Vec::new();
    for w in sorted {
        match lines.last_mut() {
            Some(l) if (l.y_min() - w.y_min).abs() < 1.0 => l.words.push(w),
            _ => lines.push(Line { words: vec![w] }),
        }
    }
    for l in &mut lines {
        l.words.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
    }
    lines
}

fn attr(tag: &str, name: &str) -> f64 {
    between(tag, &format!(" {name}=\""), "\"")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let from = s.find(start)? + start.len();
    let to = from + s[from..].find(end)?;
    Some(s[from..to].to_string())
}

/// Draws page 1 of `pdf` as a PNG at 80 dpi (for docs and eyeballing).
pub fn page1_png(pdf: &Path, png: &Path) {
    let stem = png.with_extension("");
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("run pdftoppm")
        .success();
    assert!(ok, "pdftoppm failed");
}

/// The titles of a PDF's bookmarks (outline entries), in file order.
pub fn bookmarks(pdf: &Path) -> Vec<String> {
    let data = std::fs::read(pdf).expect("read the PDF");
    let text = String::from_utf8_lossy(&data);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("/Title") {
        rest = rest[at + 6..].trim_start();
        // Outline items point to their parent; the document information's
        // /Title does not.
        let dict_end = rest.find(">>").unwrap_or(rest.len());
        if !rest[..dict_end].contains("/Parent") {
            continue;
        }
        if let Some(hex) = rest.strip_prefix('<') {
            let end = hex.find('>').unwrap_or(0);
            let bytes: Vec<u8> = (0..end / 2)
                .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
                .collect();
            if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
                let units: Vec<u16> = utf16
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                out.push(String::from_utf16_lossy(&units));
            }
        }
    }
    out
}

/// Page 1 of `pdf` drawn in gray at `dpi`: (width, height, one byte a
/// pixel, 0 black), from `pdftoppm -gray` (a binary PGM).
pub fn page1_gray(pdf: &Path, dpi: u32) -> (usize, usize, Vec<u8>) {
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success(), "pdftoppm failed");
    let data = out.stdout;
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5", "a binary PGM");
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    let pixels = data[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}
