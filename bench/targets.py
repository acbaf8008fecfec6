"""Benchmark of the targets: attainment of every target of seed 002's plan, for the province
and each of its districts, in every year of the plan, over N crime reports (1,000,000 by
default), beside DuckDB computing the same registry figures from the same rows in the same
run (the numbers are checked equal).

Prints figures; asserts nothing but the equality. Run:
    .venv/bin/python bench/targets.py [--rows N] [--database sqlite|postgresql] [--repeat 5]
    .venv/bin/python bench/targets.py --database-url URL   # fill once, then measure again
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import postgres  # noqa: E402

YEARS = (2021, 2025)


def child(rows: int, repeat: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dondoc.core.actors import SYSTEM
    from dondoc.indicators.models import Indicator, Target
    from dondoc.indicators.services import target_dashboard, targets_from_document
    from dondoc.org.models import AdminUnit, Agency
    from dondoc.org.services.agencies import agency_directory_ensure
    from dondoc.org.services.units import unit_map_load
    from dondoc.plans.models import Document
    from dondoc.registry.models import CrimeReport
    from dondoc.registry.transfer import synthetic_crime_reports
    from dondoc.stats.facts import facts_rebuild_all

    call_command("migrate", verbosity=0)
    insert = refresh = 0.0
    # A database given with --database-url keeps its rows: filled once, measured many times.
    if not CrimeReport.objects.exists():
        unit_map_load(actor=SYSTEM)
        province = AdminUnit.objects.get(map="pre2025", level="province", code="91")
        places = []
        for district in province.children.order_by("code"):
            agency_directory_ensure(actor=SYSTEM, unit=district)
            police = Agency.objects.get(unit=district, kind="police", parent__isnull=True)
            places += [(police, commune) for commune in district.children.order_by("code")[:10]]
        seed = next((ROOT / "tests" / "fixtures" / "seeds").glob("002_*.txt"))
        call_command("plan", "import", str(seed), verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.perf_counter()
        synthetic_crime_reports(actor=SYSTEM, places=places, count=rows, years=YEARS)
        insert = time.perf_counter() - started
        started = time.perf_counter()
        facts_rebuild_all()
        refresh = time.perf_counter() - started
    province = AdminUnit.objects.get(map="pre2025", level="province", code="91")
    document = Document.objects.get(number="111/KH-CAT-CSHS")
    targets = targets_from_document(document=document)
    links = {3: "child_abuse_resolution_rate", 4: "crime_reports_resolution_rate",
             6: "child_abuse_crime_reports", 7: "friendly_interview_rooms"}  # fmt: skip
    for index, code in links.items():
        Target.objects.filter(pk=targets[index].pk).update(
            indicator=Indicator.objects.get(code=code)
        )

    def every_year() -> dict[str, float | None]:
        figures: dict[str, float | None] = {}
        for year in range(YEARS[0] + 1, YEARS[1] + 1):
            for trend in target_dashboard(user=None, document=document, year=year):
                code = trend.row.target.indicator.code if trend.row.target.indicator else None
                if code in ("crime_reports_resolution_rate", "child_abuse_crime_reports"):
                    figures[f"{code}/{year}"] = trend.row.value.value if trend.row.value else None
                    for unit, value, _ in trend.units:
                        figures[f"{code}/{year}/{unit.path}"] = value
        return figures

    # The machine is shared: the median of several runs, wall-clock and CPU seconds, this
    # process's and the database server's (PostgreSQL's processes: SQLite runs in this one),
    # which other work on the machine does not inflate; and the queries of one run.
    server_cpu = postgres_cpu(connection)
    walls, cpus, db_cpus = [], [], []
    for _ in range(repeat):
        db_before = server_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        figures = every_year()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        db_cpus.append(server_cpu() - db_before)
    queries: list[tuple[float, str, Any]] = []

    def counted(run: Any, sql: str, params: Any, *rest: Any) -> Any:
        started = time.perf_counter()
        try:
            return run(sql, params, *rest)
        finally:
            queries.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(counted):
        every_year()
    dashboard, dashboard_cpu = statistics.median(walls), statistics.median(cpus)
    # The page's read of the statistics (the facts, or their rollup), as the database plans
    # and runs it.
    reads = [q for q in queries if "stats_crimereport" in q[1]] or queries
    _, slowest, params = max(reads, key=lambda q: q[0])
    explain = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(explain + slowest, params)
        plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
    top = [(round(seconds * 1000, 2), sql[:110]) for seconds, sql, _ in
           sorted(queries, key=lambda q: -q[0])[:3]]  # fmt: skip
    export = Path(tempfile.mkdtemp()) / "rows.csv"
    with connection.cursor() as cursor, export.open("w", newline="") as handle:
        cursor.execute(
            """
            SELECT u.path, r.decision, o.child_abuse, r.received_on
            FROM registry_crimereport r JOIN org_adminunit u ON u.id = r.unit_id
            LEFT JOIN registry_offence o ON o.id = r.offence_id
            """
        )
        csv.writer(handle).writerows(cursor.fetchall())
    districts = [d.path for d in province.children.all()]
    print(json.dumps({"insert": insert, "refresh": refresh, "dashboard": dashboard,
                      "dashboard_cpu": dashboard_cpu, "db_cpu": statistics.median(db_cpus),
                      "cpu_total": statistics.median(map(sum, zip(cpus, db_cpus, strict=True))),
                      "queries": len(queries), "top": top, "plan": plan,
                      "query_seconds": sum(q[0] for q in queries),
                      "figures": figures, "csv": str(export), "districts": districts}))  # fmt: skip


def postgres_cpu(connection: Any) -> Any:
    """A function giving the CPU seconds this connection's PostgreSQL backend has used so far
    (0 on SQLite, which runs in this process). Parallel query is turned off for the session,
    so that the backend does all of its queries' work itself: the figure is the work, not
    spread over workers that exit before they can be read; other databases of the cluster
    (a bench filling another) do not count."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")
    stat = Path(f"/proc/{backend}/stat")

    def cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

    return cpu


