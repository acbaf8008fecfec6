"""A DOCX printed to PDF by LibreOffice headless (`soffice --headless --convert-to pdf`), with a
profile of its own per run (two at once do not collide on its lock) and a time limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dondoc.core.exceptions import DomainError

OFFICE = ("soffice", "libreoffice")  # executables tried in turn; tests point them elsewhere
TIMEOUT = 90  # seconds; LibreOffice's start takes most of a conversion (about 3-6 s here)


class PdfUnavailable(DomainError):
    status_code = 503


def docx_to_pdf(data: bytes) -> bytes:
    office = next((found for name in OFFICE if (found := shutil.which(name))), None)
    if office is None:
        raise PdfUnavailable(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF của báo cáo. Hãy nhờ quản trị "
            "hệ thống cài gói libreoffice-writer-nogui (make demo, make test tự cài) rồi ban hành "
            "lại; báo cáo chưa được ban hành."
        )
    with tempfile.TemporaryDirectory(prefix="dondoc-pdf-") as workdir:
        folder = Path(workdir)
        source = folder / "bao-cao.docx"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, the file is ours
                [
                    office,
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                env={**os.environ, "HOME": str(folder)},
            )
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(
                f"LibreOffice không tạo xong bản PDF trong {TIMEOUT} giây; báo cáo chưa được ban "
                "hành. Hãy thử lại sau ít phút."
            ) from error
        result = folder / "bao-cao.pdf"
        if not result.exists():
            raise PdfUnavailable(
                "LibreOffice không tạo được bản PDF của báo cáo; báo cáo chưa được ban hành."
            )
        return result.read_bytes()
