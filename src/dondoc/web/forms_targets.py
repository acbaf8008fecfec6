"""The focal officer's form on a plan's targets page: a target's indicator and baseline."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.indicators.models import Indicator, Target

from .inputs import NumberField, VietnameseForm


class TargetLinkForm(VietnameseForm):
    """Which indicator measures a target of `document`, and the baseline it is judged on
    (a fixed baseline is a number typed the Vietnamese way: "5,5", "1.234")."""

    target = forms.ModelChoiceField(Target.objects.none(), label="Chỉ tiêu")
    indicator = forms.ModelChoiceField(Indicator.objects.all(), label="Chỉ số", required=False)
    baseline_rule = forms.ChoiceField(
        label="Mốc so sánh", choices=Target.Baseline.choices, required=False
    )
    baseline_value = NumberField(label="Mốc cố định", required=False, max_digits=15)

    def __init__(self, *args: Any, document: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Target.objects.filter(document=document)

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        value = data.get("baseline_value")
        return {
            "indicator": data.get("indicator"),
            "baseline_rule": data.get("baseline_rule") or Target.Baseline.PREVIOUS_YEAR,
            "baseline_value": float(value) if value is not None else None,
        }
