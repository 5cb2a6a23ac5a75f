#!/usr/bin/env bash
# Whole-process timings of huibao against pandoc on the same report of about
# 3,000 characters (bench/report.yaml; pandoc gets huibao's own Markdown of
# it), then a batch of N forms, with peak memory. Needs hyperfine, pandoc and
# GNU time (Debian: apt-get install hyperfine pandoc time jq). Last, the peak
# memory of the largest form accepted, in four shapes (bench/gen-big.sh).
#   bench/compare.sh            # N=1000 forms in the batch
#   N=200 ROUNDS=3 RUNS=40 bench/compare.sh
#
# Two builds are timed: the binary we hand out (dist/build.sh: static on
# Linux) and a plain `cargo build --release`. HUIBAO=path times that binary
# instead of the first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${N:-1000}"
rounds="${ROUNDS:-5}"
runs="${RUNS:-60}"
for tool in hyperfine pandoc /usr/bin/time jq; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
bin="${HUIBAO:-$("$root/dist/build.sh")}"
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml"
plain="$root/target/release/huibao"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1736899200 # a fixed date: same bytes every run
form="$work/report.yaml"
cp "$root/bench/report.yaml" "$form"
"$bin" render "$form" -o "$work/report.md" 2>/dev/null
echo "report: $(wc -m < "$work/report.md") characters of Markdown; huibao $("$bin" --version)"
echo "machine: $(nproc) cores; pandoc $(pandoc --version | head -1 | cut -d' ' -f2)"
echo "builds: shipped $bin ($(file -b "$bin" | grep -o 'static-pie linked\|statically linked\|dynamically linked' || echo '?')), plain $plain"
echo

# The machine's speed drifts (here up to 1.8x within minutes, from other
# virtual machines on the host), so the three are timed together in several
# short rounds and the ratio is taken per round, not from two measurements
# made a minute apart. -N: no shell in between, so each is timed as a bare
# process. All write a new file each run (--prepare removes the last):
# replacing an existing report, huibao flushes it to disk first
# (pipeline::write_atomic), which pandoc never does, and the disk's flush
# time is not the tool's.
for r in $(seq "$rounds"); do
    hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/round$r.json" --style none \
        --prepare "rm -f $work/huibao.docx $work/plain.docx $work/pandoc.docx" \
        -n huibao "$bin render $form -o $work/huibao.docx" \
        -n plain "$plain render $form -o $work/plain.docx" \
        -n pandoc "pandoc $work/report.md -o $work/pandoc.docx" >/dev/null
done
# One line per round: huibao mean, plain mean, pandoc mean, and CPU times.
for r in $(seq "$rounds"); do
    jq -r '[.results[] | .mean, (.user + .system)] | @tsv' "$work/round$r.json"
done > "$work/rounds.tsv"
awk -F'\t' '{ printf "round %d: huibao %.2f ms, plain build %.2f ms, pandoc %.1f ms: %.1fx and %.1fx\n", NR, $1 * 1000, $3 * 1000, $5 * 1000, $5 / $1, $5 / $3 }' "$work/rounds.tsv"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio=$(awk -F'\t' '{ print $5 / $1 }' "$work/rounds.tsv" | median)
ratio_plain=$(awk -F'\t' '{ print $5 / $3 }' "$work/rounds.tsv" | median)
ratio_cpu=$(awk -F'\t' '{ print $6 / $2 }' "$work/rounds.tsv" | median)
h=$(awk -F'\t' '{ print $1 }' "$work/rounds.tsv" | median)
p=$(awk -F'\t' '{ print $5 }' "$work/rounds.tsv" | median)
lo=$(awk -F'\t' '{ print $5 / $1 }' "$work/rounds.tsv" | sort -g | head -1)
hi=$(awk -F'\t' '{ print $5 / $1 }' "$work/rounds.tsv" | sort -g | tail -1)

peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
h_rss=$(peak "$bin" render "$form" -o "$work/huibao.docx")
p_rss=$(peak pandoc "$work/report.md" -o "$work/pandoc.docx")

"$root/bench/gen-forms.sh" "$work/forms" "$n"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/batch.json" \
    -n batch "$bin render $work/forms -o $work/out"
b=$(jq -r '.results[0].mean' "$work/batch.json")
b_cpu=$(jq -r '.results[0].user + .results[0].system' "$work/batch.json")
b_rss=$(peak "$bin" render "$work/forms" -o "$work/out")
made=$(find "$work/out" -name '*.docx' | wc -l)

echo
awk -v h="$h" -v p="$p" -v hr="$h_rss" -v pr="$p_rss" -v b="$b" -v br="$b_rss" \
    -v n="$n" -v made="$made" -v cores="$(nproc)" -v rounds="$rounds" \
    -v ratio="$ratio" -v lo="$lo" -v hi="$hi" -v plain="$ratio_plain" -v cpu="$ratio_cpu" \
    -v bc="$b_cpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "one report, whole process: huibao %.2f ms, pandoc %.1f ms: %.1fx faster (median of %d rounds, %.1f-%.1fx; target 20x)\n", h * 1000, p * 1000, ratio, rounds, lo, hi
    printf "  plain cargo build --release (dynamically linked): %.1fx\n", plain
    printf "  CPU time (user+system): %.1fx\n", cpu
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
