"""The plan pages' forms: the upload, the review of a draft (one box per assignment, named
`a-<task>-<position>`), an assignment's agency corrected, and the links of the plan cascade.
Ids are read as numbers by the shared field; the service checks the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.core import queryparams
from dondoc.org.models import AdminUnit

from .inputs import NumberField, PressedField, VietnameseForm


class SentText(forms.CharField):
    """A box whose absence means "not sent, leave it" (None), while an empty box clears."""

    def to_python(self, value: Any) -> str | None:
        return None if value is None else str(value).strip()


def _id(label: str) -> NumberField:
    return NumberField(label=label, integer=True, required=False, min_value=1,
                       max_value=queryparams.ID_MAX)  # fmt: skip


class PlanUploadForm(VietnameseForm):
    """A plan file, and the issuing unit when the file does not say (`units`: the user's)."""

    file = forms.FileField(label="Tệp kế hoạch", required=False)
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Đơn vị ban hành", required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = units


class PlanReviewForm(VietnameseForm):
    """The review of a draft: the agency typed for each assignment (`fields`: their names;
    a box not sent leaves the assignment as read), replace an earlier document, or discard."""

    form_token = forms.CharField(label="Mã biểu mẫu", required=False, max_length=64,
                                 widget=forms.HiddenInput)  # fmt: skip
    replace = forms.BooleanField(label="Thay thế văn bản cùng số", required=False)
    discard = PressedField(label="Hủy")

    def __init__(self, *args: Any, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in fields:
            self.fields[name] = SentText(label=name, required=False, max_length=255)

    def typed(self, name: str) -> str | None:
        """The agency name typed in box `name` (None: the box was not sent)."""
        value = self.cleaned_data.get(name)
        return None if value is None else str(value)


class AssignmentAgencyForm(VietnameseForm):
    """An assignment's agency, by its name in the directory (empty: no agency)."""

    agency = forms.CharField(label="Cơ quan", required=False, max_length=255)


class CascadeForm(VietnameseForm):
    """The plan cascade: the higher document (`upper`; empty: none, not sent: leave it), or a
    task's link to a task of the higher plan (`task`, `upper_task`; empty: none)."""

    upper = SentText(label="Văn bản cấp trên", required=False)
    task = _id("Nhiệm vụ")
    upper_task = _id("Nhiệm vụ cấp trên")

    def clean_upper(self) -> int | str | None:
        value = self.cleaned_data.get("upper")
        if not value:
            return value  # None: not sent; "": none
        field = _id("Văn bản cấp trên")
        return field.clean(value)
