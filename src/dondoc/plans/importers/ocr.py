"""Scanned PDF pages → words and ruled tables, through Tesseract's Vietnamese model. Pure.

A scan has no text layer: each page is rendered to an image (pypdfium2, which pdfplumber
already uses), straightened (a sheet is never fed quite straight), and the ruling lines of its
tables are found in the image and erased before Tesseract reads the words (its TSV output
gives each word's box and confidence). The result is an `OcrPage` that looks to the PDF
importer like a pdfplumber page with a text layer: `extract_words()`, `find_tables()` (cells
from the ruling lines, merged where a line is missing, as pdfplumber does for a printed
table), `width`, `chars`, so a scan goes through the same table and head readers as a PDF
from a document system. Coordinates are PDF points, as pdfplumber's.

Pages are read in parallel, one Tesseract process per core (each told to use one thread:
Tesseract's own threading gains little and would fight the other process).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from .drafts import PlanParseError

TESSERACT = "tesseract"  # the executable; tests point it elsewhere to see the refusal
LANGUAGE = "vie"  # Debian's tesseract-ocr-vie
# The numbers column (STT) is read with the English model: the Vietnamese one takes a serif
# roman "I." for "1." or "L.", "II." for "I.", and the column holds no Vietnamese words.
NUMBERS_LANGUAGE = "eng"
MAX_PAGES = 60  # about two minutes on a 2-core machine
_TIMEOUT = 180  # seconds for one page
_MIN_DPI, _MAX_DPI = 300, 400  # Tesseract reads best at 300 dpi; sharper scans keep theirs

Box = tuple[float, float, float, float]
Word = dict[str, Any]


@dataclass
class OcrRow:
    bbox: Box
    cells: list[Box | None]


@dataclass
class OcrTable:
    """A ruled table as pdfplumber gives it: grid rows, each with the box of every cell that
    starts in it (None where a cell merged from the left or from above covers the position)."""

    bbox: Box
    rows: list[OcrRow]
    texts: list[list[str | None]]

    def extract(self) -> list[list[str | None]]:
        return self.texts


@dataclass
class OcrPage:
    """What the PDF importer reads of a pdfplumber page, from the scanned image."""

    number: int  # 0-based
    width: float
    height: float
    words: list[Word]
    tables: list[OcrTable] = field(default_factory=list)
    confidence: float = 0.0  # median word confidence, 0–100

    @property
    def chars(self) -> list[Word]:
        return self.words

    def extract_words(self, extra_attrs: Sequence[str] = ()) -> list[Word]:
        return list(self.words)

    def find_tables(self) -> list[OcrTable]:
        return self.tables


def read_scanned_pages(
    data: bytes,
    page_numbers: list[int],
    *,
    file: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> list[OcrPage]:
    """The given pages (0-based) of a PDF, read by OCR; PlanParseError when Tesseract or its
    Vietnamese model is missing, or the scan is too long to read.

    `progress(k, n)` is told after each page is read, in page order and in the calling thread
    (the worker writes it to the job's row, which the pages' threads must not do)."""
    languages = _check_tesseract(file)
    numbers = NUMBERS_LANGUAGE if NUMBERS_LANGUAGE in languages else LANGUAGE
    if len(page_numbers) > MAX_PAGES:
        raise PlanParseError(
            f"tệp PDF là bản scan dài {len(page_numbers)} trang; dondoc chỉ nhận dạng chữ (OCR) "
            f"bản scan đến {MAX_PAGES} trang. Hãy tách riêng phần kế hoạch và phụ lục phân công",
            file=file,
        )
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        # pdfium is not thread-safe: pages are rendered here, one by one; the heavy part
        # (straightening, lines, Tesseract) runs in the workers.
        images = [_render(document[number]) for number in page_numbers]
    finally:
        document.close()
    jobs = [(number, *rendered) for number, rendered in zip(page_numbers, images, strict=True)]
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    read: list[OcrPage] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for page in pool.map(lambda job: _read_page(*job, numbers=numbers, file=file), jobs):
            read.append(page)
            if progress is not None:
                progress(len(read), len(jobs))
    return read


def _check_tesseract(file: str) -> list[str]:
    """The languages Tesseract has; PlanParseError when it or its Vietnamese model is missing."""
    if shutil.which(TESSERACT) is None:
        raise PlanParseError(
            "tệp PDF là bản scan (ảnh chụp), cần nhận dạng chữ (OCR) nhưng máy chủ chưa cài "
            "Tesseract. Quản trị hệ thống cài gói tesseract-ocr và tesseract-ocr-vie (make demo, "
            "make test tự cài), hoặc dùng tệp Word hay bản PDF xuất từ hệ thống quản lý văn bản",
            file=file,
        )
    listed = subprocess.run(  # noqa: S603 - fixed arguments
        [TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    if LANGUAGE not in listed.stdout.split():
        raise PlanParseError(
            "tệp PDF là bản scan (ảnh chụp), cần nhận dạng chữ (OCR) nhưng Tesseract trên máy "
            "chủ chưa có dữ liệu tiếng Việt. Quản trị hệ thống cài gói tesseract-ocr-vie",
            file=file,
        )
    return listed.stdout.split()


def _render(page: Any) -> tuple[Any, tuple[float, float], float]:
    """(greyscale image, page size in points, dpi): at the scan's own resolution, at least
    300 dpi."""
    width, height = page.get_size()
    native = 0.0
    for item in page.get_objects():
        if item.type == 3:  # FPDF_PAGEOBJ_IMAGE
            pixels = item.get_px_size()[0]
            left, _, right, _ = item.get_bounds()
            if right > left:
                native = max(native, pixels / ((right - left) / 72))
    dpi = min(max(native, _MIN_DPI), _MAX_DPI)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    return image, (width, height), dpi


def _read_page(
    number: int, image: Any, size: tuple[float, float], dpi: float, *, numbers: str, file: str
) -> OcrPage:
    import numpy as np
    from PIL import Image, ImageFilter

    image = _straighten(image)
    pixels = np.asarray(image)
    dark = pixels < _threshold(pixels)
    grid = _grid(dark, dpi)
    # Ink on white, ruling lines erased (Tesseract reads them as "|" and "_"), specks gone.
    ink = np.where(dark & ~grid.ink, 0, 255).astype("u1")
    clean = Image.fromarray(ink).filter(ImageFilter.MedianFilter(3))
    words = _tesseract(clean, dpi, file=file, page=number)
    if grid.ys and len(grid.xs) >= 3:
        words = _reread_numbers(clean, grid, words, dpi, numbers=numbers, file=file, page=number)
    scale = 72 / dpi
    points = [_to_points(word, scale) for word in words]
    tables = [_table(grid, points, scale)] if grid.ys and len(grid.xs) >= 3 else []
    confidence = median(w["conf"] for w in points) if points else 0.0
    return OcrPage(number, size[0], size[1], points, tables, confidence)


def _reread_numbers(
    image: Any, grid: _Grid, words: list[Word], dpi: float, *, numbers: str, file: str, page: int
) -> list[Word]:
    """The narrow first column (STT) read again on its own, as one block of lines, with the
    model that reads numbers best: on the whole page, Tesseract takes a short number alone in
    its cell ("2.") for a speck, or misreads it ("1.2." as "đua.", "III." as "IH.")."""
    x0, x1 = grid.xs[0], grid.xs[1]
    if x1 - x0 > 0.2 * (grid.xs[-1] - x0):  # not an STT column (equal widths: 5 or more)
        return words
    top, bottom = grid.ys[0], grid.ys[-1]
    strip = image.crop((int(x0) + 1, int(top), int(x1), int(bottom) + 1))
    found = _tesseract(strip, dpi, file=file, page=page, mode=6, language=numbers)
    for word in found:
        for key in ("x0", "x1"):
            word[key] += int(x0) + 1
        for key in ("top", "bottom"):
            word[key] += int(top)
    kept = [
        w
        for w in words
        if not (
            x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
        )
    ]
    return kept + found


def _threshold(pixels: Any) -> float:
    """Otsu's threshold between ink and paper."""
    import numpy as np

    histogram = np.bincount(pixels.ravel(), minlength=256).astype(float)
    total = histogram.sum()
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    if np.isnan(between).all():
        return 128.0  # one shade only: a blank page
    return float(np.nanargmax(between))


