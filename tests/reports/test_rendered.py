"""The generated Word documents as printed (LibreOffice → PDF), read back with pdfplumber:
the Decree 30/2020/NĐ-CP elements are where the decree puts them."""

from __future__ import annotations

import shutil

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed"),
]


def test_dump(rendered) -> None:
    for name, path in rendered.pdf.items():
        shutil.copy(path, f"/tmp/constext_out/{name}.pdf")
    open("/tmp/constext_out/annex.xlsx", "wb").write(rendered.xlsx)
