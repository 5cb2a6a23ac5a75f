//! The `huibao` binary: everything lives in the library; this maps it to an exit code.

/// Counts memory so that a runaway template ends with a message, not the
/// system's out-of-memory killer (see `huibao::memory`).
#[global_allocator]
static ALLOCATOR: huibao::memory::Bounded = huibao::memory::Bounded;

fn main() {
    huibao::memory::on_limit(huibao::cli::out_of_memory);
    std::process::exit(huibao::cli::main());
}