def _straighten(image: Any) -> Any:
    """The page rotated so its lines of text are level: the angle (within ±5°) at which the
    rows of a reduced copy are most unequal (text lines and gaps, not smeared grey)."""
    import numpy as np
    from PIL import Image

    small = image.reduce(4)
    ink = Image.fromarray(((np.asarray(small) < _threshold(np.asarray(small))) * 255).astype("u1"))

    def score(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST)).sum(axis=1)
        return float(np.square(np.diff(rows.astype(float))).sum())

    best = max((a / 2 for a in range(-10, 11)), key=score)
    best = max((best + a / 20 for a in range(-10, 11)), key=score)
    if abs(best) < 0.05:
        return image
    return image.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255)


@dataclass
class _Grid:
    """Ruling lines of a page, in pixels: the x of the verticals and y of the horizontals that
    form the table, each with the spans it covers, and the ink they are made of."""

    xs: list[float]
    ys: list[float]
    verticals: dict[int, list[tuple[float, float]]]  # index in xs → covered y spans
    horizontals: dict[int, list[tuple[float, float]]]  # index in ys → covered x spans
    ink: Any


def _runs(mask: Any, length: int) -> Any:
    """Pixels of `mask` in runs of at least `length` along the rows (axis 1)."""
    import numpy as np

    height, width = mask.shape
    if width < length:
        return np.zeros_like(mask)
    sums = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # window [i, i+length) all ink
    starts = np.zeros((height, width + 1), dtype=np.int32)
    starts[:, : width - length + 1] += full
    starts[:, length : width + 1] -= full
    return np.cumsum(starts, axis=1)[:, :width] > 0


