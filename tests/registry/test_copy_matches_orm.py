"""The registry import through COPY stores what the ORM's path stores: the same file imported
both ways on PostgreSQL (settings.REGISTRY_COPY off, then on) leaves the same rows in every
table it writes (read back decrypted), the same import records, audit and statistics."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection, models, transaction

from dondoc.core.crypto import PREFIX
from dondoc.registry.models import CrimeReport, CrimeReportPerson, ImportedRow, Person, StaleStats
from dondoc.registry.transfer import registry_import
from dondoc.stats.facts import facts_rebuild_all
from dondoc.stats.models import CrimeReportFact

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY is PostgreSQL's: on SQLite the import has the ORM's path only",
    ),
]

HEADER = (
    "Số thụ lý,Ngày tiếp nhận,Nguồn tin,Tóm tắt nội dung,Điều luật (BLHS),Ngày xảy ra,"
    "Nơi xảy ra,Kết quả giải quyết,Ngày quyết định,Họ tên bị hại,Số định danh bị hại,"
    "Giới tính bị hại,Ngày sinh bị hại,Dân tộc bị hại,Họ tên người bị tố giác,"
    'Năm sinh người bị tố giác,"Họ tên người tố giác, báo tin"\n'
)


ROWS = 60


def _file() -> str:
    """Victims, suspects, reporters, decided reports, one victim named
    twice by identity number (one person, two links), a repeated row (skipped), a rejected
    row (saved around, the officer having confirmed)."""
    lines = []
    for i in range(1, ROWS + 1):
        identity = f"{(i if i != 7 else 3):012d}"  # row 7's victim is row 3's
        decided = i % 3 == 0
        lines.append(
            f"TB-{i},01/03/2024,Tố giác về tội phạm,Nội dung {i},"
            f"{'Điều 134' if i % 2 else '146'},28/02/2024,Thôn {i},"
            f"{'Quyết định khởi tố vụ án hình sự' if decided else 'Đang giải quyết'},"
            f"{'10/03/2024' if decided else ''},Nguyễn Thị {i if i != 7 else 3},{identity},"
            f"Nữ,05/06/2012,Tày,{'Trần Văn ' + str(i) if i % 5 == 0 else ''},"
            f"{'1990' if i % 5 == 0 else ''},{'Lê Văn Báo' if i % 4 == 0 else ''}\n"
        )
    lines.append(lines[10])  # the same row again
    lines.append("TB-x,31/02/2024,Tố giác về tội phạm,,146,,,,,,,,,,,,\n")  # no such day
    return HEADER + "".join(lines)


def _rows(model: type[models.Model], keys: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stored row of `model`, read through the ORM (decrypted), each field by name but
    its id and times; the ids of records the import made are replaced by what they hold."""
    skip = {"id", "created_at", "updated_at", "imported_at"}
    out = []
    for obj in model.objects.all():
        row = {}
        for field in model._meta.concrete_fields:
            if field.attname in skip:
                continue
            value = getattr(obj, field.attname)
            row[field.attname] = keys[field.attname](value) if field.attname in keys else value
        out.append(row)
    return sorted(out, key=repr)


def _stored(world: Any, *, copy: bool, settings: Any) -> dict[str, Any]:
    """Import the file one way, read back every table it writes, then undo it all."""
    settings.REGISTRY_COPY = copy
    with transaction.atomic():
        result = registry_import(
            actor=world.focal, agency=world.police_sd, kind="crime_reports",
            data=_file().encode("utf-8"), filename="tb.csv", save_valid=True,
        )  # fmt: skip
        people = {p.pk: (p.full_name, p.identity_number) for p in Person.objects.all()}
        reports = dict(CrimeReport.objects.values_list("pk", "number"))
        with connection.cursor() as cursor:  # what the disk holds: encrypted either way
            cursor.execute("SELECT full_name, identity_number, birth_date FROM registry_person")
            for cells in cursor.fetchall():
                assert all(cell in ("", None) or cell.startswith(PREFIX) for cell in cells), cells
        stale = list(StaleStats.objects.values_list("province_id", "year", "generation"))
        facts_rebuild_all()
        stored = {
            "result": (
                result.rows,
                result.valid,
                result.saved,
                result.rejected_rows,
                [w.describe() for w in result.warnings],
            ),
            "persons": _rows(Person, {}),
            "reports": _rows(CrimeReport, {}),
            "links": _rows(CrimeReportPerson, {"report_id": reports.get, "person_id": people.get}),
            "imported": _rows(ImportedRow, {"record_id": reports.get, "person_id": people.get}),
            "audit": list(
                LogEntry.objects.filter(additional_data__action="registry.import").values_list(
                    "additional_data", flat=True
                )
            ),
            "stale": stale,
            "facts": _rows(CrimeReportFact, {}),
        }
        transaction.set_rollback(True)
    return stored


def test_the_copy_path_stores_what_the_orm_path_stores(world, settings) -> None:
    orm = _stored(world, copy=False, settings=settings)
    copied = _stored(world, copy=True, settings=settings)
    assert orm["result"][2] == ROWS and orm["result"][3] == 1  # saved, rejected
    # Victims (row 7's is row 3's), suspects (every 5th row), reporters (every 4th).
    assert len(orm["persons"]) == ROWS - 1 + ROWS // 5 + ROWS // 4
    assert len(orm["links"]) > len(orm["reports"]) and orm["facts"]
    for name in orm:
        assert copied[name] == orm[name], name
