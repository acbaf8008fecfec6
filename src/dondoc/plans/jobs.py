"""Plan files that take long to read, read by the worker (core.jobs): a scan (OCR, seconds a
page) and an old .doc/.xls (LibreOffice converts it first). The upload page queues the job
and opens the job's page, which shows the page being read and opens the review screen when
the draft is ready; a file that cannot be read is kept for the officer to send again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dondoc.core.actors import require_actor
from dondoc.core.exceptions import DomainError
from dondoc.core.jobs import JobOutcome, JobProgress, job_create, job_input
from dondoc.core.models import Job
from dondoc.org.models import AdminUnit

from .issuing_unit import UnitNotInferred
from .services import kept_file_keep, plan_upload_create

if TYPE_CHECKING:
    from dondoc.org.models import User

# What the page says while the worker starts on each kind of slow file.
FIRST_PHASE = {
    "scan": "Đang nhận dạng chữ (OCR) bản scan",
    "doc": "Đang chuyển tệp Word 97–2003 (.doc) sang .docx bằng LibreOffice",
    "xls": "Đang chuyển tệp Excel 97–2003 (.xls) sang .xlsx bằng LibreOffice",
}


def plan_parse_enqueue(
    *, actor: User, data: bytes, source_name: str, unit: AdminUnit | None, reason: str
) -> Job:
    """Queue the reading of a slow plan file (`reason`: importers.slow_reading) for `actor`."""
    require_actor(actor)
    params = {
        "source_name": source_name[:255],
        "unit_id": unit.pk if unit is not None else None,
        "reason": reason,
    }
    return job_create(
        actor=actor,
        kind=Job.Kind.PLAN_PARSE,
        title=f"Đọc tệp kế hoạch {source_name}"[:300],
        params=params,
        input_data=data,
    )


def plan_parse_job(job: Job, progress: JobProgress) -> JobOutcome:
    """The worker's side: parse and resolve the file into an upload waiting for review.

    A file that holds no plan, or whose unit the document does not say, fails with the
    parser's message; the file is kept (services.kept_file_keep) so the upload form shown
    with the message sends it again without choosing it anew."""
    data = job_input(job)
    name = job.params.get("source_name") or "ke-hoach"
    unit_id = job.params.get("unit_id")
    unit = AdminUnit.objects.filter(pk=unit_id).first() if unit_id else None
    progress.update(phase=FIRST_PHASE.get(job.params.get("reason", ""), "Đang đọc tệp"))

    def page_read(done: int, total: int) -> None:
        progress.update(
            phase=f"Đang nhận dạng chữ (OCR): đã đọc trang {done}/{total}",
            checked=done,
        )

    try:
        upload = plan_upload_create(
            actor=job.owner, data=data, source_name=name, unit=unit, progress=page_read
        )
    except DomainError as problem:
        kept = kept_file_keep(actor=job.owner, data=data, name=name)
        job.params = {
            **job.params,
            "kept_id": kept.pk,
            "ask_unit": isinstance(problem, UnitNotInferred),
        }
        Job.objects.filter(pk=job.pk).update(params=job.params)
        raise
    job.params = {**job.params, "upload_id": upload.pk}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    tasks = len(upload.draft.get("tasks", []))
    return JobOutcome(summary=f"Đã đọc xong tệp {name}: {tasks} mục; mở trang rà soát.")
