"""Plan importers: bytes of a file → PlanDraft, one module per format. Pure, no Django.

`parse_plan(data, filename)` recognises the format from the bytes (not the file name, which
users get wrong): PDF, DOCX, XLSX, or text/Markdown.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Callable

from .drafts import PlanDraft, PlanParseError

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".docx", ".pdf", ".xlsx", ".txt", ".md")

# format → "module:function"; modules load on first use (python-docx, openpyxl, pdfplumber).
FORMATS: dict[str, str] = {
    "text": "text:parse_text_bytes",
    "docx": "docx:parse_docx",
    "xlsx": "xlsx:parse_xlsx",
    "pdf": "pdf:parse_pdf",
}


def detect_format(data: bytes, *, file: str = "") -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(
            "tệp Word/Excel định dạng cũ (.doc/.xls); hãy mở bằng Word/Excel và lưu lại thành "
            ".docx hoặc .xlsx",
            file=file,
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as error:
            raise PlanParseError("tệp nén bị hỏng, không mở được", file=file) from error
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise PlanParseError("tệp nén không phải văn bản Word (.docx) hay Excel (.xlsx)", file=file)
    return "text"


def parser_for(format_name: str) -> Callable[..., PlanDraft]:
    module_name, function = FORMATS[format_name].split(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    parser: Callable[..., PlanDraft] = getattr(module, function)
    return parser


def parse_plan(data: bytes, *, file: str = "") -> PlanDraft:
    """Any supported file → PlanDraft; PlanParseError (Vietnamese message) when it holds none."""
    if not data:
        raise PlanParseError("tệp rỗng", file=file)
    if len(data) > MAX_BYTES:
        raise PlanParseError(f"tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB", file=file)
    return parser_for(detect_format(data, file=file))(data, file=file)


__all__ = ["ACCEPTED_EXTENSIONS", "PlanDraft", "PlanParseError", "detect_format", "parse_plan"]
