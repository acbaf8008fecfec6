"""PDF plans with a text layer (as signed plans leave the document systems) → PlanDraft. Pure.

Tables come from pdfplumber's ruled-line detection (the appendix tables of administrative
documents are fully ruled); the text outside the tables is the head. A table continuing on
the next page repeats its header, which the table parser skips. A scan has no text layer and
is refused: OCR is not part of dondoc yet.
"""

from __future__ import annotations

import io
import re
from typing import Any

from .drafts import PlanDraft, PlanParseError
from .plan import build_plan, no_table_error
from .table import Row, find_header


def _outside(page: Any, boxes: list[tuple[float, float, float, float]]) -> str:
    region = page
    for box in boxes:
        region = region.outside_bbox(box)
    return region.extract_text() or ""


def _cells(table: Any) -> list[list[str]]:
    """Cell texts; a cell merged down from the row above repeats its value in a task's row.

    pdfplumber gives None for a grid position no cell starts at: covered by a horizontal span
    (a section title across the columns: stays empty) or by a vertical merge from above (a
    lead agency written once for two tasks: a task's row, with its own number, takes the
    value above; a continuation row takes nothing, as in the Word importer).
    """
    extracted = table.extract()
    boxes = list(table.cells)
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for row_index, (raw, row) in enumerate(zip(extracted, table.rows, strict=False)):
        top = row.bbox[1]
        own_number = bool(raw) and bool((raw[0] or "").strip())
        values = []
        for column, cell in enumerate(raw):
            if cell is not None:
                cell = _unwrap(cell)
                values.append(cell)
                above[column] = cell
                continue
            x = _column_x(table, column)
            from_above = x is not None and any(
                b[0] <= x <= b[2] and b[1] < top - 1 and b[3] > top + 1 for b in boxes
            )
            values.append(above.get(column, "") if from_above and own_number else "")
        if row_index == 0:
            above = {}
        rows.append(values)
    return rows


def _unwrap(text: str) -> str:
    """Lines of a PDF cell are where the text wrapped, not paragraphs: join them, except
    before a list bullet ("- Công an huyện")."""
    return re.sub(r"\n(?![-+•*]\s)", " ", text)


def _column_x(table: Any, column: int) -> float | None:
    columns = table.columns
    if column >= len(columns):
        return None
    bbox = columns[column].bbox
    return (bbox[0] + bbox[2]) / 2 if bbox else None


def parse_pdf(data: bytes, *, file: str = "") -> PlanDraft:
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as error:  # pdfminer raises many kinds for broken or encrypted files
        raise PlanParseError(
            "tệp PDF bị hỏng hoặc được đặt mật khẩu, không đọc được", file=file
        ) from error
    paragraphs: list[str] = []
    rows: list[Row] = []
    has_text = False
    try:
        for page in pages:
            tables = page.find_tables()
            if page.chars:
                has_text = True
            text = _outside(page, [t.bbox for t in tables])
            if not rows:
                paragraphs.extend(p for p in text.split("\n") if p.strip())
            for table in tables:
                found = [Row(len(rows) + i + 1, cells) for i, cells in enumerate(_cells(table))]
                if rows or find_header(found) is not None:
                    rows.extend(found)
    except Exception as error:
        raise PlanParseError("tệp PDF bị hỏng, không đọc được nội dung", file=file) from error
    finally:
        pdf.close()
    if not has_text:
        raise PlanParseError(
            "tệp PDF là bản scan (ảnh chụp), không có lớp chữ nên chưa đọc được; hãy dùng tệp "
            "Word hoặc bản PDF xuất trực tiếp từ hệ thống quản lý văn bản",
            file=file,
        )
    if not rows:
        raise no_table_error(paragraphs, file=file)
    return build_plan(paragraphs, rows, file=file, source_format="pdf")
