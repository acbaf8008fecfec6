"""Indicators (what is measured, and how), targets (what a plan commits to), values (what a
unit reached in a period, and where the number came from)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dondoc.org.models import AdminUnit
from dondoc.plans.models import Document, Task


class Indicator(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", "Số lượng"
        PERCENT = "percent", "Tỷ lệ phần trăm"
        FRACTION = "fraction", "Số đơn vị trên tổng số đơn vị"

    class Source(models.TextChoices):
        COMPUTED = "computed", "Tính từ cơ sở dữ liệu nghiệp vụ"
        REPORTED = "reported", "Các cơ quan báo cáo (số liệu trong báo cáo tiến độ)"

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chỉ số", max_length=255)
    unit = models.CharField("đơn vị tính", max_length=10, choices=Unit.choices)
    source = models.CharField("cách lấy số liệu", max_length=10, choices=Source.choices)
    query = models.CharField(
        "truy vấn (chỉ số tính từ dữ liệu)", max_length=60, blank=True,
        help_text="Tên một truy vấn của indicators.queries",
    )  # fmt: skip
    disaggregations = models.JSONField("chia theo", default=list, blank=True)

    class Meta:
        verbose_name = "chỉ số"
        verbose_name_plural = "chỉ số"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    class Kind(models.TextChoices):
        PERCENT = "percent", "Tỷ lệ phần trăm"
        FRACTION = "fraction", "Số đơn vị trên tổng số"
        REDUCTION = "reduction", "Giảm ít nhất"
        REDUCTION_RANGE = "reduction_range", "Giảm trong khoảng"

    class Baseline(models.TextChoices):
        PREVIOUS_YEAR = "previous_year", "Cùng kỳ năm trước"
        PREVIOUS_PLAN = "previous_plan", "Bình quân năm của giai đoạn trước"
        FIXED = "fixed", "Số cố định do cán bộ đầu mối nhập"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="targets_set")
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    value = models.FloatField(null=True, blank=True)
    of = models.PositiveIntegerField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    comparison = models.CharField(max_length=2, default=">=")
    target_year = models.PositiveSmallIntegerField("năm đạt", null=True, blank=True)
    subject = models.TextField("nội dung", blank=True)
    raw = models.TextField("câu trong văn bản", blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets",
        verbose_name="chỉ số",
    )  # fmt: skip
    baseline_rule = models.CharField(
        "mốc so sánh", max_length=16, choices=Baseline.choices, default=Baseline.PREVIOUS_YEAR
    )
    baseline_value = models.FloatField("mốc cố định", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.subject[:80] or self.raw[:80]


class Value(models.Model):
    """What a unit reached on an indicator in a period, with its provenance."""

    # Led by value_unique_period: no index of its own (tests/core/test_indexes.py).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("kỳ", max_length=20)  # "2024", "2024-H1", …
    value = models.FloatField(null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    provenance = models.JSONField("nguồn số liệu", default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="value_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.unit_id}/{self.period}: {self.value}"
