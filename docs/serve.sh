#!/bin/sh
# Makes docs/serve.png, the picture of `huibao serve` in README: the form
# view of examples/示例市-情况汇报.yaml and its preview, as headless Chromium
# shows them. Run from the repository root after `cargo build --release`.
set -eu
bin=${HUIBAO:-target/release/huibao}
out=${1:-docs/serve.png}
work=$(mktemp -d)
cp examples/示例市-情况汇报.yaml "$work/示例市-情况汇报.yaml"
SOURCE_DATE_EPOCH=1735689600 "$bin" serve "$work/示例市-情况汇报.yaml" --port 0 --no-open >"$work/address" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
i=0
until grep -q '^huibao serve: http' "$work/address"; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "huibao serve did not start" >&2; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^huibao serve: //p' "$work/address")
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile" --window-size=1400,860 \
    --virtual-time-budget=8000 --screenshot="$work/shot.png" "$url" 2>/dev/null
cp "$work/shot.png" "$out"
