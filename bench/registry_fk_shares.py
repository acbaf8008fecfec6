"""What each foreign key costs the registry import (issue 18), on a throwaway PostgreSQL
cluster: N crime reports are imported (bench/registry_import.py's file), then, for each table
the import writes, its rows are inserted once more with INSERT … SELECT and their deferred
checks run (SET CONSTRAINTS ALL IMMEDIATE): first with every foreign key, then with one key
dropped at a time (each in a transaction rolled back). The difference is that key's share.
Prints figures; asserts nothing. Run: .venv/bin/python bench/registry_fk_shares.py [--rows N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import postgres  # noqa: E402

# Each table, and how a copy of its rows is made that meets its unique constraints.
TABLES = {
    "registry_person": {"identity_hash": "md5(identity_hash || 'x')"},
    "registry_crimereport": {},
    "registry_crimereportperson": {"role": "'witness'"},
    "registry_importedrow": {"digest": "left(md5(digest), 32)"},
}


def child(rows: int, csv_path: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from dondoc.core.actors import SYSTEM
    from dondoc.org.models import AdminUnit, Agency, User
    from dondoc.org.services.agencies import agency_directory_ensure
    from dondoc.org.services.units import unit_map_load
    from dondoc.registry.transfer import registry_import

    call_command("migrate", verbosity=0)
    unit_map_load(actor=SYSTEM)
    district = AdminUnit.objects.get(path="pre2025/08/076")
    agency_directory_ensure(actor=SYSTEM, unit=district)
    police = Agency.objects.get(unit=district, kind="police", parent__isnull=True)
    admin = User.objects.create_superuser("bench", password=None)
    result = registry_import(
        actor=admin, agency=police, kind="crime_reports", data=csv_path.read_bytes(),
        filename=csv_path.name,
    )  # fmt: skip
    if result.saved != rows:
        raise SystemExit(f"import: {result.saved} saved, {result.errors[:3]}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    def run(cursor, table: str, changed: dict[str, str]) -> float:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
            " AND NOT attisdropped AND attname <> 'id' ORDER BY attnum",
            [table],
        )
        names = [name for (name,) in cursor.fetchall()]
        values = ", ".join(changed.get(name, name) for name in names)
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(names)}) SELECT {values} FROM {table}"  # noqa: S608
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        return time.perf_counter() - started

    for table, changed in TABLES.items():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass"
                " AND contype = 'f' AND conparentid = 0 ORDER BY 1",
                [table],
            )
            keys = [name for (name,) in cursor.fetchall()]
        timings = []
        for _ in range(2):  # the better of two
            with transaction.atomic(), connection.cursor() as cursor:
                timings.append(run(cursor, table, changed))
                transaction.set_rollback(True)
        whole = min(timings)
        print(f"{table}: {rows:,} rows with {len(keys)} keys: {whole * 1e6 / rows:6.1f} µs a row")
        for key in keys:
            timings = []
            for _ in range(2):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{key}"')
                    timings.append(run(cursor, table, changed))
                    transaction.set_rollback(True)
            less = min(timings)
            print(f"  without {key:<66}: {(whole - less) * 1e6 / rows:5.1f} µs a row")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows, Path(args.child))
        return
    from bench.registry_import import csv_written

    csv_path = csv_written(args.rows)
    with postgres() as url:
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--rows", str(args.rows), "--child", str(csv_path)],
            env={**os.environ, "DATABASE_URL": url}, check=True,
        )  # fmt: skip


if __name__ == "__main__":
    main()
