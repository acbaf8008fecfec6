"""The crime reports partitioned by province on PostgreSQL (issue 18, migration 0017): rows
land in their province's partition, a query scoped to one province reads only its partition,
the keys hold across partitions, and a province added later gets its partition with its rows
moved out of the default one."""

from __future__ import annotations

from datetime import date as D
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit
from dondoc.registry import crime
from dondoc.registry.models import CrimeReport, CrimeReportPerson, CrimeReportStep
from dondoc.registry.partitions import (
    TABLES,
    partitioned,
    partitions_ensure,
    provinces_partitioned,
)
from dondoc.registry.services import crime_report_register
from tests.registry.factories import world_crime_report
from tests.registry.test_child_province import checked

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="partitions are PostgreSQL's: on SQLite the tables stay plain",
    ),
]


def _where(table: str) -> set[str]:
    """The partitions `table`'s rows are stored in."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT tableoid::regclass::text FROM {table}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def _report(world) -> CrimeReport:
    report = world_crime_report(world)
    crime.crime_report_extend(actor=world.focal, report=report, on=D(2024, 5, 20))
    return report


def test_the_tables_are_partitioned_and_rows_wait_in_the_default_partition(world) -> None:
    assert partitioned()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p.partstrat FROM pg_partitioned_table p"
            " JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = ANY(%s) ORDER BY 1",
            [list(TABLES)],
        )
        assert cursor.fetchall() == [(t, "l") for t in sorted(TABLES)]
    # The test database was migrated before the world's units existed: no province has a
    # partition yet, so a report waits in the default one (nothing is refused).
    _report(world)
    assert {t: _where(t) for t in TABLES} == {t: {f"{t}_default"} for t in TABLES}


def test_a_province_gets_its_partition_and_its_rows_move_into_it(world) -> None:
    report = _report(world)  # in the default partition, with its victim link and two steps
    out = StringIO()
    call_command("registry", "partitions", stdout=out)
    provinces = AdminUnit.objects.filter(level="province")
    assert (
        f"Đã tạo phân vùng cho {world.province.name} (mã {world.province.pk}), chuyển 3 dòng"
        in (out.getvalue())
    )  # the report, its victim link, its step
    assert out.getvalue().count("Đã tạo phân vùng") == provinces.count()
    assert LogEntry.objects.filter(additional_data__action="registry.partition_add").count() == (
        provinces.count()
    )
    for table in TABLES:
        assert _where(table) == {f"{table}_p{world.province.pk}"}
    # The keys still hold: the rows are where their parent is.
    assert CrimeReportPerson.objects.get().report == report
    # A new row goes straight to its province's partition; a second run does nothing.
    crime.crime_report_suspend(actor=world.focal, report=report, on=D(2024, 5, 21))
    assert _where("registry_crimereportstep") == {f"registry_crimereportstep_p{world.province.pk}"}
    assert partitions_ensure(actor=SYSTEM) == []


def test_a_query_scoped_to_one_province_reads_only_its_partition(world) -> None:
    partitions_ensure(actor=SYSTEM)
    _report(world)
    plan = CrimeReport.objects.filter(province=world.province).order_by("-received_on").explain()
    assert f"registry_crimereport_p{world.province.pk}" in plan
    assert "registry_crimereport_default" not in plan
    assert f"registry_crimereport_p{world.tra_vinh.pk}" not in plan
    steps = CrimeReportStep.objects.filter(province=world.province, report__province=world.province)
    plan = steps.explain()
    assert plan.count("_default") == 0
    whole = CrimeReport.objects.all().explain()  # unscoped: every partition
    assert "registry_crimereport_default" in whole
    assert f"registry_crimereport_p{world.tra_vinh.pk}" in whole


def test_the_database_refuses_a_child_in_another_partition(world) -> None:
    partitions_ensure(actor=SYSTEM)
    report = _report(world)
    with pytest.raises(IntegrityError, match="parent_province"), transaction.atomic():
        CrimeReportStep.objects.create(
            report=report, province=world.tra_vinh, kind="extended", on=D(2024, 5, 20)
        )
        checked()
    # A report moved to another province takes its rows along, into that partition.
    CrimeReport.objects.filter(pk=report.pk).update(province=world.tra_vinh)
    for table in TABLES:
        assert _where(table) == {f"{table}_p{world.tra_vinh.pk}"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_saved_rows_into_each_provinces_partition_and_back(world) -> None:
    from django.db.migrations.executor import MigrationExecutor

    report = _report(world)
    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0016_child_province_integrity")])
    assert not partitioned()  # plain tables again, the rows kept
    assert {t: _where(t) for t in TABLES} == {t: {t} for t in TABLES}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # The units exist now: the migration made each province's partition, the rows are there.
    assert partitioned()
    assert provinces_partitioned() == set(
        AdminUnit.objects.filter(level="province").values_list("pk", flat=True)
    )
    for table in TABLES:
        assert _where(table) == {f"{table}_p{world.province.pk}"}
    assert CrimeReport.objects.get().involved.get().person.full_name
    # Ids go on from the sequence: a new report does not reuse one.
    newer = crime_report_register(
        actor=world.focal, agency=world.police_sd, number="TB-SD-2", received_on=D(2024, 6, 1),
        source="report", unit=world.commune_sd,
    )  # fmt: skip
    assert newer.pk > report.pk
    assert _where("registry_crimereport") == {f"registry_crimereport_p{world.province.pk}"}
