"""The crime reports' import and export carry the receiving register's fields: the offence
as people write it, the date and place of the offence, the suspect and the reporter; a person
already on record (same identity number) is linked, never duplicated; a round trip keeps all."""

from __future__ import annotations

import csv
import datetime
import io

from dondoc.registry.models import CrimeReport, Person
from dondoc.registry.services import person_create
from dondoc.registry.transfer import registry_export, registry_import
from tests.registry.factories import grant_personal_export

HEADER = (
    "Số thụ lý,Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Ngày xảy ra,Nơi xảy ra,Kết quả giải quyết,"
    "Ngày quyết định,Cơ quan được chuyển,Họ tên bị hại,Số định danh bị hại,Dân tộc bị hại,"
    "Họ tên người bị tố giác,Năm sinh người bị tố giác,Họ tên người tố giác, báo tin"
)


def _csv(*rows: str) -> bytes:
    return (
        "\ufeff"
        + HEADER.replace("Họ tên người tố giác, báo tin", '"Họ tên người tố giác, báo tin"')
        + "\n"
        + "\n".join(rows)
        + "\n"
    ).encode()


def _import(world, data: bytes):
    return registry_import(
        actor=world.focal, agency=world.police_sd, kind="crime_reports", data=data,
        filename="tin-bao.csv",
    )  # fmt: skip


def test_import_with_the_register_fields_links_the_known_victim(world) -> None:
    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Hà Thị Bị",
        identity_number="008190000009",
    )  # fmt: skip
    result = _import(
        world,
        _csv(
            "1/TB,01/11/2026,Tin báo về tội phạm,Điều 134,31/10/2026,Thôn Đồng Tâm,"
            "Đang giải quyết,,,Hà Thị Bị,008190000009,,Trần Văn Một,1990,Lê Văn Báo",
            "2/TB,02/11/2026,Tố giác về tội phạm,trộm cắp tài sản,,,"
            "Chuyển cơ quan có thẩm quyền giải quyết,03/11/2026,Công an tỉnh,,,,,,",
        ),
    )
    assert (result.saved, result.errors) == (2, [])
    first = CrimeReport.objects.get(number="1/TB")
    assert first.offence.code == "134" and first.offence_on == datetime.date(2026, 10, 31)
    assert first.involved.get(role="victim").person == known  # linked, not a second record
    assert first.involved.get(role="suspect").person.birth_year == 1990
    assert first.involved.get(role="reporter").person.full_name == "Lê Văn Báo"
    assert Person.objects.filter(identity_hash=known.identity_hash).count() == 1
    second = CrimeReport.objects.get(number="2/TB")
    assert second.offence.code == "173" and second.transferred_to == "Công an tỉnh"

    grant_personal_export(world.focal, world.police_sd)
    exported = registry_export(
        actor=world.focal, kind="crime_reports", fmt="csv", agency=world.police_sd
    )
    rows = {r["Số thụ lý"]: r for r in csv.DictReader(io.StringIO(exported.decode("utf-8-sig")))}
    assert rows["1/TB"]["Điều luật (BLHS)"] == "134"
    assert rows["1/TB"]["Ngày xảy ra"] == "31/10/2026"
    assert rows["1/TB"]["Họ tên người bị tố giác"] == "Trần Văn Một"
    assert rows["1/TB"]["Họ tên người tố giác, báo tin"] == "Lê Văn Báo"
    assert rows["2/TB"]["Cơ quan được chuyển"] == "Công an tỉnh"
    # Read back: recognised as imported already, nothing doubles.
    again = _import(world, exported)
    assert again.saved == 0 and CrimeReport.objects.count() == 2


def test_an_unknown_article_is_refused_naming_row_and_column(world) -> None:
    result = _import(
        world, _csv("3/TB,01/11/2026,Tin báo về tội phạm,Điều 51,,,Đang giải quyết,,,,,,,,")
    )
    assert result.saved == 0
    (error,) = result.errors
    assert error.row == 2 and error.column == "Điều luật (BLHS)"
    assert "Điều 108 đến Điều 425" in error.message
    assert not CrimeReport.objects.exists()
