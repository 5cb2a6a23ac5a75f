//! The `huibao` binary: everything lives in the library; this maps it to an exit code.

fn main() {
    std::process::exit(huibao::cli::main());
}
