"""The zip guard: hostile archives (built here with zipfile: they are not documents) are
refused before anything inflates them; real documents pass."""

from __future__ import annotations

import io
import zipfile

import pytest

from dondoc.core.archives import (
    DOCUMENT_LIMITS,
    MB,
    TABLE_LIMITS,
    ArchiveLimits,
    UnsafeArchive,
    check_archive,
)

# Word's own part names: the guard looks only at the zip, never at what the parts hold.
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def archive(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in parts.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


def bomb(inflated: int = 40 * MB) -> bytes:
    """A .docx-shaped zip whose document.xml is `inflated` bytes of one repeated paragraph."""
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    return archive(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": paragraph * (inflated // len(paragraph)),
        }
    )


def test_a_part_inflating_a_thousand_times_is_refused() -> None:
    data = bomb()
    assert len(data) < 200 * 1024  # the size of the file that took 35-81 s a request
    for limits in (DOCUMENT_LIMITS, TABLE_LIMITS):
        with pytest.raises(UnsafeArchive, match=r"word/document\.xml.*bom nén"):
            check_archive(data, limits)


def test_too_many_parts_or_too_much_in_all_is_refused() -> None:
    many = archive({f"xl/worksheets/sheet{i}.xml": b"<x/>" for i in range(1001)})
    with pytest.raises(UnsafeArchive, match=r"1\.001 phần nén \(tối đa 1\.000\)"):
        check_archive(many, DOCUMENT_LIMITS)
    # Parts that compress like real XML (random text), more of them in all than allowed.
    import os

    text = os.urandom(2 * MB)  # compresses not at all, as pictures
    big = archive({"a.xml": text, "b.xml": text[::-1]})
    with pytest.raises(UnsafeArchive, match="giải nén ra 4 MB, vượt giới hạn 3 MB"):
        check_archive(big, ArchiveLimits(max_parts=10, max_total=3 * MB))
    check_archive(big, ArchiveLimits(max_parts=10, max_total=5 * MB))


def test_a_declared_size_is_what_is_checked() -> None:
    """A 1 MB file declaring 1 GB in its directory (what zipfile would inflate) is refused."""
    data = bytearray(archive({"word/document.xml": b"x" * 1000}))
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (1024 * MB).to_bytes(4, "little")  # size
    with pytest.raises(UnsafeArchive):
        check_archive(bytes(data), DOCUMENT_LIMITS)


def test_real_files_pass_and_a_non_zip_is_a_bad_zip() -> None:
    from openpyxl import Workbook

    from dondoc.registry.transfer import template_xlsx

    book = Workbook()
    for row in range(20_000):
        book.active.append([f"Nguyễn Văn {row}", "008090001234", "01/03/2024", "Tày"])
    buffer = io.BytesIO()
    book.save(buffer)
    check_archive(buffer.getvalue(), TABLE_LIMITS)
    check_archive(template_xlsx("persons"), DOCUMENT_LIMITS)
    with pytest.raises(zipfile.BadZipFile):
        check_archive(b"not a zip", DOCUMENT_LIMITS)


def test_a_huge_directory_is_refused_before_zipfile_parses_it(monkeypatch) -> None:
    """zipfile builds an object per part of the directory when it opens an archive (half a
    second for 100.000 parts): the end record's count and directory size are read first, and
    a count that lies is caught by the size."""
    many = archive({f"p/{i}": b"" for i in range(20_000)})
    lying = bytearray(many)
    end = lying.rfind(b"PK\x05\x06")
    lying[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2  # "1 part" on this disk, in all

    def parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile parsed the directory")

    monkeypatch.setattr(zipfile, "ZipFile", parsed)
    with pytest.raises(UnsafeArchive, match=r"20\.000 phần nén \(tối đa 1\.000\)"):
        check_archive(many, DOCUMENT_LIMITS)
    directory = r"mục lục của tệp nén dài 1\.\d{3} KB \(tối đa 1\.000 KB\)"
    with pytest.raises(UnsafeArchive, match=directory):
        check_archive(bytes(lying), DOCUMENT_LIMITS)
