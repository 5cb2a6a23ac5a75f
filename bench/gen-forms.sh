#!/usr/bin/env bash
# Writes N copies of bench/report.yaml into DIR, one fictional county each
# (示例县0001 …) with its figures scaled a little, for batch timings.
#   bench/gen-forms.sh DIR [N=1000]
set -euo pipefail
dir=${1:?usage: gen-forms.sh DIR [N]}
n=${2:-1000}
src="$(cd "$(dirname "$0")" && pwd)/report.yaml"
mkdir -p "$dir"
for i in $(seq 1 "$n"); do
    name=$(printf '示例县%04d' "$i")
    # Scale 数值 by 1 + (i mod 7)%: each form words its own figures.
    LC_ALL=C awk -v name="$name" -v k="$((i % 7))" '
        { gsub(/某某县/, name) }
        /数值: [0-9.]+/ {
            match($0, /数值: [0-9.]+/)
            p = length("数值: ")
            v = substr($0, RSTART + p, RLENGTH - p)
            w = sprintf(index(v, ".") ? "%.2f" : "%d", v * (100 + k) / 100)
            $0 = substr($0, 1, RSTART + p - 1) w substr($0, RSTART + RLENGTH)
        }
        { print }
    ' "$src" > "$dir/$name.yaml"
done
