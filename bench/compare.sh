#!/usr/bin/env bash
# Whole-process timings of huibao against pandoc on the same report of about
# 3,000 characters (bench/report.yaml; pandoc gets huibao's own Markdown of
# it), then a batch of N forms, with peak memory. Needs hyperfine, pandoc and
# GNU time (Debian: apt-get install hyperfine pandoc time). Last, the peak
# memory of the largest form accepted, in four shapes (bench/gen-big.sh).
#   bench/compare.sh            # N=1000 forms in the batch
#   N=200 RUNS=30 bench/compare.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${HUIBAO:-$root/target/release/huibao}"
n="${N:-1000}"
runs="${RUNS:-100}"
if [ -z "${HUIBAO:-}" ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
for tool in hyperfine pandoc /usr/bin/time jq; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1736899200 # a fixed date: same bytes every run
form="$work/report.yaml"
cp "$root/bench/report.yaml" "$form"
"$bin" render "$form" -o "$work/report.md" 2>/dev/null
echo "report: $(wc -m < "$work/report.md") characters of Markdown; huibao $("$bin" --version)"
echo "machine: $(nproc) cores; pandoc $(pandoc --version | head -1 | cut -d' ' -f2)"
echo

# -N: no shell in between, so both sides are timed as bare processes. Both
# write a new file each run (--prepare removes the last): replacing an
# existing report, huibao flushes it to disk first (pipeline::write_atomic),
# which pandoc never does, and the disk's flush time is not the tool's.
hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/one.json" \
    --prepare "rm -f $work/huibao.docx $work/pandoc.docx" \
    -n huibao "$bin render $form -o $work/huibao.docx" \
    -n pandoc "pandoc $work/report.md -o $work/pandoc.docx"
mean() { jq -r ".results[] | select(.command == \"$1\") | .mean" "$work/one.json"; }
h=$(mean huibao)
p=$(mean pandoc)

peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
h_rss=$(peak "$bin" render "$form" -o "$work/huibao.docx")
p_rss=$(peak pandoc "$work/report.md" -o "$work/pandoc.docx")

"$root/bench/gen-forms.sh" "$work/forms" "$n"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/batch.json" \
    -n batch "$bin render $work/forms -o $work/out"
b=$(jq -r '.results[0].mean' "$work/batch.json")
b_cpu=$(jq -r '.results[0].user + .results[0].system' "$work/batch.json")
cpu() { jq -r ".results[] | select(.command == \"$1\") | .user + .system" "$work/one.json"; }
h_cpu=$(cpu huibao)
p_cpu=$(cpu pandoc)
b_rss=$(peak "$bin" render "$work/forms" -o "$work/out")
made=$(find "$work/out" -name '*.docx' | wc -l)

echo
awk -v h="$h" -v p="$p" -v hr="$h_rss" -v pr="$p_rss" -v b="$b" -v br="$b_rss" \
    -v n="$n" -v made="$made" -v cores="$(nproc)" \
    -v hc="$h_cpu" -v pc="$p_cpu" -v bc="$b_cpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "one report, whole process: huibao %.1f ms, pandoc %.1f ms: %.1fx faster (target 20x)\n", h * 1000, p * 1000, p / h
    printf "  CPU time (user+system):  huibao %.1f ms, pandoc %.1f ms: %.1fx\n", hc * 1000, pc * 1000, pc / hc
    printf "peak memory, one report:   huibao %.1f MB, pandoc %.1f MB (target 10 MB)\n", hr / 1024, pr / 1024
    printf "batch: %d forms -> %d DOCX in %.3f s, %.2f ms per form per core (target 1 s)\n", n, made, b, b * 1000 * cores / n
    printf "  CPU time (user+system):  %.3f s, %.2f ms per form (load average %s: wall times grow with it)\n", bc, bc * 1000 / n, load
    printf "peak memory, batch:        %.1f MB (target 50 MB)\n", br / 1024
}'

# The largest form accepted (1 MiB) in each shape, as DOCX: peak memory
# (target 200 MB whatever the shape; bench/gen-big.sh).
for shape in paras points long figures; do
    "$root/bench/gen-big.sh" "$shape" "$work/big-$shape.yaml"
    rss=$(peak "$bin" render "$work/big-$shape.yaml" -o "$work/big-$shape.docx")
    awk -v s="$shape" -v r="$rss" 'BEGIN { printf "peak memory, 1 MiB form (%s): %.1f MB (target 200 MB)\n", s, r / 1024 }'
done
