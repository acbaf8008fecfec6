"""Requests of data subjects and the breach register (Law 91/2025/QH15; Decree 356/2025/NĐ-CP).
Rows carry the agency that answers for them and its unit, so the registry's scoping applies
to them as to the records (registry.selectors.records_visible)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dondoc.core.crypto import EncryptedTextField
from dondoc.core.models import TimeStampedModel
from dondoc.org.models import AdminUnit, Agency


class SubjectRequest(TimeStampedModel):
    """A data subject's request (Law 91/2025/QH15, Art. 4: access, correction, deletion,
    restriction, objection), with the acknowledgement and answer deadlines of its kind."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Xem, cung cấp dữ liệu cá nhân"
        CORRECTION = "correction", "Chỉnh sửa dữ liệu cá nhân"
        DELETION = "deletion", "Xóa dữ liệu cá nhân"
        RESTRICTION = "restriction", "Hạn chế xử lý dữ liệu cá nhân"
        OBJECTION = "objection", "Phản đối xử lý dữ liệu cá nhân"

    class Status(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        ACKNOWLEDGED = "acknowledged", "Đã phản hồi, đang giải quyết"
        DONE = "done", "Đã thực hiện"
        REFUSED = "refused", "Từ chối (có lý do)"

    # Led by the (agency, …) index below: no index of its own (tests/core/test_indexes.py).
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cơ quan giải quyết",
        db_index=False,
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại yêu cầu", max_length=12, choices=Kind.choices)
    subject_name = EncryptedTextField("họ và tên chủ thể dữ liệu")
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cá nhân trong hồ sơ",
    )
    detail = EncryptedTextField("nội dung yêu cầu", blank=True)
    received_on = models.DateField("ngày nhận yêu cầu")
    acknowledge_due = models.DateField("hạn phản hồi", editable=False)
    due_on = models.DateField("hạn thực hiện", editable=False)
    extended = models.BooleanField("đã gia hạn", default=False)
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    acknowledged_on = models.DateField("ngày phản hồi", null=True, blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answer = EncryptedTextField("kết quả, lý do", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "yêu cầu của chủ thể dữ liệu"
        verbose_name_plural = "yêu cầu của chủ thể dữ liệu"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Yêu cầu #{self.pk}"  # never the name

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.ACKNOWLEDGED)


class SubjectRequestEvent(models.Model):
    """One step of a request: received, acknowledged, extended, done, refused."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("thời điểm")
    on = models.DateField("ngày")
    action = models.CharField("bước", max_length=16)
    note = EncryptedTextField("ghi chú", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} #{self.request_id}"


class Breach(TimeStampedModel):
    """A breach of personal data protection and its notification to the competent body within
    the hours of the rules (72: data/processing.json, "breach")."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan phát hiện"
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    discovered_at = models.DateTimeField("thời điểm phát hiện")
    occurred_at = models.DateTimeField("thời điểm xảy ra", null=True, blank=True)
    description = EncryptedTextField("mô tả vi phạm")
    categories = models.CharField("loại dữ liệu bị ảnh hưởng", max_length=255, blank=True)
    subjects_affected = models.PositiveIntegerField("số chủ thể bị ảnh hưởng", default=0)
    records_affected = models.PositiveIntegerField("số bản ghi bị ảnh hưởng", default=0)
    measures = models.TextField("biện pháp đã thực hiện", blank=True)
    notify_due = models.DateTimeField("hạn thông báo", editable=False)
    notified_at = models.DateTimeField("thời điểm đã thông báo", null=True, blank=True)
    notice_number = models.CharField("số văn bản thông báo", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "vi phạm bảo vệ dữ liệu cá nhân"
        verbose_name_plural = "vi phạm bảo vệ dữ liệu cá nhân"
        ordering = ["-discovered_at", "-id"]

    def __str__(self) -> str:
        return f"Vi phạm #{self.pk}"


class Anonymised(models.Model):
    """A record whose personal data was cleared at the end of its retention period (privacy
    .retention): one row per record, so a second run skips it; audited in the same step."""

    model = models.CharField(max_length=60)  # "registry.person"
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField("loại xử lý", max_length=20)
    at = models.DateTimeField("thời điểm ẩn danh")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="anonymised_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id}"


class RetentionRun(models.Model):
    """The daily anonymisation of one day (privacy.retention.retention_daily): one row a day,
    so the worker's beat, however many workers beat, queues it once; its outcome when done."""

    day = models.DateField("ngày", unique=True)
    queued_at = models.DateTimeField("thời điểm giao việc")
    finished_at = models.DateTimeField("thời điểm xong", null=True, blank=True)
    summary = models.TextField("kết quả", blank=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Ẩn danh ngày {self.day:%d/%m/%Y}"