def _segments(line_mask: Any, along: int) -> list[tuple[float, float, float]]:
    """(position across, start, end) of each line in a mask of line pixels; `along` is the
    axis the lines run along. Adjacent pixel rows (a thick or slightly slanted line) are one."""
    import numpy as np

    mask = line_mask if along == 1 else line_mask.T
    rows = np.flatnonzero(mask.any(axis=1))
    segments: list[tuple[float, float, float]] = []
    if rows.size == 0:
        return segments
    groups = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    for group in groups:
        covered = mask[group[0] : group[-1] + 1].any(axis=0)
        columns = np.flatnonzero(covered)
        pieces = np.split(columns, np.flatnonzero(np.diff(columns) > 3) + 1)
        middle = (group[0] + group[-1]) / 2
        segments.extend((middle, piece[0], piece[-1]) for piece in pieces if piece.size)
    return segments


def _cluster(values: list[float], tolerance: float) -> list[float]:
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _grid(dark: Any, dpi: float) -> _Grid:
    """The table's ruling lines. Horizontals are ink runs of half an inch; verticals of a
    sixth of an inch (a one-line row) that meet a horizontal at both ends: letters are shorter,
    and a stroke that only looks like a line touches no ruling."""
    import numpy as np

    tolerance = dpi / 30  # how far a line's end may stop short of the line it meets
    horizontal = _runs(dark, int(dpi / 2))
    vertical = _runs(dark.T, int(dpi / 6)).T
    hs = [s for s in _segments(horizontal, 1) if s[2] - s[1] >= dpi / 2]
    vs = []
    for x, top, bottom in _segments(vertical, 0):
        meets_top = any(
            abs(y - top) <= tolerance and x0 - tolerance <= x <= x1 + tolerance for y, x0, x1 in hs
        )
        meets_bottom = any(
            abs(y - bottom) <= tolerance and x0 - tolerance <= x <= x1 + tolerance
            for y, x0, x1 in hs
        )
        if meets_top and meets_bottom:
            vs.append((x, top, bottom))
    xs = _cluster([v[0] for v in vs], tolerance)
    # A horizontal belongs to the table when it reaches at least two of its verticals.
    table_hs = [
        h
        for h in hs
        if sum(1 for x in xs if h[1] - tolerance <= x <= h[2] + tolerance) >= 2
        and any(v[1] - tolerance <= h[0] <= v[2] + tolerance for v in vs)
    ]
    ys = _cluster([h[0] for h in table_hs], tolerance)
    verticals: dict[int, list[tuple[float, float]]] = {}
    for x, top, bottom in vs:
        index = min(range(len(xs)), key=lambda i: abs(xs[i] - x))
        verticals.setdefault(index, []).append((top, bottom))
    horizontals: dict[int, list[tuple[float, float]]] = {}
    for y, x0, x1 in table_hs:
        index = min(range(len(ys)), key=lambda i: abs(ys[i] - y))
        horizontals.setdefault(index, []).append((x0, x1))
    ink = np.zeros_like(dark)
    grow = max(1, int(dpi / 150))
    for y, x0, x1 in hs:
        ink[max(0, int(y) - 3 * grow) : int(y) + 3 * grow + 1, int(x0) : int(x1) + 1] = True
    for x, top, bottom in vs:
        ink[int(top) : int(bottom) + 1, max(0, int(x) - 3 * grow) : int(x) + 3 * grow + 1] = True
    return _Grid(xs, ys if len(xs) >= 2 else [], verticals, horizontals, ink & dark)


