//! Memory limits: for one form's work, for a template run inside it, and for
//! the forms of a batch together (docs/form.md §10.4).
//!
//! minijinja bounds run time (fuel) but not memory, and its `~` operator has
//! no hook where a size could be checked (`{% set s = s ~ s %}` thirty times
//! is 1 GiB). So the binary's allocator counts the bytes each thread holds;
//! inside [`limited`], the first allocation that would take the thread past
//! the limit more than it held on entry calls the handler set with
//! [`on_limit`] (the CLI prints a Chinese message, removes its temporary
//! files and exits 1; a `huibao serve` worker exits with a code its server
//! turns into an answer), instead of the process growing until the system
//! kills it. Limits nest: an inner one never raises an outer one.
//!
//! A batch runs many forms at once, each limited to its [`reservation`]; a
//! [`Budget`] lets a form start only when its reservation fits beside those
//! of the forms running, so the batch as a whole stays within
//! [`BATCH_BUDGET`] however many cores the machine has.
//!
//! Only the binary installs [`Bounded`]; the library alone never limits its
//! caller's memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

/// Bytes one template run may add to what its thread holds, when nothing
/// outside limits it more.
pub const LIMIT: usize = 200 << 20;

/// The most one form's work (reading, wording, template, document, file)
/// may hold: with the program itself the process stays under 200 MB.
pub const FORM_LIMIT: usize = 160 << 20;

/// What the forms of a batch may reserve together: with the program and
/// the batch's own bookkeeping the process stays under 500 MB.
pub const BATCH_BUDGET: usize = 400 << 20;

/// Every form's reservation holds at least this much: a small form takes
/// about 2 MiB with the built-in templates.
const BASE_RESERVATION: usize = 16 << 20;

/// The same with templates of the user's: room for the template limits
/// (output, strings built by filters: 16 MiB each) to stop a runaway
/// template with their own message before this limit does.
const CUSTOM_BASE_RESERVATION: usize = 64 << 20;

/// Bytes reserved per byte of form: the largest forms (1 MiB, the shapes of
/// `bench/gen-big.sh` and a form whose references add as much again) peak
/// below 90 bytes held per byte of form.
const PER_FORM_BYTE: usize = 144;

/// The bytes a form of `form_bytes` may hold while it is read, rendered and
/// written (with templates of the user's when `custom`), at most [`FORM_LIMIT`].
pub fn reservation(form_bytes: u64, custom: bool) -> usize {
    let size = usize::try_from(form_bytes).unwrap_or(usize::MAX);
    let base = if custom {
        CUSTOM_BASE_RESERVATION
    } else {
        BASE_RESERVATION
    };
    base.saturating_add(size.saturating_mul(PER_FORM_BYTE))
        .min(FORM_LIMIT)
}

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

thread_local! {
    /// The limit of the innermost [`limited`] call on this thread, for the
    /// handler's message.
    static ACTIVE: Cell<usize> = const { Cell::new(0) };
}

/// Runs `f` with this thread limited to `limit` more bytes than it holds
/// now, or less when an enclosing call allows less.
pub fn limited<R>(limit: usize, f: impl FnOnce() -> R) -> R {
    let start = HELD.with(Cell::get);
    let ceiling = start.saturating_add(isize::try_from(limit).unwrap_or(isize::MAX));
    let outer = CEILING.with(Cell::get);
    CEILING.with(|c| c.set(ceiling.min(outer)));
    // The limit in force is the outer one when that allows less.
    let outer_limit = ACTIVE.with(Cell::get);
    if ceiling <= outer {
        ACTIVE.with(|a| a.set(limit));
    }
    let result = f();
    CEILING.with(|c| c.set(outer));
    ACTIVE.with(|a| a.set(outer_limit));
    result
}

/// The limit of the innermost [`limited`] call running on this thread (0
/// outside one): what the handler reports.
pub fn active_limit() -> usize {
    ACTIVE.with(Cell::get)
}

