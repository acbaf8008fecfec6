"""Old Word and Excel files (.doc, .xls) → PlanDraft, converted by LibreOffice headless. Pure.

Plans still circulate as Word 97–2003 documents and Excel 97–2003 workbooks (OLE2 compound
files). LibreOffice converts them to .docx / .xlsx, which the Word and Excel importers read.
Each conversion runs with a profile of its own, so two uploads at once do not collide on
LibreOffice's lock, and within a time limit. Where LibreOffice is not installed, the user is
told how to convert the file himself.
"""

from __future__ import annotations

import zipfile

from ...core.archives import DOCUMENT_LIMITS, MB, UnsafeArchive, check_archive
from ...core.office import (
    EXECUTABLES,
    OfficeMissing,
    OfficeNotConverted,
    OfficeTimeout,
    OfficeTooLarge,
    office_convert,
)
from .drafts import PlanDraft, PlanParseError

OFFICE = EXECUTABLES  # tried in turn; tests point them elsewhere
_TIMEOUT = 120  # seconds: LibreOffice's start takes most of it
# The converted file, on disk: an upload is at most 20 MB, and a .docx/.xlsx is smaller than
# the .doc/.xls it comes from (zip-compressed XML); twice the upload leaves room for pictures.
MAX_CONVERTED_BYTES = 40 * MB
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the compound file's directory (UTF-16): which program wrote it.
_STREAMS = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
}
_TARGETS = {"doc": ("docx", "MS Word 2007 XML"), "xls": ("xlsx", "Calc MS Excel 2007 XML")}
_NAMES = {"doc": "Word 97–2003 (.doc)", "xls": "Excel 97–2003 (.xls)"}


def is_ole2(data: bytes) -> bool:
    return data.startswith(_OLE2[:4])


def legacy_kind(data: bytes, *, file: str = "") -> str:
    """ "doc" or "xls" for an OLE2 compound file; PlanParseError for any other (.ppt, .msg …)."""
    for kind, streams in _STREAMS.items():
        if any(name.encode("utf-16-le") in data for name in streams):
            return kind
    raise PlanParseError(
        "tệp Office định dạng cũ nhưng không phải văn bản Word (.doc) hay bảng tính Excel (.xls)",
        file=file,
    )


def convert(data: bytes, kind: str, *, file: str = "") -> bytes:
    """The .doc/.xls file as .docx/.xlsx bytes, converted by LibreOffice."""
    extension, export_filter = _TARGETS[kind]
    try:
        result = office_convert(
            data, source=f"plan.{kind}", target=f"{extension}:{export_filter}",
            timeout=_TIMEOUT, executables=OFFICE, max_bytes=MAX_CONVERTED_BYTES,
        )  # fmt: skip
    except OfficeMissing as error:
        raise PlanParseError(
            f"tệp {_NAMES[kind]} định dạng cũ cần LibreOffice để chuyển đổi nhưng máy chủ chưa "
            f"cài LibreOffice. Hãy mở tệp bằng Word/Excel và lưu lại thành .{extension} rồi tải "
            "lên, hoặc nhờ quản trị hệ thống cài LibreOffice (make demo, make test tự cài)",
            file=file,
        ) from error
    except OfficeTimeout as error:
        raise PlanParseError(
            f"LibreOffice không chuyển xong tệp {_NAMES[kind]} trong {_TIMEOUT} giây", file=file
        ) from error
    except OfficeNotConverted as error:
        raise PlanParseError(
            f"tệp {_NAMES[kind]} bị hỏng hoặc được đặt mật khẩu: LibreOffice không mở được",
            file=file,
        ) from error
    except OfficeTooLarge as error:
        # What LibreOffice wrote is bounded like an upload before it is read at all: its size
        # on disk, then the zip guard (a small .xls can hold a sheet that expands to gigabytes).
        raise PlanParseError(
            f"tệp {_NAMES[kind]} chuyển sang .{extension} thành {error.size // MB} MB (tối đa "
            f"{MAX_CONVERTED_BYTES // MB} MB): hãy chia nhỏ tệp",
            file=file,
        ) from error
    try:
        check_archive(result, DOCUMENT_LIMITS)
    except UnsafeArchive as error:
        raise PlanParseError(
            f"tệp {_NAMES[kind]} sau khi chuyển sang .{extension}: {error.message}", file=file
        ) from error
    except zipfile.BadZipFile as error:
        raise PlanParseError(
            f"LibreOffice không chuyển được tệp {_NAMES[kind]} sang .{extension}", file=file
        ) from error
    return result


def parse_doc(data: bytes, *, file: str = "") -> PlanDraft:
    from .docx import parse_docx

    draft = parse_docx(convert(data, "doc", file=file), file=file)
    draft.source_format = "doc"
    return draft


def parse_xls(data: bytes, *, file: str = "") -> PlanDraft:
    from .xlsx import parse_xlsx

    draft = parse_xlsx(convert(data, "xls", file=file), file=file)
    draft.source_format = "xls"
    return draft
