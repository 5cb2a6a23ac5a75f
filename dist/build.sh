#!/usr/bin/env bash
# Builds the huibao binary we hand out, and prints its path.
#
# On Linux with glibc it is linked statically (`+crt-static`): no dynamic
# loader, no shared libraries to map and relocate at each start, which is
# about a fifth of the time of one report (README, 性能), and the binary runs
# on systems with an older glibc than the build machine's. huibao calls no
# glibc function that needs shared libraries at run time (no host names are
# looked up: serve listens on 127.0.0.1 only); the linker would warn if it did.
#
# It is also position-dependent (`relocation-model=static`): a static-pie
# binary relocates its own pointer tables at each start (6,000 relocations,
# 26 pages copied on write), about 0.05 ms of a 0.5 ms `--version`. The
# price is a fixed load address for the binary's code; huibao reads local
# forms and listens on 127.0.0.1 only, so we take the start-up time.
#
# The target triple must be named for a static build: without it cargo would
# pass the flags to the proc-macro crates too, which cannot be static.
# Elsewhere this is a plain `cargo build --release`.
#   dist/build.sh            # prints e.g. target/x86_64-unknown-linux-gnu/release/huibao
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
host="$(rustc -vV | sed -n 's/^host: //p')"
cd "$root"
case "$host" in
*-linux-gnu)
    RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static -C relocation-model=static" \
        cargo build --release --locked --quiet --target "$host"
    echo "$root/target/$host/release/huibao"
    ;;
*)
    cargo build --release --locked --quiet
    echo "$root/target/release/huibao"
    ;;
esac