def _covers(spans: list[tuple[float, float]], low: float, high: float) -> bool:
    """Do the spans cover most of [low, high]? (a line broken by noise still counts)"""
    covered = sum(max(0.0, min(b, high) - max(a, low)) for a, b in spans)
    return covered >= 0.6 * (high - low)


def _table(grid: _Grid, words: list[Word], scale: float) -> OcrTable:
    """Grid cells merged where the line between them is missing, with the words inside."""
    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        for c in range(1, n_cols):
            if not _covers(grid.verticals.get(c, []), ys[r], ys[r + 1]):
                union((r, c - 1), (r, c))
    for r in range(1, n_rows):
        for c in range(n_cols):
            if not _covers(grid.horizontals.get(r, []), xs[c], xs[c + 1]):
                union((r - 1, c), (r, c))
    extent: dict[tuple[int, int], list[int]] = {}
    for r, c in parent:
        root = find((r, c))
        box = extent.setdefault(root, [r, c, r, c])
        box[0], box[1] = min(box[0], r), min(box[1], c)
        box[2], box[3] = max(box[2], r), max(box[3], c)
    # Each merged cell by its top-left grid position, in points.
    starts: dict[tuple[int, int], Box] = {
        (top, left): (
            xs[left] * scale,
            ys[top] * scale,
            xs[right + 1] * scale,
            ys[bottom + 1] * scale,
        )
        for top, left, bottom, right in extent.values()
    }
    rows, texts = [], []
    for r in range(n_rows):
        cells: list[Box | None] = []
        values: list[str | None] = []
        for c in range(n_cols):
            cell = starts.get((r, c))
            cells.append(cell)
            values.append(_cell_text(words, cell) if cell is not None else None)
        rows.append(
            OcrRow((xs[0] * scale, ys[r] * scale, xs[-1] * scale, ys[r + 1] * scale), cells)
        )
        texts.append(values)
    bbox = (xs[0] * scale, ys[0] * scale, xs[-1] * scale, ys[-1] * scale)
    return OcrTable(bbox, rows, texts)


def _cell_text(words: list[Word], box: Box) -> str:
    """The words whose centre lies in the cell, line by line (Tesseract's lines)."""
    inside = [
        w
        for w in words
        if box[0] <= (w["x0"] + w["x1"]) / 2 <= box[2]
        and box[1] <= (w["top"] + w["bottom"]) / 2 <= box[3]
    ]
    lines: list[list[Word]] = []
    for word in sorted(inside, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for line in lines:
            if line[0]["top"] <= middle <= line[0]["bottom"]:
                line.append(word)
                break
        else:
            lines.append([word])
    lines.sort(key=lambda line: line[0]["top"])
    return "\n".join(
        " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])) for line in lines
    )


# How a serif roman numeral's strokes come out of Tesseract: each character → the strokes it
# may stand for ("l" is often two I's run together by their serifs, "H" two).
_STROKES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("I|1i![]JjTL", ("I",)),
    "l": ("I", "II"),
    "H": ("II",),
    "V": ("V",),
    "X": ("X",),
}
_ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_SECTION_RE = re.compile(r"^[A-ZĐ]$")
_ROMANS = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
           "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]  # fmt: skip


