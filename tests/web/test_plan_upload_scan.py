"""A scanned plan uploaded in a real Chromium: read by OCR, every task flagged with its page.

The scan is the project's sample plan 15/KH-UBND (tests/plans/factories.py) typed in Word as a
real table, printed by LibreOffice and scanned (tests/plans/importers/scans.py): one page, so
the browser test stays quick; the OCR of the real seed plans is tested in
tests/plans/importers/test_ocr.py.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from tests.org.factories import DEFAULT_PASSWORD
from tests.plans.factories import SMALL_PLAN
from tests.plans.importers.builders import docx_to_pdf
from tests.plans.importers.scans import scan, typeset
from tests.world import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed"),
]


def small_plan_docx() -> bytes:
    """The sample plan on one portrait page: its head, then its table, ruled."""
    document = docx.Document()
    lines = [line for line in SMALL_PLAN.split("\n") if line.strip()]
    rows = [line.split("\t") for line in lines if "\t" in line]
    for line in lines:
        if "\t" not in line:
            document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def small_plan_scan(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("scan")
    printed = docx_to_pdf(typeset(small_plan_docx(), size=12), workdir)
    path = workdir / "ke-hoach-15-scan.pdf"
    path.write_bytes(scan(printed, workdir, dpi=200, angle=0.8))
    return path


def test_a_scanned_plan_is_read_and_flagged_for_review(
    world: World, live_server, page, small_plan_scan: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/ke-hoach/")
    page.get_by_role("link", name="Nhập kế hoạch từ tệp").click()
    expect(page.locator("main, body").first).to_contain_text("bản scan")
    assert ".pdf" in (page.get_by_label("Tệp kế hoạch").get_attribute("accept") or "")
    assert ".doc" in (page.get_by_label("Tệp kế hoạch").get_attribute("accept") or "")
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
    page.get_by_label("Tệp kế hoạch").set_input_files(str(small_plan_scan))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Rà soát trước khi lưu")).to_be_visible(timeout=90_000)
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("nhận dạng chữ (OCR)")
    for code in ("I", "1", "2"):
        expect(warnings).to_contain_text(f"Mục {code} đọc bằng nhận dạng chữ (trang 1)")
    expect(page.locator("main, body").first).to_contain_text("15/KH-UBND")
    expect(page.locator("main, body").first).to_contain_text("2024 - 2025")  # the last column
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
