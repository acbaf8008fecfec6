"""A scanned plan uploaded: read by OCR in the worker (plans.jobs), its page following the
reading until the review screen opens, every task flagged with its page; in a real Chromium
and through the test client (the failures, the refusal of another user).

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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dondoc.core.jobs import JobProgress, job_run
from dondoc.core.models import Job
from dondoc.plans.importers import ocr
from dondoc.plans.models import KeptPlanFile, PlanUpload
from tests.org.factories import DEFAULT_PASSWORD
from tests.plans.factories import SMALL_PLAN
from tests.plans.importers.builders import docx_to_pdf
from tests.plans.importers.scans import scan, typeset
from tests.world import World

pytestmark = [
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
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
    page.wait_for_url("**/ke-hoach/dang-doc/*/")  # the request does not wait for Tesseract
    expect(page.locator("#parse-status")).to_contain_text("Đang chờ")
    page.screenshot(path=str(tmp_path / "parsing.png"), full_page=True)
    job_run(Job.objects.get(kind=Job.Kind.PLAN_PARSE).pk)  # the worker's turn
    # No click: the page refreshes itself and opens the review screen once the draft is ready.
    expect(page.get_by_role("heading", name="Rà soát trước khi lưu")).to_be_visible(timeout=30_000)
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("nhận dạng chữ (OCR)")
    for code in ("I", "1", "2"):
        expect(warnings).to_contain_text(f"Mục {code} đọc bằng nhận dạng chữ (trang 1)")
    expect(page.locator("main, body").first).to_contain_text("15/KH-UBND")
    expect(page.locator("main, body").first).to_contain_text("2024 - 2025")  # the last column
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, path: Path, **extra: object):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra}
    return client.post(reverse("web:plan_upload"), data)


@pytest.mark.django_db
def test_a_scan_is_read_by_the_worker_page_by_page(world: World, small_plan_scan: Path) -> None:
    client = _client(world.focal)
    response = _send(client, small_plan_scan)
    assert response.status_code == 302 and "/ke-hoach/dang-doc/" in response["Location"]
    job = Job.objects.get(kind=Job.Kind.PLAN_PARSE)
    assert not PlanUpload.objects.exists()  # nothing read inside the request
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200 and "Đang chờ" in waiting.content.decode()
    JobProgress(job).update(phase="Đang nhận dạng chữ (OCR): đã đọc trang 1/1")
    assert "đã đọc trang 1/1" in client.get(response["Location"]).content.decode()
    Job.objects.filter(pk=job.pk).update(phase="")
    assert job_run(job.pk) == "done"
    job.refresh_from_db()
    upload = PlanUpload.objects.get(created_by=world.focal)
    assert job.rows_checked == 1  # the pages read, told as each was read
    assert job.params["upload_id"] == upload.pk
    done = client.get(response["Location"])
    assert done.status_code == 302
    assert done["Location"] == reverse("web:plan_review", args=[upload.pk])
    review = client.get(done["Location"]).content.decode()
    assert "15/KH-UBND" in review and "nhận dạng chữ (OCR)" in review
    # The job list's link to it leads to the same page, not the registry job's.
    listed = client.get(reverse("web:job_detail", args=[job.pk]))
    assert listed["Location"] == response["Location"]
    # Another user learns nothing of it.
    assert _client(world.outsider).get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_a_scan_the_worker_cannot_read_shows_why_and_keeps_the_file(
    world: World, small_plan_scan: Path, monkeypatch
) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "/nonexistent/tesseract")
    client = _client(world.focal)
    response = _send(client, small_plan_scan)
    job = Job.objects.get(kind=Job.Kind.PLAN_PARSE)
    assert job_run(job.pk) == "failed"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tesseract" in text and "Đọc tệp" in text  # the reason, and the form to send again
    kept = KeptPlanFile.objects.get(created_by=world.focal)
    assert f'value="{kept.pk}" checked' in text and small_plan_scan.name in text
    assert not PlanUpload.objects.exists()
    # Sent again with the kept file (Tesseract back): queued again, the kept copy used up.
    monkeypatch.undo()
    again = client.post(reverse("web:plan_upload"), {"kept": kept.pk})
    assert again.status_code == 302 and "/ke-hoach/dang-doc/" in again["Location"]
    assert not KeptPlanFile.objects.filter(pk=kept.pk).exists()
    assert Job.objects.filter(kind=Job.Kind.PLAN_PARSE).count() == 2


@pytest.mark.django_db
def test_an_old_word_file_goes_to_the_worker(world: World) -> None:
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 64
    client = _client(world.focal)
    response = client.post(reverse("web:plan_upload"), {"file": SimpleUploadedFile("284.doc", old)})
    assert response.status_code == 302 and "/ke-hoach/dang-doc/" in response["Location"]
    job = Job.objects.get(kind=Job.Kind.PLAN_PARSE)
    assert job.params["reason"] == "doc" and job.owner == world.focal
    page = client.get(response["Location"]).content.decode()
    assert "Đang đọc tệp kế hoạch" in page and "284.doc" in page
