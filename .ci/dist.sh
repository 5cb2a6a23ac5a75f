#!/usr/bin/env bash
# The binary we hand out (dist/build.sh: statically linked on Linux) must
# write the same bytes as the one the tests ran: every example in every
# style, as Markdown, Word, HTML and PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
shipped="$(bash dist/build.sh)"
tested=target/debug/huibao
[ -x "$tested" ] || cargo build --locked --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1735689600}"
count=0
for form in examples/*.yaml; do
    name="$(basename "$form" .yaml)"
    for style in $("$tested" styles | cut -f2); do
        for ext in md docx html pdf; do
            out="$name-$style.$ext"
            "$shipped" render "$form" -s "$style" -o "$work/shipped-$out" 2>/dev/null
            "$tested" render "$form" -s "$style" -o "$work/tested-$out" 2>/dev/null
            cmp -s "$work/shipped-$out" "$work/tested-$out" || {
                echo "dist: $out differs between $shipped and $tested" >&2
                exit 1
            }
            count=$((count + 1))
        done
    done
done
echo "dist: $count outputs identical ($shipped: $(file -b "$shipped" 2>/dev/null | cut -d, -f1-2 || echo '?'))"
