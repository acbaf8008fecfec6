"""What an evidence file is, read from its bytes (never from its name). Pure."""

from __future__ import annotations

import io
import zipfile

from dondoc.core.archives import EVIDENCE_LIMITS, check_archive

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """ "pdf", "docx", "xlsx", "png", "jpeg", or None for anything else (including a renamed
    executable, an old .doc or .xls, a macro-enabled workbook, or a broken archive).

    A zip passes the zip guard before any part of it is read: UnsafeArchive (its message says
    why, in Vietnamese) for one that would inflate beyond EVIDENCE_LIMITS."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            check_archive(data, EVIDENCE_LIMITS)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                types = (
                    archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                )
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        if b"macroEnabled" in types or "vbaProject.bin" in {n.rsplit("/", 1)[-1] for n in names}:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None
