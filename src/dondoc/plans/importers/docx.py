"""Word (.docx) plans → PlanDraft: paragraphs for the head, real tables for the tasks. Pure.

Word tables carry merged cells: a horizontal span (w:gridSpan) is one cell over several grid
columns, and its text goes to the first of them. A vertical merge (w:vMerge) shows one value
for several rows: each task row it covers gets the value (one lead agency for two tasks),
while a row without its own number, which continues the row above, gets nothing, so the
text is not glued twice. Tables split across pages or sections are read as one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from .drafts import PlanDraft, PlanParseError
from .plan import build_plan, no_table_error
from .table import Row, find_header

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    """Text of a paragraph-holding element: runs, tabs and breaks; paragraphs as lines."""
    lines = []
    for paragraph in element.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{W}tab",):
                parts.append(" ")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(line for line in lines if line.strip())


def _rows(table: Any, first_number: int) -> list[Row]:
    rows = []
    merged_text: dict[int, str] = {}  # grid column → text of the vertical merge it is in
    for offset, tr in enumerate(table.iterfind(f"{W}tr")):
        cells: list[tuple[str, bool]] = []  # (text, continues a vertical merge)
        for tc in tr.iterfind(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span, continued, restart = 1, False, False
            if properties is not None:
                grid_span = properties.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = max(1, int(grid_span.get(f"{W}val", "1") or 1))
                v_merge = properties.find(f"{W}vMerge")
                if v_merge is not None:
                    restart = v_merge.get(f"{W}val") == "restart"
                    continued = not restart
            column = len(cells)
            text = merged_text.get(column, "") if continued else _text(tc)
            if restart:
                merged_text[column] = text
            elif not continued:
                merged_text.pop(column, None)
            cells.append((text, continued))
            cells.extend([("", False)] * (span - 1))
        # A task's row (own number) repeats a merged value ("Phòng Tư pháp" leading two tasks);
        # a row without a number continues the one above and must not repeat it.
        own_number = bool(cells) and not cells[0][1] and bool(cells[0][0].strip())
        rows.append(
            Row(
                first_number + offset,
                [text if (own_number or not continued) else "" for text, continued in cells],
            )
        )
    return rows


def _body_items(body: Any) -> Iterator[tuple[str, Any]]:
    """("p", paragraph) and ("tbl", table) in document order, through content controls."""
    for child in body:
        if child.tag == f"{W}p":
            yield "p", child
        elif child.tag == f"{W}tbl":
            yield "tbl", child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_items(content)


def parse_docx(data: bytes, *, file: str = "") -> PlanDraft:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise PlanParseError(
            "tệp Word bị hỏng hoặc không đúng định dạng .docx", file=file
        ) from error
    except Exception as error:  # lxml raises its own errors for broken XML parts
        raise PlanParseError("tệp Word bị hỏng, không đọc được nội dung", file=file) from error
    paragraphs: list[str] = []
    table_rows: list[Row] = []
    number = 1
    for kind, element in _body_items(document.element.body):
        if kind == "p":
            text = _text(element)
            if text.strip():
                paragraphs.append(text)
            continue
        rows = _rows(element, number)
        number += len(rows)
        if table_rows or find_header(rows) is not None:
            table_rows.extend(rows)  # the task table, or its continuation after a break
        else:
            # A layout table of the head (issuer | motto; number | place and date).
            paragraphs.extend(cell for row in rows for cell in row.cells if cell.strip())
    if not table_rows:
        raise no_table_error(paragraphs, file=file)
    return build_plan(paragraphs, table_rows, file=file, source_format="docx")
