"""A seed plan laid out as the Official Gazette (Công báo) prints plans: the same real text and
table (tests/fixtures/seeds), in the layout of its PDFs.

What differs from the plain Word file of builders.py, each seen in the Gazette's PDFs: a
running head on every page ("CÔNG BÁO/Số 45 + 46/Ngày 20-01-2024") and the page number at the
foot; Times New Roman 12; the header in two rows ("Cơ quan thực hiện" over "Chủ trì" and
"Phối hợp"); the columns in another order (the deadline before the result); the header not
repeated on the following pages; rows breaking across pages.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from dondoc.plans.importers.markup import plain_text

from .builders import _cell_paragraphs, _landscape, _table_rows

RUNNING_HEAD = "CÔNG BÁO/Số 45 + 46/Ngày 20-01-2024"
# Seed columns: STT, task, lead, coordinating, result, deadline → the Gazette's order.
_ORDER = (0, 1, 2, 3, 5, 4)
_SHARES = (0.07, 0.33, 0.15, 0.19, 0.12, 0.14)


def _page_number(paragraph) -> None:
    """A PAGE field, as Word puts the page number in a footer."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _running_head(section) -> None:
    section.header.is_linked_to_previous = False
    head = section.header.paragraphs[0]
    head.text = RUNNING_HEAD
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    section.footer.is_linked_to_previous = False
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(foot)


def gazette_docx(seed: Path, *, borders: bool = True) -> bytes:
    paragraphs, rows = _table_rows(seed.read_text(encoding="utf-8"))
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    _running_head(document.sections[0])
    landscape = False
    for paragraph in paragraphs:
        text = plain_text(re.sub(r"^#+\s*", "", paragraph).replace("**", ""))
        if text.startswith("PHỤ LỤC") and not landscape:
            _landscape(document)
            _running_head(document.sections[-1])
            landscape = True
        document.add_paragraph(text)
    if not landscape:
        _landscape(document)
        _running_head(document.sections[-1])
    section = document.sections[-1]
    line = int(section.page_width - section.left_margin - section.right_margin)
    body = [[row[i] for i in _ORDER] for row in rows[1:]]
    labels = [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan thực hiện",
        "",
        "Thời gian hoàn thành",
        "Sản phẩm",
    ]
    table = document.add_table(rows=len(body) + 2, cols=len(labels))
    if borders:
        table.style = "Table Grid"
    table.autofit = False
    for index, column in enumerate(table.columns):
        width = Emu(int(line * _SHARES[index]))
        column.width = width
        for cell in column.cells:
            cell.width = width
    for c, label in enumerate(labels):
        table.cell(0, c).text = label
    table.cell(1, 2).text = "Chủ trì"
    table.cell(1, 3).text = "Phối hợp"
    for c in (0, 1, 4, 5):
        merged = table.cell(0, c).merge(table.cell(1, c))
        merged.text = labels[c]
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Cơ quan thực hiện"
    for r, values in enumerate(body, start=2):
        for c, value in enumerate(values):
            _cell_paragraphs(table.cell(r, c), value)
        code = plain_text(values[0])
        if re.fullmatch(r"[A-ZĐ]|[IVX]+\.?", code) and not any(v.strip() for v in values[2:]):
            table.cell(r, 1).merge(table.cell(r, len(values) - 1))  # a section heading
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
