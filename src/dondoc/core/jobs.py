"""Heavy work off the request: a page asks for a job, the worker (`dondoc db_worker`) runs it,
its owner follows its progress on its page and downloads the result there.

A job's work is a handler of its kind, declared below by dotted path (core knows no app under
it at import time): `handler(job, progress) -> JobOutcome`. A handler raises a DomainError to
fail with a message for the owner (bad rows, no right): that is final. Anything else (the
database away, the worker killed) is retried, up to MAX_ATTEMPTS, after a pause, when the kind
is safe to run again: an import saves all its rows in one transaction or none, and rows saved
by an earlier attempt are recognised and skipped; an export and a report only read.

The uploaded file and the result are stored through Django's storage encrypted under the
current key (core.crypto), as every file with personal data; they are deleted after KEEP_INPUT
and KEEP_RESULT, each new job sweeping the expired ones.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .actors import require_actor
from .audit import audit_record
from .crypto import decrypt, decrypt_bytes, encrypt, encrypt_bytes
from .exceptions import DomainError, NotFound
from .models import Job

if TYPE_CHECKING:
    from dondoc.org.models import User

logger = logging.getLogger(__name__)

# The work of each kind (a visible declaration, read when a job runs).
JOB_HANDLERS: dict[str, str] = {
    Job.Kind.REGISTRY_IMPORT: "dondoc.registry.jobs.registry_import_job",
    Job.Kind.REGISTRY_EXPORT: "dondoc.registry.jobs.registry_export_job",
    Job.Kind.CONSOLIDATED_REPORT: "dondoc.reports.jobs.consolidated_report_job",
    Job.Kind.PLAN_PARSE: "dondoc.plans.jobs.plan_parse_job",
}
RETRY_SAFE = frozenset(
    {Job.Kind.REGISTRY_IMPORT, Job.Kind.REGISTRY_EXPORT, Job.Kind.CONSOLIDATED_REPORT}
)
MAX_ATTEMPTS = 3
RETRY_PAUSE = datetime.timedelta(seconds=30)  # times the attempt number
KEEP_INPUT = datetime.timedelta(hours=24)  # as a file waiting for an import's confirmation
KEEP_RESULT = datetime.timedelta(days=7)
FOLDER = "jobs"


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job leaves: a sentence, the detail (kept encrypted), maybe a file."""

    summary: str
    report: str = ""
    data: bytes | None = None
    filename: str = ""
    content_type: str = ""
    keep_input: bool = False  # the owner may act on the same file again (save valid rows)


