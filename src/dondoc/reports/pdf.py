"""A DOCX printed to PDF by LibreOffice headless (core.office), with what a failure means for
the report being issued."""

from __future__ import annotations

from dondoc.core.exceptions import DomainError
from dondoc.core.office import (
    EXECUTABLES,
    OfficeMissing,
    OfficeNotConverted,
    OfficeTimeout,
    office_convert,
)

OFFICE = EXECUTABLES  # tried in turn; tests point them elsewhere
TIMEOUT = 90  # seconds; LibreOffice's start takes most of a conversion (about 3-6 s here)


class PdfUnavailable(DomainError):
    status_code = 503


def docx_to_pdf(data: bytes) -> bytes:
    try:
        return office_convert(data, source="bao-cao.docx", target="pdf", timeout=TIMEOUT,
                              executables=OFFICE)  # fmt: skip
    except OfficeMissing as error:
        raise PdfUnavailable(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF của báo cáo. Hãy nhờ quản trị "
            "hệ thống cài gói libreoffice-writer-nogui (make demo, make test tự cài) rồi ban hành "
            "lại; báo cáo chưa được ban hành."
        ) from error
    except OfficeTimeout as error:
        raise PdfUnavailable(
            f"LibreOffice không tạo xong bản PDF trong {TIMEOUT} giây; báo cáo chưa được ban "
            "hành. Hãy thử lại sau ít phút."
        ) from error
    except OfficeNotConverted as error:
        raise PdfUnavailable(
            "LibreOffice không tạo được bản PDF của báo cáo; báo cáo chưa được ban hành."
        ) from error
