"""Word and PDF files built from the seed texts, as the officers' originals would look."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu

from dondoc.plans.importers.markup import plain_text
from dondoc.plans.importers.table import find_header
from dondoc.plans.importers.text import split_text

# Share of the line each column of a six-column task table takes, as Word users lay it out:
# a narrow STT, a wide task column. Equal columns would make LibreOffice break words inside
# the narrow title cells of the PDF ("12/01/201" / "8").
_COLUMN_SHARES = (0.08, 0.32, 0.16, 0.18, 0.14, 0.12)


def _table_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """(head paragraphs, table rows) with continuation rows glued and repeated headers gone."""
    paragraphs, rows, _ = split_text(text)
    start, _columns, _height = find_header(rows) or (0, {}, 1)
    header = rows[start].cells
    width = len(header)
    table = [header]
    for row in rows[start + 1 :]:
        cells = [*row.cells, *[""] * width][:width]
        if cells == header or not any(c.strip() for c in cells):
            continue
        if not cells[0].strip():
            table[-1] = [f"{a} {b}".strip() for a, b in zip(table[-1], cells, strict=True)]
        else:
            table.append(cells)
    return paragraphs, table


def _cell_paragraphs(cell, value: str) -> None:
    """HTML bits of a seed cell → plain paragraphs, one per list item or line."""
    lines = plain_text(value).split("\n") or [""]
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _landscape(document) -> None:
    """The appendix on a landscape page, in its own section, as plans print it."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def seed_table_docx(seed: Path, *, borders: bool = True) -> bytes:
    """The seed typed in Word: head paragraphs, then one real table for the appendix.

    The table has the header row marked to repeat on each page, section rows ("A", "I" with
    nothing but a title) spanning the columns after the title, and one vertical merge where
    two consecutive tasks name the same lead agency. Without borders there is no vertical
    merge: unruled, it would look like a lead written once for two tasks.
    """
    paragraphs, rows = _table_rows(seed.read_text(encoding="utf-8"))
    document = docx.Document()
    landscape = False
    for paragraph in paragraphs:
        text = plain_text(re.sub(r"^#+\s*", "", paragraph).replace("**", ""))
        if text.startswith("PHỤ LỤC") and not landscape:
            _landscape(document)
            landscape = True
        document.add_paragraph(text)
    if not landscape:
        _landscape(document)
    section = document.sections[-1]
    line = int(section.page_width - section.left_margin - section.right_margin)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    if borders:
        table.style = "Table Grid"
    table.autofit = False
    shares = _COLUMN_SHARES if len(rows[0]) == len(_COLUMN_SHARES) else None
    for index, column in enumerate(table.columns):
        width = Emu(int(line * (shares[index] if shares else 1 / len(rows[0]))))
        column.width = width
        for cell in column.cells:
            cell.width = width
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            _cell_paragraphs(table.cell(r, c), value)
    for r, values in enumerate(rows[1:], start=1):
        code = plain_text(values[0])
        if re.fullmatch(r"[A-ZĐ]|[IVX]+\.?", code) and not any(v.strip() for v in values[2:]):
            table.cell(r, 1).merge(table.cell(r, len(values) - 1))  # a section heading
    # Two consecutive rows with the same lead: one vertically merged cell, as Word users do.
    for r in range(1, len(rows) - 1 if borders else 1):
        lead, below = plain_text(rows[r][2]), plain_text(rows[r + 1][2])
        if lead and lead == below and rows[r][0].strip() and rows[r + 1][0].strip():
            merged = table.cell(r, 2).merge(table.cell(r + 1, 2))
            _cell_paragraphs(merged, rows[r][2])
            break
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_to_pdfs(documents: dict[str, bytes], workdir: Path) -> dict[str, bytes]:
    """Word files (name → bytes) printed to PDF by LibreOffice headless, in one run (its start
    takes most of the time), with a private profile so parallel runs do not collide."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise RuntimeError("LibreOffice is not installed (make test installs it)")
    sources = []
    for name, data in documents.items():
        source = workdir / f"{name}.docx"
        source.write_bytes(data)
        sources.append(str(source))
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(workdir)},
    )
    return {name: (workdir / f"{name}.pdf").read_bytes() for name in documents}


def docx_to_pdf(data: bytes, workdir: Path) -> bytes:
    """One Word file printed to PDF by LibreOffice."""
    return docx_to_pdfs({"plan": data}, workdir)["plan"]
