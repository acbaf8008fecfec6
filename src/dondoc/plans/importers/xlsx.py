"""Excel (.xlsx) plans typed by hand → PlanDraft; and the blank template users download. Pure.

The template's sheet "Kế hoạch" has labelled fields at the top (Số, ký hiệu; Cơ quan ban
hành; …) and the task table below, one row per task, numbered in the STT column (A, I, 1,
1.1 …) from which the tree is built. A sheet pasted from a Word document (free text above the
table) is read like a document instead. Only visible sheets are read, the template's first; a
warning names the sheet read when the workbook leaves a doubt.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

from ...core.archives import DOCUMENT_LIMITS, UnsafeArchive, check_archive
from ...org.names import match_key
from .drafts import DocumentHeader, PlanDraft, PlanParseError
from .header import DOCUMENT_TYPES, find_references, iso_date
from .plan import build_plan
from .table import COLUMN_LABELS, COLUMNS, Row, find_header

SHEET = "Kế hoạch"
FIELDS = [
    ("number", "Số, ký hiệu", "Ví dụ: 284/KH-UBND (để trống số nếu là dự thảo: /KH-UBND)"),
    ("issuer", "Cơ quan ban hành", "Ví dụ: Ủy ban nhân dân huyện Sơn Dương"),
    ("place", "Địa danh", "Ví dụ: Sơn Dương"),
    ("date", "Ngày ban hành", "dd/mm/yyyy, ví dụ 04/07/2023"),
    ("type", "Loại văn bản", "Kế hoạch"),
    ("title", "Trích yếu (tên kế hoạch)", ""),
    (
        "implements",
        "Thực hiện văn bản",
        "Ví dụ: Kế hoạch số 125/KH-UBND ngày 01/6/2023 của UBND tỉnh",
    ),
]
_FIELD_KEYS = {
    "number": ("so ky hieu", "so"),
    "issuer": ("co quan ban hanh",),
    "place": ("dia danh",),
    "date": ("ngay ban hanh", "ngay"),
    "type": ("loai van ban",),
    "title": ("trich yeu", "ten ke hoach", "trich yeu ten ke hoach"),
    "implements": ("thuc hien van ban", "can cu", "thuc hien"),
}
_TYPE_BY_NAME = {match_key(name): code for code, name in DOCUMENT_TYPES.items()}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _field(label: str) -> str | None:
    key = match_key(label).strip()
    for name, keys in _FIELD_KEYS.items():
        if key in keys:
            return name
    return None


def _header_from_fields(fields: dict[str, str]) -> DocumentHeader:
    header = DocumentHeader()
    number = fields.get("number", "").replace(" ", "")
    match = re.fullmatch(r"(\d*[a-zđ]?)/?([0-9A-ZĐa-zđ][\wĐđ\-/.]*)", number)
    if match:
        header.symbol = match.group(2)
        header.number = f"{match.group(1)}/{header.symbol}" if match.group(1) else None
        header.type = header.symbol.split("-")[0]
    type_name = fields.get("type", "")
    if type_name and match_key(type_name) in _TYPE_BY_NAME:
        header.type = _TYPE_BY_NAME[match_key(type_name)]
    header.type_name = DOCUMENT_TYPES.get(header.type, type_name)
    header.issuer = fields.get("issuer", "")
    header.place = fields.get("place", "")
    date = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", fields.get("date", ""))
    if date:
        header.day, header.month, header.year = (int(g) for g in date.groups())
        header.date = iso_date(header.year, header.month, header.day)
    header.title = fields.get("title", "")
    header.implements = find_references(fields.get("implements", ""))
    return header


def parse_xlsx(data: bytes, *, file: str = "") -> PlanDraft:
    try:
        import openpyxl

        check_archive(data, DOCUMENT_LIMITS)
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except UnsafeArchive as error:
        raise PlanParseError(error.message, file=file) from error
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise PlanParseError(
            "tệp Excel bị hỏng hoặc không đúng định dạng .xlsx", file=file
        ) from error
    sheets = workbook.worksheets
    # A hidden sheet (an earlier version, the list behind a drop-down) is never read: the plan
    # is what the officer sees. The template's sheet comes first, then the others in order.
    visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
    visible.sort(key=lambda sheet: match_key(sheet.title) != match_key(SHEET))
    for sheet in visible:
        rows = _rows(sheet)
        located = find_header(rows)
        if located is None:
            continue
        draft = _draft(sheet.title, rows, located[0], file=file)
        note = _sheet_note(sheet.title, sheets)
        if note:
            draft.warn("sheet_read", note)
        return draft
    hidden = [sheet for sheet in sheets if sheet.sheet_state != "visible"]
    with_table = [sheet.title for sheet in hidden if find_header(_rows(sheet)) is not None]
    if with_table:
        raise PlanParseError(
            f"bảng nhiệm vụ nằm ở trang tính ẩn {_titles(with_table)}: dondoc chỉ đọc trang đang "
            "hiện. Hãy bỏ ẩn trang đó (chuột phải vào tên trang → Unhide/Bỏ ẩn) hoặc chép bảng "
            f"sang trang “{SHEET}”, rồi tải lên lại",
            file=file,
        )
    raise PlanParseError(
        "tệp Excel không có trang nào có bảng nhiệm vụ (các cột STT, Nhiệm vụ, Cơ quan chủ trì, "
        "Cơ quan phối hợp, Thời hạn); hãy tải mẫu nhập kế hoạch của dondoc",
        file=file,
    )


def _rows(sheet: Any) -> list[Row]:
    return [
        Row(number, [_cell_text(v) for v in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]


def _titles(titles: list[str]) -> str:
    return ", ".join(f"“{title}”" for title in titles)


def _sheet_note(read: str, sheets: list[Any]) -> str:
    """Which sheet was read, when the workbook leaves a doubt: it has hidden sheets, or the
    sheet read is not the template's among several."""
    hidden = [sheet.title for sheet in sheets if sheet.sheet_state != "visible"]
    others = [s.title for s in sheets if s.sheet_state == "visible" and s.title != read]
    if not hidden and (match_key(read) == match_key(SHEET) or not others):
        return ""
    note = f"Đã đọc bảng nhiệm vụ ở trang tính “{read}”"
    if hidden:
        note += f"; bỏ qua trang tính ẩn {_titles(hidden)}"
    if others:
        note += f"; không đọc trang {_titles(others)}"
    return note + ": hãy kiểm tra đúng là trang của kế hoạch."


