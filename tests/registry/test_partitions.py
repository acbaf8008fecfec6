"""The crime reports partitioned by province on PostgreSQL (issue 18, migration 0017): rows
land in their province's partition, a query scoped to one province reads only its partition,
the keys hold across partitions, and a province added later gets its partition with its rows
moved out of the default one."""

from __future__ import annotations

import re
from datetime import date as D
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit
from dondoc.org.scoping import scope_for
from dondoc.registry import bulk, crime, listing, selectors
from dondoc.registry.models import (
    CompensationClaim,
    Complaint,
    CrimeReport,
    CrimeReportPerson,
    CrimeReportStep,
    CriminalCase,
    Referral,
)
from dondoc.registry.partitions import (
    FAMILIES,
    PARTITIONED_TABLES,
    TABLES,
    partitioned,
    partitions_ensure,
    provinces_partitioned,
)
from dondoc.registry.services import crime_report_register, records_keeper_change
from tests.registry.factories import (
    record_pairs,
    tra_vinh_report,
    world_case,
    world_claim,
    world_complaint,
    world_crime_report,
    world_referral,
)
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
            [list(PARTITIONED_TABLES)],
        )
        assert cursor.fetchall() == [(t, "l") for t in sorted(PARTITIONED_TABLES)]
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
    # The pairs table was dropped on the way back: the migration filled it from the rows, and
    # its triggers are on the rebuilt tables again.
    assert record_pairs() == {(world.police_sd.pk, world.province.pk)}
    assert _pair_triggers() == PAIR_TRIGGERS
    # Ids go on from the sequence: a new report does not reuse one.
    newer = crime_report_register(
        actor=world.focal, agency=world.police_sd, number="TB-SD-2", received_on=D(2024, 6, 1),
        source="report", unit=world.commune_sd,
    )  # fmt: skip
    assert newer.pk > report.pk
    assert _where("registry_crimereport") == {f"registry_crimereport_p{world.province.pk}"}


def _other_kinds(world) -> None:
    """A complaint (with its first round and complainant), a case, a claim, a referral."""
    world_complaint(world)
    world_case(world)
    world_claim(world)
    world_referral(world)


def test_every_family_gets_its_partitions_and_its_rows_move_into_them(world) -> None:
    _other_kinds(world)  # each in its table's default partition
    tables = [t for family in FAMILIES[1:] for t in family.tables]
    full = {t for t in tables if _where(t)}
    assert full >= {"registry_complaint", "registry_complaintround", "registry_criminalcase",
                    "registry_compensationclaim", "registry_referral"}  # fmt: skip
    assert all(_where(t) == {f"{t}_default"} for t in full)
    added = partitions_ensure(actor=SYSTEM)
    assert {part.province_id for part in added} == set(
        AdminUnit.objects.filter(level="province").values_list("pk", flat=True)
    )
    assert provinces_partitioned() == {part.province_id for part in added}
    assert {t: _where(t) for t in full} == {t: {f"{t}_p{world.province.pk}"} for t in full}
    # The composite keys hold after the move: a child in another province is refused.
    complaint = Complaint.objects.get()
    assert complaint.rounds.get().province_id == world.province.pk
    with pytest.raises(IntegrityError, match="parent_province"), transaction.atomic():
        type(complaint.rounds.get()).objects.filter(complaint=complaint).update(
            province=world.tra_vinh
        )
        checked()


def test_load_units_gives_a_new_province_its_partitions() -> None:
    out = StringIO()
    call_command("load_units", stdout=out)
    provinces = set(AdminUnit.objects.filter(level="province").values_list("pk", flat=True))
    assert len(provinces) == 63 + 34  # both maps' provinces
    assert provinces_partitioned() == provinces
    assert f"Đã tạo phân vùng dữ liệu hồ sơ cho {len(provinces)} tỉnh" in out.getvalue()
    out = StringIO()
    call_command("load_units", stdout=out)  # again: nothing to add, nothing said
    assert "phân vùng" not in out.getvalue()


def _scanned(plan: str) -> set[str]:
    """The relations a plan reads (partitions or plain tables) of the registry."""
    return set(re.findall(r" on (registry_[a-z]+_(?:p\d+|default))\b", plan))


def test_lists_and_counts_read_only_the_partitions_of_the_users_provinces(world) -> None:
    partitions_ensure(actor=SYSTEM)
    _report(world)
    _other_kinds(world)
    province = world.province.pk
    for model in (CrimeReport, Complaint, CriminalCase, CompensationClaim, Referral):
        table = model._meta.db_table
        # A focal officer's list (first page, in the list's order), a deep page and the
        # bounded count: only the partition of its province.
        spec = next(s for s in listing.LISTINGS.values() if s.model is model)
        records = selectors.records_visible(model, user=world.focal)
        date = spec.date_field
        first = records.order_by(f"-{date}", "-pk")[:101].explain()
        deep = records.filter(**{f"{date}__lte": D(2024, 1, 1)}).order_by(f"-{date}", "-pk")
        counted = records.order_by()[: listing.COUNT_BOUND + 1]
        for plan in (first, deep[:101].explain(), counted.explain()):
            assert _scanned(plan) <= {f"{table}_p{province}"}, (table, plan)
            assert f"{table}_p{province}" in plan, plan
        # The other province's officer: its own partition, and none of the rows.
        plan = selectors.records_visible(model, user=world.outsider).explain()
        assert _scanned(plan) <= {f"{table}_p{world.tra_vinh.pk}"}, plan
        assert not selectors.records_visible(model, user=world.outsider).exists()
        # An agency officer (no unit overseen): its agencies' rows, no province named.
        where = str(selectors.records_visible(model, user=world.province_officer).query)
        assert "province_id" not in where.split(" WHERE ", 1)[1]
    # The same rows as without the pruning (the focal officer's).
    assert selectors.records_visible(CrimeReport, user=world.focal).count() == 1
    assert selectors.records_visible(Referral, user=world.focal).count() == 1


