#!/bin/sh
# Regenerates docs/<style>.png: page 1 of the 示例市 example in each built-in
# style, as LibreOffice draws it (needs .ci/libreoffice.sh's packages).
set -eu
cd "$(dirname "$0")/.."
cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every built-in style, as the binary lists them (no second list to keep in step).
for style in $(./target/release/huibao styles | cut -f2); do
    ./target/release/huibao render examples/示例市-情况汇报.yaml -s "$style" -o "$work/$style.docx" 2>/dev/null
    sh .ci/preview.sh "$work/$style.docx" "docs/$style.png"
done
