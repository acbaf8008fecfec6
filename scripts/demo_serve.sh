#!/usr/bin/env bash
# `make demo`'s servers: the background worker (imports and exports of large files, statistics
# rebuilds, reminders) beside the web server; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/dondoc db_worker --queue-name '*' &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/dondoc runserver "${DONDOC_DEMO_ADDRESS:-127.0.0.1:8000}"