def _draft(title: str, rows: list[Row], start: int, *, file: str) -> PlanDraft:
    fields: dict[str, str] = {}
    paragraphs: list[str] = []
    for row in rows[:start]:
        filled = [c for c in row.cells if c.strip()]
        if not filled:
            continue
        # Template rows: label in column A, value in column B (column C holds a hint).
        name = _field(row.cells[0]) if row.cells and row.cells[0].strip() else None
        if name is not None:
            value = row.cells[1].strip() if len(row.cells) > 1 else ""
            if value:
                fields[name] = value
        else:
            paragraphs.append(" ".join(filled))
    header = _header_from_fields(fields) if fields else None
    if header is not None and not header.type:
        header.type, header.type_name = "KH", DOCUMENT_TYPES["KH"]
    return build_plan(
        paragraphs,
        rows,
        file=f"{file} (trang “{title}”)" if file else title,
        source_format="xlsx",
        header=header,
    )


def build_template() -> bytes:
    """The blank workbook officers fill in, with a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    bold = Font(bold=True)
    for row, (_name, label, hint) in enumerate(FIELDS, start=1):
        sheet.cell(row=row, column=1, value=label).font = bold
        sheet.cell(row=row, column=3, value=hint).font = Font(italic=True, color="777777")
    sheet.cell(row=5, column=2, value="Kế hoạch")
    header_row = len(FIELDS) + 2
    for column, key in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=COLUMN_LABELS[key])
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (10, 60, 30, 40, 35, 22, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    guide = workbook.create_sheet("Hướng dẫn")
    lines = [
        "Cách điền mẫu nhập kế hoạch",
        "1. Điền các ô thông tin văn bản ở đầu trang “Kế hoạch” (cột B).",
        "2. Mỗi nhiệm vụ một dòng trong bảng. Cột STT ghi số thứ tự như trong văn bản "
        "(A, B; I, II; 1, 2; 1.1, 1.2 …): dondoc dựng cây nhiệm vụ từ cột này.",
        "3. Dòng nhóm (mục lớn) chỉ cần STT và tên nhiệm vụ.",
        "4. Nhiều cơ quan trong một ô: ngăn cách bằng dấu phẩy hoặc xuống dòng (Alt+Enter). "
        "Ghi “Các cơ quan, đơn vị có liên quan” nếu văn bản giao chung.",
        "5. Thời hạn, ví dụ: Hằng năm; 2023 - 2025; 30/11/2024; Quý IV/2024; "
        "Theo yêu cầu của cơ quan cấp trên; Thực hiện theo Quyết định số 1252/QĐ-TTg.",
        "6. Lưu tệp dạng .xlsx rồi tải lên ở trang Kế hoạch → Nhập kế hoạch từ tệp.",
    ]
    for row, line in enumerate(lines, start=1):
        guide.cell(row=row, column=1, value=line).font = bold if row == 1 else Font()
    guide.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
