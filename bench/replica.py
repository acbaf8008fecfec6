"""Benchmark: the statistics pages served by a PostgreSQL hot standby (dondoc.core.routing).

Starts a primary (scripts/pg_cluster.sh) and a streaming replica of it (pg_basebackup -R) on
loopback, loads the demo with N synthetic crime reports into the primary, waits for the replica to
replay it, then, as the province's focal officer, opens the figure pages (the five statistics
tables, a plan's targets and its timeliness) twice: with DONDOC_REPLICA_URL routing and with every
read on the primary. For each page it prints the queries each server answered, the median time,
and whether both pages are the same (once the per-request nonce and CSRF token are taken out).

Prints figures; asserts nothing. Run: .venv/bin/python bench/replica.py [--records N] [--runs K]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.cluster import postgres, standby  # noqa: E402

VOLATILE = re.compile(rb'(nonce|csrfmiddlewaretoken" value|csrf-token" content)="[^"]*"')


def child(records: int, runs: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client, override_settings

    from dondoc.org.models import User
    from dondoc.plans.selectors import documents_visible
    from dondoc.stats.facts import facts_rebuild_all
    from dondoc.stats.tables import registry

    with open(os.devnull, "w") as quiet:
        call_command("demo", records=records, stdout=quiet)
    facts_rebuild_all()
    primary, replica = connections["default"], connections["replica"]
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    started = time.perf_counter()
    while True:
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            )
            in_recovery, caught_up = cursor.fetchone()
        if caught_up:
            break
        time.sleep(0.05)
    catch_up = time.perf_counter() - started

    user = User.objects.get(username="daumoi_tinh")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    plan = documents_visible(user=user).order_by("pk").first()
    pages = [(f"thống kê: {name}", f"/thong-ke/?bang={name}") for name in registry()]
    if plan is not None:
        pages += [
            ("chỉ tiêu kế hoạch", f"/ke-hoach/{plan.pk}/chi-tieu/"),
            ("đúng hạn kế hoạch", f"/ke-hoach/{plan.pk}/dung-han/"),
        ]

    def measure(url: str) -> tuple[float, int, int, bytes]:
        # Counted by execute wrappers: CaptureQueriesContext loses the queries of a request
        # that starts with Django's reset_queries.
        times, body = [], b""
        counts = {"default": 0, "replica": 0}

        def counter(alias: str):  # type: ignore[no-untyped-def]
            def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
                counts[alias] += 1
                return execute(sql, params, many, context)

            return count

        for _ in range(runs):
            counts.update(default=0, replica=0)
            with (
                primary.execute_wrapper(counter("default")),
                replica.execute_wrapper(counter("replica")),
            ):
                begun = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - begun)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            body = VOLATILE.sub(b"", response.content)
        return statistics.median(times) * 1000, counts["default"], counts["replica"], body

    rows = []
    for label, url in pages:
        routed = measure(url)
        with override_settings(REPORTING_DATABASE=None):
            direct = measure(url)
        rows.append(
            {
                "page": label,
                "primary_q": routed[1],
                "replica_q": routed[2],
                "ms_replica": routed[0],
                "ms_primary": direct[0],
                "direct_primary_q": direct[1],
                "same": routed[3] == direct[3],
            }
        )
    json.dump({"in_recovery": in_recovery, "catch_up": catch_up, "rows": rows}, sys.stdout)
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.records, args.runs)
        return
    with postgres() as primary_url, standby(primary_url) as replica_url:
        env = {
            **os.environ,
            "DATABASE_URL": primary_url,
            "DONDOC_REPLICA_URL": replica_url,
            "DJANGO_SETTINGS_MODULE": "dondoc.settings",
        }
        args_child = ["--child", "--records", str(args.records), "--runs", str(args.runs)]
        out = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, *args_child],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if out.returncode != 0:
        print(out.stdout[-3000:], out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(out.returncode)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"standby in recovery: {result['in_recovery']}; replayed the demo "
        f"({args.records:,} records) {result['catch_up'] * 1000:.0f} ms after the primary's "
        "last write"
    )
    print(f"{'page':32} {'primary q':>9} {'replica q':>9} {'ms (replica)':>12} "
          f"{'ms (primary only)':>17} {'same page':>9}")  # fmt: skip
    for row in result["rows"]:
        print(
            f"{row['page']:32} {row['primary_q']:>9} {row['replica_q']:>9} "
            f"{row['ms_replica']:>12.1f} {row['ms_primary']:>17.1f} "
            f"{'yes' if row['same'] else 'NO':>9}"
        )


if __name__ == "__main__":
    main()
