#!/usr/bin/env bash
# Install the Debian packages the test suite drives for real: PostgreSQL, Chromium, LibreOffice,
# poppler, and faketime (the suite once more with the clock moved ahead).
# Idempotent: does nothing when everything is there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in postgresql chromium; do have "$pkg" || missing+=("$pkg"); done
slim=()
for pkg in libreoffice-writer-nogui poppler-utils fonts-liberation2 fonts-crosextra-carlito faketime; do
    have "$pkg" || slim+=("$pkg")
done

if ((${#missing[@]} + ${#slim[@]} == 0)); then
    echo "system packages: all present"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "system packages: installing ${missing[*]} ${slim[*]}"
$SUDO apt-get update -qq
if ((${#missing[@]})); then $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; fi
if ((${#slim[@]})); then
    $SUDO apt-get install -y -qq --no-install-recommends "${slim[@]}" >/dev/null
fi
echo "system packages: done"
