"""Shared by the benchmarks: a throwaway PostgreSQL cluster, as the tests start one, and a hot
standby of it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg_cluster.sh"
BASH = "/bin/bash"


@contextmanager
def postgres() -> Iterator[str]:
    """Start a cluster, yield its DATABASE_URL, stop it whatever happens."""
    directory = tempfile.mkdtemp(prefix="dondoc-pg-")
    url = subprocess.run(  # noqa: S603 - our own script
        [BASH, str(SCRIPT), "start", directory], check=True, capture_output=True, text=True
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([BASH, str(SCRIPT), "stop", directory], check=False)  # noqa: S603


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


@contextmanager
def standby(primary_url: str) -> Iterator[str]:
    """A hot standby of the cluster at `primary_url`, on loopback: copied by pg_basebackup
    (-R writes the streaming-replication settings) and started on a port of its own. Yields
    its DATABASE_URL (the same roles and databases as the primary); stops it whatever happens."""
    url = urlsplit(primary_url)
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
    directory = Path(tempfile.mkdtemp(prefix="dondoc-standby-"))
    if os.getuid() == 0:
        shutil.chown(directory, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = directory / "data"
    subprocess.run(  # noqa: S603 - PostgreSQL's own tools, our arguments
        _as_postgres(
            [str(bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(url.port), "-U",
             "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast"]
        ),
        check=True,
    )  # fmt: skip
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c hot_standby=on"
    subprocess.run(  # noqa: S603
        _as_postgres(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(directory / "log"), "-w",
             "-o", options, "start"]
        ),
        check=True,
        capture_output=True,
    )  # fmt: skip
    try:
        yield urlunsplit(url._replace(netloc=f"{url.username}:{url.password}@127.0.0.1:{port}"))
    finally:
        subprocess.run(  # noqa: S603
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)


def run_child(script: str, args: list[str], url: str) -> Any:
    """Run `script --child ARGS` with Django's settings on the database at `url`, and return
    the JSON its last line of output prints (the child's figures); its output and a clear
    failure if it fails."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    out = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, script, "--child", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        print(out.stdout, out.stderr, file=sys.stderr)
        raise SystemExit("the benchmark failed")
    return json.loads(out.stdout.strip().splitlines()[-1])
