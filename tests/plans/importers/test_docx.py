"""Word plans: seed tables typed in Word (merged cells, repeated header) read like the text."""

from __future__ import annotations

import io

import docx
import pytest

from dondoc.plans.importers import PlanParseError, parse_plan
from dondoc.plans.importers.drafts import PlanDraft
from dondoc.plans.importers.text import parse_text

from .builders import seed_table_docx
from .test_text import SEEDS


def outline(draft: PlanDraft) -> list[tuple]:
    return [
        (
            t.path,
            t.leaf,
            " ".join(t.title.split()),
            " ".join(t.expected_result.split()),
            t.deadline.kind if t.deadline else None,
            [(a.role, a.mention, a.collective) for a in t.assignments],
        )
        for t in draft.tasks
    ]


@pytest.mark.parametrize(("prefix", "leaves"), [("000", 34), ("001", 51)])
def test_word_table_gives_the_same_tree_as_the_text(prefix: str, leaves: int) -> None:
    seed = next(SEEDS.glob(f"{prefix}_*.txt"))
    from_text = parse_text(seed.read_text(encoding="utf-8"))
    from_word = parse_plan(seed_table_docx(seed), file=f"{prefix}.docx")
    assert from_word.source_format == "docx"
    assert len(from_word.leaves) == leaves
    assert outline(from_word) == outline(from_text)
    assert from_word.document.number == from_text.document.number
    assert from_word.document.date == from_text.document.date
    assert [r.number for r in from_word.document.implements] == [
        r.number for r in from_text.document.implements
    ]
    assert [w.code for w in from_word.warnings] == [w.code for w in from_text.warnings]


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_two_row_header_with_merged_cells() -> None:
    def build(document) -> None:
        document.add_paragraph("Số: 9/KH-UBND")
        document.add_paragraph("Yên Sơn, ngày 2 tháng 1 năm 2024")
        document.add_paragraph("KẾ HOẠCH")
        document.add_paragraph("Thực hiện công tác phòng, chống tra tấn năm 2024")
        table = document.add_table(rows=4, cols=5)
        labels = ["TT", "Nội dung", "Cơ quan thực hiện", "", "Thời gian"]
        for c, label in enumerate(labels):
            table.cell(0, c).text = label
        table.cell(0, 2).merge(table.cell(0, 3))
        table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
        for c in (0, 1, 4):
            table.cell(0, c).merge(table.cell(1, c))
        values = [
            ["1", "Tuyên truyền", "Công an huyện", "Phòng Tư pháp", "Hằng năm"],
            ["2", "Tập huấn", "Phòng Tư pháp", "Công an huyện, Tòa án nhân dân huyện", "2024"],
        ]
        for r, row in enumerate(values, start=2):
            for c, value in enumerate(row):
                table.cell(r, c).text = value

    draft = parse_plan(_docx(build), file="k.docx")
    assert [(t.path, [(a.role, a.mention) for a in t.assignments]) for t in draft.tasks] == [
        ("1", [("lead", "Công an huyện"), ("coordinating", "Phòng Tư pháp")]),
        (
            "2",
            [
                ("lead", "Phòng Tư pháp"),
                ("coordinating", "Công an huyện"),
                ("coordinating", "Tòa án nhân dân huyện"),
            ],
        ),
    ]
    assert draft.document.number == "9/KH-UBND" and draft.tasks[1].deadline.kind == "period"


def test_word_file_without_a_task_table_is_refused() -> None:
    article = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")

    def build(document) -> None:
        for paragraph in article.split("\n\n"):
            document.add_paragraph(paragraph)

    with pytest.raises(PlanParseError, match="không phải là kế hoạch"):
        parse_plan(_docx(build), file="bai-bao.docx")


def test_broken_word_file_is_refused() -> None:
    with pytest.raises(PlanParseError):
        parse_plan(b"PK\x03\x04garbage", file="x.docx")
