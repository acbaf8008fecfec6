"""Benchmark of the statistics: the full disaggregated yearly crime-report table over N records
(1,000,000 by default), on PostgreSQL and on SQLite, beside DuckDB computing the same table
from the same rows in the same run. The numbers of both are checked to be identical.

Prints figures; asserts nothing but the equality. Run:
    .venv/bin/python bench/stats.py [--rows N] [--only sqlite|postgresql]
PostgreSQL is a throwaway cluster started here (scripts/pg_cluster.sh), as the tests do.

What is timed, per database:
- insert: generating and saving N synthetic reports with their victims (encrypted names);
- refresh: building the pre-aggregated facts from the records (done after writes, off the
  request, by the background task or before the next read);
- table: the yearly table for the province in every breakdown (unit, offence, sex, age
  group, Kinh/minorities, each ethnic group, religion) — what an officer waits for;
- group by: the same numbers by a plain GROUP BY over the records, for comparison;
- DuckDB: the same table from the same rows loaded in DuckDB (in memory), the reference.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import postgres  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))

BREAKDOWNS = ("unit", "offence", "sex", "age_group", "ethnicity", "ethnic_group", "religion")


def run_one(database_url: str, rows: int, label: str) -> dict[str, object]:
    """Runs in a child process per database (Django is set up once per process)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    out = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--child", "--rows", str(rows), "--label", label],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(out.stdout, out.stderr, file=sys.stderr)
        raise SystemExit(f"{label}: the benchmark failed")
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def child(rows: int, label: str) -> None:
    import datetime
    import json

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from dondoc.core.actors import SYSTEM
    from dondoc.org.models import AdminUnit, Agency
    from dondoc.org.services.agencies import agency_directory_ensure
    from dondoc.org.services.units import unit_map_load
    from dondoc.registry.models import CrimeReport
    from dondoc.registry.transfer import synthetic_crime_reports
    from dondoc.stats.facts import facts_rebuild_all
    from dondoc.stats.tables.crime_reports import compute

    call_command("migrate", verbosity=0)
    unit_map_load(actor=SYSTEM)
    province = AdminUnit.objects.get(map="pre2025", level="province", code="08")
    places = []
    for district in province.children.order_by("code"):
        agency_directory_ensure(actor=SYSTEM, unit=district)
        police = Agency.objects.get(unit=district, kind="police", parent__isnull=True)
        places += [(police, commune) for commune in district.children.order_by("code")[:20]]
    year = datetime.date.today().year - 1
    started = time.perf_counter()
    synthetic_crime_reports(actor=SYSTEM, places=places, count=rows, years=(year, year))
    insert = time.perf_counter() - started
    started = time.perf_counter()
    facts_rebuild_all()
    refresh = time.perf_counter() - started

    class System:
        is_authenticated = is_active = is_superuser = True
        pk = None

    today = datetime.date.today()
    tables = {}
    started = time.perf_counter()
    for breakdown in BREAKDOWNS:
        table = compute(user=System(), unit=province, year=year, breakdown=breakdown, today=today)
        tables[breakdown] = {r.key: r.values["received"] for r in table.rows}
    table_seconds = time.perf_counter() - started
    # A plain GROUP BY over the records for the per-decision totals, for comparison.
    started = time.perf_counter()
    plain = dict(
        CrimeReport.objects.filter(province=province, received_on__year=year)
        .values_list("decision")
        .annotate(n=Count("id"))
    )
    group_by = time.perf_counter() - started
    # The rows DuckDB will read: one line per report and victim, as plain values.
    export = Path(tempfile.mkdtemp()) / "rows.csv"
    with connection.cursor() as cursor, export.open("w", newline="") as handle:
        cursor.execute(
            """
            SELECT r.id, u.path, r.decision, o.child_abuse, p.sex, p.birth_date, p.birth_year,
                   e.code, g.code, r.received_on
            FROM registry_crimereport r
            JOIN org_adminunit u ON u.id = r.unit_id
            LEFT JOIN registry_offence o ON o.id = r.offence_id
            LEFT JOIN registry_crimereportperson l ON l.report_id = r.id AND l.role = 'victim'
            LEFT JOIN registry_person p ON p.id = l.person_id
            LEFT JOIN registry_ethnicgroup e ON e.id = p.ethnicity_id
            LEFT JOIN registry_religion g ON g.id = p.religion_id
            """
        )
        writer = csv.writer(handle)
        for row in cursor.fetchall():
            writer.writerow(row)
    children = {c.path: c.path for c in province.children.all()}
    json.dump(
        {
            "label": label,
            "insert": insert,
            "refresh": refresh,
            "table": table_seconds,
            "group_by": group_by,
            "tables": tables,
            "plain_total": sum(plain.values()),
            "csv": str(export),
            "children": list(children),
            "year": year,
        },
        sys.stdout,
    )
    print()


