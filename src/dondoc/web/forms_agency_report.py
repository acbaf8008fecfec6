"""The forms of an agency's report page: one section, the report's own parts (difficulties,
proposals, the figures table), sending, the leader's approval and the focal officer's review."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import QueryDict

from dondoc.tracking.agency_reports import FigureInput
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


ACTIONS = ["section", "parts", "submit", "approve", "refuse", "accept", "return", "signed"]


class ActionForm(VietnameseForm):
    """Which button of the page was pressed."""

    action = forms.ChoiceField(label="Thao tác", choices=[(a, a) for a in ACTIONS])


class ReportPartsForm(VietnameseForm):
    """The report's own parts; the figures table is read row by row from the lists
    fig_label, fig_value, fig_unit, fig_section (`figure_rows`; the service checks each)."""

    version = _version()
    difficulties = forms.CharField(label="Khó khăn, vướng mắc", required=False, strip=False)
    proposals = forms.CharField(label="Đề xuất, kiến nghị", required=False, strip=False)

    def figure_rows(self) -> list[FigureInput]:
        data = cast(QueryDict, self.data)
        labels, values = data.getlist("fig_label"), data.getlist("fig_value")
        units, sections = data.getlist("fig_unit"), data.getlist("fig_section")
        rows = []
        for i, label in enumerate(labels):
            section = sections[i] if i < len(sections) else ""
            rows.append(
                FigureInput(
                    label=label,
                    value=values[i] if i < len(values) else "",
                    unit=units[i] if i < len(units) else "",
                    section_id=int(section) if section.isdigit() else None,
                )
            )
        return rows


class DecisionForm(VietnameseForm):
    """Sending, the leader's approval or refusal, the focal officer's accept or return."""

    version = _version()
    comment = forms.CharField(label="Ý kiến", required=False, strip=False)
    form_token = forms.CharField(label="Mã biểu mẫu", required=False, max_length=64)

    def section_comments(self, section_ids: list[int]) -> dict[int, str]:
        """The focal officer's comment per returned section (the fields return_<id>)."""
        found = {pk: str(self.data.get(f"return_{pk}", "")) for pk in section_ids}
        return {pk: text for pk, text in found.items() if text.strip()}
