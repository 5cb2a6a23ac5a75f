#!/bin/sh
# Renders page 1 of a DOCX to a PNG as LibreOffice shows it:
#   .ci/preview.sh report.docx page1.png
# Needs soffice and pdftoppm (see .ci/libreoffice.sh).
set -eu
[ $# -eq 2 ] || { echo "usage: $0 DOCX OUT.png" >&2; exit 2; }
docx=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$docx" "$work/in.docx"
soffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" "$work/in.docx" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/in.pdf" "$work/page"
cp "$work/page.png" "$out"
