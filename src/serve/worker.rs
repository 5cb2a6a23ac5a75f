//! Form work in worker processes: every endpoint that parses a form runs in
//! a child process of the same binary (`huibao __serve-worker`), so that no
//! form can freeze, exhaust or end the server.
//!
//! - At most [`slots`] workers run at once, and each first reserves the
//!   memory its form may need ([`crate::memory::reservation`] of the body)
//!   from [`crate::memory::BATCH_BUDGET`]: twenty 1 MiB previews run two at a
//!   time rather than twenty at once.
//! - A worker runs its endpoint limited to that reservation (past it the
//!   memory handler ends the worker with [`OUT_OF_MEMORY`]), under an
//!   address-space limit as a backstop, and is killed after [`TIME_LIMIT`].
//!   The server maps how a worker ended to the answer: its own answer, 413
//!   for memory, 422 for time, 500 for a crash or a panic, always in the
//!   JSON error shape and in Chinese.
//! - One worker is started ahead and waits for its request, so a preview does
//!   not wait for a process to start; each worker answers one request and
//!   exits, so nothing one form did is left for the next.
//!
//! The protocol: the server writes the request ([`super::http::encode_job`])
//! to the worker's standard input and closes it; the worker writes the answer
//! ([`super::http::encode_answer`]) to its standard output and exits 0.

use std::process::Stdio;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use hyper::StatusCode;
use tokio::io::AsyncWriteExt;
use tokio::process::{Child, Command};
use tokio::sync::Semaphore;

use super::http::{Answer, Request, decode_job, encode_answer, encode_job, read_answer};
use super::routes::{self, Run};
use super::{Ctx, MAX_BODY};

/// The hidden subcommand a worker runs as.
pub const WORKER_COMMAND: &str = "__serve-worker";

/// The environment variable that hands `--fonts DIR` to a worker.
const FONTS_ENV: &str = "HUIBAO_SERVE_FONTS";

/// A worker's exit code when it passed its memory limit.
pub const OUT_OF_MEMORY: i32 = 3;

/// How long one request may take in a worker, start to answer.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Largest answer read from a worker: far above a document from the
/// largest form (a 1 MiB form's DOCX is about 18 MB), far below the
/// server's memory.
const MAX_ANSWER: usize = 256 << 20;

/// Address space a worker may map beyond its memory reservation: the
/// program, its stack and the allocator's spare room. A backstop only: the
/// counting allocator stops the worker first, with a proper answer.
const ADDRESS_SPACE_MARGIN: u64 = 1 << 30;

/// Processor seconds a worker may use: a backstop should the server be gone
/// and not kill it after [`TIME_LIMIT`].
const CPU_SECONDS: u64 = 60;

/// Set in a worker process: the memory handler exits with [`OUT_OF_MEMORY`].
static IN_WORKER: AtomicBool = AtomicBool::new(false);

/// Whether this process is a worker.
pub fn in_worker() -> bool {
    IN_WORKER.load(Ordering::Relaxed)
}

/// How many workers run at once: one per core, at most four.
pub fn slots() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// The server's side: the limits on workers and the worker started ahead.
pub struct Pool {
    slots: Semaphore,
    /// The memory budget in MiB.
    memory: Semaphore,
    spare: Mutex<Option<Child>>,
    time_limit: Duration,
}

impl Pool {
    /// A pool with no worker started yet.
    pub fn new() -> Pool {
        Pool {
            slots: Semaphore::new(slots()),
            memory: Semaphore::new(mib(crate::memory::BATCH_BUDGET)),
            spare: Mutex::new(None),
            time_limit: time_limit(),
        }
    }

    /// Starts a worker to wait for the next request, unless one waits
    /// already; inside the server's runtime, on its thread (a worker ends
    /// with the thread that started it).
    pub fn start_spare(&self) {
        let mut spare = self.spare.lock().unwrap_or_else(|p| p.into_inner());
        if spare.is_none() {
            *spare = spawn().ok();
        }
    }

    /// The waiting worker if it is still alive, else a new one.
    fn take(&self) -> std::io::Result<Child> {
        let waiting = self.spare.lock().unwrap_or_else(|p| p.into_inner()).take();
        match waiting {
            Some(mut child) => match child.try_wait() {
                Ok(None) => Ok(child),
                _ => spawn(),
            },
            None => spawn(),
        }
    }

