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


def check_archive(data: bytes, limits: ArchiveLimits) -> None:
    """Refuse (UnsafeArchive) a zip whose parts, declared sizes or compression ratio exceed
    `limits`; a file that is not a zip raises zipfile.BadZipFile, as opening it would."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if len(parts) > limits.max_parts:
        raise UnsafeArchive(
            f"tệp có {len(parts):,} phần nén (tối đa {limits.max_parts:,}): không phải tài liệu "
            "Word/Excel thông thường".replace(",", ".")
        )
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
