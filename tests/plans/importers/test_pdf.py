"""PDF plans: seed 000 typed in Word and printed to PDF by LibreOffice (scans: test_ocr.py)."""

from __future__ import annotations

import pytest

from dondoc.org.names import match_key
from dondoc.plans.importers import PlanParseError, ocr, parse_plan
from dondoc.plans.importers.drafts import PlanDraft
from dondoc.plans.importers.pdf import _furniture
from dondoc.plans.importers.text import parse_text

from .builders import docx_to_pdf, docx_to_pdfs, seed_table_docx
from .gazette import RUNNING_HEAD, gazette_docx
from .test_text import SEEDS


@pytest.fixture(scope="module")
def seed_000_pdf(tmp_path_factory) -> bytes:
    seed = next(SEEDS.glob("000_*.txt"))
    return docx_to_pdf(seed_table_docx(seed), tmp_path_factory.mktemp("pdf"))


def leads(draft: PlanDraft) -> list[tuple[str, list[str]]]:
    return [
        (t.path, [match_key(a.mention) for a in t.assignments if a.role == "lead"])
        for t in draft.leaves
    ]


def test_pdf_from_word_gives_the_seed_tree(seed_000_pdf: bytes) -> None:
    seed = parse_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    draft = parse_plan(seed_000_pdf, file="284.pdf")
    assert draft.source_format == "pdf"
    assert len(draft.leaves) == 34
    assert leads(draft) == leads(seed)
    assert [t.deadline.kind if t.deadline else None for t in draft.tasks] == [
        t.deadline.kind if t.deadline else None for t in seed.tasks
    ]
    assert draft.document.number == "284/KH-UBND"


def test_broken_pdf_is_refused() -> None:
    with pytest.raises(PlanParseError):
        parse_plan(b"%PDF-1.4 junk", file="x.pdf")


@pytest.fixture(scope="module")
def seed_000_unruled_pdf(tmp_path_factory) -> bytes:
    seed = next(SEEDS.glob("000_*.txt"))
    return docx_to_pdf(seed_table_docx(seed, borders=False), tmp_path_factory.mktemp("pdf"))


def test_pdf_without_rules_gives_the_seed_tree(seed_000_unruled_pdf: bytes) -> None:
    seed = parse_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    draft = parse_plan(seed_000_unruled_pdf, file="284.pdf")
    assert [t.path for t in draft.tasks] == [t.path for t in seed.tasks]
    assert leads(draft) == leads(seed)


def test_pdf_head_is_reflowed_into_the_header(seed_000_pdf: bytes) -> None:
    seed = parse_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    draft = parse_plan(seed_000_pdf, file="284.pdf")
    assert draft.document.date == seed.document.date
    assert draft.document.type == seed.document.type
    assert [r.number for r in draft.document.implements] == [
        r.number for r in seed.document.implements
    ]


# The Official Gazette's layout (tests/plans/importers/gazette.py): seeds 000 and 001 with a
# running head and page numbers on every page, a two-row header, the deadline before the
# result, the header not repeated; with and without rules. Printed in one LibreOffice run.


@pytest.fixture(scope="module")
def gazette_pdfs(tmp_path_factory) -> dict[str, bytes]:
    documents = {}
    for prefix in ("000", "001"):
        seed = next(SEEDS.glob(f"{prefix}_*.txt"))
        documents[f"{prefix}-ruled"] = gazette_docx(seed)
        documents[f"{prefix}-unruled"] = gazette_docx(seed, borders=False)
    return docx_to_pdfs(documents, tmp_path_factory.mktemp("gazette"))


@pytest.mark.parametrize("name", ["000-ruled", "000-unruled", "001-ruled", "001-unruled"])
def test_gazette_pdf_reads_as_the_text_does(gazette_pdfs: dict[str, bytes], name: str) -> None:
    seed = parse_text(next(SEEDS.glob(f"{name[:3]}_*.txt")).read_text(encoding="utf-8"))
    draft = parse_plan(gazette_pdfs[name], file=f"{name}.pdf")
    assert [t.path for t in draft.tasks] == [t.path for t in seed.tasks]
    assert leads(draft) == leads(seed)  # no running head glued to the lead cut by a page break
    assert [t.deadline.raw if t.deadline else None for t in draft.tasks] == [
        t.deadline.raw if t.deadline else None for t in seed.tasks
    ]
    assert (draft.document.number, draft.document.date) == (
        seed.document.number,
        seed.document.date,
    )
    assert not any(
        RUNNING_HEAD in t.title or RUNNING_HEAD in t.expected_result for t in draft.tasks
    )


def _page(number: int, lines: list[tuple[float, float, str]]):
    """A page as the PDF reader sees one: words with their boxes (the OCR page is such one)."""
    words = []
    for top, x0, text in lines:
        x = x0
        for word in text.split():
            words.append(
                {"text": word, "x0": x, "x1": x + 6 * len(word), "top": top, "bottom": top + 12}
            )
            words[-1]["size"] = 12
            x += 6 * len(word) + 4
    return ocr.OcrPage(number, 595, 842, words)


def test_running_heads_are_known_by_their_words_and_page_numbers_by_their_place() -> None:
    def head(n: int) -> tuple[float, float, str]:
        if n % 2:
            return (30, 150, f"{n + 1} CÔNG BÁO/Số 45 + 46/Ngày 20-01-2024")
        return (30, 170, f"CÔNG BÁO/Số 45 + 46/Ngày 20-01-2024 {n + 1}")

    letters = "abcdefg"
    pages = [
        _page(
            n,
            [
                head(n),
                # Three pages of seven open with alike rows: the text's, not furniture.
                (80, 60, "1.2. Tham mưu UBND huyện" if n < 3 else f"Mục {letters[n]}"),
                *((y, 60, f"Nội dung {letters[n]} {y}") for y in (120, 160, 200)),
                (800, 290, str(n + 1)),
            ],
        )
        for n in range(7)
    ]
    assert _furniture(pages) == [frozenset({30, 800})] * 7