    /// Runs `request` in a worker and returns its answer, or the answer for
    /// how the worker failed.
    pub async fn run(&self, request: &Request) -> Answer {
        let limit = crate::memory::reservation(request.body.len() as u64, false);
        // Closed never: the semaphores live as long as the pool.
        let Ok(_slot) = self.slots.acquire().await else {
            return busy();
        };
        let Ok(_memory) = self.memory.acquire_many(mib(limit) as u32).await else {
            return busy();
        };
        let job = encode_job(request, limit);
        let child = match self.take() {
            Ok(c) => c,
            Err(e) => return spawn_failed(&e),
        };
        // The next request's worker starts while this one works.
        self.start_spare();
        let ended = match self.exchange(child, &job).await {
            // A worker that died waiting (killed from outside) is replaced once.
            Err(Failure::Gone) => match spawn() {
                Ok(fresh) => self.exchange(fresh, &job).await,
                Err(e) => return spawn_failed(&e),
            },
            other => other,
        };
        match ended {
            Ok(answer) => answer,
            Err(f) => f.answer(limit),
        }
    }

    /// Sends `job` to `child` and reads its answer within the time limit.
    async fn exchange(&self, mut child: Child, job: &[u8]) -> Result<Answer, Failure> {
        let work = async {
            let mut stdin = child.stdin.take().ok_or(Failure::Gone)?;
            stdin.write_all(job).await.map_err(|_| Failure::Gone)?;
            drop(stdin);
            if let Some(mut stdout) = child.stdout.take()
                && let Some(answer) = read_answer(&mut stdout, MAX_ANSWER).await
            {
                return Ok(Ok(answer));
            }
            // No whole answer: how the worker ended says why.
            let status = child.wait().await.map_err(|_| Failure::Crashed)?;
            Ok::<_, Failure>(Err(status))
        };
        let finished = tokio::time::timeout(self.time_limit, work).await;
        let status = match finished {
            Ok(Ok(Ok(answer))) => {
                // The worker is exiting: reaped in the background, the answer
                // sent now.
                tokio::spawn(async move {
                    let _ = child.wait().await;
                });
                return Ok(answer);
            }
            Ok(Ok(Err(status))) => status,
            Ok(Err(failure)) => return Err(failure),
            Err(_) => {
                let _ = child.start_kill();
                let _ = child.wait().await;
                return Err(Failure::Timeout);
            }
        };
        if status.code() == Some(OUT_OF_MEMORY) || aborted(&status) {
            return Err(Failure::Memory);
        }
        Err(Failure::Crashed)
    }
}

impl Default for Pool {
    fn default() -> Self {
        Pool::new()
    }
}

/// How a worker failed to answer.
enum Failure {
    /// It was gone before it read the request.
    Gone,
    /// It passed its memory limit (or the allocator could not give more).
    Memory,
    /// It ran past [`TIME_LIMIT`] and was killed.
    Timeout,
    /// It ended otherwise: a panic, a signal, an unreadable answer.
    Crashed,
}

impl Failure {
    fn answer(&self, limit: usize) -> Answer {
        match self {
            Failure::Memory => Answer::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "生成时占用的内存超过上限({} MiB),已中止;表单中的文字或条目可能过多,请精简后再试",
                    limit >> 20
                ),
            ),
            Failure::Timeout => Answer::error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!(
                    "生成时间超过 {} 秒,已中止;表单中的文字或条目可能过多,请精简后再试",
                    TIME_LIMIT.as_secs()
                ),
            ),
            Failure::Gone | Failure::Crashed => routes::internal_error(),
        }
    }
}

fn busy() -> Answer {
    Answer::error(StatusCode::SERVICE_UNAVAILABLE, "服务正在关闭,请稍后再试")
}

fn spawn_failed(e: &std::io::Error) -> Answer {
    Answer::error(
        StatusCode::SERVICE_UNAVAILABLE,
        &format!(
            "无法启动处理表单的工作进程:{};请稍后再试",
            crate::pipeline::io_message(e)
        ),
    )
}

/// Bytes as whole MiB, rounded up, at least one.
fn mib(bytes: usize) -> usize {
    bytes.div_ceil(1 << 20).max(1)
}

