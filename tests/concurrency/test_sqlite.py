"""The default SQLite database under a web server's load: separate processes (each its own
connection, with dondoc's real settings) write while a long import runs. Nobody gets
"database is locked"; a long plan's parse holds no lock at all."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "dondoc.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),  # this tree's code
    }


def _start(database: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.concurrency.sqlite_worker", *args],
        cwd=ROOT, env=_env(database), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for(process: subprocess.Popen[str], word: str) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == word:
            return
    pytest.fail(
        f"the worker stopped before “{word}”: {process.stderr.read() if process.stderr else ''}"
    )


def _finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-2000:]
    return out, err


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("sqlite") / "dondoc.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "dondoc.cli", "migrate", "-v0"],
        cwd=ROOT, env=_env(path), check=True, timeout=300,
    )  # fmt: skip
    _finish(_start(path, "setup"))
    yield path


def test_a_login_during_a_long_import_transaction_waits_instead_of_failing(database) -> None:
    """An import that must be all-or-nothing holds SQLite's write lock for 12 s: the first
    login meanwhile (a write) queues behind it and succeeds (SQLite's default 5 s busy
    timeout gave a 500 "database is locked")."""
    holder = _start(database, "hold", "12")
    _wait_for(holder, "locked")
    out, _ = _finish(_start(database, "login"))
    _finish(holder)
    status, seconds = out.split()[1:]
    assert status == "302"  # signed in; not a 500 "database is locked"
    assert float(seconds) > 3  # it did wait for the import


def test_parsing_a_long_plan_holds_no_lock(database) -> None:
    """The plan is parsed and its agencies resolved before any transaction: a login made
    while it is being read goes through at once, before the upload is done."""
    uploader = _start(database, "upload", "3000")
    _wait_for(uploader, "parsing")
    out, _ = _finish(_start(database, "login"))
    assert uploader.poll() is None, (
        "the login waited for the upload: its parse held the write lock (or the plan was "
        "read too fast for this test to mean anything)"
    )
    upload_out, _ = _finish(uploader)
    assert out.split()[1] == "302" and "parsed" in upload_out
