//! A memory limit for template runs, for templates that build strings past
//! any sense (`{% set s = s ~ s %}` thirty times is 1 GiB).
//!
//! minijinja bounds run time (fuel) but not memory, and its `~` operator has
//! no hook where a size could be checked. So the binary's allocator counts
//! the bytes each thread holds; inside [`limited`] (one template run), the
//! first allocation that would take the thread past [`LIMIT`] more than it
//! held on entry calls the handler set with [`on_limit`] (the CLI prints a
//! Chinese message, removes its temporary files and exits 1), instead of the
//! process growing until the system kills it. The limit is per template run,
//! so a batch of large forms on many threads is never stopped by their sum.
//! Only the binary installs [`Bounded`]; the library alone never limits its
//! caller's memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes one template run may add to what its thread holds: a report from
/// the largest form takes a few MiB; the peak stays under 300 MB.
pub const LIMIT: usize = 200 << 20;

thread_local! {
    /// Bytes allocated minus bytes freed by this thread (may drift below
    /// zero when other threads free what this one allocated: harmless, as
    /// only the growth inside one [`limited`] call is compared).
    static HELD: Cell<isize> = const { Cell::new(0) };
    /// [`HELD`] past which an allocation trips the limit; `isize::MAX`
    /// outside [`limited`].
    static CEILING: Cell<isize> = const { Cell::new(isize::MAX) };
}

/// Set once the limit was hit: from then on allocations pass, so the
/// handler can print and clean up.
static TRIPPED: AtomicBool = AtomicBool::new(false);
static HANDLER: OnceLock<fn() -> !> = OnceLock::new();

/// Sets what happens when the limit is reached; the handler must end the process.
pub fn on_limit(handler: fn() -> !) {
    let _ = HANDLER.set(handler);
}

/// Runs `f` with this thread limited to [`LIMIT`] more bytes than it holds now.
pub fn limited<R>(f: impl FnOnce() -> R) -> R {
    let start = HELD.with(Cell::get);
    let ceiling = start.saturating_add(LIMIT as isize);
    let outer = CEILING.with(|c| c.replace(ceiling));
    let result = f();
    CEILING.with(|c| c.set(outer));
    result
}

/// The system allocator, counting bytes per thread and stopping a
/// [`limited`] run at [`LIMIT`].
pub struct Bounded;

impl Bounded {
    /// Counts `size` more bytes for this thread; false when they pass its ceiling.
    fn reserve(&self, size: usize) -> bool {
        let size = size as isize;
        // `try_with`: a thread being torn down has no counters left; let it be.
        let over = HELD
            .try_with(|held| {
                let now = held.get().saturating_add(size);
                let ceiling = CEILING.try_with(Cell::get).unwrap_or(isize::MAX);
                if now > ceiling && !TRIPPED.load(Ordering::Relaxed) {
                    return true;
                }
                held.set(now);
                false
            })
            .unwrap_or(false);
        !over
    }

    fn release(&self, size: usize) {
        let _ = HELD.try_with(|held| held.set(held.get().saturating_sub(size as isize)));
    }

    fn over_limit(&self) -> *mut u8 {
        if !TRIPPED.swap(true, Ordering::SeqCst)
            && let Some(handler) = HANDLER.get()
        {
            handler();
        }
        // No handler: the allocation fails as the system's would.
        std::ptr::null_mut()
    }
}

// SAFETY: every call is passed on to `System` unchanged; the counters only
// decide whether to make the call.
unsafe impl GlobalAlloc for Bounded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !self.reserve(layout.size()) {
            return self.over_limit();
        }
        // SAFETY: the caller's guarantees for `layout` hold for System too.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            self.release(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !self.reserve(layout.size()) {
            return self.over_limit();
        }
        // SAFETY: as in `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            self.release(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        self.release(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grow = new_size.saturating_sub(layout.size());
        if grow > 0 && !self.reserve(grow) {
            return self.over_limit();
        }
        // SAFETY: `ptr` was allocated by `System` with `layout`; the caller
        // guarantees `new_size` is valid for it.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            self.release(grow);
        } else if new_size < layout.size() {
            self.release(layout.size() - new_size);
        }
        p
    }
}
