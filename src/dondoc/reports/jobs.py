"""Consolidated reports rendered by the worker (core.jobs): a province plan rolled up over its
districts (1,200 reports and more) is written off the request, and its owner downloads it from
the job's page."""

from __future__ import annotations

from dondoc.core.exceptions import NotFound
from dondoc.core.jobs import JobOutcome, JobProgress, job_create
from dondoc.core.models import Job
from dondoc.org.models import User
from dondoc.plans.models import Document
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.models import ReportingPeriod
from dondoc.tracking.selectors import access_board

from .consolidated import consolidated_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def consolidated_report_enqueue(
    *, actor: User, document: Document, period: ReportingPeriod, include_lower: bool
) -> Job:
    """Queue the consolidated report of `document` for `period` (the board's access rule is
    checked now, and again when the worker renders it)."""
    access_board(user=actor, document_id=document.pk)
    lower = " gồm kết quả cấp dưới" if include_lower else ""
    number = f"{document.number}/{document.symbol}" if document.number else "dự thảo"
    title = f"Báo cáo tổng hợp{lower}: kế hoạch {number}, {period.title}"
    params = {"document_id": document.pk, "period_id": period.pk, "include_lower": include_lower}
    return job_create(actor=actor, kind=Job.Kind.CONSOLIDATED_REPORT, title=title, params=params)


def consolidated_report_job(job: Job, progress: JobProgress) -> JobOutcome:
    params = job.params
    document = access_board(user=job.owner, document_id=params["document_id"])
    period = document.periods.filter(pk=params["period_id"]).first()
    if period is None:
        raise NotFound("Kỳ báo cáo không còn.")
    progress.update(phase="Đang tổng hợp các báo cáo")
    content = consolidate(
        user=job.owner, document=document, period=period, include_lower=params["include_lower"]
    )
    progress.update(phase="Đang viết văn bản Word")
    data = consolidated_docx(content)
    number = (document.number or "du-thao").replace("/", "-")
    return JobOutcome(
        summary=f"Đã tạo báo cáo tổng hợp {period.title}.",
        data=data,
        filename=f"bao-cao-{number}-{period.label}.docx",
        content_type=DOCX,
    )
