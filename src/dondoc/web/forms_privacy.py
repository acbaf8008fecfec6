"""Forms of the privacy pages: a data subject's request and its steps, a breach."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.org.models import Agency
from dondoc.privacy.models import SubjectRequest

from .inputs import DateField, NumberField, VietnameseForm


class AgencyForm(VietnameseForm):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])  # type: ignore[attr-defined]
        if len(agencies) == 1:
            self.initial.setdefault("agency", agencies[0].pk)


class SubjectRequestForm(AgencyForm):
    kind = forms.ChoiceField(label="Loại yêu cầu", choices=SubjectRequest.Kind.choices)
    subject_name = forms.CharField(label="Họ và tên chủ thể dữ liệu", max_length=200)
    received_on = DateField(label="Ngày nhận yêu cầu", not_future=True)
    detail = forms.CharField(
        label="Nội dung yêu cầu", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestStepForm(VietnameseForm):
    STEPS = [
        ("acknowledge", "Đã phản hồi cho người yêu cầu"),
        ("extend", "Gia hạn (một lần)"),
        ("done", "Đã thực hiện xong"),
        ("refuse", "Từ chối, nêu lý do"),
    ]
    step = forms.ChoiceField(label="Bước", choices=STEPS)
    on = DateField(label="Ngày", not_future=True)
    note = forms.CharField(
        label="Kết quả, lý do, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DateTimeField(forms.DateTimeField):
    input_formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M"]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return super().widget_attrs(widget) | {"placeholder": "31/12/2026 08:30", "size": 16}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error_messages["invalid"] = (
            f"{kwargs.get('label', 'Thời điểm')}: cần dạng 31/12/2026 08:30."
        )


class BreachForm(AgencyForm):
    discovered_at = DateTimeField(label="Thời điểm phát hiện")
    occurred_at = DateTimeField(label="Thời điểm xảy ra", required=False)
    description = forms.CharField(label="Mô tả vi phạm", widget=forms.Textarea(attrs={"rows": 3}))
    categories = forms.CharField(label="Loại dữ liệu bị ảnh hưởng", max_length=255, required=False)
    subjects_affected = NumberField(
        label="Số chủ thể bị ảnh hưởng",
        required=False,
        integer=True,
        min_value=0,
        max_value=2**31 - 1,
        empty_value=0,
    )
    records_affected = NumberField(
        label="Số bản ghi bị ảnh hưởng",
        required=False,
        integer=True,
        min_value=0,
        max_value=2**31 - 1,
        empty_value=0,
    )
    measures = forms.CharField(
        label="Biện pháp đã thực hiện", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NotifiedForm(VietnameseForm):
    notified_at = DateTimeField(label="Thời điểm đã gửi thông báo")
    notice_number = forms.CharField(label="Số văn bản", max_length=40, required=False)