def duckdb_figures(
    csv_path: str, districts: list[str], repeat: int
) -> tuple[float, float, dict[str, float | None]]:
    import duckdb

    db = duckdb.connect()
    db.execute(
        f"CREATE TABLE r AS SELECT * FROM read_csv('{csv_path}', header=false, columns={{"  # noqa: S608
        "'path': 'VARCHAR', 'decision': 'VARCHAR', 'child': 'BOOLEAN', 'received': 'DATE'})"
    )
    cases = " ".join(f"WHEN path LIKE '{p}/%' THEN '{p}'" for p in districts)
    query = f"""
        SELECT year(received) AS y, CASE {cases} END AS district,
               count(*) AS received, count(*) FILTER (WHERE decision <> 'pending') AS resolved,
               count(*) FILTER (WHERE child) AS child
        FROM r GROUP BY GROUPING SETS ((y), (y, district))
        """  # noqa: S608
    samples, cpus = [], []
    for _ in range(repeat):  # the median, as for dondoc
        started, cpu = time.perf_counter(), time.process_time()
        rows = db.execute(query).fetchall()
        samples.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    seconds, cpu_seconds = statistics.median(samples), statistics.median(cpus)
    found: dict[str, float | None] = {}
    for year, district, received, resolved, child in rows:
        suffix = f"/{year}" + (f"/{district}" if district else "")
        found[f"crime_reports_resolution_rate{suffix}"] = (
            round(100 * resolved / received, 2) if received else None
        )
        found[f"child_abuse_crime_reports{suffix}"] = float(child)
    return seconds, cpu_seconds, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the median is printed")
    parser.add_argument(
        "--database-url",
        help="a database to fill once and reuse (its rows are kept; --rows applies when empty)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.repeat)
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    command = [sys.executable, __file__, "--child", "--rows", str(args.rows)]
    command += ["--repeat", str(args.repeat)]
    if args.database_url:
        out = subprocess.run(  # noqa: S603 - our own script
            command, env={**env, "DATABASE_URL": args.database_url}, capture_output=True,
            text=True, check=False,
        )  # fmt: skip
    elif args.database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='dondoc-bench-')}/b.sqlite3"
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    else:
        with postgres() as url:
            out = subprocess.run(  # noqa: S603 - our own script
                command, env={**env, "DATABASE_URL": url}, capture_output=True, text=True,
                check=False,
            )  # fmt: skip
    if out.returncode != 0:
        print(out.stdout, out.stderr, file=sys.stderr)
        raise SystemExit("the benchmark failed")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    seconds, cpu_seconds, reference = duckdb_figures(
        result["csv"], result["districts"], args.repeat
    )
    ours = result["figures"]
    differ = [k for k, v in ours.items() if k in reference and reference[k] != v]
    kind = args.database_url.split(":")[0] if args.database_url else args.database
    print(f"{args.rows:,} crime reports over {YEARS[0]}-{YEARS[1]}, {kind}")
    print(f"insert {result['insert']:.1f} s; facts {result['refresh']:.1f} s")
    print(f"every target, every year, province and districts: {result['dashboard']:.3f} s "
          f"wall (median of {args.repeat}); CPU {result['cpu_total']:.3f} s = Python "
          f"{result['dashboard_cpu']:.3f} s + database server {result['db_cpu']:.3f} s; "
          f"{result['queries']} queries, {result['query_seconds'] * 1000:.1f} ms in them"
          )  # fmt: skip
    for ms, sql in result["top"]:
        print(f"  {ms:8.2f} ms  {sql}")
    print("  the read of the statistics, as the database runs it:")
    for line in result["plan"].splitlines():
        print(f"    {line}")
    print(f"DuckDB, the same registry figures from the same rows: {seconds:.3f} s wall (median); "
          f"CPU {cpu_seconds:.3f} s, every thread")  # fmt: skip
    # CPU seconds are the figure to trust on a shared machine: other work slows the wall
    # clock of both, unevenly, but not the work each does.
    print(f"ratio, CPU: {result['cpu_total'] / max(cpu_seconds, 1e-9):.1f}x; wall: "
          f"{result['dashboard'] / seconds:.1f}x; "
          f"{len(ours)} figures compared, {len(differ)} differ {differ[:3]}")  # fmt: skip


if __name__ == "__main__":
    main()
