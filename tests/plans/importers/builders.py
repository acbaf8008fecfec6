"""Word and PDF files built from the seed texts, as the officers' originals would look."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dondoc.plans.importers.markup import plain_text
from dondoc.plans.importers.table import find_header
from dondoc.plans.importers.text import split_text


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
    lines = plain_text(value).split("\n") or [""]
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def seed_table_docx(seed: Path) -> bytes:
    paragraphs, rows = _table_rows(seed.read_text(encoding="utf-8"))
    document = docx.Document()
    for paragraph in paragraphs:
        text = re.sub(r"^#+\s*", "", paragraph).replace("**", "").replace("*", "")
        document.add_paragraph(plain_text(text))
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
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
    for r in range(1, len(rows) - 1):
        lead, below = plain_text(rows[r][2]), plain_text(rows[r + 1][2])
        if lead and lead == below and rows[r][0].strip() and rows[r + 1][0].strip():
            top = table.cell(r, 2)
            merged = top.merge(table.cell(r + 1, 2))
            _cell_paragraphs(merged, rows[r][2])
            break
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_to_pdf(data: bytes, workdir: Path) -> bytes:
    """LibreOffice headless conversion, with a private profile so runs do not collide."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise RuntimeError("LibreOffice is not installed (make test installs it)")
    source = workdir / "plan.docx"
    source.write_bytes(data)
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
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(workdir)},
    )
    return (workdir / "plan.pdf").read_bytes()
