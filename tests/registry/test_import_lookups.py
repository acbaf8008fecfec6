"""An import's look-ups of one batch (the digests already imported, the identity numbers on
record in the province) read only the batch's keys, however many rows the import wrote before
in its open transaction (registry.bulk.rows_by_unique_key): a plain `IN (…)` let PostgreSQL's
planner, which knows nothing of those uncommitted rows, read every one of them per batch."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dondoc.core.dbstats import analyse
from dondoc.registry import transfer
from dondoc.registry.bulk import copy_rows, copy_supported, rows_by_unique_key
from dondoc.registry.models import ImportedRow, Person
from dondoc.registry.transfer import registry_import

pytestmark = pytest.mark.django_db

HEADER = (
    "Số thụ lý,Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Kết quả giải quyết,Ngày quyết định,"
    "Họ tên bị hại,Số định danh bị hại,Giới tính bị hại,Ngày sinh bị hại,Dân tộc bị hại\n"
)


def _lines(numbers: range, identity: int = 0) -> str:
    return "".join(
        f"TB-{i},01/03/2024,Tố giác về tội phạm,146,Đang giải quyết,,Nguyễn Thị {i},"
        f"{identity or i:012d},Nữ,05/06/2012,Tày\n"
        for i in numbers
    )


def test_a_file_imported_again_in_batches_is_told_apart_row_by_row(world, monkeypatch) -> None:
    monkeypatch.setattr(transfer, "BATCH", 3)

    def run(text: str) -> transfer.ImportResult:
        return registry_import(
            actor=world.focal, agency=world.police_sd, kind="crime_reports",
            data=(HEADER + text).encode("utf-8"), filename="tb.csv",
        )  # fmt: skip

    first = run(_lines(range(1, 8)))
    assert (first.saved, first.errors) == (7, [])
    persons = Person.objects.count()
    # The same seven rows, and three new reports whose victim is the person of row 2.
    again = run(_lines(range(1, 8)) + _lines(range(20, 23), identity=2))
    assert again.saved == 3
    assert [w.row for w in again.warnings if "đã nhập ngày" in w.message] == list(range(2, 9))
    assert Person.objects.count() == persons  # row 2's victim linked, not made again


def test_the_look_up_returns_the_rows_the_orm_filter_does(world) -> None:
    now = timezone.now()
    digests = [f"{i:032x}" for i in range(40)]
    ImportedRow.objects.bulk_create(
        ImportedRow(province_id=_province(world),
                    agency=world.police_sd, kind=kind, digest=d, imported_at=now)
        for d in digests for kind in ("crime_reports", "complaints")
    )  # fmt: skip
    asked = [*digests[::3], "f" * 32, ""]
    found = rows_by_unique_key(
        ImportedRow,
        fixed={"agency_id": world.police_sd.pk, "kind": "complaints"},
        key="digest",
        values=asked,
    )
    expected = ImportedRow.objects.filter(
        agency=world.police_sd, kind="complaints", digest__in=asked
    )
    assert sorted(r.pk for r in found) == sorted(r.pk for r in expected)
    assert {r.kind for r in found} == {"complaints"}


def _province(world) -> int:
    """The province of the agency's unit, which the import stores on its rows."""
    unit = world.police_sd.unit
    return [unit, *unit.ancestors()][-1].pk


def test_the_digest_look_up_probes_the_unique_index_among_uncommitted_rows(world) -> None:
    if not copy_supported():
        pytest.skip("PostgreSQL only: the planner's choice among the table's indexes")
    now, province = timezone.now(), _province(world)

    def digest(i: int) -> str:
        return hashlib.sha256(str(i).encode()).hexdigest()[:32]

    columns = ["province_id", "agency_id", "kind", "digest", "imported_at"]

    def write(numbers: range) -> None:  # rows of this open transaction, as in an import
        copy_rows(
            ImportedRow,
            columns,
            [(province, world.police_sd.pk, "crime_reports", digest(i), now) for i in numbers],
        )

    write(range(2_000))  # the first batch, then what the import does after it
    analyse(ImportedRow)
    write(range(2_000, 30_000))
    with CaptureQueriesContext(connection) as queries:
        found = rows_by_unique_key(
            ImportedRow,
            fixed={"agency_id": world.police_sd.pk, "kind": "crime_reports"},
            key="digest",
            values=[digest(i) for i in range(29_000, 31_000)],
        )
    assert len(found) == 1_000
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "importedrow_unique_digest" in plan, plan
    assert "Seq Scan on registry_importedrow" not in plan, plan
