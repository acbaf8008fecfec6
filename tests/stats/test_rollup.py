"""The rollup the targets page reads (stats.models.CrimeReportRollup: the report facts summed
over the due day) stays the facts' sum after every kind of write: a single write (register,
decide, extend, correct, withdraw), a full rebuild, and an import rebuilt by the worker."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db.models import Sum

from dondoc.registry.corrections import record_correct, record_withdraw
from dondoc.registry.crime import crime_report_extend
from dondoc.registry.models import CrimeReport, Offence
from dondoc.registry.services import crime_report_decide, crime_report_register
from dondoc.registry.transfer import registry_import
from dondoc.stats import facts
from dondoc.stats.facts import facts_current, facts_refresh, stale_pairs
from dondoc.stats.models import CrimeReportFact, CrimeReportRollup

pytestmark = pytest.mark.django_db

D = datetime.date
KEYS = ("province_id", "year", "unit_id", "agency_id", "decision", "offence_group")


def rollup() -> Counter:
    return Counter(
        {tuple(r[k] for k in KEYS): r["count"] for r in CrimeReportRollup.objects.values()}
    )


def summed_facts() -> Counter:
    rows = CrimeReportFact.objects.filter(kind="report").values(*KEYS).annotate(n=Sum("count"))
    return Counter({tuple(r[k] for k in KEYS): r["n"] for r in rows.order_by()})


def facts_rebuilt_equal(province_id: int, year: int) -> bool:
    """Whether the stored facts equal what a rebuild would write now."""
    fields = ("kind", "unit_id", "agency_id", "decision", "due_on", "offence_group",
              "synthetic", "dimension", "value")  # fmt: skip
    stored = CrimeReportFact.objects.filter(province_id=province_id, year=year)
    rows = facts._count(province_id, year, D(2026, 11, 30))
    return Counter({tuple(r[f] for f in fields): r["count"] for r in stored.values()}) == Counter(
        {tuple(getattr(r, f) for f in fields): r.count for r in rows}
    )


def test_single_writes_move_the_rollup_with_the_facts(world) -> None:
    province = world.province.pk
    for year in (2025, 2026):  # built once, empty: from now on only deltas keep them
        facts_refresh(province_id=province, year=year)
    child_abuse = Offence.objects.get(article=146)
    writes = []

    def register(day: datetime.date, **more) -> CrimeReport:
        return crime_report_register(
            actor=world.focal, agency=world.police_sd, received_on=day, source="report", **more
        )

    first = register(D(2026, 11, 2), offence=child_abuse)
    writes.append("register")
    second = register(D(2026, 11, 3), unit=world.commune_sd)
    writes.append("register in a commune")
    third = register(D(2026, 11, 4))
    writes.append("register")
    steps = [
        ("extend (the due day moves, the rollup does not)",
         lambda: crime_report_extend(actor=world.focal, report=first, on=D(2026, 11, 20))),
        ("decide", lambda: crime_report_decide(
            actor=world.focal, report=second, decision="prosecute", decided_on=D(2026, 11, 25))),
        ("correct the year", lambda: record_correct(
            actor=world.focal, record=third, reason="Nhập sai ngày", received_on=D(2025, 12, 30))),
        ("correct the offence", lambda: record_correct(
            actor=world.focal, record=third, reason="Sai điều luật", offence=child_abuse)),
        ("withdraw", lambda: record_withdraw(
            actor=world.focal, record=CrimeReport.objects.get(pk=first.pk), reason="duplicate")),
    ]  # fmt: skip
    assert rollup() == summed_facts() and sum(rollup().values()) == 3
    for name, write in steps:
        write()
        assert not stale_pairs(), name
        assert rollup() == summed_facts(), name
        assert all(facts_rebuilt_equal(province, year) for year in (2025, 2026)), name
    assert sum(rollup().values()) == 2  # the withdrawn report left; the corrected one moved
    assert {key[1] for key in rollup()} == {2025, 2026}


CSV = (
    "Số thụ lý,Ngày tiếp nhận,Nguồn tin,Tóm tắt nội dung,Điều luật (BLHS),Kết quả giải quyết,"
    "Ngày quyết định\n"
    + "".join(
        f"TB-{i},0{1 + i % 9}/03/2025,Tố giác về tội phạm,Nội dung {i},"
        f"{'146' if i % 2 else 'Điều 134'},"
        f"{'Quyết định khởi tố vụ án hình sự,20/03/2025' if i % 3 == 0 else 'Đang giải quyết,'}\n"
        for i in range(1, 13)
    )
)


def test_an_import_then_the_workers_rebuild_and_a_forced_rebuild_keep_it_exact(world) -> None:
    registry_import(
        actor=world.focal, agency=world.police_sd, kind="crime_reports",
        data=CSV.encode("utf-8"), filename="tb.csv", save_valid=True,
    )  # fmt: skip
    assert CrimeReport.objects.count() == 12 and stale_pairs()
    facts_current()  # what the worker runs after an import
    assert sum(rollup().values()) == 12 and rollup() == summed_facts()
    # A forced rebuild (a rule change) writes both again from one count.
    CrimeReportRollup.objects.update(count=99)
    facts_refresh(province_id=world.province.pk, year=2025, force=True)
    assert sum(rollup().values()) == 12 and rollup() == summed_facts()
