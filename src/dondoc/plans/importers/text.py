"""Plain text and Markdown plans (the seeds' form) → PlanDraft. Pure.

The task table is either tab-separated rows (as Word tables come out of a text export, with
HTML bits inside cells) or Markdown pipe rows (`| 1 | Nhiệm vụ | … |`). Everything before the
table is the document's head and body.
"""

from __future__ import annotations

import re

from .drafts import PlanDraft, PlanParseError
from .plan import build_plan
from .table import Row, find_header

_PIPE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def split_text(text: str) -> tuple[list[str], list[Row], list[str]]:
    """(paragraphs before the table, table rows, lines after the first table row)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows: list[Row] = []
    before: list[str] = []
    after: list[str] = []
    paragraph: list[str] = []
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            rows.append(Row(number, line.split("\t")))
        elif line.lstrip().startswith("|") and line.count("|") >= 3:
            if not _PIPE_SEPARATOR_RE.match(line.strip()):
                rows.append(Row(number, _pipe_cells(line)))
        elif rows:
            after.append(line)
        elif line.strip():
            paragraph.append(line)
        elif paragraph:
            before.append("\n".join(paragraph))
            paragraph = []
    if paragraph:
        before.append("\n".join(paragraph))
    return before, rows, after


def parse_text(text: str, *, file: str = "", source_format: str = "text") -> PlanDraft:
    if "\x00" in text:
        raise PlanParseError("tệp không phải văn bản (có ký tự nhị phân)", file=file)
    paragraphs, rows, _ = split_text(text)
    if not rows or find_header(rows) is None:  # no task table: a narrative plan, or none
        paragraphs = [*paragraphs, *(" ".join(row.cells) for row in rows)]
        return build_plan(paragraphs, [], file=file, source_format=source_format)
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
