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
from dondoc.registry.models import CrimeReport
from dondoc.registry.partitions import partitions_ensure
from tests.concurrency.conftest import on_postgresql, together
from tests.registry.factories import record_pairs, tra_vinh_report, world_crime_report

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


HOLD = 0.6  # seconds the first writer keeps its transaction open after its pair is written


def _first(world, number: str, written: threading.Event, *, undo: bool = False) -> None:
    """The first officer: files the agency's first report received in Trà Vinh, tells `written`
    once the row (and its trigger's pair) is in, keeps the transaction open a moment, then
    commits it, or rolls it back with `undo`."""
    try:
        with transaction.atomic():
            tra_vinh_report(world, world.police_sd, number).save()
            written.set()
            time.sleep(HOLD)  # the second writer's trigger meets this uncommitted pair
            if undo:
                raise _Undo
    except _Undo:
        pass


def _second(world, number: str, written: threading.Event) -> float:
    """The second officer, once the first's pair is written: the seconds its save took."""
    assert written.wait(30)
    started = time.monotonic()
    with transaction.atomic():
        tra_vinh_report(world, world.police_sd, number).save()
    return time.monotonic() - started


class _Undo(Exception):
    pass


def test_two_first_records_in_another_province_at_once_add_its_pair_once(world) -> None:
    """Two officers file, at the same moment, their agency's first records in another province:
    the second trigger's pair waits for the first's and then adds nothing (ON CONFLICT), where
    a check-then-insert would fail the second officer's save on the unique key."""
    partitions_ensure(actor=SYSTEM)
    written = threading.Event()
    first, waited = together(
        lambda: _first(world, "TV-1", written), lambda: _second(world, "TV-2", written)
    )
    assert not isinstance(first, BaseException) and not isinstance(waited, BaseException), (
        first,
        waited,
    )
    assert waited >= HOLD / 2  # it did meet the first's uncommitted pair, and waited for it
    assert record_pairs() == {(world.police_sd.pk, world.tra_vinh.pk)}
    focal = type(world.focal).objects.get(pk=world.focal.pk)
    listed = selectors.records_visible(CrimeReport, user=focal)
    assert sorted(listed.values_list("number", flat=True)) == ["TV-1", "TV-2"]


def test_a_first_record_rolled_back_beside_another_leaves_the_others_pair(world) -> None:
    """The first writer's transaction rolls back with its pair while the second waits on that
    pair: the second's trigger then adds it, and its record stays in the officer's list."""
    partitions_ensure(actor=SYSTEM)
    written = threading.Event()
    answers = together(
        lambda: _first(world, "TV-1", written, undo=True),
        lambda: _second(world, "TV-2", written),
    )
    assert not [a for a in answers if isinstance(a, BaseException)], answers
    assert answers[1] >= HOLD / 2
    assert record_pairs() == {(world.police_sd.pk, world.tra_vinh.pk)}
    focal = type(world.focal).objects.get(pk=world.focal.pk)
    listed = selectors.records_visible(CrimeReport, user=focal)
    assert list(listed.values_list("number", flat=True)) == ["TV-2"]
