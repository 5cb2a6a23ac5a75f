//! Atomic writes that leave nothing behind: a temporary file beside the
//! output, renamed into place when complete.
//!
//! Only a regular file is ever replaced: a symbolic link is followed and
//! its target written (saving through a link to a form keeps the link), and
//! a device or a pipe is refused here; [`write_into`] writes into one
//! without replacing it, for outputs such as `/dev/null` or a FIFO.
//!
//! A temporary file is named `.huibao-<pid>-<random>.tmp`, after the process
//! writing it, so that:
//! - Ctrl-C, SIGTERM and SIGHUP remove the files of the process they stop
//!   (`in_flight`, read by the signal handler);
//! - files a killed run left (SIGKILL, a power cut) are removed by the next
//!   run writing into the same directory, once their process is gone.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, ErrorKind, Result};

use super::io_message;

/// Directories already swept of stale temporary files in this run.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

const PREFIX: &str = ".huibao-";
const SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically: a temporary file in the same directory,
/// then a rename, so a failure never leaves a half-written file and never
/// touches an existing file until the new one is complete.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    use std::io::Write;
    let file = path.display().to_string();
    let err = |msg: String| Error::new(ErrorKind::Io, msg).in_file(file.clone());
    // The file a link names is the one to replace, not the link.
    let resolved = resolve_links(path);
    let path = resolved.as_path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(err("输出目录不存在".into()));
    }
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(err("输出路径是一个目录".into()));
    }
    if let Some(m) = &existing
        && !m.is_file()
    {
        return Err(err(format!("{},只有普通文件可以被替换", kind_of(m))));
    }
    sweep_once(dir);
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(SUFFIX);
    // Temporary files are private (0600); the finished report should carry the
    // permissions of the file it replaces, or the usual 0644 of a new document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    // Recorded for the signal handler from before it exists until after it
    // is renamed (the entry is dropped last).
    let mut entry = super::in_flight::begin();
    if entry.interrupted() {
        return Err(err("已中断".into()));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| err(format!("无法在输出目录中写入:{}", io_message(&e))))?;
    entry.publish(tmp.path());
    let result = (|| {
        tmp.write_all(bytes).map_err(|e| err(io_message(&e)))?;
        // Flushed to disk only when replacing a file: a power cut after an
        // unflushed rename could leave an empty file where the user's old
        // report was. A new file has nothing to lose, and flushing each of a
        // thousand new reports would double a batch's time.
        if existing.is_some() {
            tmp.as_file().sync_all().map_err(|e| err(io_message(&e)))?;
        }
        let persisted = if overwrite {
            tmp.persist(path).map(|_| ())
        } else {
            tmp.persist_noclobber(path).map(|_| ())
        };
        persisted.map_err(|e| err(io_message(&e.error)))
    })();
    drop(entry);
    result
}

/// Most links followed to the file they name, as the system itself does.
const MAX_LINKS: usize = 40;

/// `path` with every symbolic link along its last component followed: the
/// file it names (which may not exist yet, for a link to a new file).
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let Ok(target) = std::fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    path
}

/// What a file that is not a regular one is, in Chinese.
pub fn kind_of(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "这是一个管道(FIFO),不是普通文件";
        }
        if t.is_char_device() || t.is_block_device() {
            return "这是一个设备文件,不是普通文件";
        }
        if t.is_socket() {
            return "这是一个套接字,不是普通文件";
        }
    }
    if m.is_dir() {
        return "这是一个目录,不是文件";
    }
    "这不是普通文件"
}

/// Writes `bytes` into the existing character device or pipe at `path`
/// (`/dev/null`, a terminal, a FIFO a program reads) without replacing it:
/// appended, as a shell's `>>` would, so `-o /dev/stdout >> log` keeps the log.
/// A pipe nobody reads is refused at once rather than waited on.
pub fn write_into(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let err = |msg: String| Error::new(ErrorKind::Io, msg).in_file(path.display().to_string());
    let mut options = std::fs::OpenOptions::new();
    options.append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a pipe without a reader would wait for one forever.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ENXIO) {
            return err("这是一个管道(FIFO),但没有程序在读取它,未写入".into());
        }
        err(format!("无法写入:{}", io_message(&e)))
    })?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // Blocking again for the write itself: a reader that is slow to
        // read is waited for, as a shell's redirection would.
        let fd = file.as_raw_fd();
        // SAFETY: plain fcntl calls on a descriptor this function owns.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| err(format!("无法写入:{}", io_message(&e))))
}

/// Removes the temporary files this process is writing and exits with
/// `code`; for the memory-limit handler (signals end the process through
/// [`super::in_flight`] directly).
pub fn exit_removing_temp_files(code: i32) -> ! {
    super::in_flight::remove_all();
    std::process::exit(code)
}

/// Removes, once per directory and run, the temporary files in `dir` whose
/// process no longer runs.
fn sweep_once(dir: &Path) {
    let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    {
        let Ok(mut swept) = SWEPT.lock() else { return };
        if !swept.get_or_insert_with(HashSet::new).insert(key) {
            return;
        }
    }
    remove_stale(dir, process_alive);
}

/// Removes the temporary files in `dir` whose process `alive` says is gone;
/// returns how many were removed.
pub fn remove_stale(dir: &Path, alive: impl Fn(u32) -> Option<bool>) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        // Unknown (no way to tell on this system): leave the file alone.
        if pid != std::process::id()
            && alive(pid) == Some(false)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file's name `.huibao-<pid>-<random>.tmp`.
pub fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` runs, where the system tells (`/proc`); `None`
/// elsewhere, so nothing is removed on a guess.
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    // A link is followed to the file it names, relative to the link's directory.
    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_their_target() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("sub/real.yaml", dir.path().join("link.yaml")).unwrap();
        std::os::unix::fs::symlink("link.yaml", dir.path().join("link2.yaml")).unwrap();
        let target = resolve_links(&dir.path().join("link2.yaml"));
        assert_eq!(target, dir.path().join("sub/real.yaml"));
        write_atomic(&dir.path().join("link2.yaml"), b"x", true).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("sub/real.yaml")).unwrap(),
            b"x"
        );
        let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).unwrap();
        assert!(link.file_type().is_symlink(), "the link stays a link");
        // A loop of links ends; the write then fails in Chinese.
        std::os::unix::fs::symlink("loop2", dir.path().join("loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", dir.path().join("loop2")).unwrap();
        let _ = resolve_links(&dir.path().join("loop1"));
    }

    #[test]
    fn reads_the_pid_from_a_temp_name() {
        assert_eq!(temp_file_pid(".huibao-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(temp_file_pid(".huibao-a1B2c3.tmp"), None);
        assert_eq!(temp_file_pid(".huibao-42-.tmp"), None);
        assert_eq!(temp_file_pid("huibao-42-x.tmp"), None);
        assert_eq!(temp_file_pid(".huibao-42-x.md"), None);
    }

    // Only the files of dead processes go; others' and unknown ones stay.
    #[test]
    fn removes_only_files_of_gone_processes() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".huibao-111-aaa.tmp",
            ".huibao-222-bbb.tmp",
            ".huibao-ccc.tmp",
            "report.md",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let removed = remove_stale(dir.path(), |pid| Some(pid == 222));
        assert_eq!(removed, 1);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".huibao-222-bbb.tmp", ".huibao-ccc.tmp", "report.md"]
        );
        assert_eq!(remove_stale(dir.path(), |_| None), 0);
    }
}
