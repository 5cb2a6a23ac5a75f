//! A process-wide memory limit, for templates that build strings past any
//! sense (`{% set s = s ~ s %}` thirty times is 1 GiB).
//!
//! minijinja bounds run time (fuel) but not memory, and its `~` operator has
//! no hook where a size could be checked. So the binary's allocator counts
//! the bytes in use; the first allocation that would pass [`LIMIT`] calls the
//! handler set with [`on_limit`] (the CLI prints a Chinese message, removes
//! its temporary files and exits 1), instead of the process growing until
//! the system kills it. Only the binary installs [`Bounded`]; the library
//! alone never limits its caller's memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes the process may hold at once: a batch of the largest forms needs a
/// few tens of MiB; the peak stays under 300 MB including the binary.
pub const LIMIT: usize = 256 << 20;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// Set once the limit was hit: from then on allocations pass, so the
/// handler can print and clean up.
static TRIPPED: AtomicBool = AtomicBool::new(false);
static HANDLER: OnceLock<fn() -> !> = OnceLock::new();

/// Sets what happens when the limit is reached; the handler must end the process.
pub fn on_limit(handler: fn() -> !) {
    let _ = HANDLER.set(handler);
}

/// The system allocator, counting bytes in use and stopping at [`LIMIT`].
pub struct Bounded;

impl Bounded {
    /// Counts `size` more bytes; false when they pass the limit (first time only).
    fn reserve(&self, size: usize) -> bool {
        let before = IN_USE.fetch_add(size, Ordering::Relaxed);
        if before.saturating_add(size) <= LIMIT || TRIPPED.load(Ordering::Relaxed) {
            return true;
        }
        IN_USE.fetch_sub(size, Ordering::Relaxed);
        false
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

// SAFETY: every call is passed on to `System` unchanged; the counter only
// decides whether to make the call.
unsafe impl GlobalAlloc for Bounded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !self.reserve(layout.size()) {
            return self.over_limit();
        }
        // SAFETY: the caller's guarantees for `layout` hold for System too.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
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
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
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
            IN_USE.fetch_sub(grow, Ordering::Relaxed);
        } else if new_size < layout.size() {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        p
    }
}
