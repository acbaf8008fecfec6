"""The forms of an agency's request about its task and of its decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dondoc.org.models import Agency
from dondoc.plans.models import TaskRequest

from .inputs import DateField, OnceForm, VietnameseForm


class _AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TaskRequestForm(OnceForm):
    """Extend (a new deadline), re-assign (to another agency, or off the task) or withdraw."""

    kind = forms.ChoiceField(label="Nội dung đề nghị", choices=TaskRequest.Kind.choices)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 4}))
    proposed_date = DateField(label="Thời hạn đề nghị (nếu gia hạn)", required=False)
    to_agency = _AgencyChoice(
        label="Cơ quan đề nghị giao (nếu điều chỉnh)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="— Không (chỉ thôi phối hợp) —",
    )

    def __init__(self, *args: Any, agencies: Sequence[Agency] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to_agency"]
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")


class TaskRequestDecisionForm(VietnameseForm):
    action = forms.ChoiceField(
        label="Quyết định", choices=[("accept", "Chấp nhận"), ("refuse", "Không chấp nhận")]
    )
    comment = forms.CharField(
        label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
