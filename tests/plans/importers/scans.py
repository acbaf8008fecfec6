"""Scans made from the seed plans: Word → PDF (LibreOffice) → page images, as a scanner sees
them (pdftoppm at 200–300 dpi, the sheet fed slightly askew, specks) → an image-only PDF.

The text is the seeds' (real plans, tests/fixtures/seeds); only the paper step is simulated.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from pathlib import Path

import docx
from docx.shared import Pt
from PIL import Image


def typeset(data: bytes, *, font: str = "Times New Roman", size: float = 12) -> bytes:
    """A Word file in the font plans are typed in (LibreOffice prints it with the metric-equal
    Liberation Serif), instead of python-docx's template default."""
    document = docx.Document(io.BytesIO(data))
    for name in ("Normal", "Table Grid"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.name = font
        style.font.size = Pt(size)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def scan(
    pdf: bytes,
    workdir: Path,
    *,
    dpi: int = 200,
    angle: float = 1.0,
    noise: float = 0.08,
    pages: int | None = None,
    seed: int = 14,
) -> bytes:
    """The PDF printed and scanned: each page rasterised in grey, turned by up to `angle`
    degrees either way, with grain, and wrapped back into a PDF that holds only images."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("poppler-utils is not installed (make test installs it)")
    source = workdir / "printed.pdf"
    source.write_bytes(pdf)
    last = ["-l", str(pages)] if pages else []
    subprocess.run(  # noqa: S603 - fixed arguments
        [pdftoppm, "-r", str(dpi), "-gray", "-png", *last, str(source), str(workdir / "page")],
        check=True,
        capture_output=True,
        timeout=300,
    )
    rng = random.Random(seed)  # noqa: S311 - the tilt of a sheet, not a secret
    images = []
    for png in sorted(workdir.glob("page-*.png")):
        image = Image.open(png).convert("L")
        image = image.rotate(
            rng.uniform(-angle, angle), resample=Image.Resampling.BICUBIC, fillcolor=255
        )
        if noise:
            image = Image.blend(image, Image.effect_noise(image.size, 40), noise)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()
