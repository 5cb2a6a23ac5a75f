#!/bin/sh
# Preview round trip of `huibao serve`: POST /api/render?format=html with each
# example form, from request to the rendered HTML fully received (curl's
# time_total, a new connection each time), RUNS times each; prints the median
# and the worst in milliseconds. Usage: bench/serve-roundtrip.sh [binary]
set -eu
cd "$(dirname "$0")/.."
bin=${1:-target/release/huibao}
runs=${RUNS:-30}
out=$(mktemp)
"$bin" serve --port 0 --no-open >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
while ! grep -q http "$out"; do sleep 0.1; done
url=$(sed -n 's/^huibao serve: //p' "$out")
for form in examples/*.yaml; do
    curl -s -o /dev/null -X POST --data-binary @"$form" "${url}api/render?format=html" # warm-up
    i=0
    while [ $i -lt "$runs" ]; do
        curl -s -o /dev/null -w '%{time_total}\n' -X POST --data-binary @"$form" "${url}api/render?format=html"
        i=$((i + 1))
    done | sort -n | awk -v f="$form" '{ t[NR] = $1 * 1000 } END {
        printf "%-40s median %6.2f ms  max %6.2f ms  (%d runs)\n", f, t[int((NR + 1) / 2)], t[NR], NR }'
done
