"""Issuing off the request: the number and date are given at once, the issued DOCX stored with
them; the PDF is printed by the real worker (`dondoc db_worker`, run here in-process) with
LibreOffice, and a failure is shown on the page with a retry that prints the same DOCX again."""

from __future__ import annotations

import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dondoc.core.exceptions import NotAllowed
from dondoc.reports import pdf as pdf_module
from dondoc.reports import services
from dondoc.reports.models import ConsolidatedReport
from dondoc.reports.selectors import report_files
from dondoc.reports.services import InvalidTransition
from dondoc.reports.tasks import render_issued_pdf
from tests.reports.test_consolidated_object import approved, pdf_text

State, Pdf = ConsolidatedReport.State, ConsolidatedReport.PdfState
ISSUED_ON = datetime.date(2026, 12, 2)
needs_office = pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice is not installed (make test installs it)"
)


def run_worker() -> None:
    """What `dondoc db_worker` does, until the queue is empty."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "pdf-test",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip


def issued(world, stored, number: str = "7") -> ConsolidatedReport:
    report = approved(world, stored)
    return services.consolidated_report_issue(
        actor=world.focal, report=report, version=report.version, number=number,
        issued_on=ISSUED_ON,
    )  # fmt: skip


def page(world, report: ConsolidatedReport) -> str:
    client = Client()
    client.force_login(world.focal)
    url = reverse("web:consolidated_page", args=[report.document_id, report.period_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@needs_office
@pytest.mark.django_db(transaction=True)
def test_issue_gives_the_number_at_once_and_the_worker_attaches_the_pdf(
    world, stored, tmp_path
) -> None:
    report = issued(world, stored)
    # In the request: the number, the date and the issued DOCX; no PDF yet, a task queued.
    assert (report.state, report.number, report.issue_year) == (State.ISSUED, "7", 2026)
    assert set(report_files(report=report)) == {"docx", "xlsx"}
    assert report.pdf_state == Pdf.QUEUED
    task = DBTaskResult.objects.get(pk=report.pdf_task_id)
    assert (task.task_path, task.status) == (render_issued_pdf.module_path, "READY")
    html = page(world, report)
    assert "Đang tạo bản PDF…" in html and 'hx-trigger="every 3s"' in html
    docx = report_files(report=report)["docx"]
    run_worker()
    report.refresh_from_db()
    assert report.pdf_state == Pdf.DONE and report.pdf_error == ""
    files = report_files(report=report)
    assert files["docx"] == docx  # the issued DOCX stays as it was stored
    pdf = services.read_file(files["pdf"])
    assert files["pdf"].version == docx.version
    text = pdf_text(pdf, tmp_path)
    assert "Số: 07/BC-CAH" in text and "ngày 02 tháng 12 năm 2026" in text
    assert DBTaskResult.objects.get(pk=report.pdf_task_id).status == "SUCCESSFUL"
    html = page(world, report)
    assert 'id="pdf-download"' in html and "Đang tạo bản PDF" not in html
    assert "every 3s" not in html  # done: the page stops asking
    # Printing again (a task run twice) attaches nothing more.
    assert services.issued_pdf_render(report.pk) == "nothing to do"
    assert report.files.filter(kind="pdf").count() == 1


@needs_office
@pytest.mark.django_db(transaction=True)
def test_a_failed_pdf_is_shown_and_retried_on_the_same_docx(world, stored, monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "OFFICE", ("soffice-not-installed",))
    report = issued(world, stored, number="15")
    docx, mac = report_files(report=report)["docx"], report.frozen_mac
    run_worker()
    report.refresh_from_db()
    # Issued with its number all the same; the failure is on the page, with the retry.
    assert (report.state, report.number, report.pdf_state) == (State.ISSUED, "15", Pdf.FAILED)
    assert "chưa cài LibreOffice" in report.pdf_error and "Tạo lại bản PDF" in report.pdf_error
    assert "văn bản Word đã ban hành vẫn giữ nguyên" in report.pdf_error
    assert "pdf" not in report_files(report=report)
    html = page(world, report)
    assert 'id="pdf-error"' in html and "chưa cài LibreOffice" in html
    assert 'id="pdf-retry"' in html
    with pytest.raises(NotAllowed):
        services.consolidated_report_pdf_retry(actor=stored.chief, report=report)
    monkeypatch.setattr(pdf_module, "OFFICE", pdf_module.EXECUTABLES)
    client = Client()
    client.force_login(world.focal)
    response = client.post(reverse("web:consolidated_pdf_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.pdf_state == Pdf.QUEUED and report.pdf_error == ""
    # A second press while it waits is refused, with why.
    with pytest.raises(InvalidTransition, match="Đang chờ máy chủ tạo bản PDF"):
        services.consolidated_report_pdf_retry(actor=world.focal, report=report)
    run_worker()
    report.refresh_from_db()
    assert report.pdf_state == Pdf.DONE
    files = report_files(report=report)
    assert files["docx"] == docx and report.frozen_mac == mac  # frozen content untouched
    assert services.read_file(files["pdf"]).startswith(b"%PDF-")
    assert (report.state, report.number) == (State.ISSUED, "15")


@pytest.mark.django_db
def test_a_report_unlocked_before_the_worker_runs_gets_no_pdf(world, stored) -> None:
    report = issued(world, stored)
    report = services.consolidated_report_unlock(
        actor=stored.chief, report=report, version=report.version, reason="Sai số liệu."
    )
    assert report.pdf_state == Pdf.NONE
    assert services.issued_pdf_render(report.pk) == "nothing to do"
    assert not report.files.filter(kind="pdf").exists()
    with pytest.raises(InvalidTransition):
        services.consolidated_report_pdf_retry(actor=world.focal, report=report)


@pytest.mark.django_db
def test_a_pdf_waiting_too_long_may_be_asked_again(world, stored, pinned_clock) -> None:
    """The worker stopped (or was killed mid-print): after PDF_STALE the retry is offered."""
    report = issued(world, stored)
    assert not services.pdf_retry_allowed(report)
    pinned_clock.shift(services.PDF_STALE + datetime.timedelta(seconds=1))
    assert services.pdf_retry_allowed(report)
    report = services.consolidated_report_pdf_retry(actor=world.focal, report=report)
    assert report.pdf_state == Pdf.QUEUED
    assert DBTaskResult.objects.filter(task_path=render_issued_pdf.module_path).count() == 2
