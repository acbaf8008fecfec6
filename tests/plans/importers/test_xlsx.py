"""Excel plans typed into dondoc's template read like the document they were typed from."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest

from dondoc.plans.importers import PlanParseError, parse_plan
from dondoc.plans.importers.table import COLUMNS
from dondoc.plans.importers.text import parse_text
from dondoc.plans.importers.xlsx import FIELDS, build_template

from .test_docx import outline
from .test_text import SEEDS


def fill(rows: list[list[object]], fields: dict[str, object]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(build_template()))
    sheet = workbook["Kế hoạch"]
    for row, (name, _label, _hint) in enumerate(FIELDS, start=1):
        if name in fields:
            sheet.cell(row=row, column=2, value=fields[name])
    first = len(FIELDS) + 3
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=first + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_blank_template_is_a_table_without_rows() -> None:
    with pytest.raises(PlanParseError, match="không có dòng nào"):
        parse_plan(build_template(), file="mau.xlsx")


def test_seed_000_typed_into_the_template() -> None:
    seed = parse_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    rows = []
    for task in seed.tasks:
        cells = {
            "code": task.code,
            "title": task.title,
            "lead": "\n".join(a.raw for a in task.assignments if a.role == "lead"),
            "coordinating": "\n".join(a.raw for a in task.assignments if a.role == "coordinating"),
            "result": task.expected_result,
            "deadline": task.deadline.raw if task.deadline else "",
            "notes": "",
        }
        rows.append([cells[c] for c in COLUMNS])
    data = fill(
        rows,
        {
            "number": "284/KH-UBND",
            "issuer": "Ủy ban nhân dân huyện Sơn Dương",
            "place": "Sơn Dương",
            "date": datetime.datetime(2023, 7, 4),
            "title": seed.document.title,
            "implements": "Kế hoạch số 125/KH-UBND ngày 01/6/2023 của UBND tỉnh Tuyên Quang",
        },
    )
    draft = parse_plan(data, file="284.xlsx")
    assert draft.source_format == "xlsx" and len(draft.leaves) == 34
    assert [(p, leaf, kind) for p, leaf, _, _, kind, _ in outline(draft)] == [
        (p, leaf, kind) for p, leaf, _, _, kind, _ in outline(seed)
    ]
    assert [o[5] for o in outline(draft)] == [o[5] for o in outline(seed)]
    header = draft.document
    assert (header.number, header.date, header.type) == ("284/KH-UBND", "2023-07-04", "KH")
    assert [r.number for r in header.implements] == ["125/KH-UBND"]


def test_numbers_and_dates_typed_as_excel_values() -> None:
    data = fill(
        [
            [1, "Nhóm nhiệm vụ", "", "", "", "", ""],
            [1.1, "Tuyên truyền", "Công an huyện", "", "Tin bài", datetime.datetime(2024, 11, 30)],
        ],
        {"number": "/KH-UBND", "title": "Thử"},
    )
    draft = parse_plan(data, file="k.xlsx")
    assert [t.path for t in draft.tasks] == ["1", "1/1.1"]
    deadline = draft.tasks[1].deadline
    assert deadline is not None and (deadline.kind, deadline.date) == ("date", "2024-11-30")
    assert draft.document.number is None and draft.document.symbol == "KH-UBND"


def test_a_sheet_pasted_from_word_is_read_like_a_document() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in ["Số: 12/KH-UBND", "Sơn Dương, ngày 04 tháng 7 năm 2023", "KẾ HOẠCH", "Thử"]:
        sheet.append([line])
    sheet.append(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"])
    sheet.append(["1", "Tuyên truyền", "Phòng Tư pháp", "", "Hàng năm"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    draft = parse_plan(buffer.getvalue(), file="dan.xlsx")
    assert draft.document.number == "12/KH-UBND" and draft.document.date == "2023-07-04"


def test_workbooks_without_a_task_table_are_refused() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Danh sách cán bộ"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(PlanParseError, match="mẫu nhập kế hoạch"):
        parse_plan(buffer.getvalue(), file="x.xlsx")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    with pytest.raises(PlanParseError):
        parse_plan(broken.getvalue(), file="y.xlsx")


def _with_sheets(data: bytes, extra: list[tuple[str, str, list[list[str]]]]) -> bytes:
    """`data` with sheets added in front: (title, state, rows), state "hidden" or "visible"."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for index, (title, state, rows) in enumerate(extra):
        sheet = workbook.create_sheet(title, index)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    workbook.active = len(extra)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


OLD_VERSION = [
    ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
    ["1", "Bản cũ: tuyên truyền", "Phòng Văn hóa", "", "Hằng năm"],
]


def test_a_hidden_sheet_is_never_read_and_the_sheet_read_is_named() -> None:
    plan = fill([["1", "Tuyên truyền", "Phòng Tư pháp", "", "", "Hằng năm", ""]], {})
    data = _with_sheets(plan, [("Bản cũ", "hidden", OLD_VERSION)])
    draft = parse_plan(data, file="k.xlsx")
    assert [t.title for t in draft.tasks] == ["Tuyên truyền"]
    [note] = [w.message for w in draft.warnings if w.code == "sheet_read"]
    assert note == (
        "Đã đọc bảng nhiệm vụ ở trang tính “Kế hoạch”; bỏ qua trang tính ẩn “Bản cũ”; không đọc "
        "trang “Hướng dẫn”: hãy kiểm tra đúng là trang của kế hoạch."
    )
    # The template as downloaded leaves no doubt: no note.
    assert not [w for w in parse_plan(plan, file="k.xlsx").warnings if w.code == "sheet_read"]


def test_without_the_template_the_first_visible_sheet_with_a_table_is_read() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Phụ lục"
    workbook.active.append(OLD_VERSION[0])
    workbook.active.append(["1", "Kiểm tra", "Công an huyện", "", "Quý IV/2024"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = _with_sheets(
        buffer.getvalue(), [("Danh mục", "hidden", OLD_VERSION), ("Ghi chú", "visible", [["x"]])]
    )
    draft = parse_plan(data, file="k.xlsx")
    assert [t.title for t in draft.tasks] == ["Kiểm tra"]
    assert any(
        w.code == "sheet_read" and "“Phụ lục”" in w.message and "ẩn “Danh mục”" in w.message
        for w in draft.warnings
    )


def test_a_table_only_on_a_hidden_sheet_is_refused_with_what_to_do() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Danh sách"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = _with_sheets(buffer.getvalue(), [("Ẩn", "veryHidden", OLD_VERSION)])
    with pytest.raises(PlanParseError, match=r"k\.xlsx: bảng nhiệm vụ nằm ở trang tính ẩn “Ẩn”"):
        parse_plan(data, file="k.xlsx")
