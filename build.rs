//! Embeds every `templates/*.jinja` in the binary: writes the list of
//! `include_str!`s, so adding a built-in style is adding one template file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a target directory
    // shared between checkouts would otherwise keep the first checkout's path.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("templates");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("templates/ exists")
        .map(|e| e.expect("templates/ is readable").file_name())
        .filter_map(|n| n.into_string().ok())
        .filter(|n| n.ends_with(".jinja"))
        .collect();
    names.sort();
    let mut code = String::from("&[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push_str("]\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("templates.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