def _roman_readings(body: str) -> list[str]:
    """The roman numerals a code read by OCR may be, most likely first: each character as
    the strokes it may stand for, then with one or two I's more (strokes merged by serifs)."""
    if not body or body.isdigit() or not set(body) <= set(_STROKES):
        return []
    readings = [""]
    for char in body:
        readings = [r + strokes for r in readings for strokes in _STROKES[char]]
    more = [r[:i] + "I" * n + r[i:] for n in (1, 2) for r in readings for i in range(len(r) + 1)]
    found = []
    for reading in [*readings, *more]:
        if reading and _ROMAN_RE.match(reading) and reading not in found:
            found.append(reading)
    return found


def repair_numbers(pages: list[OcrPage]) -> None:
    """Roman numerals of the STT column set right by their order. Under a section letter
    (A, B …) the romans count I, II, III …; a code that OCR read as "Il", "IH", "L" or "VI"
    (for "VIII") becomes the next numeral when its strokes can be read so, and stays as read
    otherwise (a plan that really repeats a number keeps it: "IV" can never be "V")."""
    last = 0
    for page in pages:
        for table in page.tables:
            for values in table.texts:
                code = (values[0] or "").strip() if values else ""
                if not code:
                    continue
                body = code.rstrip(".):,;")
                if _SECTION_RE.match(body) and body not in "IVXL":
                    last = 0
                    continue
                readings = _roman_readings(body)
                if not readings:
                    continue
                expected = _ROMANS[last + 1] if last + 1 < len(_ROMANS) else ""
                chosen = expected if expected in readings else readings[0]
                if chosen in _ROMANS:
                    last = _ROMANS.index(chosen)
                values[0] = chosen + "."


def _tesseract(
    image: Any, dpi: float, *, file: str, page: int, mode: int = 3, language: str = LANGUAGE
) -> list[Word]:
    """Words with their line's box (so the words of a line share its top, whatever their
    letters), in pixels, from Tesseract's TSV output."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi))
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [
                TESSERACT,
                "stdin",
                "stdout",
                "-l",
                language,
                "--psm",
                str(mode),
                "--dpi",
                str(round(dpi)),
                "tsv",
            ],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=_TIMEOUT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PlanParseError(
            f"trang {page + 1} của bản scan không nhận dạng được chữ trong {_TIMEOUT} giây",
            file=file,
        ) from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise PlanParseError(
            f"trang {page + 1} của bản scan: Tesseract báo lỗi ({' '.join(detail)})", file=file
        )
    reader = csv.DictReader(
        io.StringIO(result.stdout.decode("utf-8", "replace")),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    lines: dict[tuple[str, str, str], tuple[int, int]] = {}
    words: list[Word] = []
    for row in reader:
        key = (row["block_num"], row["par_num"], row["line_num"])
        left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
        if row["level"] == "4":
            lines[key] = (top, top + height)
        elif row["level"] == "5" and (row.get("text") or "").strip():
            line_top, line_bottom = lines.get(key, (top, top + height))
            words.append(
                {
                    "text": row["text"].strip(),
                    "x0": left,
                    "x1": left + width,
                    "top": line_top,
                    "bottom": line_bottom,
                    "conf": float(row["conf"]),
                }
            )
    return words


def _to_points(word: Word, scale: float) -> Word:
    """Pixels → PDF points; the font size is taken as the line's height less its leading."""
    converted = {**word, **{k: word[k] * scale for k in ("x0", "x1", "top", "bottom")}}
    converted["size"] = (converted["bottom"] - converted["top"]) * 0.8
    return converted