class JobProgress:
    """What a handler reports while it works; written at once (outside any transaction the
    handler opens later), so the page shows it while the job runs."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def update(
        self,
        *,
        phase: str | None = None,
        checked: int | None = None,
        saved: int | None = None,
        rejected: int | None = None,
    ) -> None:
        changes: dict[str, Any] = {}
        if phase is not None:
            changes["phase"] = phase[:120]
        if checked is not None:
            changes["rows_checked"] = checked
        if saved is not None:
            changes["rows_saved"] = saved
        if rejected is not None:
            changes["rows_rejected"] = rejected
        if changes:
            Job.objects.filter(pk=self.job.pk).update(**changes)
            for name, value in changes.items():
                setattr(self.job, name, value)


def _store(job: Job, suffix: str, data: bytes) -> str:
    name = f"{FOLDER}/{job.pk}-{secrets.token_hex(8)}-{suffix}.enc"
    return default_storage.save(name, ContentFile(encrypt_bytes(data)))


def job_create(
    *,
    actor: User,
    kind: str,
    title: str,
    params: dict[str, Any],
    input_data: bytes | None = None,
) -> Job:
    """Queue a job for `actor` (who alone will see it); it runs once the transaction commits.
    `params` holds ids and options only: personal data travels in the encrypted input file."""
    require_actor(actor)
    if kind not in JOB_HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    jobs_sweep()
    with transaction.atomic():
        job = Job.objects.create(owner=actor, kind=kind, title=title[:300], params=params)
        if input_data is not None:
            job.input_file = _store(job, "input", input_data)
            job.save(update_fields=["input_file"])
        audit_record(actor=actor, action="job.create", target=job, data={"kind": kind})
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_input(job: Job) -> bytes:
    """The file the job was given; a DomainError once it has been swept."""
    try:
        with default_storage.open(job.input_file, "rb") as stored:
            return decrypt_bytes(stored.read())
    except (OSError, ValueError) as error:
        raise DomainError("Tệp đã tải lên không còn (quá 24 giờ): hãy tải lại tệp.") from error


def job_result(job: Job) -> bytes:
    try:
        with default_storage.open(job.result_file, "rb") as stored:
            return decrypt_bytes(stored.read())
    except (OSError, ValueError) as error:
        raise NotFound("Tệp kết quả không còn (giữ 7 ngày): hãy chạy lại việc này.") from error


def job_report(job: Job) -> str:
    return decrypt(job.report) if job.report else ""


def job_of_owner(*, user: Any, job_id: int) -> Job:
    """The job, for its owner only: anyone else is told it does not exist."""
    job = Job.objects.filter(pk=job_id, owner_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound
    return job


def jobs_of_owner(*, user: Any, limit: int = 50) -> list[Job]:
    return list(Job.objects.filter(owner_id=user.pk).order_by("-created_at")[:limit])


def _finish(job: Job, outcome: JobOutcome) -> None:
    job.status, job.finished_at = Job.Status.DONE, timezone.now()
    job.summary, job.phase = outcome.summary[:500], ""
    job.report = encrypt(outcome.report) if outcome.report else ""
    fields = ["status", "finished_at", "summary", "phase", "report"]
    if outcome.data is not None:
        job.result_file = _store(job, "result", outcome.data)
        job.result_name, job.result_type = outcome.filename[:120], outcome.content_type[:120]
        fields += ["result_file", "result_name", "result_type"]
    if job.input_file and not outcome.keep_input:
        default_storage.delete(job.input_file)
        job.input_file = ""
        fields.append("input_file")
    job.save(update_fields=fields)


def _fail(job: Job, message: str) -> None:
    job.status, job.finished_at, job.error, job.phase = (
        Job.Status.FAILED, timezone.now(), message, "",
    )  # fmt: skip
    fields = ["status", "finished_at", "error", "phase"]
    if job.input_file:
        default_storage.delete(job.input_file)
        job.input_file = ""
        fields.append("input_file")
    job.save(update_fields=fields)


def job_run(job_id: int, *, handlers: dict[str, str] | None = None) -> str:
    """Run one job (what the task does): claim it, call its handler, record the outcome."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        runner=runner_name(),
    )
    if not claimed:
        return "not queued"  # finished, or another run has it
    job = Job.objects.select_related("owner").get(pk=job_id)
    handler: Callable[[Job, JobProgress], JobOutcome] = import_string(
        (handlers or JOB_HANDLERS)[job.kind]
    )
    try:
        outcome = handler(job, JobProgress(job))
    except DomainError as problem:
        _fail(job, problem.message)
        return "failed"
    except Exception:
        logger.exception("job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        if job.kind in RETRY_SAFE and job.attempts < MAX_ATTEMPTS:
            pause = RETRY_PAUSE * job.attempts
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED,
                phase=f"Gặp lỗi ở lần chạy thứ {job.attempts}; sẽ tự chạy lại sau "
                f"{int(pause.total_seconds())} giây.",
            )
            run_job.using(run_after=timezone.now() + pause).enqueue(job.pk)
            return "retrying"
        _fail(
            job,
            f"Việc nền gặp lỗi của máy chủ và đã dừng sau {job.attempts} lần chạy; không có gì "
            "được lưu. Hãy thử lại sau; nếu vẫn lỗi, báo quản trị hệ thống (mã việc "
            f"#{job.pk}).",
        )
        return "failed"
    _finish(job, outcome)
    return "done"


def runner_name() -> str:
    """This process, as its heartbeat names it (core.worker)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:300]


def jobs_recover(*, now: datetime.datetime | None = None) -> int:
    """Jobs left running by a worker that stopped beating (killed, the machine restarted):
    queued again when safe and attempts remain, else failed with a message. How many."""
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    alive = {
        f"{host}:{pid}"
        for host, pid in WorkerHeartbeat.objects.filter(
            seen_at__gte=now - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
        ).values_list("host", "pid")
    }
    recovered = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING).exclude(runner__in=alive):
        if job.kind in RETRY_SAFE and job.attempts < MAX_ATTEMPTS:
            moved = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.QUEUED,
                phase="Việc nền bị dừng giữa chừng (máy chủ khởi động lại); sẽ tự chạy lại.",
            )
            if moved:
                run_job.enqueue(job.pk)
        else:
            _fail(
                job,
                f"Việc nền bị dừng giữa chừng {job.attempts} lần; không có gì được lưu. Hãy "
                f"thử lại; nếu vẫn lỗi, báo quản trị hệ thống (mã việc #{job.pk}).",
            )
        recovered += 1
    return recovered


@task()
def run_job(job_id: int) -> str:
    """The worker's side of a job (core.jobs.job_run)."""
    return job_run(job_id)


def jobs_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploaded files older than KEEP_INPUT and the results older than KEEP_RESULT;
    how many files were deleted."""
    now = now or timezone.now()
    deleted = 0
    old_inputs = Job.objects.filter(created_at__lt=now - KEEP_INPUT).exclude(input_file="")
    old_results = Job.objects.filter(Q(finished_at__lt=now - KEEP_RESULT), ~Q(result_file=""))
    for job in old_inputs.filter(status__in=[Job.Status.DONE, Job.Status.FAILED]):
        default_storage.delete(job.input_file)
        Job.objects.filter(pk=job.pk).update(input_file="")
        deleted += 1
    for job in old_results:
        default_storage.delete(job.result_file)
        Job.objects.filter(pk=job.pk).update(result_file="")
        deleted += 1
    return deleted
