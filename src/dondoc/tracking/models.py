"""Reporting schedules and periods, progress reports with their history and evidence, and
the in-app notifications of the follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dondoc.core.loading import FastLoad
from dondoc.core.models import TimeStampedModel
from dondoc.org.models import Agency
from dondoc.plans.models import Assignment, Document


class Frequency(models.TextChoices):
    YEAR = "year", "Hằng năm"
    HALF = "half", "6 tháng"
    QUARTER = "quarter", "Hằng quý"
    MONTH = "month", "Hằng tháng"


class Cutoff(models.TextChoices):
    CALENDAR = "calendar", "Theo năm, quý, tháng dương lịch (kỳ năm kết thúc trước hạn báo cáo)"
    NATIONAL = "national", "Theo Nghị định 09/2019/NĐ-CP, Điều 12 (chốt số liệu ngày 14)"


class ReportingSchedule(TimeStampedModel):
    """How often the agencies of a plan report, by when, to which focal agency."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="reporting")
    frequencies = models.JSONField("tần suất", default=list)  # Frequency values
    due_day = models.PositiveSmallIntegerField("hạn báo cáo năm: ngày", null=True, blank=True)
    due_month = models.PositiveSmallIntegerField("hạn báo cáo năm: tháng", null=True, blank=True)
    days_after_end = models.PositiveSmallIntegerField(
        "hạn nộp sau khi hết kỳ (ngày)",
        default=5,
        help_text="Dùng cho các kỳ không có hạn ghi trong văn bản (quý, 6 tháng, tháng).",
    )
    cutoff = models.CharField(
        "thời gian chốt số liệu", max_length=10, choices=Cutoff.choices, default=Cutoff.CALENDAR
    )
    focal_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan đầu mối nhận báo cáo",
    )
    focal_mention = models.CharField(
        "cơ quan nhận báo cáo (ghi trong văn bản)", max_length=255, blank=True
    )
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField(
        "đến năm", null=True, blank=True, help_text="Để trống: văn bản không có thời hạn."
    )
    ad_hoc = models.BooleanField("có báo cáo đột xuất", default=False)
    final_review = models.BooleanField("tổng kết cả giai đoạn", default=False)
    raw = models.TextField("ghi trong văn bản", blank=True)
    head_approval = models.BooleanField(
        "thủ trưởng cơ quan duyệt báo cáo trước khi gửi",
        default=False,
        help_text="Báo cáo phải được lãnh đạo cơ quan duyệt rồi mới tới cơ quan đầu mối.",
    )

    class Meta:
        verbose_name = "chế độ báo cáo"
        verbose_name_plural = "chế độ báo cáo"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="schedule_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Chế độ báo cáo — {self.document.label}"


class ReportingPeriod(FastLoad, models.Model):
    """One reporting period of a plan: its data window and due date."""

    class Kind(models.TextChoices):
        YEAR = "year", "Năm"
        HALF = "half", "6 tháng"
        QUARTER = "quarter", "Quý"
        MONTH = "month", "Tháng"
        WHOLE = "whole", "Tổng kết giai đoạn"
        AD_HOC = "ad_hoc", "Đột xuất"

    # Led by period_unique_label: no index of its own (tests/core/test_indexes.py).
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="periods", db_index=False
    )
    kind = models.CharField("loại kỳ", max_length=10, choices=Kind.choices)
    label = models.CharField("mã kỳ", max_length=40)  # "2024", "2024-H1", "2024-Q3", "2024-M05"
    title = models.CharField("tên kỳ", max_length=120)  # "Năm 2024", "Quý III năm 2024"
    starts_on = models.DateField("số liệu từ ngày")
    ends_on = models.DateField("số liệu đến ngày")
    due_on = models.DateField("hạn báo cáo")
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["document", "due_on", "label"]
        constraints = [
            models.UniqueConstraint(fields=["document", "label"], name="period_unique_label"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.document.label}"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"
    CANNOT = "cannot", "Không thể thực hiện"


class ProgressReport(TimeStampedModel):
    """What one agency reports on one task (lead) or its contribution (coordinating), per period."""

    class State(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Bị trả lại"
        ACCEPTED = "accepted", "Đã tiếp nhận"

    # Led by report_unique_period: no index of its own (tests/core/test_indexes.py).
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="progress_reports", db_index=False
    )
    # Led by the (period, …) index below: no index of its own (tests/core/test_indexes.py).
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="progress_reports", db_index=False
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="progress_reports")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default="draft")
    task_status = models.CharField(
        "tình hình thực hiện",
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.IN_PROGRESS,
    )
    done_text = models.TextField("kết quả đã thực hiện", blank=True)
    reason = models.TextField("lý do (chưa triển khai, không thể thực hiện)", blank=True)
    figure = models.DecimalField("số liệu", max_digits=14, decimal_places=2, null=True, blank=True)
    figure_note = models.CharField("đơn vị, ghi chú số liệu", max_length=200, blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField("ý kiến của cơ quan đầu mối", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The agency's report this is a section of (null only for rows not yet migrated).
    agency_report = models.ForeignKey(
        "AgencyReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name="báo cáo của cơ quan",
    )
    return_comment = models.TextField("ý kiến trả lại của phần này", blank=True)

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="report_unique_period"),
        ]
        indexes = [models.Index(fields=["period", "agency"])]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period.label} — {self.assignment.task.path}"


