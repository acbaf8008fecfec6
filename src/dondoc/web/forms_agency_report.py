"""The forms of an agency's report page: one section, the report's own parts (difficulties,
proposals, the figures table), sending, the leader's approval and the focal officer's review."""

from __future__ import annotations

from django import forms

from dondoc.tracking.models import TaskStatus

from .inputs import NumberField, VietnameseForm


def _version() -> NumberField:
    return NumberField(label="Phiên bản", integer=True, required=False, min_value=0,
                       max_value=2**31 - 1, widget=forms.HiddenInput)  # fmt: skip


class SectionForm(VietnameseForm):
    """One section: what was done on one task (or the agency's contribution to it)."""

    assignment = forms.IntegerField(label="Nhiệm vụ", widget=forms.HiddenInput)
    version = _version()
    task_status = forms.ChoiceField(label="Tình hình thực hiện", choices=TaskStatus.choices)
    done_text = forms.CharField(label="Kết quả đã thực hiện", required=False, strip=False)
    reason = forms.CharField(label="Lý do", required=False, strip=False)
    form_token = forms.CharField(label="Mã biểu mẫu", required=False, max_length=64)


class ReportPartsForm(VietnameseForm):
    """The report's own parts; the figures table is read row by row from the lists
    fig_label, fig_value, fig_unit, fig_section (the service checks every row)."""

    version = _version()
    difficulties = forms.CharField(label="Khó khăn, vướng mắc", required=False, strip=False)
    proposals = forms.CharField(label="Đề xuất, kiến nghị", required=False, strip=False)


class DecisionForm(VietnameseForm):
    """Sending, the leader's approval or refusal, the focal officer's accept or return."""

    version = _version()
    comment = forms.CharField(label="Ý kiến", required=False, strip=False)
    form_token = forms.CharField(label="Mã biểu mẫu", required=False, max_length=64)
