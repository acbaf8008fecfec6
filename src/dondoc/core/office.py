"""LibreOffice headless as a converter: one file in, one file out (`soffice --headless
--convert-to`). Each run has a profile of its own, so two conversions at once do not collide on
LibreOffice's lock, and a time limit. The callers say, in their own words, what a failure means
for the user (plans.importers.office for .doc/.xls, reports.pdf for a report's PDF)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

EXECUTABLES = ("soffice", "libreoffice")  # tried in turn


class OfficeMissing(Exception):
    """No LibreOffice on this machine."""


class OfficeTimeout(Exception):
    """LibreOffice did not finish within the time limit."""


class OfficeNotConverted(Exception):
    """LibreOffice ended without writing the file (a broken or password-protected input)."""


class OfficeTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def office_convert(
    data: bytes,
    *,
    source: str,
    target: str,
    timeout: int,
    executables: Sequence[str] = EXECUTABLES,
    max_bytes: int | None = None,
) -> bytes:
    """`data`, saved as `source` ("plan.doc"), converted to `target` ("docx:MS Word 2007 XML",
    "pdf"); the bytes LibreOffice wrote, refused before they are read when over `max_bytes`."""
    office = next((found for name in executables if (found := shutil.which(name))), None)
    if office is None:
        raise OfficeMissing
    with tempfile.TemporaryDirectory(prefix="dondoc-office-") as workdir:
        folder = Path(workdir)
        path = folder / source
        path.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, the file is ours
                [
                    office,
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(folder),
                    str(path),
                ],
                capture_output=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": str(folder)},
            )
        except subprocess.TimeoutExpired as error:
            raise OfficeTimeout from error
        produced = folder / f"{path.stem}.{target.split(':', 1)[0]}"
        if not produced.exists():
            raise OfficeNotConverted
        size = produced.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise OfficeTooLarge(size)
        return produced.read_bytes()