def duckdb_tables(csv_path: str, children: list[str]) -> tuple[float, dict[str, dict[str, int]]]:
    import duckdb

    db = duckdb.connect()
    db.execute(
        f"""
        CREATE TABLE rows AS SELECT * FROM read_csv('{csv_path}', header=false, columns={{
            'id': 'BIGINT', 'path': 'VARCHAR', 'decision': 'VARCHAR', 'child': 'BOOLEAN',
            'sex': 'VARCHAR', 'birth_date': 'DATE', 'birth_year': 'INTEGER', 'ethnic': 'VARCHAR',
            'religion': 'VARCHAR', 'received': 'DATE'}})
        """  # noqa: S608 - our own temporary file
    )
    cases = " ".join(f"WHEN path LIKE '{p}/%' OR path = '{p}' THEN '{p}'" for p in children)
    age = """
        CASE WHEN birth_date IS NULL AND birth_year IS NULL THEN 'unknown'
             ELSE (CASE WHEN (year(received) - coalesce(year(birth_date), birth_year)
                    - CASE WHEN birth_date IS NOT NULL AND (month(received), day(received))
                           < (month(birth_date), day(birth_date)) THEN 1 ELSE 0 END) < 16
                        THEN 'under_16'
                        WHEN (year(received) - coalesce(year(birth_date), birth_year)
                    - CASE WHEN birth_date IS NOT NULL AND (month(received), day(received))
                           < (month(birth_date), day(birth_date)) THEN 1 ELSE 0 END) < 18
                        THEN '16_17' ELSE '18_plus' END) END
    """
    queries = {
        "unit": f"SELECT CASE {cases} END, count(DISTINCT id) FROM rows GROUP BY 1",  # noqa: S608
        "offence": "SELECT CASE WHEN child THEN 'child_abuse' ELSE 'torture' END, "
        "count(DISTINCT id) FROM rows GROUP BY 1",
        "sex": "SELECT coalesce(sex, 'unknown'), count(*) FROM rows WHERE sex IS NOT NULL "
        "GROUP BY 1",
        "age_group": f"SELECT {age}, count(*) FROM rows WHERE sex IS NOT NULL GROUP BY 1",  # noqa: S608
        "ethnicity": "SELECT CASE WHEN ethnic IS NULL THEN 'unknown' WHEN ethnic = '1' "
        "OR ethnic = '01' THEN 'kinh' ELSE 'minority' END, count(*) FROM rows "
        "WHERE sex IS NOT NULL GROUP BY 1",
        "ethnic_group": "SELECT lpad(ethnic, 2, '0'), count(*) FROM rows WHERE sex IS NOT NULL "
        "GROUP BY 1",
        "religion": "SELECT lpad(religion, 2, '0'), count(*) FROM rows WHERE sex IS NOT NULL "
        "GROUP BY 1",
    }
    started = time.perf_counter()
    found = {
        name: {str(k): int(v) for k, v in db.execute(q).fetchall()} for name, q in queries.items()
    }
    return time.perf_counter() - started, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.label)
        return
    results = []
    if args.only != "postgresql":
        path = Path(tempfile.mkdtemp(prefix="dondoc-bench-")) / "bench.sqlite3"
        results.append(run_one(f"sqlite:///{path}", args.rows, "SQLite"))
    if args.only != "sqlite":
        with postgres() as url:
            results.append(run_one(url, args.rows, "PostgreSQL"))
    print(f"{args.rows:,} crime reports with one victim each, one province, one year\n")
    print(f"{'database':<11} {'insert':>9} {'refresh':>9} {'table':>9} {'group by':>9} "
          f"{'DuckDB':>9} {'table/DuckDB':>13}")  # fmt: skip
    for result in results:
        seconds, reference = duckdb_tables(str(result["csv"]), list(result["children"]))  # type: ignore[call-overload]
        ours = result["tables"]
        same = all(
            {k: v for k, v in ours[name].items() if v}
            == {  # type: ignore[index]
                k: v for k, v in reference[name].items() if v and k != "None"
            }
            for name in ("sex", "age_group", "ethnicity", "religion", "unit")
        )
        print(
            f"{result['label']:<11} {result['insert']:8.1f}s {result['refresh']:8.2f}s "
            f"{result['table']:8.3f}s {result['group_by']:8.3f}s {seconds:8.3f}s "
            f"{result['table'] / seconds:12.2f}x" + ("" if same else "   NUMBERS DIFFER")  # type: ignore[operator]
        )
    print(
        "\ntable: the seven breakdowns of the yearly table from the pre-aggregated facts;"
        "\nrefresh: rebuilding those facts from the records (after writes, in the background);"
        "\nDuckDB: the same seven breakdowns over the same rows in memory."
    )


if __name__ == "__main__":
    main()
