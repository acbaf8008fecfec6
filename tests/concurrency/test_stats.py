"""Statistics with two at once: rebuilds never double the facts, and a write made while its
province-year is being rebuilt is never dropped (PostgreSQL, real connections)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db.models import Sum
from django.urls import reverse

from dondoc.registry.models import CrimeReport
from dondoc.registry.services import crime_report_register
from dondoc.stats import facts
from dondoc.stats.facts import facts_current, facts_refresh, stale_pairs
from dondoc.stats.models import CrimeReportFact
from dondoc.stats.tables.crime_reports import compute
from tests.concurrency.conftest import on_postgresql, together
from tests.world import signed_in

pytestmark = on_postgresql

D = datetime.date


def _register(world, day: datetime.date, count: int = 1) -> None:
    for _ in range(count):
        crime_report_register(
            actor=world.focal, agency=world.police_sd, received_on=day, source="report"
        )


def _received(world) -> int:
    table = compute(user=world.focal, unit=world.province, year=2024)
    return int(table.total.values["received"])


def test_four_rebuilds_at_once_count_each_record_once(world) -> None:
    """Four officers' rebuilds (the worker, `dondoc stats refresh`, "Tính lại ngay") of the
    same province and year at the same moment: the table equals one reader's table."""
    _register(world, D(2024, 6, 1), count=42)
    province = world.son_duong.parent_id
    results = together(*[lambda: facts_refresh(province_id=province, year=2024)] * 4)
    assert not [r for r in results if isinstance(r, BaseException)], results
    counted = CrimeReportFact.objects.filter(province_id=province, year=2024, kind="report")
    assert counted.aggregate(n=Sum("count"))["n"] == 42
    assert _received(world) == 42 == CrimeReport.objects.filter(received_on__year=2024).count()


def test_four_officers_open_the_page_while_the_worker_rebuilds(world) -> None:
    """The page reads, the worker rebuilds: every page shows a count the records had, and
    once the rebuild is done the table matches the registry."""
    facts_current()
    _register(world, D(2024, 6, 1), count=42)
    url = reverse("web:stats") + f"?don_vi={world.province.pk}&nam=2024"
    clients = [signed_in(world.focal) for _ in range(4)]
    pages = together(
        *[lambda c=c: c.get(url) for c in clients], lambda: facts_current(), lambda: facts_current()
    )
    assert all(p.status_code == 200 for p in pages[:4])
    assert _received(world) == 42
    page = signed_in(world.focal).get(url).content.decode()
    assert "Số liệu tính đến" in page and "đang được tính lại" not in page


def test_a_write_during_a_rebuild_is_not_dropped(world, monkeypatch) -> None:
    """A report saved after a rebuild counted the records and before it replaced the facts:
    the rebuild leaves the province-year stale, and the next one counts the report."""
    _register(world, D(2024, 6, 1), count=5)
    facts_current()
    _register(world, D(2024, 6, 2))  # stale: a rebuild is due
    counted, written = threading.Event(), threading.Event()
    real_count = facts._count

    def slow_count(*args, **kwargs):
        rows = real_count(*args, **kwargs)
        counted.set()
        assert written.wait(30)  # the officer's save commits now, mid-rebuild
        return rows

    monkeypatch.setattr(facts, "_count", slow_count)

    def officer_saves() -> None:
        assert counted.wait(30)
        _register(world, D(2024, 6, 3))
        written.set()

    results = together(lambda: facts_current(years={2024}), officer_saves)
    assert not [r for r in results if isinstance(r, BaseException)], results
    monkeypatch.setattr(facts, "_count", real_count)
    assert _received(world) == 6  # the facts as the rebuild counted them
    assert (world.son_duong.parent_id, 2024) in stale_pairs()  # ... and still stale
    facts_current()
    assert _received(world) == 7 == CrimeReport.objects.count()
    assert not stale_pairs()


@pytest.mark.parametrize("rounds", [3])
def test_writes_and_rebuilds_interleaved_end_equal_to_the_registry(world, rounds) -> None:
    """Officers write while the worker rebuilds, again and again; after the last rebuild the
    table holds every record."""
    for _ in range(rounds):
        together(
            lambda: _register(world, D(2024, 7, 1), count=10),
            lambda: _register(world, D(2024, 8, 1), count=10),
            lambda: facts_current(),
            lambda: facts_current(),
        )
    facts_current()
    assert _received(world) == CrimeReport.objects.count() == 20 * rounds
