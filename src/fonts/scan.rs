//! Where fonts live: the folders fontconfig, Windows and macOS install them
//! in, walked for font files.

use std::path::{Path, PathBuf};

/// Folders deeper than this under a font folder are not walked (and a link
/// loop ends here).
const MAX_DEPTH: usize = 6;

/// The system's and the user's font folders that exist, in the order
/// fontconfig, Windows and macOS read them.
pub fn system_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").unwrap_or_else(|| "C:\\Windows".into());
        dirs.push(PathBuf::from(windir).join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push("/Library/Fonts".into());
        dirs.push("/System/Library/Fonts".into());
        if let Some(h) = &home {
            dirs.push(h.join("Library/Fonts"));
        }
    } else {
        dirs.push("/usr/share/fonts".into());
        dirs.push("/usr/local/share/fonts".into());
        match std::env::var_os("XDG_DATA_HOME") {
            Some(data) if !data.is_empty() => dirs.push(PathBuf::from(data).join("fonts")),
            _ => {
                if let Some(h) = &home {
                    dirs.push(h.join(".local/share/fonts"));
                }
            }
        }
        if let Some(h) = &home {
            dirs.push(h.join(".fonts"));
        }
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// Whether a file name ends in a font extension (`.ttf`, `.otf`, `.ttc`, `.otc`).
pub fn is_font_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The font files under `dir`, sorted, so the same folder gives the same
/// choice on every run.
pub fn font_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk(dir, 0, &mut files);
    files.sort();
    files
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // The entry's own type, without a stat; a link is followed.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let is_dir = kind.is_dir() || (kind.is_symlink() && path.is_dir());
        if is_dir {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, out);
            }
        } else if entry.file_name().to_str().is_some_and(is_font_file) {
            out.push(path);
        }
    }
}
