"""`make demo` starts the worker beside the web server (scripts/demo_serve.sh): the health
endpoint sees both, and stopping the script stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DONDOC = Path(sys.executable).with_name("dondoc")


def test_the_demo_runs_the_worker_beside_the_web_server(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Not under the clock-ahead pass's libfaketime (LD_PRELOAD): with it, runserver never ends
    # on Ctrl+C (a timed wait of its own that never times out), as make test's notes say.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DONDOC_", "DJANGO_", "FAKETIME")) and k != "LD_PRELOAD"
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DONDOC_DEMO_ADDRESS": f"127.0.0.1:{port}",
        "DONDOC_WORKER_HEARTBEAT_SECONDS": "1",
    }
    migrate = subprocess.run(  # noqa: S603 - our own console script
        [str(DONDOC), "migrate", "--noinput"], env=env, cwd=ROOT, capture_output=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    serve = subprocess.Popen(  # noqa: S603 - the Makefile's script
        ["/bin/bash", str(ROOT / "scripts" / "demo_serve.sh")], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline, answer = time.monotonic() + 60, ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    answer = r.read().decode()
                    break
            except (urllib.error.URLError, OSError) as error:
                answer = str(error)
            time.sleep(0.5)
        assert answer == '{"status": "ok", "database": "ok", "worker": "ok"}', answer
    finally:
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl+C in the terminal
        try:
            serve.wait(timeout=30)
        finally:
            left = _group_alive(serve.pid)
            if left:
                os.killpg(serve.pid, signal.SIGKILL)  # nothing left running after the test
    assert not left, "Ctrl+C left a server or the worker running"


def _group_alive(group: int) -> bool:
    """Whether a process of the group still runs after a moment (a zombie, which no parent has
    reaped yet, does not)."""
    for _ in range(20):
        if not any(_running_in(stat, group) for stat in Path("/proc").glob("[0-9]*/stat")):
            return False
        time.sleep(0.25)
    return True


def _running_in(stat: Path, group: int) -> bool:
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False  # ended meanwhile
    return fields[0] != "Z" and int(fields[2]) == group  # state, ppid, pgrp
