#!/bin/sh
# Installs Debian's chromium and chromium-driver for the end-to-end browser
# test of `huibao serve` (tests/reader/browser.rs), which drives them over
# WebDriver on the loopback. Idempotent: installs only what is missing.
set -eu

missing=""
for pkg in chromium chromium-driver; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

if [ -n "$missing" ]; then
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

chromium --version
chromedriver --version
