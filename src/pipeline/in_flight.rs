//! The temporary files this process is writing, kept where a signal handler
//! may read them: Ctrl-C, SIGTERM and SIGHUP remove them before the process
//! ends (docs/form.md §10).
//!
//! The handler runs in whichever thread the signal interrupts, not in a
//! thread waiting for signals: starting such a thread cost about 0.9 ms of a
//! 4.6 ms report (README, 性能). A handler may take no lock and allocate
//! nothing, so the paths live in a fixed table of slots whose state is an
//! atomic:
//!
//! - a writer claims a free slot (`FREE` → `BUSY`) with the three signals
//!   blocked on its thread, creates the file, stores its path and publishes
//!   it (`BUSY` → `READY`), then unblocks them;
//! - a writer that finds the process ending creates no file;
//! - when the file is renamed into place or removed, the writer frees the
//!   slot (`READY` → `FREE`), so only a thread with the signals blocked
//!   ever holds a slot `BUSY`;
//! - the handler claims each published slot (`READY` → `CLAIMED`) before it
//!   reads the path, so a path is never freed while it is read, and waits
//!   for slots other threads hold `BUSY`, then ends the process.
//!
//! A run writes one file per worker thread at a time; with more than
//! [`SLOTS`] at once the rest are unprotected, and a killed run's files are
//! swept by the next run into the directory anyway (`atomic::sweep_once`).

use std::path::Path;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, Ordering};

#[cfg(not(unix))]
use other::{Mask, Stored, block_signals, remove_stored, restore_signals, to_stored};
#[cfg(unix)]
use unix::{Mask, Stored, block_signals, remove_stored, restore_signals, to_stored};

/// Files one process can protect at once: more than worker threads.
pub const SLOTS: usize = 64;

const FREE: u8 = 0;
const BUSY: u8 = 1;
const READY: u8 = 2;
const CLAIMED: u8 = 3;

struct Slot {
    state: AtomicU8,
    /// A leaked `Box<Stored>`, owned by whoever holds the slot.
    path: AtomicPtr<Stored>,
}

/// The slots of one process (a table of its own in tests).
pub struct Table {
    slots: [Slot; SLOTS],
    /// Set by the first handler run: no writer creates a file after it (and
    /// one without a slot removes the file it made).
    ending: AtomicBool,
}

/// This process's table.
static PROCESS: Table = Table::new();

/// Installs the handler for Ctrl-C, SIGTERM and SIGHUP (once per process);
/// they end the process with status 130 after removing its temporary files.
pub fn remove_on_signals() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(install);
}

/// Removes every file this process is writing; for the memory-limit handler
/// just before it ends the process.
pub fn remove_all() {
    PROCESS.remove_all();
}

/// Claims a slot for a file about to be created; the signals stay blocked
/// on this thread until [`Entry::publish`] or the entry is dropped.
pub fn begin() -> Entry {
    PROCESS.begin()
}

impl Table {
    const fn new() -> Table {
        Table {
            slots: [const {
                Slot {
                    state: AtomicU8::new(FREE),
                    path: AtomicPtr::new(ptr::null_mut()),
                }
            }; SLOTS],
            ending: AtomicBool::new(false),
        }
    }

    fn begin(&'static self) -> Entry {
        let old_mask = block_signals();
        // SeqCst here and in `remove_all`: either the handler sees this slot
        // taken (and waits for its file), or this sees `ending` (and creates
        // no file), never neither.
        let slot = self.slots.iter().find(|s| {
            s.state
                .compare_exchange(FREE, BUSY, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok()
        });
        let mut entry = Entry {
            table: self,
            slot,
            old_mask,
            interrupted: false,
        };
        if self.ending.load(Ordering::SeqCst) {
            if let Some(slot) = entry.slot.take() {
                slot.state.store(FREE, Ordering::Release);
            }
            entry.interrupted = true;
            entry.unblock();
        }
        entry
    }

    /// Removes every published file; files published later are removed by
    /// their writers.
    fn remove_all(&self) {
        self.ending.store(true, Ordering::SeqCst);
        for slot in &self.slots {
            // A writer holds a slot `BUSY` only while creating or releasing its
            // file, with the signals blocked on its thread, so it is another
            // thread and will move on; the bound keeps a stuck disk from
            // holding the process forever (about a second).
            for _ in 0..1_000_000 {
                let claim = slot.state.compare_exchange(
                    READY,
                    CLAIMED,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                );
                match claim {
                    Ok(_) => {
                        let path = slot.path.load(Ordering::Acquire);
                        // SAFETY: a published path is a live `Box<Stored>`,
                        // and once claimed it is never freed.
                        if let Some(path) = unsafe { path.as_ref() } {
                            remove_stored(path);
                        }
                        break;
                    }
                    // `sched_yield` on Unix: async-signal-safe.
                    Err(BUSY) => std::thread::yield_now(),
                    Err(_) => break,
                }
            }
        }
    }
}

/// One temporary file's slot, from before it is created until it is renamed
/// or removed; frees the slot when dropped.
pub struct Entry {
    table: &'static Table,
    slot: Option<&'static Slot>,
    /// Signal mask to restore when the file is published (or given up).
    old_mask: Option<Mask>,
    interrupted: bool,
}

impl Entry {
    /// The process is ending on a signal: the file must not be created.
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    /// Records the created file's path and lets signals in again.
    pub fn publish(&mut self, path: &Path) {
        if let Some(slot) = self.slot
            && let Some(stored) = to_stored(path)
        {
            slot.path
                .store(Box::into_raw(Box::new(stored)), Ordering::Release);
            slot.state.store(READY, Ordering::Release);
        }
        if self.slot.is_none() && self.table.ending.load(Ordering::SeqCst) {
            // Without a slot the handler cannot see this file.
            let _ = std::fs::remove_file(path);
        }
        self.unblock();
    }

