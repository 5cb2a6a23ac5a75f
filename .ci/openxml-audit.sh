#!/bin/sh
# Installs openxml-audit (a pure-Python port of Microsoft's Open XML SDK
# validator) into a virtual environment and prints the path of its command,
# for tests/reader/openxml_audit.rs:
#   export OPENXML_AUDIT="$(sh .ci/openxml-audit.sh)"
# The version and its dependencies are pinned: a new validator release may
# know new rules, and CI should change only when we change it here.
# Idempotent: an existing environment of this version is reused.
set -eu

version=0.8.0
venv="${OPENXML_AUDIT_VENV:-$HOME/.cache/huibao/openxml-audit-$version}"
bin="$venv/bin/openxml-audit"

if ! "$venv/bin/python" -m pip show openxml-audit 2>/dev/null | grep -qx "Version: $version"; then
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq >&2
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
    fi
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "openxml-audit==$version" \
        click==8.5.1 lxml==6.1.3 rich==15.0.0 markdown-it-py==4.3.0 mdurl==0.1.2 \
        Pygments==2.21.0 >&2
fi
"$bin" --help >/dev/null
echo "$bin"
