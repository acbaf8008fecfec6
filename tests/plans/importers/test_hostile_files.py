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
