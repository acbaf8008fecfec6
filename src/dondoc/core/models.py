"""Abstract base models (timestamps), and the form tokens that make a create happen once."""

from django.conf import settings
from django.db import models

from dondoc.core.loading import FastLoad


class TimeStampedModel(FastLoad, models.Model):
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("thời điểm sửa", auto_now=True)

    class Meta:
        abstract = True


class Submission(models.Model):
    """One sent form that created something (core.idempotency): its token is used once."""

    token = models.CharField(max_length=64, unique=True)
    action = models.CharField(max_length=60)  # "plan.save", "progress_report.save", …
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    result_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "biểu mẫu đã gửi"
        verbose_name_plural = "biểu mẫu đã gửi"

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%d/%m/%Y %H:%M}"


class WorkerHeartbeat(models.Model):
    """`dondoc db_worker` is alive: each worker process keeps its row fresh (core.worker), so
    the health endpoint can tell a stopped worker from an idle one."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "nhịp của tiến trình việc nền"
        verbose_name_plural = "nhịp của tiến trình việc nền"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} {self.seen_at:%d/%m/%Y %H:%M:%S}"


class Job(models.Model):
    """A piece of heavy work asked for on a page and run by the worker (core.jobs): an import,
    an export, a consolidated report. Its owner follows its progress on its page and downloads
    its result there; no one else sees it. The uploaded file and the result are stored
    encrypted, like every file with personal data; `report` (the rejected rows, which may quote
    what a row held) too."""

    class Kind(models.TextChoices):
        REGISTRY_IMPORT = "registry_import", "Nhập hồ sơ từ tệp"
        REGISTRY_EXPORT = "registry_export", "Xuất hồ sơ ra tệp"
        CONSOLIDATED_REPORT = "consolidated_report", "Báo cáo tổng hợp"
        PLAN_PARSE = "plan_parse", "Đọc tệp kế hoạch"

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Không thành công"

    # Led by core_job_owner_recent: no index of its own (tests/core/test_indexes.py).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", db_index=False
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=300)  # what the owner asked for, in Vietnamese
    params = models.JSONField(default=dict)  # ids and options only, never personal data
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=120, blank=True)  # "Đang kiểm tra các dòng", …
    rows_checked = models.PositiveIntegerField(default=0)
    rows_saved = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    input_file = models.CharField(max_length=200, blank=True)  # storage name, encrypted
    result_file = models.CharField(max_length=200, blank=True)  # storage name, encrypted
    result_name = models.CharField(max_length=120, blank=True)  # the download's file name
    result_type = models.CharField(max_length=120, blank=True)  # its content type
    summary = models.CharField(max_length=500, blank=True)  # one Vietnamese sentence
    report = models.TextField(blank=True)  # encrypted text (core.crypto): rejected rows …
    error = models.TextField(blank=True)  # why it failed, in Vietnamese, for the owner
    attempts = models.PositiveSmallIntegerField(default=0)
    # The worker process running it ("host:pid", as its heartbeat names it): a job whose worker
    # stopped beating was cut off (killed, the machine restarted) and is run again.
    runner = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "việc nền"
        verbose_name_plural = "việc nền"
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
