#!/usr/bin/env bash
# The whole check: lint and types, then the suite on SQLite and on a throwaway PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

# Each step ends with what it took: wall clock, and CPU of its processes (pytest and its workers,
# LibreOffice, Chromium; not PostgreSQL's server, which runs apart).
TIMEFORMAT='-- took %0lR (CPU: user %0lU, system %0lS)'

echo "== lint: ruff, mypy =="
time {
    $BIN/ruff check src tests scripts bench || status=1
    $BIN/ruff format --check src tests scripts bench || status=1
    $BIN/mypy || status=1
}

run_pytest() {
    # pytest exits 5 when it collected nothing: that is a failure too.
    # $CLOCK may name a wrapper (faketime) that runs pytest with the system clock moved.
    # Two workers (pytest-xdist), one a core, each with its own test database; how the tests are
    # shared between them: tests/conftest.py (pytest_collection_modifyitems).
    time ${CLOCK:-} $BIN/pytest -q -p no:cacheprovider -n "${DONDOC_TEST_WORKERS:-2}" --dist loadgroup "$@"
    local code=$?
    if [ $code -ne 0 ]; then status=1; fi
}

# Two passes; every test runs in at least one, every test that uses the database in both.
# The first, on SQLite with the real clock: the tests that use the database, and the pages'
# Chromium tests.
echo "== pytest on SQLite (the tests that use the database, and the browser) =="
DATABASE_URL=sqlite:///var/test.sqlite3 run_pytest --database-tests-only

# The second runs with the system clock 400 days ahead. Tests pin Python's clock
# (tests/conftest.py); what escapes the pin (a library reading the C clock, a subprocess such as
# LibreOffice or pg_dump, file times) shows up here as a failure. It runs on PostgreSQL: every
# test that uses the database again, and the tests that never open it (parsers, renderers,
# OCR, clocks), whose answer cannot depend on the backend or on which day the clock shows. The
# Chromium tests ran in the first pass. (The PostgreSQL server itself keeps the real clock:
# libfaketime hangs its start.) Two passes keep CI under 30 minutes on two cores.
echo "== pytest on PostgreSQL, the system clock 400 days ahead (no browser) =="
pgdir=$(mktemp -d /tmp/dondoc-pg.XXXXXX)
trap 'bash scripts/pg_cluster.sh stop "$pgdir"' EXIT INT TERM
if url=$(bash scripts/pg_cluster.sh start "$pgdir"); then
    # libfaketime moves the monotonic clock too. Keeping it real (FAKETIME_DONT_FAKE_MONOTONIC)
    # makes time.sleep fail with EINVAL; moved, a Condition or Event wait that must time out
    # never returns: tests sleep with time.sleep, and wait only for what will be set.
    CLOCK="faketime -f +400d" DATABASE_URL="$url" run_pytest -m "not browser"
else
    echo "could not start PostgreSQL; log:" >&2
    cat "$pgdir/log" >&2 || true
    status=1
fi

if [ $status -ne 0 ]; then echo "== FAILED =="; else echo "== all checks passed =="; fi
exit $status
