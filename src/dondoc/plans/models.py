"""Plans: documents, their task tree, assignments to agencies, deadlines."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from dondoc.core.loading import FastLoad
from dondoc.core.models import TimeStampedModel
from dondoc.org.models import AdminUnit, Agency


class Document(TimeStampedModel):
    """A plan, decision or regulation as issued (or drafted) by a unit's authority."""

    number = models.CharField("số, ký hiệu", max_length=80, blank=True)  # "" for a draft
    symbol = models.CharField("ký hiệu", max_length=60, blank=True)
    doc_type = models.CharField("loại văn bản", max_length=10, blank=True)  # "KH", "QĐ"
    type_name = models.CharField("tên loại", max_length=40, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    place = models.CharField("địa danh", max_length=120, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_year = models.PositiveSmallIntegerField("năm ban hành", null=True, blank=True)
    issued_month = models.PositiveSmallIntegerField("tháng ban hành", null=True, blank=True)
    title = models.TextField("trích yếu")
    # Led by the (unit, …) index below: no index of its own (tests/core/test_indexes.py).
    unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="địa bàn",
        db_index=False,
    )
    upper = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_documents",
        verbose_name="kế hoạch cấp trên",
    )
    source_name = models.CharField("tệp gốc", max_length=255, blank=True)
    source_format = models.CharField("định dạng", max_length=10, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    warnings = models.JSONField("cảnh báo khi nhập", default=list, blank=True)
    # The reporting schedule as the text sets it: storage of plans.contracts.PlanSchedule,
    # read only through plans.contracts.schedule_of; the schedule the focal officer keeps is
    # tracking.ReportingSchedule, created from it.
    schedule = models.JSONField("chế độ báo cáo ghi trong văn bản", default=dict, blank=True)
    # The numeric targets the text states: storage of plans.contracts.PlanTarget, read only
    # through plans.contracts.targets_of (indicators, reports).
    targets = models.JSONField("chỉ tiêu ghi trong văn bản", default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Raised by every amendment (plans.amendments): a form carries the version it was shown
    # with, so two officers amending at once cannot overwrite each other unseen.
    version = models.PositiveIntegerField("phiên bản", default=1)

    class Meta:
        verbose_name = "văn bản kế hoạch"
        verbose_name_plural = "văn bản kế hoạch"
        ordering = ["-issued_year", "-issued_on", "-id"]
        indexes = [models.Index(fields=["unit", "number"])]
        constraints = [
            # A unit issues a number once a year (Decree 30/2020 Art. 15: numbers restart on
            # 1 January): two imports at once cannot make twins; a year unknown counts as one.
            models.UniqueConstraint(
                models.F("unit"),
                models.F("number"),
                Coalesce(models.F("issued_year"), models.Value(0)),
                condition=~models.Q(number=""),
                name="document_unique_number_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        label = self.type_name or "Văn bản"
        return f"{label} {self.number or '(chưa có số)'}"

    @property
    def label(self) -> str:
        """ "Kế hoạch 284/KH-UBND" or "Kế hoạch (dự thảo, 5/2023)"."""
        kind = self.type_name or "Văn bản"
        if self.number:
            return f"{kind} {self.number}"
        when = f"{self.issued_month}/{self.issued_year}" if self.issued_month else self.issued_year
        return f"{kind} (chưa có số{', ' + str(when) if when else ''})"


class DocumentReference(models.Model):
    """A document this one says it carries out ("Thực hiện Kế hoạch số 125/KH-UBND …")."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=255, blank=True)
    raw = models.TextField()

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.raw


class DeadlineKind(models.TextChoices):
    ANNUAL = "annual", "Hằng năm"
    PERIOD = "period", "Giai đoạn"
    DATE = "date", "Ngày cụ thể"
    PER_DOCUMENT = "per_document", "Theo văn bản"
    ON_REQUEST = "on_request", "Theo yêu cầu, chỉ đạo"
    SITUATIONAL = "situational", "Theo tình hình thực tế"
    ONGOING = "ongoing", "Thường xuyên"
    DONE = "done", "Đã hoàn thành"
    AFTER_EVENT = "after_event", "Sau một sự kiện"
    SEPARATE_PLAN = "separate_plan", "Theo kế hoạch riêng"
    OTHER = "other", "Khác"


class Task(FastLoad, models.Model):
    """One row of the plan's task table; groups (sections) and leaves alike."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Đang thực hiện"
        WITHDRAWN = "withdrawn", "Đã bãi bỏ"

    # Led by task_unique_position: no index of its own (tests/core/test_indexes.py).
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="tasks", db_index=False
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField("thứ tự")
    depth = models.PositiveSmallIntegerField(default=0)
    code = models.CharField("số thứ tự", max_length=40)
    path = models.CharField("mục", max_length=255)  # as printed; may repeat within a document
    is_leaf = models.BooleanField(default=True)
    title = models.TextField("nhiệm vụ")
    expected_result = models.TextField("kết quả dự kiến", blank=True)
    notes = models.TextField("ghi chú", blank=True)
    deadline_kind = models.CharField(
        "loại thời hạn", max_length=20, choices=DeadlineKind.choices, blank=True
    )
    deadline_raw = models.TextField("thời hạn", blank=True)
    deadline_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_date = models.DateField(null=True, blank=True)
    deadline_document = models.CharField(max_length=80, blank=True)
    # "Từ tháng 5/2026, thường xuyên": reported on only from the period that reaches this day.
    deadline_starts_on = models.DateField(null=True, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    upper_task = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_tasks",
        verbose_name="nhiệm vụ cấp trên",
    )
    upper_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    upper_confirmed_at = models.DateTimeField(null=True, blank=True)
    # An amendment withdraws a task softly: its reports stay, later periods no longer owe it.
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    withdrawn_on = models.DateField("ngày bãi bỏ", null=True, blank=True)
    withdrawn_reason = models.TextField("lý do bãi bỏ", blank=True)
    # The deadline the plan first set, as shown ("31/12/2026"), once an agency's request to
    # extend it was accepted (plans.services.requests): pages show "(đã gia hạn từ …)". The
    # full history is in PlanChange and TaskRequest.
    deadline_extended_from = models.CharField(
        "thời hạn trước khi gia hạn", max_length=255, blank=True
    )

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="task_unique_position"),
            models.CheckConstraint(
                condition=models.Q(status="active", withdrawn_on__isnull=True)
                | models.Q(status="withdrawn", withdrawn_on__isnull=False),
                name="task_withdrawn_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path}. {self.title[:60]}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def deadline_shown(self) -> str:
        """The current deadline as pages show it: "30/6/2027 (đã gia hạn từ 31/12/2026)"."""
        if not self.deadline_extended_from:
            return self.deadline_raw
        return f"{self.deadline_raw} (đã gia hạn từ {self.deadline_extended_from})"


class Assignment(FastLoad, models.Model):
    """An agency (or a collective of agencies) named as lead or coordinator of a task."""

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATING = "coordinating", "Phối hợp"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)
    raw = models.TextField("ghi trong văn bản")
    mention = models.CharField("tên cơ quan", max_length=255)
    # Led by the (agency, …) index below: no index of its own (tests/core/test_indexes.py).
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="cơ quan",
        db_index=False,
    )
    collective = models.BooleanField("nhóm cơ quan", default=False)
    confidence = models.FloatField("độ tin cậy", null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An agency taken off a task by an amendment once it has reported: kept with its reports,
    # owing nothing for the periods that end on or after this day.
    withdrawn_on = models.DateField("ngày thôi phân công", null=True, blank=True)
    # The periods the assignment reports in, by their due date (issue 15): a hand-over ends the
    # ended agency's assignment on its last day and gives the receiver a new one from the next
    # day, so the reports done before stay the ended agency's. Empty: no bound.
    active_from = models.DateField("báo cáo các kỳ có hạn từ ngày", null=True, blank=True)
    active_until = models.DateField("báo cáo các kỳ có hạn đến ngày", null=True, blank=True)
    handed_over_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handed_over_to",
        verbose_name="tiếp nhận từ phân công",
    )

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency"],
                condition=models.Q(agency__isnull=False),
                name="assignment_unique_agency",
            ),
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.agency or self.mention}"

    @property
    def needs_review(self) -> bool:
        return not self.collective and (self.agency_id is None or (self.confidence or 0) < 1)

    def reports_due_on(self, due_on: datetime.date) -> bool:
        """Whether a period due on `due_on` falls inside the assignment's bounds."""
        return (self.active_from is None or self.active_from <= due_on) and (
            self.active_until is None or due_on <= self.active_until
        )


