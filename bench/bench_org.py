"""Benchmark of `org`: loading the map, and resolving agency mentions of the seed plans.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_org.py
Uses a throwaway SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="dondoc-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from tests.org.seed_tables import assignment_cells

    from dondoc.core.actors import SYSTEM
    from dondoc.org.mentions import split_agency_mentions
    from dondoc.org.models import AdminUnit
    from dondoc.org.resolve import AgencyResolver, resolve_agency
    from dondoc.org.services.agencies import agency_directory_ensure
    from dondoc.org.services.national import national_directory_ensure
    from dondoc.org.services.units import unit_map_load
    from dondoc.org.unit_lookup import unit_find

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    unit_map_load(actor=SYSTEM)
    first = time.perf_counter() - started
    started = time.perf_counter()
    unit_map_load(actor=SYSTEM)
    second = time.perf_counter() - started
    units = AdminUnit.objects.count()
    print(f"load_units, first run : {first:6.2f} s  ({units / first:,.0f} units/s)")
    print(f"load_units, second run: {second:6.2f} s  (nothing to change)")

    unit = unit_find("Huyện Sơn Dương, Tỉnh Tuyên Quang", map="pre2025")
    if unit is None or unit.parent is None:
        raise SystemExit("Huyện Sơn Dương is missing from the map")
    agency_directory_ensure(actor=SYSTEM, unit=unit.parent)
    agency_directory_ensure(actor=SYSTEM, unit=unit)
    started = time.perf_counter()
    national = national_directory_ensure(actor=SYSTEM)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    national_directory_ensure(actor=SYSTEM)
    again = time.perf_counter() - started
    print(
        f"national directory ({len(national.agencies)} agencies, "
        f"{national.successions_created} handovers): first {loaded * 1000:6.1f} ms, "
        f"second {again * 1000:6.1f} ms (nothing to change)"
    )
    mentions = [m for c in assignment_cells("000") for m in split_agency_mentions(c)]

    started = time.perf_counter()
    for mention in mentions:
        resolve_agency(mention, unit)  # baseline: loads the directory for every mention
    baseline = time.perf_counter() - started
    resolver = AgencyResolver(unit)
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for mention in mentions:
            resolver.resolve(mention)
    shared = (time.perf_counter() - started) / rounds
    print(
        f"resolve {len(mentions)} mentions of seed 000, directory loaded per mention: "
        f"{baseline * 1000:7.1f} ms ({len(mentions) / baseline:,.0f}/s)"
    )
    print(
        f"resolve {len(mentions)} mentions of seed 000, one AgencyResolver:          "
        f"{shared * 1000:7.1f} ms ({len(mentions) / shared:,.0f}/s), "
        f"{baseline / shared:.0f}× faster"
    )
    wordings = [
        "Bộ Công an", "Bộ Y tế", "các bộ, ngành", "Bộ LĐ-TB&XH", "Bộ Kế hoạch và Đầu tư",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "Tòa án nhân dân tối cao",
        "Ủy ban TW Mặt trận Tổ quốc Việt Nam", "Trung ương Hội Cựu chiến binh Việt Nam",
        "Bộ Văn hóa, Thể thao và Du lịch",
    ]  # fmt: skip
    central = AgencyResolver(national.unit, on=datetime.date(2026, 11, 30))
    started = time.perf_counter()
    for _ in range(rounds):
        for text in wordings:
            central.resolve(text)
    per = (time.perf_counter() - started) / rounds / len(wordings)
    print(f"resolve a central plan's wording, one AgencyResolver:            {per * 1e6:7.1f} µs")


if __name__ == "__main__":
    main()
