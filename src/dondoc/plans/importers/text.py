"""Plain text and Markdown plans (the seeds' form) → PlanDraft. Pure.

The task table is either tab-separated rows (as Word tables come out of a text export, with
HTML bits inside cells) or Markdown pipe rows (`| 1 | Nhiệm vụ | … |`). Everything before the
table is the document's head and body.
"""

from __future__ import annotations

import re

from .drafts import PlanDraft, PlanParseError
from .markup import is_page_furniture
from .plan import build_plan
from .table import Row, find_header

_PIPE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _is_bar(line: str) -> bool:
    return line.strip() == "|"


def _block_rows(lines: list[str], first: int) -> list[tuple[int, str, list[str] | None]]:
    """A web page's table converted to Markdown: each cell a block of lines between lines holding
    only "|", an empty cell (two such lines together) ending a row. → one item per row. The
    first row gives the table's width: inside a shorter row an empty block is an empty cell."""
    rows: list[tuple[int, str, list[str] | None]] = []
    cells: list[str] = []
    block: list[str] = []
    start = first
    width: int | None = None
    for offset, line in enumerate(lines):
        if not _is_bar(line):
            if not block and not cells:
                start = first + offset
            block.append(line)
            continue
        if block:
            cells.append("\n".join(block))
            block = []
        elif cells and width is not None and len(cells) < width:
            cells.append("")  # an empty cell inside the row
        elif cells:  # the row ends
            width = width or len(cells)
            rows.append((start, "\t".join(cells), cells))
            cells = []
    if block:
        cells.append("\n".join(block))
    if cells:
        rows.append((start, "\t".join(cells), cells))
    return rows


def _items(text: str) -> list[tuple[int, str, list[str] | None]]:
    """Every line in order: (line number, text, its cells when it is a table row). A run of
    cell blocks between "|" lines (a converted web page) gives one item per table row."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    items: list[tuple[int, str, list[str] | None]] = []
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index]
        if is_page_furniture(line):  # a gazette page's running head, inside a row or not
            index += 1
            continue
        if _is_bar(line):
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            items.extend(_block_rows(lines[index:end], number))
            index = end
            continue
        if "\t" in line:
            items.append((number, line, line.split("\t")))
        elif line.lstrip().startswith("|") and line.count("|") >= 3:
            if not _PIPE_SEPARATOR_RE.match(line.strip()):
                items.append((number, line, _pipe_cells(line)))
        else:
            items.append((number, line, None))
        index += 1
    return items


# A list item line: "*   Chủ trì …", "- Phối hợp …", "+ …", "• …" (never "**bold**"), or a
# bold numbered or lettered heading right under one ("**o) Lãnh đạo Ban Công tác đại biểu**").
_LIST_ITEM_RE = re.compile(
    r"^\s{0,3}(?:(?:_{1,3}\s*)?(?:[-+•]|\*(?!\*))\s+\S|\*\*(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.|[IVX]{1,5}\.)\s)"
)


_HARD_BREAK_RE = re.compile(r"\S {2,}$")


def _paragraphs(items: list[tuple[int, str, list[str] | None]]) -> list[str]:
    """Text lines grouped into paragraphs, in document order. A line holding only "|" (a web
    page converted to Markdown puts one between table cells) ends a paragraph like a blank line;
    a table row that is not part of the task table gives one paragraph per non-empty cell; a
    Markdown list item starts a new paragraph."""
    paragraphs: list[str] = []
    paragraph: list[str] = []
    for _, line, cells in items:
        if cells is None and line.strip():
            if paragraph and _LIST_ITEM_RE.match(line):
                # A Markdown list item starts its own block, blank line or not.
                paragraphs.append("\n".join(paragraph))
                paragraph = []
            paragraph.append(line)
            if _HARD_BREAK_RE.search(line):
                # A Markdown hard break ("  " at the end of the line) ends the line as printed.
                paragraphs.append("\n".join(paragraph))
                paragraph = []
            continue
        if paragraph:
            paragraphs.append("\n".join(paragraph))
            paragraph = []
        if cells is not None:
            paragraphs.extend(cell.strip() for cell in cells if cell.strip())
    if paragraph:
        paragraphs.append("\n".join(paragraph))
    return paragraphs


def split_text(text: str) -> tuple[list[str], list[Row], list[str]]:
    """(paragraphs before the task table, its rows from its header on, lines after its first
    row). Without a task table: every paragraph, no rows. Tables that are not task tables (a
    Markdown header table, a signature table) are read as text where they stand."""
    items = _items(text)
    rows = [Row(number, cells) for number, _, cells in items if cells is not None]
    located = find_header(rows) if rows else None
    if located is None:
        return _paragraphs(items), [], []
    start = rows[located[0]].number
    before = _paragraphs([item for item in items if item[0] < start])
    table = [row for row in rows if row.number >= start]
    after = [line for number, line, cells in items if number > start and cells is None]
    return before, table, after


def parse_text(text: str, *, file: str = "", source_format: str = "text") -> PlanDraft:
    if "\x00" in text:
        raise PlanParseError("tệp không phải văn bản (có ký tự nhị phân)", file=file)
    paragraphs, rows, _ = split_text(text)
    return build_plan(paragraphs, rows, file=file, source_format=source_format)


def decode_text(data: bytes, *, file: str = "") -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; legacy Vietnamese encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanParseError(
            "tệp văn bản không mã hóa UTF-8 (có thể là TCVN3/VNI); hãy lưu lại với mã Unicode "
            "UTF-8",
            file=file,
        ) from error


def parse_text_bytes(data: bytes, *, file: str = "") -> PlanDraft:
    return parse_text(decode_text(data, file=file), file=file)
