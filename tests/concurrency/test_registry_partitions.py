"""Two runs of `dondoc registry partitions` at once (cron and an administrator), with two real
connections (PostgreSQL): each province gets its partition once, its waiting rows move once."""

from __future__ import annotations

from datetime import date as D

from django.db import connection

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit
from dondoc.registry import crime
from dondoc.registry.models import CrimeReport
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
