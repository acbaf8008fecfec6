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

# Every test runs at least once, every test that uses the database on both backends.
# First, on SQLite with the real clock: the tests that use the database, and the pages'
# Chromium tests.
echo "== pytest on SQLite (the tests that use the database, and the browser) =="
DATABASE_URL=sqlite:///var/test.sqlite3 run_pytest --database-tests-only

# Then the tests that never open the database (parsers, OCR, DOCX, clocks), whose answer cannot
# depend on the backend, with the system clock 400 days ahead. Tests pin Python's clock
# (tests/conftest.py); what escapes the pin (a library reading the C clock, a subprocess such as
# LibreOffice or Tesseract, file times) shows up here as a failure. (libfaketime moves the
# monotonic clock too: a Condition or Event wait that must time out never returns under it, so
# tests sleep with time.sleep; psycopg's pool cannot close under it, nor PostgreSQL start.)
echo "== pytest without a database, the system clock 400 days ahead =="
CLOCK="faketime -f +400d" DATABASE_URL=sqlite:///var/test-ahead.sqlite3 \
    run_pytest -m "not browser" --database-free-only

# Last, on PostgreSQL, every test that uses the database but the Chromium ones (they ran in the
# first pass). Three passes of unequal size keep CI under 30 minutes on two cores.
echo "== pytest on PostgreSQL (the tests that use the database, no browser) =="
pgdir=$(mktemp -d /tmp/dondoc-pg.XXXXXX)
trap 'bash scripts/pg_cluster.sh stop "$pgdir"' EXIT INT TERM
if url=$(bash scripts/pg_cluster.sh start "$pgdir"); then
    DATABASE_URL="$url" run_pytest -m "not browser" --database-tests-only
else
    echo "could not start PostgreSQL; log:" >&2
    cat "$pgdir/log" >&2 || true
    status=1
fi

if [ $status -ne 0 ]; then echo "== FAILED =="; else echo "== all checks passed =="; fi
exit $status
