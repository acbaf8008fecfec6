"""Statistics with two at once: rebuilds never double the facts, and a write made while its
province-year is being rebuilt is never dropped (PostgreSQL, real connections)."""

from __future__ import annotations

import datetime
import threading
import time

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
from tests.stats.test_rollup import rollup, summed_facts
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
    assert rollup() == summed_facts()
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
    """A report saved while a rebuild is counting the records: its delta waits for the
    rebuild's lock, then lands on the new facts (which did not see the report): nothing is
    dropped, nothing counted twice, and no second rebuild is needed."""
    from django.db import transaction

    from dondoc.registry.services import stats_stale

    _register(world, D(2024, 6, 1), count=5)
    facts_current()
    _register(world, D(2024, 6, 2))  # a delta: the facts stay current
    with transaction.atomic():
        stats_stale({(world.son_duong.parent_id, 2024)})  # as a bulk import does
    counted = threading.Event()
    real_count = facts._count

    def slow_count(*args, **kwargs):
        rows = real_count(*args, **kwargs)
        counted.set()
        time.sleep(1)  # the officer's save reaches the lock while the rebuild holds it
        return rows

    monkeypatch.setattr(facts, "_count", slow_count)

    def officer_saves() -> None:
        assert counted.wait(30)
        _register(world, D(2024, 6, 3))

    results = together(lambda: facts_current(years={2024}), officer_saves)
    assert not [r for r in results if isinstance(r, BaseException)], results
    monkeypatch.setattr(facts, "_count", real_count)
    assert not stale_pairs()
    assert _received(world) == 7 == CrimeReport.objects.count()


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
    assert rollup() == summed_facts()  # the targets page's rollup: the facts' sum


def test_single_writes_at_once_keep_the_facts_exact(world) -> None:
    """Four officers registering reports and one deciding others, while the worker rebuilds
    the same province-year: each write's delta lands once, and the facts equal a rebuild."""
    from dondoc.registry.services import crime_report_decide
    from tests.stats.test_facts_deltas import rebuilt, stored

    province = world.son_duong.parent_id
    _register(world, D(2024, 6, 1), count=6)
    facts_refresh(province_id=province, year=2024, force=True)
    pending = list(CrimeReport.objects.filter(received_on__year=2024))

    def decide() -> None:
        for report in pending:
            crime_report_decide(
                actor=world.focal, report=report, decision="prosecute", decided_on=D(2024, 6, 20)
            )

    results = together(
        *[lambda: _register(world, D(2024, 7, 1), count=5)] * 4,
        decide,
        lambda: facts_refresh(province_id=province, year=2024, force=True),
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert not stale_pairs()
    assert stored(province, 2024) == rebuilt(province, 2024)
    assert rollup() == summed_facts() and sum(rollup().values()) == 26
    assert _received(world) == 26 == CrimeReport.objects.filter(received_on__year=2024).count()
