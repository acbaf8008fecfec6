"""Values in imported files are read by the same parsers as the forms: amounts the Vietnamese
way (a billion đồng and more), dates not in the future, years of birth that have happened, text
no longer than its column. A refused value names its row and column and saves nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from dondoc.registry.models import CompensationClaim, Complaint, CrimeReport, CriminalCase
from dondoc.registry.transfer import registry_import

pytestmark = pytest.mark.django_db

CLAIMS_HEADER = (
    "Người yêu cầu bồi thường,Hành vi gây thiệt hại,Số tiền yêu cầu (đồng),Ngày thụ lý\n"
)


def load(world, kind: str, data: str | bytes, name: str = "tep.csv"):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return registry_import(
        actor=world.focal, agency=world.police_sd, kind=kind, data=raw, filename=name
    )


def _future() -> str:
    return f"{timezone.localdate() + datetime.timedelta(days=1):%d/%m/%Y}"


def test_amounts_of_a_billion_dong_and_more(world) -> None:
    rows = (
        'Anh A,Bắt giữ trái pháp luật,"1.500.000.000",02/05/2024\n'
        "Chị B,Bức cung,2000000000,03/05/2024\n"
        "Ông C,Nhục hình,150 000 000,04/05/2024\n"
    )
    result = load(world, "compensation_claims", CLAIMS_HEADER + rows)
    assert (result.errors, result.saved) == ([], 3)
    amounts = sorted(CompensationClaim.objects.values_list("amount_claimed", flat=True))
    assert amounts == [Decimal(150_000_000), Decimal(1_500_000_000), Decimal(2_000_000_000)]


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ('"95,5"', "cần một số nguyên"),
        ("1.5", "dấu chấm chỉ để tách hàng nghìn"),
        ('"150,000,000"', "viết 150.000.000"),
        ("-5", "không âm"),
        ("1" + "0" * 16, "quá lớn"),
    ],
)
def test_an_amount_that_is_not_whole_dong_is_refused(world, cell: str, says: str) -> None:
    result = load(
        world, "compensation_claims", CLAIMS_HEADER + f"Anh A,Bức cung,{cell},02/05/2024\n"
    )
    assert result.saved == 0 and not CompensationClaim.objects.exists()
    (error,) = result.errors
    assert (error.row, error.column) == (2, "Số tiền yêu cầu (đồng)")
    assert says in error.message


def test_an_xlsx_cell_with_a_fraction_is_read_as_written(world) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Người yêu cầu bồi thường", "Hành vi gây thiệt hại",
                  "Số tiền yêu cầu (đồng)", "Ngày thụ lý"])  # fmt: skip
    sheet.append(["Anh A", "Bức cung", 95.5, "02/05/2024"])
    sheet.append(["Chị B", "Bức cung", 1_500_000_000, "02/05/2024"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = load(world, "compensation_claims", buffer.getvalue(), name="bt.xlsx")
    assert [(e.row, e.message) for e in result.errors] == [
        (2, "“95,5”: cần một số nguyên, ví dụ 1.234")
    ]


def test_dates_in_the_future_and_unborn_people_are_refused(world) -> None:
    future = _future()
    next_year = timezone.localdate().year + 1
    complaints = (
        "Loại đơn,Ngày nhận đơn,Ngày thụ lý,Họ tên người khiếu nại, tố cáo,Năm sinh,Nội dung\n"
        f"Tố cáo,{future},,Bà E,1970,Tố cáo bức cung\n"
        f"Khiếu nại,02/01/2024,{future},Ông F,1970,Khiếu nại quyết định\n"
        f"Khiếu nại,02/01/2024,,Ông G,{next_year},Khiếu nại quyết định\n"
    ).replace("Họ tên người khiếu nại, tố cáo", '"Họ tên người khiếu nại, tố cáo"')
    result = load(world, "complaints", complaints)
    assert not Complaint.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "Ngày nhận đơn"), (3, "Ngày thụ lý"), (4, "Năm sinh")}
    assert all("tương lai" in e.message or "năm sinh" in e.message for e in result.errors)
    cases = (
        f"Số vụ án,Ngày khởi tố,Điều luật (BLHS, cách nhau dấu ;)\n12/2024/HS,{future},373\n"
    ).replace("Điều luật (BLHS, cách nhau dấu ;)", '"Điều luật (BLHS, cách nhau dấu ;)"')
    result = load(world, "cases", cases)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Ngày khởi tố")]
    reports = f"Ngày tiếp nhận,Nguồn tin,Ngày quyết định\n01/03/2024,Tố giác về tội phạm,{future}\n"
    result = load(world, "crime_reports", reports)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Ngày quyết định")]
    assert not CriminalCase.objects.exists() and not CrimeReport.objects.exists()


def test_text_longer_than_its_column_is_refused_by_row_and_column(world) -> None:
    """On PostgreSQL a 41-character number was a DataError (a traceback, no row, no column)."""
    cases = (
        '"Số vụ án","Ngày khởi tố","Điều luật (BLHS, cách nhau dấu ;)","Hình phạt"\n'
        f"{'1' * 41},01/04/2024,373,\n"
        f"12/2024/HS,01/04/2024,373,{'x' * 256}\n"
    )
    result = load(world, "cases", cases)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số vụ án"), (3, "Hình phạt")]
    assert "tối đa 40 ký tự (đang có 41)" in result.errors[0].message
    assert not CriminalCase.objects.exists()