class AgencyReport(TimeStampedModel):
    """One agency's report for one plan and period: its sections (ProgressReport, one per task
    it leads or coordinates), figures, difficulties, proposals, and its life as a whole."""

    class State(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        AWAITING_APPROVAL = "awaiting_approval", "Chờ lãnh đạo cơ quan duyệt"
        APPROVED = "approved", "Lãnh đạo đã duyệt"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Bị trả lại"
        ACCEPTED = "accepted", "Đã tiếp nhận"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="agency_reports")
    # Led by agency_report_unique_period: no index of its own (tests/core/test_indexes.py).
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="agency_reports", db_index=False
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agency_reports")
    state = models.CharField(
        "trạng thái", max_length=20, choices=State.choices, default=State.DRAFT
    )
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField("ý kiến của cơ quan đầu mối", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The signed copy (a scan or a digitally signed PDF), stored encrypted: the official one.
    signed_file = models.FileField(upload_to="signed/%Y/%m/", blank=True)
    signed_name = models.CharField("tên bản có chữ ký", max_length=255, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    signed_size = models.PositiveIntegerField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "báo cáo của cơ quan"
        verbose_name_plural = "báo cáo của cơ quan"
        ordering = ["period", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency"], name="agency_report_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period.label}"


class AgencyReportEvent(models.Model):
    """One step of an agency's report as a whole: submitted, approved, returned, accepted…"""

    class Action(models.TextChoices):
        CREATE = "create", "Lập báo cáo"
        SAVE = "save", "Lưu nháp"
        ASK_APPROVAL = "ask_approval", "Trình lãnh đạo duyệt"
        APPROVE = "approve", "Lãnh đạo duyệt"
        REFUSE = "refuse", "Lãnh đạo yêu cầu sửa"
        SUBMIT = "submit", "Gửi báo cáo"
        RESUBMIT = "resubmit", "Gửi lại"
        RETURN = "return", "Trả lại"
        ACCEPT = "accept", "Tiếp nhận"
        SIGNED = "signed", "Tải lên bản có chữ ký"
        EVIDENCE = "evidence", "Thêm tài liệu"
        EVIDENCE_REMOVE = "evidence_remove", "Xóa tài liệu"
        MIGRATE = "migrate", "Gộp từ các báo cáo theo nhiệm vụ"

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=AgencyReport.State.choices)
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)
    sections = models.JSONField(default=list, blank=True)  # ProgressReport ids concerned

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class ReportFigure(models.Model):
    """One figure of an agency's report: what it counts, the number, its unit; optionally the
    plan's target or indicator it measures, the disaggregation it stands for, and its section."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="figures")
    section = models.ForeignKey(
        ProgressReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="figures"
    )
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField("nội dung số liệu", max_length=255)
    value = models.DecimalField("số liệu", max_digits=14, decimal_places=2)
    unit = models.CharField("đơn vị tính, ghi chú", max_length=200, blank=True)
    target = models.ForeignKey(
        "indicators.Target", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    breakdown = models.JSONField("chia theo", default=dict, blank=True)  # {"sex": "female"}
    # A part of a total ("Nữ" of "Số người được trợ giúp"): the total's row, entered with it.
    part_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts"
    )

    class Meta:
        verbose_name = "số liệu báo cáo"
        verbose_name_plural = "số liệu báo cáo"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class ReportEvent(models.Model):
    """One step of a report's history: saved, submitted, returned, accepted."""

    class Action(models.TextChoices):
        SAVE = "save", "Lưu nháp"
        SUBMIT = "submit", "Gửi báo cáo"
        RESUBMIT = "resubmit", "Gửi lại"
        RETURN = "return", "Trả lại"
        ACCEPT = "accept", "Tiếp nhận"
        EVIDENCE = "evidence", "Thêm tài liệu"
        EVIDENCE_REMOVE = "evidence_remove", "Xóa tài liệu"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=ProgressReport.State.choices)
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class Evidence(models.Model):
    """A file attached to a report (minutes, photos, statistics sheets), type checked by content."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        PNG = "png", "Ảnh PNG"
        JPEG = "jpeg", "Ảnh JPEG"

    # A section's file, or one that covers the agency's whole report (the signed minutes).
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="evidence", null=True, blank=True
    )
    agency_report = models.ForeignKey(
        AgencyReport, on_delete=models.CASCADE, related_name="evidence", null=True, blank=True
    )
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu kèm theo"
        verbose_name_plural = "tài liệu kèm theo"
        ordering = ["report", "uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False, agency_report__isnull=True)
                | models.Q(report__isnull=True, agency_report__isnull=False),
                name="evidence_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An in-app notice to one user; `key` makes each reminder happen once."""

    # Led by notification_unique_key: no index of its own (tests/core/test_indexes.py).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    key = models.CharField(max_length=120)
    subject = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The e-mail copy: owed when the user had an address; sent (emailed_at) by one run,
    # which claims it first (email_claimed_at); a refusal is kept and tried again next run.
    email_wanted = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=200, blank=True)
    # The address of dondoc as the actor's browser reached it, for the e-mail's link when
    # settings.SITE_URL (DONDOC_SITE_URL) is not set ("" from a command: the link stays relative).
    site_url = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key"),
        ]

    def __str__(self) -> str:
        return self.subject


class Nudge(models.Model):
    """A reminder sent from the board ("Nhắc") to one agency for one period, by an officer:
    at most one a day for the same agency and period."""

    # Led by nudge_once_a_day: no index of its own (tests/core/test_indexes.py).
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="nudges", db_index=False
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    on = models.DateField("ngày nhắc")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField("người nhận", default=list)  # names and addresses, as told
    tasks = models.PositiveIntegerField("số nhiệm vụ chưa gửi", default=0)

    class Meta:
        verbose_name = "lần nhắc"
        verbose_name_plural = "lần nhắc"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "on"], name="nudge_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Nhắc {self.agency} — {self.period.label} ({self.on:%d/%m/%Y})"
