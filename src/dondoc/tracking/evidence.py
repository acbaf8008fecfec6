"""What an evidence file is, read from its bytes (never from its name). Pure."""

from __future__ import annotations

import io
import zipfile

from dondoc.core.archives import EVIDENCE_LIMITS, UnsafeArchive, check_archive
from dondoc.core.exceptions import InvalidInput

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


def checked_file(name: str, data: bytes, *, of: str = "") -> tuple[str, str]:
    """A file offered as evidence, checked before anything is written: its name made safe for
    storage and its kind read from its content (never from its name), or an InvalidInput
    naming the file (`of` says whose file it is: "Tài liệu của cả báo cáo")."""
    name = (name or "tai-lieu").replace("/", "_").replace("\\", "_")[:255]
    where = f"{of}, tệp “{name}”" if of else f"Tệp “{name}”"
    if len(data) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(
            f"{where}: lớn hơn {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB, hãy nén hoặc chia nhỏ."
        )
    try:
        kind = sniff(data)
    except UnsafeArchive as error:
        raise InvalidInput(f"{where}: {error.message}.") from error
    if kind is None:
        raise InvalidInput(
            f"{where}: không phải PDF, Word (DOCX), Excel (XLSX) hay ảnh PNG, JPEG (kiểm tra "
            "theo nội dung tệp, không theo đuôi tên)."
        )
    return name, kind
