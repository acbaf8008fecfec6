"""Plans in .docx and .xlsx pass the zip guard before python-docx or openpyxl inflate them."""

from __future__ import annotations

import pytest

from dondoc.plans.importers import PlanParseError
from dondoc.plans.importers.docx import parse_docx
from dondoc.plans.importers.xlsx import parse_xlsx
from tests.core.test_archives import archive, bomb

from .builders import seed_table_docx
from .test_text import SEEDS


def test_a_zip_bomb_is_refused_as_a_word_or_excel_plan() -> None:
    with pytest.raises(PlanParseError, match="bom nén") as refused:
        parse_docx(bomb(), file="ke-hoach.docx")
    assert "ke-hoach.docx" in str(refused.value)
    workbook = archive({"xl/worksheets/sheet1.xml": b"<c/>" * (10 * 1024 * 1024)})
    with pytest.raises(PlanParseError, match="bom nén"):
        parse_xlsx(workbook, file="ke-hoach.xlsx")


def test_a_real_plan_still_reads() -> None:
    seed = sorted(SEEDS.glob("000_*"))[0]
    assert len(parse_docx(seed_table_docx(seed)).tasks) > 30


def test_the_format_is_told_only_after_the_guard() -> None:
    """detect_format lists a zip's names: a directory of a million parts is not listed."""
    from dondoc.plans.importers import detect_format

    many = archive({"word/document.xml": b"<w:document/>"} | {f"p{i}": b"" for i in range(1001)})
    with pytest.raises(PlanParseError, match=r"1\.002 phần nén") as refused:
        detect_format(many, file="ke-hoach.docx")
    assert "ke-hoach.docx" in str(refused.value)


def _fake_office(tmp_path, output: bytes):
    """A stand-in for LibreOffice that 'converts' any file into `output`."""
    made = tmp_path / "converted.docx"
    made.write_bytes(output)
    script = tmp_path / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        'while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out=$2; shift; done\n'
        f'cp {made} "$out/plan.docx"\n'
    )
    script.chmod(0o755)
    return (str(script),)


OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 512


def test_what_libreoffice_writes_is_bounded_before_it_is_read(tmp_path, monkeypatch) -> None:
    import os

    from dondoc.core.archives import MB
    from dondoc.plans.importers import office, parse_plan

    monkeypatch.setattr(office, "OFFICE", _fake_office(tmp_path, os.urandom(2 * MB)))
    monkeypatch.setattr(office, "MAX_CONVERTED_BYTES", 1 * MB)
    with pytest.raises(PlanParseError, match=r"chuyển sang \.docx thành 2 MB \(tối đa 1 MB\)"):
        parse_plan(OLD_WORD, file="ke-hoach.doc")
    monkeypatch.setattr(office, "OFFICE", _fake_office(tmp_path, bomb()))
    with pytest.raises(
        PlanParseError, match=r"ke-hoach\.doc: tệp Word 97–2003 \(\.doc\) sau khi chuyển .*bom nén"
    ):
        parse_plan(OLD_WORD, file="ke-hoach.doc")
