"""The agency's progress report form: what the officer types, read by the shared fields."""

from __future__ import annotations

from django import forms

from dondoc.tracking.models import TaskStatus

from .inputs import NumberField, VietnameseForm


class ProgressReportForm(VietnameseForm):
    """One report's text and figure. The figure is read the Vietnamese way ("1.234" is a
    thousand two hundred thirty-four, "95,5" is 95.5) and held as its column: 14 digits,
    2 after the comma (tracking.ProgressReport.figure)."""

    task_status = forms.ChoiceField(label="Tình hình thực hiện", choices=TaskStatus.choices)
    done_text = forms.CharField(label="Kết quả đã thực hiện", required=False, strip=False)
    reason = forms.CharField(label="Lý do", required=False, strip=False)
    figure = NumberField(
        label="Số liệu",
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"size": 12, "id": "figure"}),
    )
    figure_note = forms.CharField(
        label="Đơn vị, ghi chú số liệu",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"size": 30, "placeholder": "buổi, lượt người, %…"}),
    )
    difficulties = forms.CharField(label="Khó khăn, vướng mắc", required=False, strip=False)
    proposals = forms.CharField(label="Đề xuất, kiến nghị", required=False, strip=False)
