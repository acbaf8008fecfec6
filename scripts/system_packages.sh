#!/usr/bin/env bash
# Install the Debian packages the test suite drives for real: PostgreSQL, Chromium, LibreOffice
# (Writer and Calc: old .doc/.xls plans are converted by it), poppler, Tesseract with its
# Vietnamese model (scanned plans), and faketime (the suite once more with the clock moved ahead).
# `--demo` installs only what `make demo` needs (LibreOffice, poppler, Tesseract).
# Idempotent: does nothing when everything is there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

demo_only=false
if [ "${1:-}" = "--demo" ]; then demo_only=true; fi

missing=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! $demo_only; then
    for pkg in postgresql chromium; do have "$pkg" || missing+=("$pkg"); done
fi
documents=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils tesseract-ocr
    tesseract-ocr-vie fonts-liberation2 fonts-crosextra-carlito)
if ! $demo_only; then documents+=(faketime); fi
slim=()
for pkg in "${documents[@]}"; do have "$pkg" || slim+=("$pkg"); done

if ((${#missing[@]} + ${#slim[@]} == 0)); then
    echo "system packages: all present"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "system packages: installing ${missing[*]} ${slim[*]}"
# Wait for another apt run (a parallel install) instead of failing on its lock.
apt=($SUDO apt-get -o DPkg::Lock::Timeout=600)
"${apt[@]}" update -qq
if ((${#missing[@]})); then "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null; fi
if ((${#slim[@]})); then
    "${apt[@]}" install -y -qq --no-install-recommends "${slim[@]}" >/dev/null
fi
echo "system packages: done"
