"""The one guard every reader of a zip-based office file (.docx, .xlsx) calls first. Pure.

A .docx or .xlsx is a zip archive; what its central directory declares is what Python's
`zipfile` (and so python-docx, openpyxl and lxml above it) will inflate, never more (a part
whose data runs past its declared size fails its CRC check). So checking the declared sizes
before anything is parsed bounds the memory and the time a file can cost: a 1 MB file that
inflates to 1 GB, or a 146 KB one holding 150 MB of repeated XML, is refused in milliseconds.

Three limits: the number of parts, their total uncompressed size, and the compression ratio
of any large part (real office XML compresses 5-20 times; a zip bomb, a thousand times).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    max_parts: int
    max_total: int  # bytes, uncompressed, all parts together
    max_ratio: int = 100  # uncompressed / compressed, for any part larger than `ratio_from`
    ratio_from: int = 1 * MB


# A plan (a Word document, a workbook typed by hand): its text is at most a few megabytes;
# the rest is pictures, which compress little.
DOCUMENT_LIMITS = ArchiveLimits(max_parts=1000, max_total=100 * MB)
# A registry table may hold a million rows (about 800 bytes of sheet XML each).
TABLE_LIMITS = ArchiveLimits(max_parts=1000, max_total=1200 * MB)
# An evidence file (at most 20 MB) is stored, not parsed: only its directory and content types
# are read. It may be a large workbook, so its total is a table's; a bomb is still refused by
# its ratio, so that no colleague who downloads it opens one.
EVIDENCE_LIMITS = TABLE_LIMITS


class UnsafeArchive(ValueError):
    """The archive is larger, or holds more, than a reader may inflate; `message` says what,
    in Vietnamese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _mb(size: int) -> str:
    if size < MB:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / MB:,.0f} MB".replace(",", ".")


# What one part's entry in the central directory may take: 46 bytes, then its name and extra
# fields (Office writes names under 100 bytes). zipfile parses the whole directory when it
# opens an archive, so its size is bounded before: max_parts entries of this size.
DIRECTORY_ENTRY = 1024
_END = b"PK\x05\x06"  # end of central directory record (22 bytes, then a comment)
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


def _directory(data: bytes) -> tuple[int, int] | None:
    """(parts declared, directory size in bytes) as the end record gives them to zipfile, or
    None where there is no end record (zipfile then raises BadZipFile itself)."""
    end = len(data) - 22
    if end < 0:
        return None
    if data[end : end + 4] != _END:  # an archive comment follows the record
        end = data.rfind(_END, max(0, len(data) - 22 - 65535))
        if end < 0 or end + 22 > len(data):
            return None
    parts = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == _END64_LOCATOR:  # ZIP64: 8-byte fields
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[record : record + 4] == _END64:
            parts = int.from_bytes(data[record + 32 : record + 40], "little")
            size = int.from_bytes(data[record + 40 : record + 48], "little")
    return parts, size


def _too_many(parts: int, limits: ArchiveLimits) -> UnsafeArchive:
    return UnsafeArchive(
        f"tệp có {parts:,} phần nén (tối đa {limits.max_parts:,}): không phải tài liệu "
        "Word/Excel thông thường".replace(",", ".")
    )


def check_archive(data: bytes, limits: ArchiveLimits) -> None:
    """Refuse (UnsafeArchive) a zip whose parts, declared sizes or compression ratio exceed
    `limits`; a file that is not a zip raises zipfile.BadZipFile, as opening it would.

    The end record is read first, so that a directory of a hundred thousand parts is refused
    before zipfile builds an object for each (half a second and tens of megabytes)."""
    directory = _directory(data)
    if directory is not None:
        declared, size = directory
        if declared > limits.max_parts:
            raise _too_many(declared, limits)
        if size > limits.max_parts * DIRECTORY_ENTRY:
            limit = limits.max_parts * DIRECTORY_ENTRY
            raise UnsafeArchive(
                f"mục lục của tệp nén dài {size // 1024:,} KB (tối đa {limit // 1024:,} KB): "
                "không phải tài liệu Word/Excel thông thường".replace(",", ".")
            )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if len(parts) > limits.max_parts:
        raise _too_many(len(parts), limits)
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > limits.ratio_from and (
            part.file_size > limits.max_ratio * max(part.compress_size, 1)
        ):
            raise UnsafeArchive(
                f"phần “{part.filename[:80]}” nén {_mb(part.compress_size)} nhưng giải nén ra "
                f"{_mb(part.file_size)} (gấp hơn {limits.max_ratio} lần): tệp có thể là “bom "
                "nén”, không đọc"
            )
    if total > limits.max_total:
        raise UnsafeArchive(
            f"tệp giải nén ra {_mb(total)}, vượt giới hạn {_mb(limits.max_total)}: hãy chia nhỏ tệp"
        )
