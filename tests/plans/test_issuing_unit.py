"""plans.issuing_unit: a document dated after 1 July 2025 that names a district is refused with
the reason (its bodies had ended) and where the area belongs now."""

from __future__ import annotations

import datetime

import pytest

from dondoc.org.models import AdminUnit
from dondoc.plans.importers.drafts import DocumentHeader
from dondoc.plans.issuing_unit import UnitNotInferred, infer_unit

pytestmark = pytest.mark.django_db


def test_a_2026_document_of_an_ended_district_says_why(world) -> None:
    AdminUnit.objects.filter(map="pre2025").update(valid_to=datetime.date(2025, 6, 30))
    header = DocumentHeader(
        issuer="ỦY BAN NHÂN DÂN HUYỆN SƠN DƯƠNG", place="Sơn Dương", year=2026, month=3, day=2
    )
    with pytest.raises(UnitNotInferred) as error:
        infer_unit(header)
    assert error.value.reason == (
        "Văn bản đề ngày 02/3/2026 nhưng ghi địa bàn «HUYỆN SƠN DƯƠNG»: Huyện Sơn Dương, Tỉnh "
        "Tuyên Quang chỉ tồn tại đến hết ngày 30/6/2025 (bản đồ trước 01/7/2025); địa bàn nay "
        "thuộc Tỉnh Tuyên Quang. Cơ quan của địa bàn đã kết thúc không ban hành văn bản đề ngày "
        "sau khi kết thúc: kiểm tra lại ngày ban hành, hoặc chọn địa bàn đang tồn tại vào ngày đó."
    )
    # The web names the box to choose, the command line its flag (plans.remedies).
    assert "--unit" not in error.value.message
    assert error.value.message.endswith("“Địa bàn ban hành” rồi bấm “Đọc tệp”.")
    assert error.value.cli_message.endswith("(--unit MÃ).")


def test_the_same_document_in_2024_is_the_districts(world) -> None:
    header = DocumentHeader(
        issuer="ỦY BAN NHÂN DÂN HUYỆN SƠN DƯƠNG", place="Sơn Dương", year=2024, month=3, day=2
    )
    assert infer_unit(header) == world.son_duong
