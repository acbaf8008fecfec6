"""Old .doc and .xls plans: converted by LibreOffice, then read as Word and Excel files.

The old files are made here from real text: seed 000 (Kế hoạch 284/KH-UBND) as the Word file
of test_docx and the Excel template of test_xlsx, saved by LibreOffice in the 97–2003 formats.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dondoc.plans.importers import PlanParseError, detect_format, office, parse_plan, slow_reading
from dondoc.plans.importers.table import COLUMNS
from dondoc.plans.importers.text import parse_text

from .builders import seed_table_docx
from .test_docx import outline
from .test_text import SEEDS
from .test_xlsx import fill

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed (make test installs it)"
)


def save_as(data: bytes, source: str, target: str, workdir: Path) -> bytes:
    """A file saved by LibreOffice in another format ("doc:MS Word 97", "xls:MS Excel 97")."""
    office_path = shutil.which("soffice")
    assert office_path is not None
    path = workdir / f"plan.{source}"
    path.write_bytes(data)
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            office_path,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(workdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(workdir)},
    )
    return (workdir / f"plan.{target.split(':')[0]}").read_bytes()


@pytest.fixture(scope="module")
def seed_000_docx() -> bytes:
    return seed_table_docx(next(SEEDS.glob("000_*.txt")))


@pytest.fixture(scope="module")
def seed_000_xlsx() -> bytes:
    seed = parse_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    rows = []
    for task in seed.tasks:
        cells = {
            "code": task.code,
            "title": task.title,
            "lead": "\n".join(a.raw for a in task.assignments if a.role == "lead"),
            "coordinating": "\n".join(a.raw for a in task.assignments if a.role == "coordinating"),
            "result": task.expected_result,
            "deadline": task.deadline.raw if task.deadline else "",
            "notes": "",
        }
        rows.append([cells[c] for c in COLUMNS])
    return fill(
        rows,
        {
            "number": "284/KH-UBND",
            "issuer": "Ủy ban nhân dân huyện Sơn Dương",
            "place": "Sơn Dương",
            "date": datetime.datetime(2023, 7, 4),
            "title": seed.document.title,
        },
    )


@needs_office
def test_doc_reads_as_the_docx_does(seed_000_docx: bytes, tmp_path: Path) -> None:
    # Through OpenDocument: LibreOffice 7.4 saving python-docx's file straight to .doc drops
    # the table's structure (its own quirk; Word's .doc files keep theirs).
    odt = save_as(seed_000_docx, "docx", "odt", tmp_path)
    old = save_as(odt, "odt", "doc:MS Word 97", tmp_path)
    assert detect_format(old) == "doc"
    draft = parse_plan(old, file="284.doc")
    assert draft.source_format == "doc"
    assert draft.document.number == "284/KH-UBND"
    assert outline(draft) == outline(parse_plan(seed_000_docx, file="284.docx"))


@needs_office
def test_xls_reads_as_the_xlsx_does(seed_000_xlsx: bytes, tmp_path: Path) -> None:
    old = save_as(seed_000_xlsx, "xlsx", "xls:MS Excel 97", tmp_path)
    assert detect_format(old) == "xls"
    draft = parse_plan(old, file="284.xls")
    assert draft.source_format == "xls"
    assert (draft.document.number, draft.document.date) == ("284/KH-UBND", "2023-07-04")
    assert outline(draft) == outline(parse_plan(seed_000_xlsx, file="284.xlsx"))


def test_without_libreoffice_the_user_is_told_what_to_do(monkeypatch) -> None:
    monkeypatch.setattr(office, "OFFICE", ("soffice-not-installed",))
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 64
    with pytest.raises(PlanParseError) as raised:
        parse_plan(old, file="284.doc")
    assert raised.value.file == "284.doc"
    assert "chưa cài LibreOffice" in raised.value.message
    assert "lưu lại thành .docx" in raised.value.message


@needs_office
def test_a_broken_doc_is_refused_clearly() -> None:
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 64
    with pytest.raises(PlanParseError) as raised:
        parse_plan(old, file="hong.doc")
    assert raised.value.file == "hong.doc"
    assert re.search("bị hỏng|không phải là kế hoạch", raised.value.message)


def test_other_old_office_files_are_refused() -> None:
    with pytest.raises(PlanParseError, match=r"không phải văn bản Word \(\.doc\)"):
        parse_plan(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200, file="slides.ppt")


def test_old_office_files_and_scans_are_read_in_the_background(seed_000_docx: bytes) -> None:
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 64
    assert slow_reading(old, file="284.doc") == "doc"
    book = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\0" * 64
    assert slow_reading(book, file="284.xls") == "xls"
    assert slow_reading(seed_000_docx, file="284.docx") == ""  # read within the request
    assert slow_reading(b"KE HOACH", file="284.txt") == ""
    assert slow_reading(b"\xd0\xcf\x11\xe0" + b"\0" * 200, file="slides.ppt") == ""  # refused
