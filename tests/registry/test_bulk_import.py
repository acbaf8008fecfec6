"""The registry import's PostgreSQL path: COPY with ids allocated up front, in one pass, rolled
back when a row of a later batch is rejected (registry.bulk, registry.transfer)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.core.crypto import PREFIX, lookup_hash
from dondoc.registry.models import CrimeReport, CrimeReportPerson, ImportedRow, Person
from dondoc.registry.transfer import BATCH, registry_import

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite uses the ORM"
    ),
]

HEADER = (
    "Số thụ lý,Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Kết quả giải quyết,Ngày quyết định,"
    "Họ tên bị hại,Số định danh bị hại,Giới tính bị hại,Ngày sinh bị hại,Dân tộc bị hại\n"
)


def rows(count: int) -> str:
    return "".join(
        f"TB-{i},01/03/2024,Tố giác về tội phạm,146,Đang giải quyết,,Nguyễn Thị {i},"
        f"{i:012d},Nữ,05/06/2012,Tày\n"
        for i in range(1, count + 1)
    )


def run(world, text: str, *, save_valid: bool = False, progress=None):
    return registry_import(
        actor=world.focal,
        agency=world.police_sd,
        kind="crime_reports",
        data=text.encode("utf-8"),
        filename="tb.csv",
        save_valid=save_valid,
        progress=progress,
    )


def test_rows_are_copied_with_their_ids_encrypted_and_linked(world) -> None:
    count = BATCH + 10  # two batches
    told: list[tuple[int, int]] = []  # what the job's page shows: rows checked, saved so far
    with CaptureQueriesContext(connection) as queries:
        result = run(
            world, HEADER + rows(count), progress=lambda r, _: told.append((r.rows, r.saved))
        )
    assert (result.saved, result.errors) == (count, [])
    assert told == [(BATCH, BATCH), (count, count)]
    sql = [q["sql"] for q in queries.captured_queries]
    tables = ("registry_person", "registry_crimereport", "registry_importedrow")
    assert not any(s.startswith("INSERT") and any(t in s for t in tables) for s in sql)
    assert sum(s.startswith("COPY") for s in sql) == 8  # 4 tables, 2 batches
    assert CrimeReport.objects.count() == Person.objects.count() == count
    assert CrimeReportPerson.objects.filter(role="victim").count() == count
    assert ImportedRow.objects.filter(kind="crime_reports").count() == count
    report = CrimeReport.objects.get(number="TB-2005")
    assert report.due_on.isoformat() == "2024-03-21" and report.created_at is not None
    victim = report.involved.get().person
    assert (victim.full_name, victim.identity_number) == ("Nguyễn Thị 2005", "000000002005")
    assert victim.identity_hash == lookup_hash("000000002005")
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM registry_person WHERE id = %s", [victim.pk])
        assert cursor.fetchone()[0].startswith(PREFIX)
    assert LogEntry.objects.filter(additional_data__action="registry.import").count() == 1
    again = run(world, HEADER + rows(count))
    assert again.saved == 0 and len(again.warnings) == count  # recognised as imported


def test_a_rejected_row_in_a_later_batch_rolls_back_the_batches_written(world) -> None:
    bad = "TB-x,31/02/2024,Tố giác về tội phạm,146,,,,,,,\n"
    result = run(world, HEADER + rows(BATCH + 5) + bad)
    assert result.saved == 0 and [e.row for e in result.errors] == [BATCH + 7]
    assert not CrimeReport.objects.exists() and not Person.objects.exists()
    assert not ImportedRow.objects.exists()
    assert not LogEntry.objects.filter(additional_data__action="registry.import").exists()
    confirmed = run(world, HEADER + rows(BATCH + 5) + bad, save_valid=True)
    assert confirmed.saved == BATCH + 5 and CrimeReport.objects.count() == BATCH + 5


def test_the_deferred_key_checks_run_when_asked_and_the_keys_stay_deferred(world) -> None:
    """bulk.deferred_checks, called after each batch: a dangling key written before it is
    refused by it, not at the commit; one written after it waits for the commit again."""
    from django.db import IntegrityError, transaction

    from dondoc.registry.bulk import copy_rows, deferred_checks

    def dangling() -> None:  # a link to a report and a person that do not exist
        copy_rows(
            CrimeReportPerson,
            ["report_id", "person_id", "role", "province_id"],
            [(10**12, 10**12, "victim", world.province.pk)],
        )

    check = deferred_checks()
    with pytest.raises(IntegrityError), transaction.atomic():
        dangling()
        check()
    with transaction.atomic():
        check()
        dangling()  # deferred again: nothing is raised yet
        with pytest.raises(IntegrityError), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)


def test_the_reports_and_links_are_analysed_after_the_first_batch(world, monkeypatch) -> None:
    """The checks of each batch's foreign keys are planned once, after the first batch: the
    planner must know the reports then (a link's key to the partitioned reports, planned on a
    never-analysed table, took 1.35 ms a row and grew with every batch)."""
    from dondoc.registry import transfer

    monkeypatch.setattr(transfer, "BATCH", 4)
    result = run(world, HEADER + rows(10))
    assert result.saved == 10
    with connection.cursor() as cursor:
        for table in ("registry_crimereport", "registry_crimereportperson"):
            cursor.execute(
                f"SELECT c.reltuples FROM pg_class c WHERE c.oid = (SELECT tableoid FROM {table}"  # noqa: S608
                " LIMIT 1)"
            )
            assert cursor.fetchone()[0] >= 4, table  # analysed with the first batch's rows


def test_a_copy_refused_in_the_writer_thread_is_the_error_raised_and_saves_nothing(
    world,
) -> None:
    """The batches' COPYs run in a thread (bulk.Writer) while the next batch is read: the
    database's refusal of one is raised as it is (Django's IntegrityError, naming the
    constraint, which the import tells the officer in Vietnamese), not as the "aborted
    transaction" of the next batch's look-up, and the batches written before it are rolled
    back with the import."""
    from django.db import IntegrityError

    from dondoc.core.exceptions import InvalidInput

    with connection.cursor() as cursor:  # every imported row refused, from the first batch
        cursor.execute(
            "ALTER TABLE registry_importedrow ADD CONSTRAINT test_refused"
            " CHECK (kind <> 'crime_reports') NOT VALID"
        )
    with pytest.raises(InvalidInput, match="không lưu gì") as refused:
        run(world, HEADER + rows(BATCH * 2 + 5))
    cause = refused.value.__cause__
    assert isinstance(cause, IntegrityError) and "test_refused" in str(cause)
    assert not CrimeReport.objects.exists() and not Person.objects.exists()
    assert not LogEntry.objects.filter(additional_data__action="registry.import").exists()


def test_people_on_record_are_linked_by_their_id_without_reading_their_personal_fields(
    world,
) -> None:
    """A file naming people already on record links them: the look-up reads their ids, not
    their encrypted fields (2,000 decryptions of five fields a batch, more than the batch's
    own encryption, when a province's people come back)."""
    assert run(world, HEADER + rows(20)).saved == 20
    again = HEADER + rows(20).replace("TB-", "TB2-")  # other reports, the same victims
    with CaptureQueriesContext(connection) as queries:
        assert run(world, again).saved == 20
    probes = [
        q["sql"] for q in queries.captured_queries
        if "unnest" in q["sql"] and "registry_person" in q["sql"]
    ]  # fmt: skip
    assert probes and not any("t.*" in sql or "full_name" in sql for sql in probes)
    assert Person.objects.count() == 20
    report = CrimeReport.objects.get(number="TB2-7")
    assert report.involved.get().person.full_name == "Nguyễn Thị 7"
