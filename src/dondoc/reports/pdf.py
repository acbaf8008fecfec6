"""A DOCX printed to PDF by LibreOffice headless (core.office), with what a failure means for
the issued report (the worker prints it after the issue: its number, date and DOCX stay)."""

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
# Printed by the worker after the issue (reports.tasks): a failure leaves the issue as it is.
KEPT = "số, ngày ban hành và văn bản Word đã ban hành vẫn giữ nguyên."


class PdfUnavailable(DomainError):
    status_code = 503


def docx_to_pdf(data: bytes) -> bytes:
    try:
        return office_convert(data, source="bao-cao.docx", target="pdf", timeout=TIMEOUT,
                              executables=OFFICE)  # fmt: skip
    except OfficeMissing as error:
        raise PdfUnavailable(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF của báo cáo. Hãy nhờ quản trị "
            "hệ thống cài gói libreoffice-writer-nogui (make demo, make test tự cài) rồi bấm “Tạo "
            f"lại bản PDF”; {KEPT}"
        ) from error
    except OfficeTimeout as error:
        raise PdfUnavailable(
            f"LibreOffice không tạo xong bản PDF trong {TIMEOUT} giây. Hãy bấm “Tạo lại bản PDF” "
            f"sau ít phút; {KEPT}"
        ) from error
    except OfficeNotConverted as error:
        raise PdfUnavailable(
            f"LibreOffice không tạo được bản PDF của báo cáo. Hãy bấm “Tạo lại bản PDF”; {KEPT}"
        ) from error
