"""Per-page CPU cost in-process (issue 18): each main page of bench/load.py's walks, viewed
by its user through Django's test client over a database bench/load.py --keep built. The
conclusive figure on a shared machine: this process's CPU time per view (Python, middleware,
templates; the database's own CPU is PostgreSQL's) beside the wall time and the queries, and
/healthz, the minimal page, through the same middleware.

Run:
    DATABASE_URL=… DONDOC_ENCRYPTION_KEY=… .venv/bin/python bench/page_cpu.py \
        [--walks /tmp/dondoc-load-walks.json] [--views 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--walks", default=str(Path(tempfile.gettempdir()) / "dondoc-load-walks.json")
    )
    parser.add_argument("--views", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dondoc.org.models import User

    walks = json.loads(Path(args.walks).read_text())["walks"]
    seen: set[str] = set()
    print(f"{'page':<28} {'user':<12} {'CPU ms':>7} {'wall ms':>8} {'queries':>7}")
    for username, pages in walks.items():
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for page, path in {"minimal (/healthz)": "/healthz", **pages}.items():
            if page in seen:
                continue
            seen.add(page)
            if client.get(path).status_code != 200:
                raise SystemExit(f"{page} ({path}) did not open for {username}")
            cpu, wall = [], []
            for _ in range(args.views):
                c0, w0 = time.process_time(), time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            print(
                f"{page:<28} {username:<12} {statistics.median(cpu):>7.1f} "
                f"{statistics.median(wall):>8.1f} {len(queries.captured_queries):>7}",
                flush=True,
            )


if __name__ == "__main__":
    main()