class PlanUpload(models.Model):
    """A parsed file waiting for its reviewer to correct the assignments and save it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_uploads"
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    source_name = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64)
    draft = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every correction of the draft (services.plan_draft_*): a form sent with an
    # older version (another tab, a colleague) is refused instead of silently undoing.
    version = models.PositiveIntegerField("phiên bản", default=1)

    class Meta:
        verbose_name = "tệp kế hoạch chờ duyệt"
        verbose_name_plural = "tệp kế hoạch chờ duyệt"

    def __str__(self) -> str:
        return self.source_name or "(nhập tay)"

    @property
    def entered_by_hand(self) -> bool:
        return not self.source_sha256


class AgencyNameRejection(models.Model):
    """A name a plan uses for an agency that the officer reviewing it declined to adopt
    (services.review.plan_draft_name_decide): not proposed again for that agency."""

    # Led by plans_name_rejection_once: no index of its own (tests/core/test_indexes.py).
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    name = models.CharField("tên không nhận", max_length=300)
    source = models.CharField("văn bản dùng tên này", max_length=300, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tên cơ quan không nhận"
        verbose_name_plural = "tên cơ quan không nhận"
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="plans_name_rejection_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency} ≠ {self.name}"


class KeptPlanFile(models.Model):
    """A file whose upload failed (no unit, a wrong option), kept encrypted so the officer can
    send it again without choosing it anew: a browser never keeps a file input's file."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_plan_files"
    )
    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()  # core.crypto.encrypt_bytes
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp kế hoạch giữ lại"
        verbose_name_plural = "tệp kế hoạch giữ lại"

    def __str__(self) -> str:
        return self.name


