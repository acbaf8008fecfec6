"""Shared by the benchmarks: a throwaway PostgreSQL cluster, as the tests start one."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