    fn unblock(&mut self) {
        if let Some(mask) = self.old_mask.take() {
            restore_signals(&mask);
        }
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            // Only the owner writes the path of a slot it holds, so the one
            // read here is ours; once `FREE`, no handler reads it any more.
            let path = slot.path.load(Ordering::Acquire);
            let released =
                slot.state
                    .compare_exchange(READY, FREE, Ordering::SeqCst, Ordering::Relaxed);
            match released {
                Ok(_) if !path.is_null() => {
                    // SAFETY: made by `Box::into_raw` in `publish`, and no
                    // handler claimed it.
                    drop(unsafe { Box::from_raw(path) });
                }
                Ok(_) => {}
                // Never published (creation failed): still ours.
                Err(BUSY) => slot.state.store(FREE, Ordering::Release),
                // Claimed by a handler that is ending the process: leave it.
                Err(_) => {}
            }
        }
        self.unblock();
    }
}

#[cfg(unix)]
mod unix {
    use std::ffi::{CString, c_int};
    use std::path::Path;
    use std::ptr;

    /// A path as `unlink` takes it.
    pub type Stored = CString;
    pub type Mask = libc::sigset_t;

    const SIGNALS: [c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    pub fn to_stored(path: &Path) -> Option<Stored> {
        use std::os::unix::ffi::OsStrExt;
        CString::new(path.as_os_str().as_bytes()).ok()
    }

    pub fn remove_stored(path: &Stored) {
        // SAFETY: a valid C string; `unlink` is async-signal-safe.
        unsafe { libc::unlink(path.as_ptr()) };
    }

    pub(super) fn install() {
        for signal in SIGNALS {
            // SAFETY: a zeroed sigaction is valid; `on_signal` only makes
            // async-signal-safe calls (atomics, unlink, sched_yield, _exit).
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(c_int) as libc::sighandler_t;
                action.sa_mask = signal_set();
                libc::sigaction(signal, &action, ptr::null_mut());
            }
        }
    }

    extern "C" fn on_signal(_: c_int) {
        super::PROCESS.remove_all();
        // SAFETY: `_exit` is async-signal-safe and ends the process at once.
        unsafe { libc::_exit(130) }
    }

    fn signal_set() -> libc::sigset_t {
        // SAFETY: plain sigset manipulation on a stack value.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for s in SIGNALS {
                libc::sigaddset(&mut set, s);
            }
            set
        }
    }

    pub fn block_signals() -> Option<Mask> {
        let set = signal_set();
        // SAFETY: `old` is written by the call before it is read.
        unsafe {
            let mut old: libc::sigset_t = std::mem::zeroed();
            (libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old) == 0).then_some(old)
        }
    }

    pub fn restore_signals(mask: &Mask) {
        // SAFETY: restores a mask `block_signals` saved.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, mask, ptr::null_mut()) };
    }
}
#[cfg(unix)]
use unix::install;

/// Elsewhere Ctrl-C runs its handler in a thread of its own (the console
/// starts it), where a lock or an allocation is allowed.
#[cfg(not(unix))]
mod other {
    use std::path::{Path, PathBuf};

    pub type Stored = PathBuf;
    pub type Mask = ();

    pub fn to_stored(path: &Path) -> Option<Stored> {
        Some(path.to_path_buf())
    }

    pub fn remove_stored(path: &Stored) {
        let _ = std::fs::remove_file(path);
    }

    pub(super) fn install() {
        let _ = ctrlc::set_handler(|| {
            super::PROCESS.remove_all();
            std::process::exit(130)
        });
    }

    pub fn block_signals() -> Option<Mask> {
        None
    }

    pub fn restore_signals(_: &Mask) {}
}
#[cfg(not(unix))]
use other::install;

#[cfg(test)]
mod tests {
    use super::*;

    // What the handler does before `_exit`, on a table of the test's own:
    // published files go; files renamed into place or never created do not
    // matter; a claimed slot is left alone by its writer.
    #[test]
    fn the_handler_removes_published_files_only() {
        let table: &'static Table = Box::leak(Box::new(Table::new()));
        let dir = tempfile::tempdir().unwrap();
        let [kept, done, open] = ["kept", "done", "open"].map(|n| {
            let p = dir.path().join(format!("{n}.tmp"));
            std::fs::write(&p, "x").unwrap();
            p
        });
        let mut finished = table.begin();
        finished.publish(&done);
        drop(finished);
        let unpublished = table.begin();
        let mut writing = table.begin();
        writing.publish(&open);
        let slot = writing.slot.unwrap();
        drop(unpublished);
        assert_eq!(slot.state.load(Ordering::SeqCst), READY);
        table.remove_all();
        assert!(!open.exists(), "a published file is removed");
        assert!(kept.exists() && done.exists(), "other files stay");
        assert_eq!(slot.state.load(Ordering::SeqCst), CLAIMED);
        drop(writing);
        assert_eq!(
            slot.state.load(Ordering::SeqCst),
            CLAIMED,
            "claimed stays claimed"
        );
        let after = table.begin();
        assert!(after.interrupted(), "no file is created once ending");
        assert!(after.slot.is_none());
    }

    #[test]
    fn slots_are_reused() {
        let table: &'static Table = Box::leak(Box::new(Table::new()));
        for _ in 0..3 * SLOTS {
            let mut e = table.begin();
            assert!(e.slot.is_some());
            e.publish(Path::new("/nonexistent/x.tmp"));
        }
        let held: Vec<Entry> = (0..SLOTS + 1).map(|_| table.begin()).collect();
        assert!(held[SLOTS - 1].slot.is_some());
        assert!(held[SLOTS].slot.is_none(), "a full table protects no more");
    }
}
