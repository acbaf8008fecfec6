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

from ...core.archives import DOCUMENT_LIMITS, UnsafeArchive, check_archive
from .drafts import PlanDraft, PlanParseError
from .plan import build_plan
from .table import Row, find_header

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = (f"{W}sdt", f"{W}customXml", f"{W}smartTag")  # content controls and tags


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, also those wrapped in content controls (w:sdt/w:sdtContent)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from _children(content, tag)


# Not read as part of a paragraph's runs: properties (tab stops are w:tab too), the text
# boxes anchored in it (read as paragraphs of their own) and the VML copy of a drawing.
_NOT_TEXT = (f"{W}pPr", f"{W}rPr", f"{W}txbxContent", f"{W}p", MC_FALLBACK)


def _paragraph_text(node: Any) -> str:
    """Runs of one paragraph; a text box anchored in it is read as paragraphs of its own."""
    parts = []
    for child in node:
        if child.tag == f"{W}t" and child.text:
            parts.append(child.text)
        elif child.tag == f"{W}tab":
            parts.append(" ")
        elif child.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif child.tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif child.tag not in _NOT_TEXT:
            parts.append(_paragraph_text(child))
    return "".join(parts)


def _paragraphs(element: Any) -> list[str]:
    """Texts of the paragraphs in an element (itself one, or a cell), text boxes included.

    A text box appears twice in the XML (DrawingML and its VML fallback): the fallback is
    skipped."""
    texts = []
    for paragraph in element.iter(f"{W}p"):
        if any(True for _ in paragraph.iterancestors(MC_FALLBACK)):
            continue
        text = _paragraph_text(paragraph)
        if text.strip():
            texts.append(text)
    return texts


def _text(element: Any) -> str:
    """A cell's text: its paragraphs (list items) as lines."""
    return "\n".join(_paragraphs(element))


def _rows(table: Any, first_number: int) -> list[Row]:
    rows = []
    merged_text: dict[int, str] = {}  # grid column → text of the vertical merge it is in
    for offset, tr in enumerate(_children(table, f"{W}tr")):
        # (text, continues a vertical merge); grid columns skipped before the first cell
        cells: list[tuple[str, bool]] = [("", False)] * _grid_before(tr)
        for tc in _children(tr, f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span, continued, restart = 1, False, False
            if properties is not None:
                grid_span = properties.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = max(1, _int(grid_span.get(f"{W}val")))
                v_merge = properties.find(f"{W}vMerge")
                if v_merge is not None:
                    restart = v_merge.get(f"{W}val") == "restart"
                    continued = not restart
                h_merge = properties.find(f"{W}hMerge")  # Word 97's horizontal merge
                if h_merge is not None and h_merge.get(f"{W}val") != "restart":
                    cells.append(("", False))
                    continue
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


def _int(value: str | None) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def _grid_before(tr: Any) -> int:
    properties = tr.find(f"{W}trPr")
    skipped = properties.find(f"{W}gridBefore") if properties is not None else None
    return _int(skipped.get(f"{W}val")) if skipped is not None else 0


def _body_items(body: Any) -> Iterator[tuple[str, Any]]:
    """("p", paragraph) and ("tbl", table) in document order, through content controls."""
    for child in body:
        if child.tag == f"{W}p":
            yield "p", child
        elif child.tag == f"{W}tbl":
            yield "tbl", child
        elif child.tag in _WRAPPERS:
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from _body_items(content)


def parse_docx(data: bytes, *, file: str = "") -> PlanDraft:
    try:
        import docx

        check_archive(data, DOCUMENT_LIMITS)
        document = docx.Document(io.BytesIO(data))
    except UnsafeArchive as error:
        raise PlanParseError(error.message, file=file) from error
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
            paragraphs.extend(_paragraphs(element))
            continue
        rows = _rows(element, number)
        number += len(rows)
        if table_rows or find_header(rows) is not None:
            table_rows.extend(rows)  # the task table, or its continuation after a break
        else:
            # A layout table of the head (issuer | motto; number | place and date).
            paragraphs.extend(cell for row in rows for cell in row.cells if cell.strip())
    return build_plan(paragraphs, table_rows, file=file, source_format="docx")
