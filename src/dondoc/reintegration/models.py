"""People back in the community after a sentence (seed 003; Law on Execution of Criminal
Judgments 2019, Decree 49/2020/NĐ-CP, Circular 10/2024/TT-BCA): who they are, where they live,
the commune that supervises and helps them, their classification, the support they get, and
every event of their supervision.

A subject is a registry `Record`: `agency` is the commune police (or the agency) that keeps the
record, `unit` the responsible commune. The dates the statutory clocks run from are kept on the
subject (set only by the services, from the events), so a worklist over a province is one query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dondoc.core.crypto import EncryptedTextField
from dondoc.org.models import AdminUnit, Agency
from dondoc.registry.models import (
    Offence,
    Person,
    Record,
    parent_province,
    record_agency,
    record_province,
)


class LegalStatus(models.TextChoices):
    SUSPENDED_SENTENCE = "suspended", "Án treo"
    NON_CUSTODIAL = "non_custodial", "Cải tạo không giam giữ"
    RELEASED = "released", "Chấp hành xong án phạt tù"
    PARDONED = "pardoned", "Được đặc xá"
    CONDITIONAL_RELEASE = "conditional", "Tha tù trước thời hạn có điều kiện"
    EXEMPTED = "exempted", "Được miễn chấp hành án phạt tù"


COMMUNITY_SENTENCES = frozenset({LegalStatus.SUSPENDED_SENTENCE, LegalStatus.NON_CUSTODIAL})
FROM_PRISON = frozenset(
    {LegalStatus.RELEASED, LegalStatus.PARDONED, LegalStatus.CONDITIONAL_RELEASE}
)


class Group(models.TextChoices):
    """Quarterly classification (Circular 10/2024/TT-BCA)."""

    A = "A", "A — ổn định"
    B = "B", "B — gặp khó khăn"
    C = "C", "C — có nguy cơ vi phạm"
    D = "D", "D — bị tạm giữ, tạm giam"


class SupportKind(models.TextChoices):
    """Support under Decree 49/2020/NĐ-CP."""

    VOCATIONAL = "vocational", "Đào tạo nghề"
    JOB = "job", "Giới thiệu việc làm"
    LOAN = "loan", "Vay vốn"
    COUNSELLING = "counselling", "Tư vấn tâm lý"
    LEGAL_AID = "legal_aid", "Trợ giúp pháp lý"
    SOCIAL_PROTECTION = "social_protection", "Trợ giúp xã hội"
    OTHER = "other", "Khác"


class EndReason(models.TextChoices):
    TERM_ENDED = "term_ended", "Hết thời gian chấp hành, thử thách"
    EXPUNGED = "expunged", "Được xóa án tích"
    MOVED_AWAY = "moved_away", "Chuyển đi nơi khác (ngoài tỉnh)"
    DIED = "died", "Chết"
    SENTENCED_AGAIN = "sentenced_again", "Bị kết án về tội phạm mới"
    OTHER = "other", "Lý do khác"


class ReintegrationSubject(Record):
    """A person serving a community sentence or back from prison, supervised by a commune."""

    agency = record_agency(db_index=False)  # led by the (agency, …) index below
    province = record_province(db_index=False)  # led by the (province, …) index below

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reintegration", verbose_name="cá nhân"
    )
    legal_status = models.CharField("diện quản lý", max_length=16, choices=LegalStatus.choices)
    judgment = models.CharField("bản án", max_length=255, blank=True)  # "12/2023/HS-ST …"
    offence = models.ForeignKey(
        Offence, on_delete=models.PROTECT, null=True, blank=True, verbose_name="tội danh"
    )
    sentence = models.CharField("hình phạt", max_length=255, blank=True)
    prison = models.CharField("trại giam, cơ quan thông báo", max_length=255, blank=True)
    start_on = models.DateField("ngày ra trại hoặc ngày bắt đầu chấp hành")
    supervision_until = models.DateField("hết thời hạn quản lý, giúp đỡ", null=True, blank=True)
    helper = EncryptedTextField("người được phân công giúp đỡ", blank=True)
    needs = models.JSONField("nhu cầu hỗ trợ", default=list, blank=True)
    group = models.CharField("xếp loại", max_length=1, choices=Group.choices, blank=True)
    # The dates the clocks run from (set by the services from the events).
    notice_on = models.DateField(
        "ngày nhận thông báo, quyết định thi hành án", null=True, blank=True
    )
    verified_on = models.DateField("ngày xác minh nơi cư trú", null=True, blank=True)
    received_on = models.DateField("ngày tiếp nhận tại xã", null=True, blank=True)
    helper_on = models.DateField("ngày phân công người giúp đỡ", null=True, blank=True)
    assessed_quarter = models.CharField("quý đã xếp loại gần nhất", max_length=7, blank=True)
    # Community sentences (suspended, non-custodial): the summons and commitment, the person's
    # latest monthly report, the supervisor's latest quarterly review, the certificate.
    summoned_on = models.DateField("ngày triệu tập, cam kết", null=True, blank=True)
    self_reported_month = models.CharField(
        "tháng người chấp hành án đã báo cáo gần nhất", max_length=7, blank=True
    )
    reviewed_quarter = models.CharField("quý đã nhận xét gần nhất", max_length=7, blank=True)
    certificate_on = models.DateField(
        "ngày cấp giấy chứng nhận chấp hành xong", null=True, blank=True
    )
    ended_on = models.DateField("ngày kết thúc quản lý", null=True, blank=True)
    end_reason = models.CharField(
        "lý do kết thúc", max_length=16, choices=EndReason.choices, blank=True
    )
    reoffended = models.BooleanField("tái phạm", default=False)

    class Meta:
        verbose_name = "người thuộc diện tái hòa nhập cộng đồng"
        verbose_name_plural = "người thuộc diện tái hòa nhập cộng đồng"
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["province", "ended_on"]),
            models.Index(fields=["agency", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"Hồ sơ tái hòa nhập #{self.pk}"  # never the name: str() ends up in logs

    @property
    def active(self) -> bool:
        return self.ended_on is None


class SubjectEvent(models.Model):
    """One step of a subject's supervision, in the order it happened (the history)."""

    class Kind(models.TextChoices):
        NOTICE = "notice", "Nhận thông báo"
        VERIFIED = "verified", "Xác minh nơi cư trú"
        RECEIVED = "received", "Tiếp nhận tại xã"
        HELPER = "helper", "Phân công người giúp đỡ"
        ASSESSMENT = "assessment", "Báo cáo, xếp loại hằng quý"
        SUMMONED = "summoned", "Triệu tập, cam kết chấp hành án"
        SELF_REPORT = "self_report", "Người chấp hành án báo cáo tháng"
        REVIEW = "review", "Nhận xét quá trình chấp hành án quý"
        CERTIFICATE = "certificate", "Cấp giấy chứng nhận chấp hành xong"
        SUPPORT = "support", "Hỗ trợ"
        TRANSFER_REQUESTED = "transfer_requested", "Đề nghị chuyển hồ sơ"
        TRANSFERRED = "transferred", "Chuyển nơi cư trú, xã mới tiếp nhận"
        TRANSFER_REFUSED = "transfer_refused", "Xã nơi đến chưa tiếp nhận"
        REOFFENDED = "reoffended", "Vi phạm pháp luật, tái phạm"
        ENDED = "ended", "Kết thúc quản lý"
        NOTE = "note", "Ghi chú"

    subject = models.ForeignKey(
        ReintegrationSubject, on_delete=models.CASCADE, related_name="events"
    )
    province = parent_province()
    kind = models.CharField("sự kiện", max_length=20, choices=Kind.choices)
    on = models.DateField("ngày")
    group = models.CharField("xếp loại", max_length=1, choices=Group.choices, blank=True)
    quarter = models.CharField("quý", max_length=7, blank=True)  # "2026-Q3"
    month = models.CharField("tháng", max_length=7, blank=True)  # "2026-07"
    note = EncryptedTextField("ghi chú", blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ghi nhận"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "diễn biến quản lý"
        verbose_name_plural = "diễn biến quản lý"
        ordering = ["subject", "on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"


class SubjectSupport(models.Model):
    """Support given to a subject (vocational training, a job, a loan, counselling …)."""

    subject = models.ForeignKey(
        ReintegrationSubject, on_delete=models.CASCADE, related_name="supports"
    )
    province = parent_province()
    kind = models.CharField("hình thức hỗ trợ", max_length=20, choices=SupportKind.choices)
    provided_on = models.DateField("ngày hỗ trợ")
    provider = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="cơ quan, tổ chức hỗ trợ",
    )  # fmt: skip
    amount = models.DecimalField(
        "số tiền (đồng)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "hỗ trợ tái hòa nhập cộng đồng"
        verbose_name_plural = "hỗ trợ tái hòa nhập cộng đồng"
        ordering = ["-provided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.provided_on:%d/%m/%Y})"


class SubjectTransfer(models.Model):
    """A hand-over of the record to the commune the person moved to; the receiving commune
    accepts it (or refuses, saying why). Both communes keep reading the record afterwards."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ xã nơi đến tiếp nhận"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        REFUSED = "refused", "Chưa tiếp nhận"

    subject = models.ForeignKey(
        ReintegrationSubject, on_delete=models.CASCADE, related_name="transfers"
    )
    province = parent_province()
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan nơi đến"
    )
    to_unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="xã nơi đến"
    )
    moved_on = models.DateField("ngày chuyển đi")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chuyển hồ sơ tái hòa nhập"
        verbose_name_plural = "chuyển hồ sơ tái hòa nhập"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(state="pending"),
                name="subjecttransfer_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"Chuyển hồ sơ #{self.subject_id} ({self.get_state_display()})"