/// Hands the memory this process has freed back to the system. glibc's
/// allocator keeps freed memory per thread arena for reuse; after a large
/// form on one of a batch's threads that would stay counted against the
/// machine while other threads take their turn.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own
    // heaps; it touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Makes every allocation of 128 KiB or more its own mapping, returned to
/// the system when freed. glibc otherwise raises that threshold each time
/// such a block is freed, after which large blocks come from the heap and
/// stay counted against the process once freed: a server passing one
/// 1 MiB body after another grew to 118 MB holding twenty.
pub fn map_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's threshold; a fixed value
    // is what glibc starts with.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}

/// Reservations of memory shared by the forms of a batch: a form waits
/// until its reservation fits beside those of the forms running.
pub struct Budget {
    total: usize,
    left: Mutex<usize>,
    freed: Condvar,
}

/// A part of a [`Budget`], given back when dropped.
pub struct Reservation<'b> {
    budget: &'b Budget,
    bytes: usize,
}

impl Budget {
    /// A budget of `total` bytes.
    pub const fn new(total: usize) -> Budget {
        Budget {
            total,
            left: Mutex::new(total),
            freed: Condvar::new(),
        }
    }

    /// Reserves `bytes` (at most the whole budget), waiting while the
    /// forms running hold too much of it.
    pub fn reserve(&self, bytes: usize) -> Reservation<'_> {
        let bytes = bytes.min(self.total);
        let mut left = self.left.lock().unwrap_or_else(|p| p.into_inner());
        while *left < bytes {
            left = self.freed.wait(left).unwrap_or_else(|p| p.into_inner());
        }
        *left -= bytes;
        Reservation {
            budget: self,
            bytes,
        }
    }
}

impl Reservation<'_> {
    /// The bytes reserved.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut left = self.budget.left.lock().unwrap_or_else(|p| p.into_inner());
        *left += self.bytes;
        self.budget.freed.notify_all();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    // Reservations grow with the form and stop at the single-form limit.
    #[test]
    fn reservations_follow_the_form_size() {
        assert_eq!(reservation(0, false), BASE_RESERVATION);
        assert_eq!(
            reservation(10_000, false),
            BASE_RESERVATION + 10_000 * PER_FORM_BYTE
        );
        assert_eq!(reservation(0, true), CUSTOM_BASE_RESERVATION);
        assert_eq!(reservation(1 << 20, false), FORM_LIMIT);
        assert_eq!(reservation(u64::MAX, true), FORM_LIMIT);
        const { assert!(FORM_LIMIT <= BATCH_BUDGET) };
    }

    // However many threads ask, what they hold together stays within the
    // budget; each gets what it asked for, at most the whole budget.
    #[test]
    fn a_budget_is_never_overdrawn() {
        static HELD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let budget = Budget::new(100);
        std::thread::scope(|s| {
            for i in 0..16 {
                let budget = &budget;
                s.spawn(move || {
                    for round in 0..50 {
                        let want = [10, 30, 60, 100, 250][(i + round) % 5];
                        let r = budget.reserve(want);
                        assert_eq!(r.bytes(), want.min(100));
                        let now = HELD.fetch_add(r.bytes(), Ordering::SeqCst) + r.bytes();
                        MOST.fetch_max(now, Ordering::SeqCst);
                        std::thread::yield_now();
                        HELD.fetch_sub(r.bytes(), Ordering::SeqCst);
                    }
                });
            }
        });
        assert!(MOST.load(Ordering::SeqCst) <= 100);
        assert_eq!(*budget.left.lock().unwrap(), 100, "all given back");
    }

    // Limits nest: the one reported is the tighter one in force.
    #[test]
    fn limits_nest() {
        assert_eq!(active_limit(), 0);
        limited(100 << 20, || {
            assert_eq!(active_limit(), 100 << 20);
            limited(200 << 20, || assert_eq!(active_limit(), 100 << 20));
            limited(10 << 20, || assert_eq!(active_limit(), 10 << 20));
            assert_eq!(active_limit(), 100 << 20);
        });
        assert_eq!(active_limit(), 0);
    }
}
