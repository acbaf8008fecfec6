"""Benchmark of the look-up by name + year of birth + commune (issue 17) at 100,000 and
1,000,000 persons on PostgreSQL: the blind index (registry.persons.person_matches, one indexed
equality on core.crypto.name_hash) against the decrypting look-up it replaced (the persons of
the commune born that year, up to 500, decrypted and their names compared), in the same run.

Prints milliseconds per look-up (median); asserts nothing. Run:
    .venv/bin/python bench/person_lookup.py [--sizes 100000,1000000] [--communes 20]
PostgreSQL is a throwaway cluster (scripts/pg_cluster.sh), as the tests start one. The persons
live in `--communes` communes of one district, born 1950-2020, so at 1,000,000 a commune and a
year hold about 700 persons: the decrypting look-up reads its cap of 500.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import postgres, run_child  # noqa: E402
from bench.timing import median_ms  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Ma", "Hà", "Nông", "Triệu"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Hữu", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
         "Tú", "Tuấn", "Vân", "Yến"]  # fmt: skip


def child(sizes: list[int], communes: int) -> None:
    import random
    import statistics

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dondoc.core.actors import SYSTEM
    from dondoc.core.crypto import name_hash
    from dondoc.org.models import AdminUnit, Agency, User
    from dondoc.org.services.agencies import agency_directory_ensure
    from dondoc.org.services.units import unit_map_load
    from dondoc.registry.catalogues import fold
    from dondoc.registry.models import Person
    from dondoc.registry.persons import person_matches
    from dondoc.registry.selectors import records_visible

    call_command("migrate", verbosity=0)
    unit_map_load(actor=SYSTEM)
    province = AdminUnit.objects.get(map="pre2025", level="province", code="08")
    district = province.children.order_by("code")[0]
    agency_directory_ensure(actor=SYSTEM, unit=district)
    police = Agency.objects.get(unit=district, kind="police", parent__isnull=True)
    places = list(district.children.order_by("code")[:communes])
    user = User.objects.create_superuser("bench", password=None)
    rng = random.Random(17)  # noqa: S311 - names for a benchmark, not a secret

    def insert(count: int) -> None:
        batch: list[Person] = []
        for _ in range(count):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            year = rng.randint(1950, 2020)
            unit = rng.choice(places)
            batch.append(
                Person(
                    full_name=name, birth_year=year, name_hash=name_hash(name, year),
                    residence_unit=unit, agency=police, unit=unit, province=province,
                )
            )  # fmt: skip
            if len(batch) == 5000:
                Person.objects.bulk_create(batch)
                batch = []
        if batch:
            Person.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_person")

    def decrypting(name: str, year: int, unit: AdminUnit) -> list[Person]:
        """The look-up before the blind index (registry.persons until issue 17's index)."""
        wanted = fold(name)
        candidates = records_visible(Person, user=user).filter(birth_year=year, residence_unit=unit)
        return [p for p in candidates.order_by("pk")[:500] if fold(p.full_name) == wanted][:20]

    figures = []
    done = 0
    for size in sizes:
        started = time.perf_counter()
        insert(size - done)
        done = size
        inserted = round(time.perf_counter() - started, 1)
        probes = list(
            Person.objects.order_by("?").values_list("full_name", "birth_year", "residence_unit")[
                :20
            ]
        )
        units = {u.pk: u for u in places}
        probes_ = [(n, y, units[u]) for n, y, u in probes]
        candidates = statistics.median(
            Person.objects.filter(birth_year=y, residence_unit=u).count() for _, y, u in probes_
        )

        def indexed(name: str, year: int, unit: AdminUnit) -> object:
            return person_matches(user=user, full_name=name, birth_year=year, residence_unit=unit)

        index_ms = statistics.median(
            median_ms(lambda n=n, y=y, u=u: indexed(n, y, u), runs=5) for n, y, u in probes_
        )
        decrypt_ms = statistics.median(
            median_ms(lambda n=n, y=y, u=u: decrypting(n, y, u), runs=3) for n, y, u in probes_
        )
        figures.append(
            {
                "persons": Person.objects.count(),
                "insert_s": inserted,
                "candidates_per_commune_year": candidates,
                "blind_index_ms": index_ms,
                "decrypting_ms": decrypt_ms,
            }
        )
    n, y, u = probes_[0]
    sql, params = (
        records_visible(Person, user=user)
        .filter(name_hash=name_hash(n, y), birth_year=y, residence_unit=u)
        .order_by("pk")[:20]
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(json.dumps({"figures": figures, "plan": plan}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.child:
        child(sizes, args.communes)
        return
    with postgres() as url:
        result = run_child(__file__, ["--sizes", args.sizes, "--communes", str(args.communes)], url)
    print("Look-up by name + year of birth + commune (PostgreSQL), ms per look-up (median)")
    for row in result["figures"]:
        print(
            f"  {row['persons']:>9,} persons: blind index {row['blind_index_ms']:>7} ms, "
            f"decrypting {row['decrypting_ms']:>8} ms "
            f"({row['candidates_per_commune_year']} persons per commune and year; "
            f"inserted in {row['insert_s']} s)"
        )
    print("\nEXPLAIN ANALYZE — blind index")
    print("\n".join("  " + line for line in result["plan"]))


if __name__ == "__main__":
    main()