class PlanChange(models.Model):
    """One change of a saved plan (plans.amendments): who, when, what before and after, and
    the amending document ("sửa đổi, bổ sung") when a later text made it, else a fix."""

    class Action(models.TextChoices):
        TASK_EDIT = "task_edit", "Sửa nhiệm vụ"
        TASK_ADD = "task_add", "Thêm nhiệm vụ"
        TASK_WITHDRAW = "task_withdraw", "Bãi bỏ nhiệm vụ"
        ASSIGNMENT_ADD = "assignment_add", "Thêm cơ quan"
        ASSIGNMENT_REMOVE = "assignment_remove", "Bỏ cơ quan"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="changes")
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    task_path = models.CharField("mục", max_length=255)  # as it was when changed
    action = models.CharField("thay đổi", max_length=20, choices=Action.choices)
    before = models.JSONField("trước", default=dict, blank=True)
    after = models.JSONField("sau", default=dict, blank=True)
    amending_document = models.CharField("văn bản sửa đổi, bổ sung", max_length=255, blank=True)
    reason = models.TextField("lý do", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField("lúc")

    class Meta:
        verbose_name = "thay đổi kế hoạch"
        verbose_name_plural = "thay đổi kế hoạch"
        ordering = ["document", "-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.task_path}"


class Handover(TimeStampedModel):
    """The confirmed hand-over of the open work of ended agencies to the bodies that took over
    their functions (Resolution 190/2025/QH15): one plan's focal duty and assignments, or the
    records one ended agency kept. Reversible until the first report under the successor."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Kế hoạch"
        RECORDS = "records", "Hồ sơ"

    class State(models.TextChoices):
        CONFIRMED = "confirmed", "Đã bàn giao"
        REVERTED = "reverted", "Đã hủy bàn giao"

    kind = models.CharField("loại", max_length=8, choices=Kind.choices)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name="kế hoạch",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan kết thúc (hồ sơ)",
    )
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tiếp nhận"
    )
    state = models.CharField("trạng thái", max_length=10, choices=State.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by_name = models.CharField("người xác nhận", max_length=150)
    confirmed_at = models.DateTimeField("thời điểm xác nhận")
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reverted_at = models.DateTimeField("thời điểm hủy", null=True, blank=True)

    class Meta:
        verbose_name = "bàn giao công việc"
        verbose_name_plural = "bàn giao công việc"
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            # Two officers confirming at once: the second insert fails here if the lock missed.
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(state="confirmed", kind="plan"),
                name="handover_one_confirmed_per_plan",
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(state="confirmed", kind="records"),
                name="handover_one_confirmed_per_keeper",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="plan") & models.Q(document__isnull=False))
                | (models.Q(kind="records") & models.Q(agency__isnull=False)),
                name="handover_kind_target",
            ),
        ]

    def __str__(self) -> str:
        what = self.document.label if self.document_id else f"hồ sơ của {self.agency}"  # type: ignore[union-attr]
        return f"Bàn giao {what}"


class HandoverLine(models.Model):
    """One piece of work handed over: the focal duty, an assignment, a kind of records, a
    person supervised; who proposed which receiver, and what the officer decided."""

    class Kind(models.TextChoices):
        FOCAL = "focal", "Cơ quan đầu mối nhận báo cáo, tổng hợp"
        ASSIGNMENT = "assignment", "Nhiệm vụ được giao"
        RECORDS = "records", "Hồ sơ nghiệp vụ"
        SUBJECT = "subject", "Người thuộc diện tái hòa nhập cộng đồng"

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Theo đề xuất"
        CHANGED = "changed", "Đổi cơ quan tiếp nhận"
        DROPPED = "dropped", "Không chuyển"

    class Source(models.TextChoices):
        STATED = "stated", "Theo văn bản sắp xếp"
        SUGGESTED = "suggested", "Đề xuất (chưa có văn bản xác nhận)"
        MAP = "map", "Đề xuất theo lĩnh vực và địa bàn"
        NONE = "", "Chưa có đề xuất"

    # Led by handoverline_unique_key: no index of its own (tests/core/test_indexes.py).
    handover = models.ForeignKey(
        Handover, on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=80)  # "focal", "a:12", "r:registry.crimereport", "s:44"
    label = models.CharField("nội dung", max_length=300)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged = models.BooleanField("cơ quan nhận đã có phân công này", default=False)
    record_model = models.CharField(max_length=60, blank=True)  # "registry.crimereport"
    record_ids = models.JSONField(default=list, blank=True)
    from_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan kết thúc"
    )
    proposed_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposal_source = models.CharField(max_length=10, choices=Source.choices, blank=True)
    proposal_note = models.CharField(max_length=300, blank=True)
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan tiếp nhận",
    )
    decision = models.CharField("quyết định", max_length=10, choices=Decision.choices)
    effective = models.DateField("tiếp nhận từ ngày")

    class Meta:
        verbose_name = "nội dung bàn giao"
        verbose_name_plural = "nội dung bàn giao"
        ordering = ["handover", "id"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "key"], name="handoverline_unique_key"),
            models.CheckConstraint(
                condition=models.Q(decision="dropped") | models.Q(to_agency__isnull=False),
                name="handoverline_receiver_unless_dropped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.to_agency or 'không chuyển'}"


class TaskRequest(models.Model):
    """An assigned agency's request about its task, with a reason: extend the deadline,
    re-assign the task (to another agency of the plan, or take it off as coordinator) or
    withdraw it ("lùi, giãn thời gian hoặc rút nhiệm vụ"). The plan's focal officer or leader
    accepts or refuses it with a comment; an accepted request changes the plan through
    plans.services.amendments, whose PlanChange it keeps (plans.services.requests)."""

    class Kind(models.TextChoices):
        EXTEND = "extend", "Gia hạn thời hạn"
        REASSIGN = "reassign", "Điều chỉnh cơ quan thực hiện"
        WITHDRAW = "withdraw", "Rút nhiệm vụ"

    class State(models.TextChoices):
        OPEN = "open", "Chờ quyết định"
        ACCEPTED = "accepted", "Đã chấp nhận"
        REFUSED = "refused", "Không chấp nhận"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="requests")
    # Emptied when an accepted re-assignment deletes an assignment that never reported.
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name="phân công",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="task_requests",
        verbose_name="cơ quan đề nghị",
    )
    kind = models.CharField("nội dung đề nghị", max_length=10, choices=Kind.choices)
    reason = models.TextField("lý do")
    proposed_date = models.DateField("thời hạn đề nghị", null=True, blank=True)
    # Re-assign: the agency proposed to take the task over; empty: only take the requesting
    # agency off the task (a coordinator).
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan đề nghị giao",
    )
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default="open")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField("ngày đề nghị")
    deadline_before = models.CharField("thời hạn khi đề nghị", max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)
    decision_comment = models.TextField("ý kiến", blank=True)
    changes = models.ManyToManyField(PlanChange, blank=True, related_name="requests")

    class Meta:
        verbose_name = "đề nghị điều chỉnh nhiệm vụ"
        verbose_name_plural = "đề nghị điều chỉnh nhiệm vụ"
        ordering = ["-made_at", "-id"]
        constraints = [
            # One open request per assignment: a second form sent at once fails here.
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(state="open"),
                name="taskrequest_one_open_per_assignment",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="extend") | models.Q(proposed_date__isnull=False),
                name="taskrequest_extend_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(state="open", decided_at__isnull=True)
                | (~models.Q(state="open") & models.Q(decided_at__isnull=False)),
                name="taskrequest_decided_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "task"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.agency} — {self.task.path}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