def test_a_record_the_agency_filed_in_another_province_stays_in_its_list(world) -> None:
    """A referral is filed in the province where the person lives: the referring agency
    still lists it (its province is found and named with the user's own)."""
    from dondoc.registry.referrals import referral_create
    from dondoc.registry.services import person_create

    partitions_ensure(actor=SYSTEM)
    resident = person_create(actor=world.focal, agency=world.police_sd, full_name="Thạch Thị Na",
                             residence_unit=world.tra_vinh)  # fmt: skip
    referral = referral_create(
        actor=world.focal, agency=world.police_sd, person=resident, origin="victim",
        service="shelter", provider_name="Trung tâm Công tác xã hội tỉnh Trà Vinh",
        referred_on=D(2026, 11, 20), consent_by="self", consent_name="Thạch Thị Na",
        consent_on=D(2026, 11, 19),
    )  # fmt: skip
    assert referral.province == world.tra_vinh
    visible = selectors.records_visible(Referral, user=world.focal)
    assert list(visible) == [referral]
    assert _scanned(visible.explain()) == {
        f"registry_referral_p{world.province.pk}",
        f"registry_referral_p{world.tra_vinh.pk}",
    }
    # The province is found from the pair the database added when the referral was saved.
    assert record_pairs() == {(world.police_sd.pk, world.tra_vinh.pk)}


def test_a_record_copied_in_another_province_by_the_import_stays_in_its_list(world) -> None:
    """The import writes with COPY (registry.bulk): the statement trigger sees its rows too."""
    partitions_ensure(actor=SYSTEM)
    report = tra_vinh_report(world, world.police_sd, "TB-SD-TV")
    with transaction.atomic():
        bulk.copy_insert([report])
    assert record_pairs() == {(world.police_sd.pk, world.tra_vinh.pk)}
    assert list(selectors.records_visible(CrimeReport, user=world.focal)) == [report]
    assert world.tra_vinh.pk in selectors.record_provinces(user=world.focal)


def test_a_record_handed_over_from_another_provinces_agency_stays_in_its_list(world) -> None:
    """A hand-over changes the keeping agency by an UPDATE: the receiver lists the record."""
    partitions_ensure(actor=SYSTEM)
    report = tra_vinh_report(world, world.police_tv, "TB-TV-1")
    report.save()
    assert record_pairs() == {(world.police_tv.pk, world.tra_vinh.pk)}
    assert not selectors.records_visible(CrimeReport, user=world.focal).exists()
    records_keeper_change(
        actor=SYSTEM, model=CrimeReport, ids=[report.pk], from_agency=world.police_tv,
        to_agency=world.police_sd, at=timezone.now(),
    )  # fmt: skip
    # The old pair stays (a pair is never removed: one more partition read, nothing hidden).
    assert record_pairs() == {
        (world.police_tv.pk, world.tra_vinh.pk),
        (world.police_sd.pk, world.tra_vinh.pk),
    }
    focal = type(world.focal).objects.get(pk=world.focal.pk)  # a new request's user
    assert list(selectors.records_visible(CrimeReport, user=focal)) == [report]


def test_the_record_scope_reads_the_pairs_not_the_record_tables(world) -> None:
    """The provinces come from the pairs, in the scope's two queries: no record table is
    read, however many records the agencies keep."""
    partitions_ensure(actor=SYSTEM)
    _report(world)
    _other_kinds(world)
    user = type(world.focal).objects.get(pk=world.focal.pk)
    scope_for(user)
    with CaptureQueriesContext(connection) as queries:
        selectors.scope_q(user=user)
    assert len(queries) == 2
    for family in FAMILIES:
        assert not any(family.parent in query["sql"] for query in queries), queries.captured_queries
    assert selectors.record_provinces(user=user) == [world.province.pk]


def _pair_triggers() -> set[tuple[str, str]]:
    """(table, trigger) of the triggers that keep the pairs (migration 0020)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
            " WHERE tgname LIKE %s AND NOT tgisinternal",
            ["%_agency_province_%"],
        )
        return set(cursor.fetchall())


# Every partitioned parent (all have an agency), an INSERT and an UPDATE trigger each.
PAIR_TRIGGERS = {
    (family.parent, f"{family.parent}_agency_province_{event}")
    for family in FAMILIES
    for event in ("insert", "update")
}


def test_every_partitioned_table_has_the_pairs_triggers() -> None:
    assert _pair_triggers() == PAIR_TRIGGERS
