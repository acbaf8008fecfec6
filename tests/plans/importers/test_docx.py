"""Word plans: seed tables typed in Word (merged cells, repeated header) read like the text."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement

from dondoc.plans.importers import PlanParseError, parse_plan
from dondoc.plans.importers.docx import parse_docx
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
    assert from_word.document == from_text.document
    assert from_word.appendix == from_text.appendix
    assert [(w.code, w.path) for w in from_word.warnings] == [
        (w.code, w.path) for w in from_text.warnings
    ]


def test_seed_000_header_from_word() -> None:
    draft = parse_plan(seed_table_docx(next(SEEDS.glob("000_*.txt"))), file="284.docx")
    assert draft.document.number == "284/KH-UBND"
    assert draft.document.date == "2023-07-04"
    assert [r.number for r in draft.document.implements] == ["125/KH-UBND"]
    # The merged lead cell (two consecutive tasks of Phòng Tư pháp) is read for both tasks.
    tasks = {t.path: t for t in draft.tasks}
    for path in ("A/II/1/1.1", "A/II/1/1.2"):
        assert [a.mention for a in tasks[path].assignments if a.role == "lead"] == ["Phòng Tư pháp"]


def test_seed_001_keeps_the_duplicate_numbers_warning() -> None:
    draft = parse_plan(seed_table_docx(next(SEEDS.glob("001_*.txt"))), file="tv.docx")
    duplicates = [w.path for w in draft.warnings if w.code == "duplicate_number"]
    assert duplicates == ["IV", "IV/1", "IV/2"]


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _head(document, number: str = "9/KH-UBND") -> None:
    document.add_paragraph(f"Số: {number}")
    document.add_paragraph("Yên Sơn, ngày 2 tháng 1 năm 2024")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện công tác phòng, chống tra tấn năm 2024")


def _fill(table, values: list[list[str]], first_row: int = 0) -> None:
    for r, row in enumerate(values, start=first_row):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value


HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]


def test_two_row_header_with_merged_cells() -> None:
    def build(document) -> None:
        _head(document)
        table = document.add_table(rows=4, cols=5)
        _fill(table, [["TT", "Nội dung", "Cơ quan thực hiện", "", "Thời gian"]])
        table.cell(0, 2).merge(table.cell(0, 3))
        table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
        for c in (0, 1, 4):
            table.cell(0, c).merge(table.cell(1, c))
        values = [
            ["1", "Tuyên truyền", "Công an huyện", "Phòng Tư pháp", "Hằng năm"],
            ["2", "Tập huấn", "Phòng Tư pháp", "Công an huyện, Tòa án nhân dân huyện", "2024"],
        ]
        _fill(table, values, first_row=2)

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


def test_vertical_merge_over_a_continuation_row_is_read_once() -> None:
    """A lead merged down over a task's second row (no number) and the next task: the first
    task names it once, the second task too; it is not glued to itself."""

    def build(document) -> None:
        _head(document)
        table = document.add_table(rows=4, cols=5)
        _fill(
            table,
            [
                HEADER,
                ["1", "Tuyên truyền", "Công an huyện", "Phòng Tư pháp", "Hằng năm"],
                ["", "trên địa bàn", "", "", ""],
                ["2", "Tập huấn", "", "Tòa án nhân dân huyện", "2024"],
            ],
        )
        table.cell(1, 2).merge(table.cell(3, 2))

    draft = parse_plan(_docx(build), file="k.docx")
    assert [(t.path, t.title, [a.mention for a in t.assignments]) for t in draft.tasks] == [
        ("1", "Tuyên truyền trên địa bàn", ["Công an huyện", "Phòng Tư pháp"]),
        ("2", "Tập huấn", ["Công an huyện", "Tòa án nhân dân huyện"]),
    ]


def _wrap_in_content_control(element) -> None:
    """Put `element` inside a w:sdt/w:sdtContent at its place, as Word templates do."""
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    element.addprevious(sdt)
    content.append(element)


def test_content_controls_layout_table_and_split_table() -> None:
    """The head in a layout table (issuer | motto) and in a content control; the task table
    split in two tables (a page break), its rows and cells inside content controls."""

    def build(document) -> None:
        layout = document.add_table(rows=2, cols=2)
        _fill(
            layout,
            [
                ["ỦY BAN NHÂN DÂN HUYỆN SƠN DƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["Số: 12/KH-UBND", "Sơn Dương, ngày 3 tháng 2 năm 2024"],
            ],
        )
        document.add_paragraph("KẾ HOẠCH")
        title = document.add_paragraph("Phòng, chống tra tấn năm 2024")
        _wrap_in_content_control(title._p)
        first = document.add_table(rows=2, cols=5)
        _fill(first, [HEADER, ["1", "Tuyên truyền", "Công an huyện", "", "Hằng năm"]])
        _wrap_in_content_control(first.rows[1]._tr)
        document.add_paragraph("")
        second = document.add_table(rows=2, cols=5)
        _fill(second, [HEADER, ["2", "Tập huấn", "Phòng Tư pháp", "", "2024"]])
        _wrap_in_content_control(second.rows[1]._tr.tc_lst[2])

    draft = parse_plan(_docx(build), file="k.docx")
    assert draft.document.number == "12/KH-UBND"
    assert draft.document.date == "2024-02-03"
    assert draft.document.issuer == "Ủy ban nhân dân huyện Sơn Dương"
    assert draft.document.title == "Phòng, chống tra tấn năm 2024"
    assert [(t.path, [a.mention for a in t.assignments]) for t in draft.tasks] == [
        ("1", ["Công an huyện"]),
        ("2", ["Phòng Tư pháp"]),
    ]


def test_list_items_in_a_cell_are_lines() -> None:
    def build(document) -> None:
        _head(document)
        table = document.add_table(rows=2, cols=5)
        _fill(table, [HEADER, ["1", "Tuyên truyền", "Công an huyện", "", "Hằng năm"]])
        coordinating = table.cell(1, 3)
        coordinating.text = "- Phòng Tư pháp;"
        coordinating.add_paragraph("- Tòa án nhân dân huyện")

    draft = parse_plan(_docx(build), file="k.docx")
    assert [(a.role, a.mention) for a in draft.tasks[0].assignments] == [
        ("lead", "Công an huyện"),
        ("coordinating", "Phòng Tư pháp"),
        ("coordinating", "Tòa án nhân dân huyện"),
    ]


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
    with pytest.raises(PlanParseError, match="tệp Word bị hỏng"):
        parse_docx(b"PK\x03\x04garbage", file="x.docx")
    # A real archive whose document part is not XML.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx(_head))) as good, zipfile.ZipFile(buffer, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            bad.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
    with pytest.raises(PlanParseError, match="tệp Word bị hỏng"):
        parse_plan(buffer.getvalue(), file="x.docx")
