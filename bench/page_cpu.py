"""Per-page CPU cost in-process (issue 18): each main page of bench/load.py's walks, viewed
by its user through Django's test client over a database bench/load.py --keep built. The
conclusive figure on a shared machine: this process's CPU time per view (Python, middleware,
templates; the database's own CPU is PostgreSQL's) beside the wall time and the queries, and
/healthz, the minimal page, through the same middleware.

Run:
    DATABASE_URL=… DONDOC_ENCRYPTION_KEY=… .venv/bin/python bench/page_cpu.py \
        [--walks /tmp/dondoc-load-walks.json] [--views 10] [--profile PAGE] [--loading]

--loading: each view followed by one with Django's own Model.from_db in place of
core.loading.FastLoad's, and both medians printed with their ratio (the baseline of the
instance building, measured in the same run: a shared machine's speed drifts between runs).

--profile PAGE[@ACCOUNT] (a page name of the walks, e.g. board@daumoi_tinh; without an
account, the first walk's that has the page): that page alone, its views under
cProfile with this process's CPU time as the clock (time spent waiting for the database does
not count), dondoc's functions and the template rendering by cumulative CPU printed: where
its CPU goes (templates, selectors, scope).
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
    parser.add_argument("--profile", default="", help="profile this page of the walks")
    parser.add_argument(
        "--loading", action="store_true",
        help="each page also with Django's own from_db in place of core.loading.FastLoad's "
        "(views interleaved): the baseline of the instance building, in the same run",
    )  # fmt: skip
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    # As the production server runs (DEBUG off: templates without their debug data, no query
    # log kept but the one this bench captures to count), in the development mode's other
    # settings, which need no secrets nor collected static files. DONDOC_DEBUG=true to compare.
    os.environ.setdefault("DONDOC_DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dondoc.core.loading import FastLoad
    from dondoc.org.models import User

    walks = json.loads(Path(args.walks).read_text())["walks"]
    if args.profile:
        _profile(walks, args.profile, args.views)
        return
    seen: set[str] = set()
    fast_from_db = FastLoad.__dict__["from_db"]

    def loading(fast: bool) -> None:
        """FastLoad's from_db, or (fast False) Django's, which the models then inherit."""
        if fast and "from_db" not in FastLoad.__dict__:
            FastLoad.from_db = fast_from_db
        elif not fast and "from_db" in FastLoad.__dict__:
            del FastLoad.from_db

    print(f"DEBUG={settings.DEBUG}, {args.views} views a page, medians")
    extra = f" {'Django ms':>9} {'ratio':>5}" if args.loading else ""
    print(f"{'page':<28} {'user':<12} {'CPU ms':>7}{extra} {'wall ms':>8} {'queries':>7}  path")
    for username, pages in walks.items():
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for page, path in {"minimal (/healthz)": "/healthz", **pages}.items():
            # Each page once, but each plan's board and plan page (the walks open different
            # plans for different accounts: the district's seed plan, a 500-task plan).
            key = page if path in ("/", "/healthz") or "ke-hoach" not in path else path
            if key in seen:
                continue
            seen.add(key)
            # /healthz answers 503 once no worker beats (none runs beside a kept database):
            # the same work, the database asked and the heartbeat read.
            if client.get(path).status_code not in ((200, 503) if path == "/healthz" else (200,)):
                raise SystemExit(f"{page} ({path}) did not open for {username}")
            cpu, wall, baseline = [], [], []
            for _ in range(args.views):
                c0, w0 = time.process_time(), time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                cpu.append((time.process_time() - c0) * 1000)
                count = len(queries.captured_queries)  # read now: the next request resets it
                wall.append((time.perf_counter() - w0) * 1000)
                if args.loading:  # the same page with Django's from_db, right after
                    loading(fast=False)
                    c0 = time.process_time()
                    client.get(path)
                    baseline.append((time.process_time() - c0) * 1000)
                    loading(fast=True)
            ours = statistics.median(cpu)
            theirs = ""
            if baseline:
                django_ms = statistics.median(baseline)
                theirs = f" {django_ms:>9.1f} {ours / django_ms:>5.2f}"
            print(
                f"{page:<28} {username:<12} {ours:>7.1f}{theirs} "
                f"{statistics.median(wall):>8.1f} {count:>7}  {path}",
                flush=True,
            )


def _profile(walks: dict[str, dict[str, str]], page: str, views: int) -> None:
    """The page as the first account whose walk has it, under cProfile (CPU time)."""
    import cProfile
    import pstats

    from django.test import Client

    from dondoc.org.models import User

    page, _, username = page.partition("@")  # "board@daumoi_tinh": that account's board
    username = username or next((u for u, pages in walks.items() if page in pages), "")
    if page not in walks.get(username, {}):
        raise SystemExit(f"no walk has the page {page!r}")
    path = walks[username][page]
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    if client.get(path).status_code != 200:
        raise SystemExit(f"{page} ({path}) did not open for {username}")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(views):
        client.get(path)
    profiler.disable()
    print(f"{page} ({path}) as {username}, {views} views (CPU seconds, all views):")
    # dondoc's functions and the template rendering: where the page's own code spends.
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    stats.print_stats(r"dondoc|render_to_string", 80)
    # And every function, Django's and the drivers' included, by its own CPU: what the
    # cumulative list hides inside the ORM (building instances, decoding JSON, compiling SQL).
    stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
