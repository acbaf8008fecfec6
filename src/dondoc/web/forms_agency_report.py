"""The forms of an agency's report page: one section, the report's own parts (difficulties,
proposals, the figures table), sending, the leader's approval and the focal officer's review."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import QueryDict

from dondoc.tracking.agency_reports import FigureInput, split_breakdown
from dondoc.tracking.models import TaskStatus

from .inputs import NumberField, PressedField, VietnameseForm


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


ACTIONS = ["section", "parts", "evidence_remove", "submit", "approve", "refuse", "accept",
           "return", "signed"]  # fmt: skip


class EvidenceRemoveForm(VietnameseForm):
    """Which file of the whole report to remove."""

    evidence = forms.IntegerField(label="Tài liệu", widget=forms.HiddenInput)


class ActionForm(VietnameseForm):
    """Which button of the page was pressed."""

    action = forms.ChoiceField(label="Thao tác", choices=[(a, a) for a in ACTIONS])


class ReportPartsForm(VietnameseForm):
    """The report's own parts; the figures table is read row by row from the lists
    fig_label, fig_value, fig_unit, fig_measure ("t<id>": a target of the plan, "i<id>": an
    indicator), fig_breakdown ("Nam: 12; Nữ: 8") and fig_section (`figure_rows`; the service
    checks each row against the plan and the indicator)."""

    version = _version()
    difficulties = forms.CharField(label="Khó khăn, vướng mắc", required=False, strip=False)
    proposals = forms.CharField(label="Đề xuất, kiến nghị", required=False, strip=False)
    then_submit = PressedField(label="Lưu và gửi báo cáo")
    form_token = forms.CharField(label="Mã biểu mẫu", required=False, max_length=64)

    def typed_rows(self) -> list[dict[str, str]]:
        """The rows as typed, to show them again when the save is refused."""
        data = cast(QueryDict, self.data)
        columns = {name: data.getlist(f"fig_{name}") for name in FIGURE_COLUMNS}
        count = max((len(values) for values in columns.values()), default=0)
        return [
            {name: (values[i] if i < len(values) else "") for name, values in columns.items()}
            for i in range(count)
        ]

    def figure_rows(self) -> list[FigureInput]:
        rows = []
        for typed in self.typed_rows():
            measure = typed["measure"].strip()
            target_id = int(measure[1:]) if measure[:1] == "t" and measure[1:].isdigit() else None
            indicator_id = (
                int(measure[1:]) if measure[:1] == "i" and measure[1:].isdigit() else None
            )
            section = typed["section"].strip()
            rows.append(
                FigureInput(
                    label=typed["label"],
                    value=typed["value"],
                    unit=typed["unit"],
                    target_id=target_id,
                    indicator_id=indicator_id,
                    section_id=int(section) if section.isdigit() else None,
                    parts=split_breakdown(typed["breakdown"]),
                )
            )
        return rows


FIGURE_COLUMNS = ("label", "value", "unit", "measure", "breakdown", "section")


class DecisionForm(VietnameseForm):
    """Sending, the leader's approval or refusal, the focal officer's accept or return."""

    version = _version()
    comment = forms.CharField(label="Ý kiến", required=False, strip=False)
    form_token = forms.CharField(label="Mã biểu mẫu", required=False, max_length=64)

    def section_comments(self, section_ids: list[int]) -> dict[int, str]:
        """The focal officer's comment per returned section (the fields return_<id>)."""
        found = {pk: str(self.data.get(f"return_{pk}", "")) for pk in section_ids}
        return {pk: text for pk, text in found.items() if text.strip()}
