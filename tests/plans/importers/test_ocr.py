"""Scanned PDF plans, read by Tesseract's Vietnamese model.

The scans are made here from real text: seed 000 (Kế hoạch 284/KH-UBND of Sơn Dương district,
tests/fixtures/seeds) typed in Word with its appendix as a real table, printed to PDF by
LibreOffice, rasterised at 200 dpi, turned slightly and specked like a sheet through a scanner,
and wrapped back into a PDF of images (tests/plans/importers/scans.py). Nothing is committed:
the files are built once per session under pytest's temporary directory.
"""

from __future__ import annotations

import io
import re
import shutil

import pytest
from PIL import Image, ImageDraw

from dondoc.org.names import match_key
from dondoc.plans.importers import PlanParseError, ocr, parse_plan
from dondoc.plans.importers.drafts import PlanDraft
from dondoc.plans.importers.text import parse_text

from .builders import docx_to_pdf, seed_table_docx
from .scans import scan, typeset
from .test_text import SEEDS

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed (make test installs it)"
)


@pytest.fixture(scope="session")
def seed_000_scan(tmp_path_factory) -> bytes:
    seed = next(SEEDS.glob("000_*.txt"))
    workdir = tmp_path_factory.mktemp("scan")
    printed = docx_to_pdf(typeset(seed_table_docx(seed)), workdir)
    return scan(printed, workdir, dpi=200, angle=1.0)


@pytest.fixture(scope="session")
def seed_000_scan_draft(seed_000_scan: bytes) -> PlanDraft:
    return parse_plan(seed_000_scan, file="284-scan.pdf")


@pytest.fixture(scope="session")
def seed_000() -> PlanDraft:
    return parse_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))


def leads(task) -> list[str]:
    return sorted(match_key(a.mention) for a in task.assignments if a.role == "lead")


@needs_tesseract
def test_scan_reads_the_seed_tree(seed_000_scan_draft: PlanDraft, seed_000: PlanDraft) -> None:
    draft = seed_000_scan_draft
    assert draft.source_format == "pdf"
    assert [t.path for t in draft.tasks] == [t.path for t in seed_000.tasks]
    assert len(draft.leaves) == 34
    pairs = list(zip(draft.leaves, seed_000.leaves, strict=True))
    assert [t.path for t, seed in pairs if leads(t) != leads(seed)] == []
    assert [t.deadline.kind if t.deadline else None for t in draft.tasks] == [
        t.deadline.kind if t.deadline else None for t in seed_000.tasks
    ]


@needs_tesseract
def test_scan_reads_the_header(seed_000_scan_draft: PlanDraft, seed_000: PlanDraft) -> None:
    document = seed_000_scan_draft.document
    assert document.number == "284/KH-UBND"
    assert document.date == seed_000.document.date
    assert document.issuer == seed_000.document.issuer
    assert [r.number for r in document.implements] == ["125/KH-UBND"]


@needs_tesseract
def test_every_task_from_ocr_is_flagged_with_its_page(seed_000_scan_draft: PlanDraft) -> None:
    draft = seed_000_scan_draft
    first = draft.warnings[0]
    assert first.code == "ocr"
    assert "nhận dạng chữ (OCR)" in first.message
    flagged = {w.path: w for w in draft.warnings if w.code == "ocr_task"}
    assert set(flagged) == {t.path for t in draft.tasks}
    pages = [int(re.search(r"trang (\d+)", w.message).group(1)) for w in flagged.values()]
    assert all(p > 1 for p in pages)  # the appendix follows the plan's text
    assert pages == sorted(pages)  # tasks in the order of the pages they stand on


def _blank_scan() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (1654, 2339), 255).save(buffer, "PDF", resolution=200)
    return buffer.getvalue()


@needs_tesseract
def test_a_scan_without_text_is_refused_clearly() -> None:
    with pytest.raises(PlanParseError, match="không nhận dạng được chữ nào"):
        parse_plan(_blank_scan(), file="trang-trang.pdf")