/// Whether the worker ended on SIGABRT: Rust aborts when the allocator
/// cannot give memory (the address-space backstop).
fn aborted(status: &std::process::ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(libc::SIGABRT)
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

/// [`TIME_LIMIT`]; debug builds let tests shorten it
/// (`HUIBAO_TEST_TIME_LIMIT_MS`).
fn time_limit() -> Duration {
    if cfg!(debug_assertions)
        && let Some(ms) = std::env::var("HUIBAO_TEST_TIME_LIMIT_MS")
            .ok()
            .and_then(|v| v.parse().ok())
    {
        return Duration::from_millis(ms);
    }
    TIME_LIMIT
}

/// Starts a worker: this binary as [`WORKER_COMMAND`].
fn spawn() -> std::io::Result<Child> {
    // `/proc/self/exe` still starts this program when its file was replaced
    // on disk (a rebuild) while the server runs.
    let exe = if cfg!(target_os = "linux") {
        std::path::PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe()?
    };
    let mut command = Command::new(exe);
    // `--fonts DIR` is a setting of this process: the worker lays out the
    // preview with the same faces.
    if let Some(dir) = crate::fonts::folder() {
        command.env(FONTS_ENV, dir);
    }
    command
        .arg(WORKER_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
}

/// The worker process: reads one request, answers it, exits 0 (or ends
/// through the memory handler, a signal or a kill, which the server maps).
pub fn worker_main() -> i32 {
    use std::io::{Read, Write};
    IN_WORKER.store(true, Ordering::Relaxed);
    // A panic is answered (500); its English text goes nowhere.
    std::panic::set_hook(Box::new(|_| {}));
    die_with_server();
    yield_to_server();
    let ctx = match Ctx::new() {
        Ok(c) => c,
        Err(_) => return 1,
    };
    if let Some(dir) = std::env::var_os(FONTS_ENV) {
        crate::fonts::use_folder(dir.into());
    }
    // While no request has come: the next preview does not wait for it.
    ctx.renderer.prepare();
    let _ = crate::fonts::Fonts::system();
    let mut input = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(MAX_BODY as u64 + (64 << 10))
        .read_to_end(&mut input);
    // Nothing sent: the server is gone or did not need this worker.
    if read.is_err() || input.is_empty() {
        return 0;
    }
    let answer = match decode_job(input) {
        None => Answer::error(StatusCode::BAD_REQUEST, "请求无法识别"),
        Some((request, limit)) => {
            limit_process(limit);
            match routes::find(&request.method, &request.path) {
                Ok(endpoint) => match endpoint.run {
                    Run::Worker(f) => {
                        routes::caught(|| crate::memory::limited(limit, || f(&ctx, &request)))
                    }
                    _ => Answer::error(StatusCode::BAD_REQUEST, "这个地址不由工作进程处理"),
                },
                Err(answer) => answer,
            }
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&encode_answer(&answer));
    let _ = out.flush();
    0
}

/// Limits the worker's address space and processor time (Unix).
fn limit_process(limit: usize) {
    #[cfg(unix)]
    {
        let set = |resource, value: u64| {
            let value = value as libc::rlim_t;
            let r = libc::rlimit {
                rlim_cur: value,
                rlim_max: value,
            };
            // SAFETY: setrlimit reads a valid struct; failure leaves the
            // limit as it was, which only loses the backstop.
            unsafe { libc::setrlimit(resource, &r) };
        };
        set(libc::RLIMIT_AS, limit as u64 + ADDRESS_SPACE_MARGIN);
        set(libc::RLIMIT_CPU, CPU_SECONDS);
    }
    #[cfg(not(unix))]
    let _ = limit;
}

/// How much less processor time a worker gets than the server when both
/// want it (Unix nice value): the server's thread answers the page's small
/// requests at once while workers render.
const NICENESS: i32 = 10;

/// Lowers this worker's scheduling priority by [`NICENESS`].
fn yield_to_server() {
    #[cfg(unix)]
    // SAFETY: setpriority on this process only; failure keeps the priority.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, NICENESS);
    }
}

/// Ends the worker when the server ends, whatever it was doing (Linux).
fn die_with_server() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_PDEATHSIG takes a signal number and changes
    // nothing else; getppid cannot fail.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        // The server may have ended before the call.
        if libc::getppid() == 1 {
            libc::_exit(0);
        }
    }
}
