"""The stored consolidated report of a plan's period (DESIGN §6): its edits, approval, issue and
signed copy, with the frozen files and the history of every step."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dondoc.core.models import TimeStampedModel
from dondoc.org.models import AdminUnit, Agency
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingPeriod


class ConsolidatedReport(TimeStampedModel):
    """One per plan, unit and period: draft → submitted → approved → issued → signed.

    From approval on, the content is frozen: the DOCX and XLSX made at approval are stored
    (`ConsolidatedReportFile`) with the hash of the consolidation they were made from, and later
    agency reports change nothing until the report is unlocked (with a reason, audited)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Chờ lãnh đạo duyệt"
        APPROVED = "approved", "Đã duyệt"
        ISSUED = "issued", "Đã ban hành"
        SIGNED = "signed", "Đã có bản ký"

    class PdfState(models.TextChoices):
        """The issued PDF, printed by the worker (reports.tasks) from the issued DOCX."""

        NONE = "", "Chưa ban hành"
        QUEUED = "queued", "Đang chờ máy chủ tạo bản PDF"
        RUNNING = "running", "Đang tạo bản PDF"
        DONE = "done", "Đã có bản PDF"
        FAILED = "failed", "Không tạo được bản PDF"

    class SignerMode(models.TextChoices):
        HEAD = "", "Thủ trưởng ký"
        KT = "KT.", "KT. (cấp phó ký thay)"
        TL = "TL.", "TL. (thừa lệnh)"
        TM = "TM.", "TM. (thay mặt tập thể)"

    # Led by consolidated_one_per_period: no index of its own (tests/core/test_indexes.py).
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="consolidated_reports",
        verbose_name="kế hoạch",
        db_index=False,
    )
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị hành chính"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+", verbose_name="kỳ báo cáo"
    )
    # The focal agency in whose name it is issued (tracking.office.issuer_for), fixed at creation.
    issuer = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="cơ quan ban hành",
    )
    include_lower = models.BooleanField("gồm kết quả cấp dưới", default=False)
    state = models.CharField(
        "trạng thái", max_length=20, choices=State.choices, default=State.DRAFT
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    # The officer's choices (reports.options.ReportOptions), stored.
    texts = models.JSONField("nội dung các mục", default=dict, blank=True)
    addressees = models.TextField("kính gửi", blank=True)  # one a line
    recipients = models.TextField("nơi nhận", blank=True)  # one a line
    signer_mode = models.CharField(
        "hình thức ký", max_length=4, choices=SignerMode.choices, default="", blank=True
    )
    signer_authority = models.CharField("ký thay/thừa lệnh cho", max_length=200, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=200, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=200, blank=True)
    # Issue.
    number = models.CharField("số", max_length=40, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issue_year = models.PositiveSmallIntegerField(null=True, blank=True)  # numbers restart yearly
    # The issued PDF: asked for at issue, attached by the worker; a failure is shown with a retry.
    pdf_state = models.CharField(
        "bản PDF", max_length=10, choices=PdfState.choices, default="", blank=True
    )
    pdf_error = models.TextField("lỗi tạo bản PDF", blank=True)
    pdf_requested_at = models.DateTimeField(null=True, blank=True)
    pdf_task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result
    # The hash of the consolidation the approved files were made from.
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    # The consolidation itself as approved (pickled, with an HMAC of the site's key, checked
    # before it is read): the issued DOCX is written from it with its number and date, so that
    # what the leader approved is what is issued, whatever the agencies sent since.
    frozen_content = models.BinaryField(null=True, blank=True, editable=False)
    frozen_mac = models.CharField(max_length=64, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "báo cáo tổng hợp"
        verbose_name_plural = "báo cáo tổng hợp"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "unit", "period"], name="consolidated_one_per_period"
            ),
            # A number of issue is given once per issuing agency and year (Decree 30/2020 Art.15:
            # numbers run from 01/01 to 31/12 of each year).
            models.UniqueConstraint(
                fields=["issuer", "issue_year", "number"],
                condition=~models.Q(number=""),
                name="consolidated_number_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo tổng hợp {self.period.title} — {self.document.label}"

    @property
    def locked(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.ISSUED, self.State.SIGNED)

    @property
    def editable(self) -> bool:
        return self.state == self.State.DRAFT


class ConsolidatedReportFile(models.Model):
    """A file of a consolidated report: the DOCX and XLSX frozen at approval, the PDF made at
    issue, the signed copy uploaded; kept with its hash, never changed (a new one is added)."""

    class Kind(models.TextChoices):
        DOCX = "docx", "Văn bản Word"
        XLSX = "xlsx", "Phụ lục Excel"
        PDF = "pdf", "Bản PDF ban hành"
        SIGNED = "signed", "Bản có chữ ký (PDF)"

    report = models.ForeignKey(ConsolidatedReport, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField()  # the report's version it belongs to
    file = models.FileField(upload_to="consolidated/%Y/", max_length=200)
    name = models.CharField(max_length=200)  # the download's file name
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    # Set when the report is unlocked: the file stays in the history, no longer the report's.
    superseded = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp báo cáo tổng hợp"
        verbose_name_plural = "tệp báo cáo tổng hợp"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ConsolidatedReportStep(models.Model):
    """The history: one row per step (created, edited, submitted, returned, approved, unlocked,
    issued, signed copy uploaded), with who, when, the version it made and a comment."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo dự thảo"
        EDIT = "edit", "Sửa nội dung"
        SUBMIT = "submit", "Trình duyệt"
        RETURN = "return", "Trả lại"
        APPROVE = "approve", "Duyệt"
        UNLOCK = "unlock", "Mở khóa"
        ISSUE = "issue", "Ban hành"
        SIGNED = "signed", "Tải bản ký"

    report = models.ForeignKey(ConsolidatedReport, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "bước xử lý báo cáo tổng hợp"
        verbose_name_plural = "bước xử lý báo cáo tổng hợp"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"
