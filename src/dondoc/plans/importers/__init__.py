"""Plan importers: bytes of a file → PlanDraft, one module per format. Pure, no Django.

`parse_plan(data, filename)` recognises the format from the bytes (not the file name, which
users get wrong): PDF (with a text layer, or a scan read by OCR), DOCX, XLSX, the old .doc and
.xls (converted by LibreOffice), or text/Markdown.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Callable

from ...core.archives import DOCUMENT_LIMITS, UnsafeArchive, check_archive
from .drafts import PlanDraft, PlanParseError
from .office import is_ole2, legacy_kind

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".docx", ".doc", ".pdf", ".xlsx", ".xls", ".txt", ".md")

# format → "module:function"; modules load on first use (python-docx, openpyxl, pdfplumber).
# A scanned PDF is "pdf" too: its pages without a text layer go through importers.ocr.
FORMATS: dict[str, str] = {
    "text": "text:parse_text_bytes",
    "docx": "docx:parse_docx",
    "xlsx": "xlsx:parse_xlsx",
    "pdf": "pdf:parse_pdf",
    "doc": "office:parse_doc",
    "xls": "office:parse_xls",
}


def detect_format(data: bytes, *, file: str = "") -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if is_ole2(data):
        return legacy_kind(data, file=file)
    if data.startswith(b"PK\x03\x04"):
        try:
            # The guard first: listing a zip's names reads its whole directory, however many
            # parts it declares; every importer (the converted .doc/.xls too) checks again.
            check_archive(data, DOCUMENT_LIMITS)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except UnsafeArchive as error:
            raise PlanParseError(error.message, file=file) from error
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


def parse_plan(
    data: bytes, *, file: str = "", progress: Callable[[int, int], None] | None = None
) -> PlanDraft:
    """Any supported file → PlanDraft; PlanParseError (Vietnamese message) when it holds none.
    `progress(k, n)`: told as each of the n pages of a scan is read (the other formats are
    read at once)."""
    if not data:
        raise PlanParseError("tệp rỗng", file=file)
    if len(data) > MAX_BYTES:
        raise PlanParseError(f"tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB", file=file)
    format_name = detect_format(data, file=file)
    if format_name == "pdf" and progress is not None:
        return parser_for("pdf")(data, file=file, progress=progress)
    return parser_for(format_name)(data, file=file)


def slow_reading(data: bytes, *, file: str = "") -> str:
    """Why the file takes long to read, so the worker reads it and not the request: "scan"
    (a PDF with pages read by OCR, seconds each), "doc"/"xls" (LibreOffice converts it first,
    its start alone takes seconds), or "" for a file read in well under a second."""
    if data.startswith(b"%PDF"):
        from .pdf import scanned_page_count

        return "scan" if scanned_page_count(data) else ""
    if is_ole2(data):
        try:
            return legacy_kind(data, file=file)
        except PlanParseError:
            return ""  # refused at once by parse_plan, with its message
    return ""


__all__ = [
    "ACCEPTED_EXTENSIONS",
    "PlanDraft",
    "PlanParseError",
    "detect_format",
    "parse_plan",
    "slow_reading",
]
