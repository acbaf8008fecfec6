"""The partitioned registry with two real connections (PostgreSQL): two runs of `dondoc registry
partitions` at once (cron and an administrator) give each province its partition once and move
its waiting rows once; two officers filing an agency's first records in another province at
once leave its (agency, province) pair once, whichever transaction commits or rolls back."""

from __future__ import annotations

import threading
import time
from datetime import date as D

from django.db import connection, transaction

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit
from dondoc.registry import crime, selectors
from dondoc.registry.models import AgencyRecordProvince, CrimeReport
from dondoc.registry.partitions import partitions_ensure
from tests.concurrency.conftest import on_postgresql, together
from tests.registry.factories import world_crime_report

pytestmark = on_postgresql


def test_two_runs_at_once_add_each_partition_once(world) -> None:
    report = world_crime_report(world)
    crime.crime_report_extend(actor=world.focal, report=report, on=D(2024, 5, 20))
    answers = together(
        lambda: partitions_ensure(actor=SYSTEM), lambda: partitions_ensure(actor=SYSTEM)
    )
    assert not [a for a in answers if isinstance(a, BaseException)], answers
    provinces = AdminUnit.objects.filter(level="province").count()
    assert sorted(len(a) for a in answers) == [0, provinces]
    moved = [p.rows_moved for a in answers for p in a if p.province_id == world.province.pk]
    assert moved == [3]  # the report, its victim link, its step: once
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableoid::regclass::text FROM registry_crimereport")
        assert cursor.fetchall() == [(f"registry_crimereport_p{world.province.pk}",)]
    assert CrimeReport.objects.get().steps.count() == 1


def _first_in_another_province(world, number: str, *, inserted, wait, hold: bool, undo=False):
    """Files a crime report of the Sơn Dương police received in Trà Vinh in a transaction of
    its own: the holder tells `inserted` once its row (and its trigger's pair) is written, then
    keeps the transaction open a moment; the other starts once told. Returns the seconds the
    write and its commit took."""
    report = CrimeReport(
        agency=world.police_sd, unit=world.tra_vinh, province=world.tra_vinh, number=number,
        received_on=D(2026, 11, 2), due_on=D(2026, 11, 22), source="report",
    )  # fmt: skip
    if not hold:
        assert wait.wait(30)
    started = time.monotonic()
    try:
        with transaction.atomic():
            report.save()
            if hold:
                inserted.set()
                time.sleep(0.6)  # the other writer's trigger meets this uncommitted pair
                if undo:
                    raise _Undo
    except _Undo:
        pass
    return time.monotonic() - started


class _Undo(Exception):
    pass


def _pairs() -> set[tuple[int, int]]:
    return set(AgencyRecordProvince.objects.values_list("agency_id", "province_id"))


def test_two_first_records_in_another_province_at_once_add_its_pair_once(world) -> None:
    """Two officers file, at the same moment, their agency's first records in another province:
    the second trigger's pair waits for the first's and then adds nothing (ON CONFLICT), where
    a check-then-insert would fail the second officer's save on the unique key."""
    partitions_ensure(actor=SYSTEM)
    inserted = threading.Event()
    held, waited = together(
        lambda: _first_in_another_province(world, "TV-1", inserted=inserted, wait=None, hold=True),
        lambda: _first_in_another_province(world, "TV-2", inserted=None, wait=inserted, hold=False),
    )
    assert not isinstance(held, BaseException) and not isinstance(waited, BaseException), (
        held,
        waited,
    )
    assert waited >= 0.3  # it did meet the first's uncommitted pair, and waited for it
    assert _pairs() == {(world.police_sd.pk, world.tra_vinh.pk)}
    focal = type(world.focal).objects.get(pk=world.focal.pk)
    listed = selectors.records_visible(CrimeReport, user=focal)
    assert sorted(listed.values_list("number", flat=True)) == ["TV-1", "TV-2"]


def test_a_first_record_rolled_back_beside_another_leaves_the_others_pair(world) -> None:
    """The first writer's transaction rolls back with its pair while the second waits on that
    pair: the second's trigger then adds it, and its record stays in the officer's list."""
    partitions_ensure(actor=SYSTEM)
    inserted = threading.Event()
    answers = together(
        lambda: _first_in_another_province(
            world, "TV-1", inserted=inserted, wait=None, hold=True, undo=True
        ),
        lambda: _first_in_another_province(world, "TV-2", inserted=None, wait=inserted, hold=False),
    )
    assert not [a for a in answers if isinstance(a, BaseException)], answers
    assert answers[1] >= 0.3
    assert _pairs() == {(world.police_sd.pk, world.tra_vinh.pk)}
    focal = type(world.focal).objects.get(pk=world.focal.pk)
    listed = selectors.records_visible(CrimeReport, user=focal)
    assert list(listed.values_list("number", flat=True)) == ["TV-2"]
