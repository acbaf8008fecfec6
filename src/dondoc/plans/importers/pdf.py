"""PDF plans with a text layer (as signed plans leave the document systems) → PlanDraft. Pure.

Tables come from pdfplumber's ruled-line detection (the appendix tables of administrative
documents are fully ruled). When no page has a ruled task table, the table is read without
rules, its columns placed by the header's labels (see `_unruled_rows`). The text outside the
task table is the head: its lines are reflowed into paragraphs (a line that reaches the right
margin continues on the next), since the header parser reads paragraphs ("… của Ủy ban nhân
dân" / "tỉnh Tuyên Quang"). A table continuing on the next page repeats its header, which
the table parser skips. A scanned page (no text layer, an image) is read by OCR
(importers.ocr), which hands back a page that reads like one with a text layer; every task
read that way carries a warning naming its page, for the reviewer to check against the paper.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .drafts import ParseWarning, PlanDraft, PlanParseError
from .plan import build_plan
from .table import Row, find_header

Box = tuple[float, float, float, float]

_BULLET_RE = re.compile(r"^[-+•*–]\s")
_COLUMN_GAP = 2.0  # in font sizes: wider gaps between words on a line separate layout columns
_LABEL_GAP = 0.6  # in font sizes: wider gaps between the words of a header line separate labels
_CODE_RE = re.compile(r"^(?:[IVXLCDM]+|[A-ZĐa-zđ]|\d+(?:\.\d+)*[a-zđ]?)[.):]?$")


@dataclass
class _Line:
    """One line of text outside the task tables (or one column of a line laid out in columns)."""

    page: int
    page_width: float
    text: str
    x0: float
    x1: float
    top: float
    size: float
    first_word: float  # width of the first word: would it have fit on the line above?
    alone: bool  # a column of a head laid out side by side: never joined to its neighbours


def _inside(word: dict[str, Any], boxes: list[Box]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom, size


def _word_lines(
    page: Any, boxes: list[Box], skip: frozenset[float] = frozenset()
) -> list[list[Word]]:
    """The page's words outside `boxes`, by line from the top, each line from the left; the
    lines whose top is in `skip` (the page's running head and foot) left out."""
    from pdfplumber.utils import cluster_objects

    words = [w for w in page.extract_words(extra_attrs=["size"]) if not _inside(w, boxes)]
    lines = sorted(cluster_objects(words, "top", 3), key=lambda c: min(w["top"] for w in c))
    return [
        sorted(line, key=lambda w: w["x0"])
        for line in lines
        if round(min(w["top"] for w in line)) not in skip
    ]


def _furniture(pages: list[Any]) -> list[frozenset[float]]:
    """Per page, the tops of the lines that are the page's running head or foot, not its text.

    Among the first and last two lines of each page, those that recur at the same place on
    most pages, numbers aside: "CÔNG BÁO/Số 45 + 46/Ngày 20-01-2024", the page number at the
    top centre as Decree 30/2020 places it, "8" at the foot. A table's header, repeated at the
    top of each page, is the table's: nothing from its first line down is furniture. Read
    without rules, the running head would otherwise end up in the cells of the row that a
    page break cuts.
    """
    candidates: list[list[tuple[tuple[str, str, int], float]]] = []
    for page in pages:
        lines = _word_lines(page, [])
        header = _header_line(lines[:2])
        top = lines[: header if header is not None else 2]
        found = []
        for line, band in [(line, "top") for line in top] + [(line, "foot") for line in lines[-2:]]:
            text = " ".join(w["text"] for w in line)
            words = re.sub(r"\d+", "#", text)
            # The Gazette prints the page number before its head on even pages, after it on odd
            # ones ("4 CÔNG BÁO/Số …", "CÔNG BÁO/Số … 5"): a head is known by its words; a
            # number alone by where it stands.
            if re.search(r"[^\W\d_]", text):
                key = (words.strip("# "), band, 0)
            else:
                key = (words, band, round((line[0]["x0"] + line[-1]["x1"]) / 2 / page.width * 30))
            found.append((key, round(min(w["top"] for w in line))))
        candidates.append(found)
    counts = Counter(key for found in candidates for key in {k for k, _ in found})
    least = max(2, len(pages) / 2)  # on most pages: two rows may well open alike
    return [frozenset(top for key, top in found if counts[key] >= least) for found in candidates]


def _segments(line: list[Word], gap: float) -> list[list[Word]]:
    """A line cut where the space between two words is wider than `gap` font sizes."""
    segments: list[list[Word]] = [[line[0]]]
    for word in line[1:]:
        previous = segments[-1][-1]
        if word["x0"] - previous["x1"] > gap * max(word["size"], previous["size"]):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _lines(page: Any, index: int, boxes: list[Box], skip: frozenset[float]) -> list[_Line]:
    lines: list[_Line] = []
    for line in _word_lines(page, boxes, skip):
        segments = _segments(line, _COLUMN_GAP)
        for segment in segments:
            lines.append(
                _Line(
                    page=index,
                    page_width=round(float(page.width)),
                    text=" ".join(w["text"] for w in segment),
                    x0=segment[0]["x0"],
                    x1=segment[-1]["x1"],
                    top=min(w["top"] for w in segment),
                    size=max(w["size"] for w in segment),
                    first_word=segment[0]["x1"] - segment[0]["x0"],
                    alone=len(segments) > 1,
                )
            )
    return lines


def _paragraphs(lines: list[_Line]) -> tuple[list[str], list[int]]:
    """Lines → (paragraphs, the page each starts on). A line continues the one above when
    that one reached the right margin (the first word would not have fit there), it starts at
    the left margin, is not a list item, and follows at the usual line pitch (paragraph
    spacing breaks it)."""
    flowing = [line for line in lines if not line.alone]
    pitches = Counter(
        round(b.top - a.top) for a, b in pairwise(flowing) if a.page == b.page and b.top > a.top
    )
    usual = pitches.most_common(1)[0][0] if pitches else None
    margins: dict[float, tuple[float, float]] = {}  # page width → (left, right) of the text
    for width in {line.page_width for line in flowing}:
        same = [line for line in flowing if line.page_width == width]
        left = Counter(round(line.x0) for line in same).most_common(1)[0][0]
        margins[width] = (left, max(line.x1 for line in same))

    def continues(above: _Line, line: _Line) -> bool:
        if above.alone or line.alone or _BULLET_RE.match(line.text):
            return False
        if line.page == above.page:
            pitch = line.top - above.top
            if usual is None or not 0 < pitch <= usual * 1.2 + 1:
                return False
        elif line.page != above.page + 1:
            return False
        left, right = margins[line.page_width]
        return (
            line.x0 - left <= line.size / 2
            and right - above.x1 <= line.first_word + line.size
            and margins[above.page_width][1] == right
        )

    paragraphs: list[str] = []
    pages: list[int] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and continues(previous, line):
            paragraphs[-1] = _glue(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
            pages.append(line.page)
        previous = line
    return paragraphs, pages


def _glue(above: str, below: str) -> str:
    """A line wrapped after a hyphen inside a symbol ("QĐ-" / "TTg") takes no space."""
    return above + below if re.search(r"\S-$", above) else f"{above} {below}"


def _unwrap(text: str) -> str:
    """Lines of a PDF cell are where the text wrapped, not paragraphs: join them with a space.

    A line opening with a dash is a list item when the cell is a list (its first line is an
    item) or the line above closes a clause ("chủ trì:", "Công an huyện;"); otherwise the
    dash was wrapped ("Phòng Văn hóa" / "- Thông tin"). A number wrapped in a narrow STT
    column ("2.1." / "1") and a symbol wrapped after its hyphen ("QĐ-" / "TTg") take no space.
    """
    if re.fullmatch(r"[\d.]+(?:\n[\d.]+)+", text):
        return text.replace("\n", "")
    lines = text.split("\n")
    joined = lines[0]
    listed = bool(_BULLET_RE.match(lines[0]))
    for line in lines[1:]:
        if _BULLET_RE.match(line) and (listed or re.search(r"[.;:,]$", joined)):
            joined, listed = f"{joined}\n{line}", True
        else:
            joined = _glue(joined, line)
    return joined


def _cells(table: Any, carried: dict[int, str]) -> list[list[str]]:
    """Cell texts; a cell merged down from the row above repeats its value in a task's row.

    pdfplumber gives None for a grid position no cell starts at: covered by a horizontal span
    (a section title across the columns: stays empty) or by a vertical merge from above (a
    lead agency written once for two tasks: a task's row, with its own number, takes the
    value above; a continuation row takes nothing, as in the Word importer). A merged cell
    cut by a page break prints its text on the first page only: `carried` holds, per column,
    the text of the cell still open at the bottom of the previous page's part of the table.
    """
    rows: list[list[str]] = []
    started: dict[int, Box] = {}  # column → the last cell that started in it
    merged: dict[int, str] = {}  # column → that cell's text
    tops = [row.bbox[1] for row in table.rows]
    for index, (raw, row) in enumerate(zip(table.extract(), table.rows, strict=False)):
        # A row's own bbox takes in the cells merged down from it: it ends where the next begins.
        top = tops[index]
        bottom = tops[index + 1] if index + 1 < len(tops) else table.bbox[3]
        own_number = bool(raw) and bool((raw[0] or "").strip())
        values = []
        for column, (cell, box) in enumerate(zip(raw, row.cells, strict=False)):
            if cell is not None and box is not None:
                text = _unwrap(cell)
                started[column] = box
                spans_down = box[3] > bottom + 1
                # Near the top of a page: an empty merged cell continues the previous page's.
                continued = not text and spans_down and index < 3
                merged[column] = carried.get(column, "") if continued else text
                values.append(text)
                continue
            above = started.get(column)
            from_above = above is not None and above[3] > top + 1
            values.append(merged.get(column, "") if from_above and own_number else "")
        rows.append(values)
    table_bottom = table.bbox[3]
    carried.clear()
    carried.update(
        {
            column: merged.get(column, "")
            for column, box in started.items()
            if box[3] >= table_bottom - 1
        }
    )
    return rows


def _read(
    pages: list[Any], furniture: list[frozenset[float]]
) -> tuple[list[_Line], list[Row], list[int]]:
    """(lines outside the task table, the task table's rows, the page of each row)."""
    lines: list[_Line] = []
    rows: list[Row] = []
    row_pages: list[int] = []
    carried: dict[int, str] = {}  # merged cells open at the bottom of the previous page
    for index, page in enumerate(pages):
        task_boxes: list[Box] = []
        for table in page.find_tables():
            cells = _cells(table, carried)
            found = [Row(len(rows) + i + 1, values) for i, values in enumerate(cells)]
            if rows or find_header(found) is not None:
                rows.extend(found)  # the task table, or its continuation on the next page
                row_pages.extend([index] * len(found))
                task_boxes.append(table.bbox)
            else:
                carried.clear()
        lines.extend(_lines(page, index, task_boxes, furniture[index]))
    return lines, rows, row_pages


# A table without rules. pdfplumber's own text strategy (columns where ≥ 3 words align by
# their left, right or centre) was tried on Word tables printed without borders: in cells of
# wrapped text, words align by chance, so it cuts words in two ("Nhiệm vụ v" | "à giải p")
# and drops letters past the last edge ("Quý I" for "Quý IV"). Columns are placed from the
# header row instead, which every task table has: each label lies inside its column, and the
# text of column k starts (left-aligned) between the end of label k-1 and the start of label k.


def _label_spans(block: list[list[Word]]) -> list[tuple[float, float]]:
    """Horizontal extent of each column's label in the header lines, left to right.

    A label spanning several columns ("Cơ quan thực hiện" over "Chủ trì | Phối hợp") is left
    out; the labels of one column on several lines ("Cơ quan chủ trì" / "thực hiện") merge.
    """
    spans = [
        (segment[0]["x0"], segment[-1]["x1"])
        for line in block
        for segment in _segments(line, _LABEL_GAP)
    ]
    narrow = [
        span
        for span in spans
        if sum(1 for o in spans if o != span and span[0] <= o[0] and o[1] <= span[1]) < 2
    ]
    merged: list[tuple[float, float]] = []
    for x0, x1 in sorted(narrow):
        if merged and x0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _header_line(lines: list[list[Word]]) -> int | None:
    """Index of the line holding a task table's header labels ("STT", "Nhiệm vụ" …)."""
    for index, line in enumerate(lines):
        labels = [" ".join(w["text"] for w in seg) for seg in _segments(line, _LABEL_GAP)]
        if len(labels) >= 3 and find_header([Row(0, labels)]) is not None:
            return index
    return None


def _columns(block: list[list[Word]], body: list[list[Word]]) -> tuple[list[float], list[str]]:
    """(left edges of columns 2…n, header labels) from the header's lines and the body's."""
    spans = _label_spans(block)
    words = [w for line in body for w in line]
    edges = []
    for (_, low), (high, _) in pairwise(spans):
        starts = Counter(round(w["x0"]) for w in words if low < w["x0"] <= high + 1)
        common = starts.most_common(1)
        edges.append(common[0][0] - 1 if common and common[0][1] >= 2 else (low + high) / 2)
    labels: list[list[str]] = [[] for _ in spans]
    for word in (w for line in block for w in line):
        labels[_column(edges, word)].append(word["text"])
    return edges, [" ".join(label) for label in labels]


def _column(edges: list[float], word: Word) -> int:
    return sum(1 for edge in edges if word["x0"] >= edge)


def _unruled_rows(
    pages: list[Any], furniture: list[frozenset[float]]
) -> tuple[list[Row], list[int]]:
    """One row per line of text from the header on (the table parser glues a task's lines:
    those without a number continue the row above).

    The header's height (its lines down to the first line opening with a task's number) and
    the columns come from its first appearance; where it repeats on a later page, as many
    lines are skipped. Words closer than a label gap stay together, in the column where they
    start: a section title running across the empty columns after it stays in one cell.
    """
    rows: list[Row] = []
    row_pages: list[int] = []
    edges: list[float] | None = None
    height = 1
    for index, page in enumerate(pages):
        lines = _word_lines(page, [], furniture[index])
        found = _header_line(lines)
        if found is not None and edges is None:
            end = found + 1
            while end < min(len(lines), found + 4) and not _CODE_RE.match(lines[end][0]["text"]):
                end += 1
            if len(_label_spans(lines[found:end])) < 3:
                continue
            height = end - found
            edges, labels = _columns(lines[found:end], lines[end:])
            rows.append(Row(len(rows) + 1, labels))
            row_pages.append(index)
        if edges is None:
            continue
        for line in lines[found + height if found is not None else 0 :]:
            cells: list[list[str]] = [[] for _ in range(len(edges) + 1)]
            for segment in _segments(line, _LABEL_GAP):
                cells[_column(edges, segment[0])].extend(w["text"] for w in segment)
            texts = [" ".join(cell) for cell in cells]
            if rows and not texts[0]:
                _rejoin_hyphens(rows[-1].cells, texts)
                if not any(texts):
                    continue
            rows.append(Row(len(rows) + 1, texts))
            row_pages.append(index)
    return rows, row_pages


def _rejoin_hyphens(above: list[str], texts: list[str]) -> None:
    """A line continuing the row above: where a cell above ends in a hyphen inside a word
    ("1252/QĐ-" / "TTg"), its continuation goes straight onto it, without the space the
    table parser puts between the lines of a row."""
    for column, text in enumerate(texts):
        if text and column < len(above) and re.search(r"\S-$", above[column]):
            above[column] += text
            texts[column] = ""


def scanned_page_count(data: bytes) -> int:
    """How many pages of the PDF are images without a text layer (read by OCR); 0 for a PDF
    that cannot be opened (parse_pdf tells the user why)."""
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return sum(1 for page in pdf.pages if not page.chars and page.images)
    except Exception:  # pdfminer raises many kinds for broken or encrypted files
        return 0


def parse_pdf(
    data: bytes, *, file: str = "", progress: Callable[[int, int], None] | None = None
) -> PlanDraft:
    """`progress(k, n)`: told after each of the n scanned pages is read by OCR."""
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises many kinds for broken or encrypted files
        raise PlanParseError(
            "tệp PDF bị hỏng hoặc được đặt mật khẩu, không đọc được", file=file
        ) from error
    scanned: list[Any] = []
    try:
        pages: list[Any] = list(pdf.pages)
        images = [i for i, page in enumerate(pages) if not page.chars and page.images]
        if not images and not any(page.chars for page in pages):
            raise PlanParseError("tệp PDF không có chữ cũng không có ảnh trang nào", file=file)
        if images:
            from .ocr import read_scanned_pages, repair_numbers

            scanned = read_scanned_pages(data, images, file=file, progress=progress)
            repair_numbers(scanned)
            if not any(page.words for page in scanned) and len(scanned) == len(pages):
                raise PlanParseError(
                    "tệp PDF là bản scan nhưng không nhận dạng được chữ nào (ảnh trắng, quá mờ "
                    "hoặc chữ quá nhỏ); hãy scan lại ở độ phân giải 300 dpi",
                    file=file,
                )
            for page in scanned:
                pages[page.number] = page
        furniture = _furniture(pages)
        lines, rows, row_pages = _read(pages, furniture)
        if not rows:
            rows, row_pages = _unruled_rows(
                pages, furniture
            )  # the head stays as the ruled pass read it
        paragraphs, paragraph_pages = _paragraphs(lines)
    except PlanParseError:
        raise
    except Exception as error:
        raise PlanParseError("tệp PDF bị hỏng, không đọc được nội dung", file=file) from error
    finally:
        pdf.close()
    draft = build_plan(paragraphs, rows, file=file, source_format="pdf")
    if scanned:
        _flag_ocr(draft, scanned, row_pages if rows else paragraph_pages, table=bool(rows))
    return draft


def _flag_ocr(draft: PlanDraft, scanned: list[Any], pages: list[int], *, table: bool) -> None:
    """A warning for the document and one for every task read from a scanned page.

    `pages` gives the page of each table row (TaskDraft.row counts them from 1) or, for a plan
    without a table, of each paragraph (the narrative readers count them from 0).
    """
    numbers = {page.number: page for page in scanned}
    listed = ", ".join(str(n + 1) for n in sorted(numbers))
    confidence = round(sum(p.confidence for p in scanned) / len(scanned))
    draft.warnings.insert(
        0,
        ParseWarning(
            "ocr",
            f"Tệp PDF là bản scan: trang {listed} được đọc bằng nhận dạng chữ (OCR), độ tin cậy "
            f"trung bình {confidence}%. Chữ, số và tên cơ quan có thể bị đọc sai: hãy đối chiếu "
            "từng nhiệm vụ với bản giấy.",
        ),
    )
    for task in draft.tasks:
        index = None if task.row is None else task.row - 1 if table else task.row
        page = pages[index] if index is not None and 0 <= index < len(pages) else None
        if page is not None and page not in numbers:
            continue  # a page with a text layer
        where = f"trang {page + 1}" if page is not None else "bản scan"
        draft.warnings.append(
            ParseWarning(
                "ocr_task",
                f"Mục {task.code or task.path} đọc bằng nhận dạng chữ ({where}): hãy đối chiếu "
                "nội dung, cơ quan thực hiện và thời hạn với bản giấy.",
                path=task.path,
                row=task.row,
            )
        )