def test_missing_tesseract_is_a_clear_message(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    with pytest.raises(PlanParseError) as raised:
        parse_plan(_blank_scan(), file="scan.pdf")
    assert raised.value.file == "scan.pdf"
    assert "chưa cài Tesseract" in raised.value.message
    assert "tesseract-ocr-vie" in raised.value.message


@needs_tesseract
def test_missing_vietnamese_model_is_a_clear_message(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "LANGUAGE", "xyz")
    with pytest.raises(PlanParseError, match="chưa có dữ liệu tiếng Việt"):
        parse_plan(_blank_scan(), file="scan.pdf")


# The ruling lines: a table drawn at 200 dpi with a section row spanning the columns after
# its title, and a lead written once for two tasks (a vertically merged cell).


def _drawn_table() -> tuple[Image.Image, list[float], list[float]]:
    image = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(image)
    xs = [100, 200, 700, 950, 1300]
    ys = [100, 180, 260, 420, 580, 740]
    spans = {  # row → columns the horizontal line above it does not cross (merged from above)
        4: {2},
    }
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if c not in spans.get(r, set()):
                draw.line([(xs[c], y), (xs[c + 1], y)], fill=0, width=3)
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if r == 2 and c in (2, 3):
                continue  # row 2 is a section title: one cell from column 1 to the end
            draw.line([(x, ys[r]), (x, ys[r + 1])], fill=0, width=3)
    return image, [float(x) for x in xs], [float(y) for y in ys]


def test_ruled_cells_are_found_and_merged_as_printed() -> None:
    import numpy as np

    image, xs, ys = _drawn_table()
    dark = np.asarray(image) < 128
    grid = ocr._grid(dark, 200)
    assert [round(x) for x in grid.xs] == [round(x) for x in xs]
    assert [round(y) for y in grid.ys] == [round(y) for y in ys]
    table = ocr._table(grid, [], 72 / 200)
    starts = [[cell is not None for cell in row.cells] for row in table.rows]
    assert starts == [
        [True, True, True, True],
        [True, True, True, True],
        [True, True, False, False],  # the section title spans columns 1–3
        [True, True, True, True],
        [True, True, False, True],  # the lead above is merged down into this row
    ]
    assert not grid.ink[ys_mid(ys, 3), 150]  # inside a cell: no line ink


def ys_mid(ys: list[float], row: int) -> int:
    return int((ys[row] + ys[row + 1]) / 2)


def test_text_lines_and_underlines_are_not_a_table() -> None:
    import numpy as np

    image = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(500, 120), (900, 120)], fill=0, width=3)  # "Độc lập - Tự do - Hạnh phúc" rule
    for x in range(100, 1300, 40):
        draw.line([(x, 300), (x, 330)], fill=0, width=3)  # letters' stems
    grid = ocr._grid(np.asarray(image) < 128, 200)
    assert grid.ys == []


def _page_with_codes(codes: list[str]) -> ocr.OcrPage:
    table = ocr.OcrTable((0, 0, 1, 1), [], [[code, "…"] for code in codes])
    return ocr.OcrPage(0, 842, 595, [{"text": "x"}], [table])


def test_roman_numerals_misread_by_ocr_follow_their_order() -> None:
    page = _page_with_codes(["STT", "A", "L.", "Il.", "1.", "Il.", "IV.", "B", "I.", "Vil", "1."])
    ocr.repair_numbers([page])
    assert [row[0] for row in page.tables[0].texts] == [
        *("STT", "A", "I.", "II.", "1.", "III.", "IV."),
        *("B", "I.", "VII.", "1."),  # "Vil" is VII or VIII, never II: its first reading
    ]


def test_a_repeated_numeral_the_strokes_cannot_change_is_kept() -> None:
    page = _page_with_codes(["A", "I.", "II.", "III.", "IV.", "IV.", "V."])  # seed 001 repeats IV
    ocr.repair_numbers([page])
    assert [row[0] for row in page.tables[0].texts] == [
        "A",
        "I.",
        "II.",
        "III.",
        "IV.",
        "IV.",
        "V.",
    ]
