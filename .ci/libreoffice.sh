#!/bin/sh
# Prepares a Debian machine to render DOCX output the way a reader sees it:
# LibreOffice (DOCX -> PDF), poppler (PDF -> text boxes, PNG) and Noto CJK,
# plus fontconfig aliases from the official face names to Noto CJK.
# Idempotent: installs only what is missing; rewrites the alias file each run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

sh "$(dirname "$0")/apt-missing.sh" libreoffice-writer-nogui poppler-utils fonts-noto-cjk

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

# System-wide, so LibreOffice sees the aliases whatever HOME a test sets.
$sudo install -m 0644 "$here/fonts.conf" /etc/fonts/conf.d/64-huibao-cjk-aliases.conf
fc-cache -f >/dev/null 2>&1 || true

for face in 仿宋_GB2312 楷体_GB2312 方正小标宋简体 黑体 宋体; do
    echo "$face -> $(fc-match -f '%{family[0]}' "$face")"
done
