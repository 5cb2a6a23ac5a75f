#!/bin/sh
# Installs Debian's chromium and chromium-driver for the end-to-end browser
# test of `huibao serve` (tests/reader/browser.rs), which drives them over
# WebDriver on the loopback. Idempotent: installs only what is missing.
set -eu

sh "$(dirname "$0")/apt-missing.sh" chromium chromium-driver

chromium --version
chromedriver --version
