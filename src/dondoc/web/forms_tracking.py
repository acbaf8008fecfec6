"""The tracking pages' forms: a report's review, the reporting schedule and ad
hoc periods, notifications read. What the officer types is read by the shared fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from dondoc.org.models import Agency
from dondoc.tracking.models import (
    Cutoff,
    Frequency,
    Notification,
    ReportingPeriod,
    ReportingSchedule,
)

from .inputs import DateField, NumberField, OnceForm, VietnameseForm, YearField


class ReviewForm(VietnameseForm):
    """The focal officer's review of a submitted report: accept or send it back, with a comment."""

    action = forms.ChoiceField(
        label="Thao tác", choices=[("accept", "Tiếp nhận"), ("return", "Trả lại để bổ sung")]
    )
    version = NumberField(label="Phiên bản", integer=True, required=False, min_value=0,
                          max_value=2**31 - 1, widget=forms.HiddenInput)  # fmt: skip
    comment = forms.CharField(label="Nhận xét", required=False, strip=False)


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ScheduleForm(VietnameseForm):
    """A plan's reporting schedule (tracking.services.schedule_update); `agencies`: those that
    may receive the reports. An empty start year keeps the schedule's, an empty delay is 5 days."""

    frequencies = forms.MultipleChoiceField(
        label="Tần suất báo cáo", choices=Frequency.choices, widget=forms.CheckboxSelectMultiple
    )
    due_day = NumberField(
        label="Hạn báo cáo năm: ngày",
        integer=True,
        required=False,
        min_value=1,
        max_value=31,
        widget=forms.TextInput(attrs={"size": 3, "placeholder": "30"}),
    )
    due_month = NumberField(
        label="Hạn báo cáo năm: tháng",
        integer=True,
        required=False,
        min_value=1,
        max_value=12,
        widget=forms.TextInput(attrs={"size": 3, "placeholder": "11"}),
    )
    days_after_end = NumberField(
        label="Các kỳ khác: số ngày hạn nộp sau khi hết kỳ",
        integer=True,
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.TextInput(attrs={"size": 3, "placeholder": "5"}),
    )
    cutoff = forms.ChoiceField(
        label="Thời gian chốt số liệu", choices=Cutoff.choices, widget=forms.RadioSelect
    )
    focal_agency = AgencyChoice(
        Agency.objects.none(),
        label="Cơ quan đầu mối nhận báo cáo",
        required=False,
        empty_label="—",
    )
    start_year = YearField(label="Từ năm", required=False, min_value=2000, max_value=2100)
    end_year = YearField(
        label="đến năm",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"size": 5, "placeholder": "không thời hạn"}),
    )
    final_review = forms.BooleanField(label="Có kỳ tổng kết cả giai đoạn", required=False)
    head_approval = forms.BooleanField(
        label="Thủ trưởng cơ quan duyệt báo cáo trước khi gửi cơ quan đầu mối", required=False
    )

    def __init__(
        self, *args: Any, schedule: ReportingSchedule, agencies: Sequence[Agency], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {name: getattr(schedule, name) for name in self.base_fields
                                      if name != "focal_agency"}
                          | {"focal_agency": schedule.focal_agency_id})  # fmt: skip
        super().__init__(*args, **kwargs)
        self.schedule = schedule
        field = self.fields["focal_agency"]
        assert isinstance(field, AgencyChoice)  # noqa: S101 - declared above
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by(
            "unit__level", "name"
        )
        self.fields["frequencies"].error_messages["required"] = (
            "Tần suất báo cáo: chọn ít nhất một trong năm, 6 tháng, quý, tháng."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_year") is None:
            data["start_year"] = self.schedule.start_year
        if data.get("days_after_end") is None:
            data["days_after_end"] = 5
        return data


class ScheduleActionForm(forms.Form):
    """Which of the schedule page's two forms was sent: the schedule, or an ad hoc period."""

    action = forms.ChoiceField(
        choices=[("schedule", "Lưu chế độ báo cáo"), ("add_period", "Thêm kỳ đột xuất")],
        required=False,
    )

    def adding(self) -> bool:
        return self.is_valid() and self.cleaned_data["action"] == "add_period"


class PeriodForm(OnceForm):
    """An ad hoc reporting period ("báo cáo đột xuất"), sent once (its token)."""

    title = forms.CharField(
        label="Tên kỳ",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"size": 50, "placeholder": "Báo cáo đột xuất phục vụ đoàn kiểm tra liên ngành"}
        ),
    )
    starts_on = DateField(label="Số liệu từ ngày")
    ends_on = DateField(label="Số liệu đến ngày")
    due_on = DateField(label="Hạn báo cáo")
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.TextInput(attrs={"size": 50})
    )


class NotificationsReadForm(forms.Form):
    """The notifications shown on the page, to mark as read (`notifications`: the user's)."""

    shown = forms.ModelMultipleChoiceField(Notification.objects.none(), required=False)

    def __init__(self, *args: Any, notifications: QuerySet[Notification], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shown"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = notifications


class BackgroundReportForm(forms.Form):
    """Rendering the consolidated report in the worker: with the lower levels' results or not."""

    cap_duoi = forms.BooleanField(required=False)


class NudgeForm(VietnameseForm):
    """ "Nhắc" on the board: one agency (its id) or, with none, every late agency of the period."""

    period = forms.ModelChoiceField(ReportingPeriod.objects.none(), label="Kỳ báo cáo")
    agency = forms.ModelChoiceField(Agency.objects.none(), label="Cơ quan", required=False)

    def __init__(self, *args: Any, periods: QuerySet[ReportingPeriod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("period", periods), ("agency", Agency.objects.all())):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = queryset
