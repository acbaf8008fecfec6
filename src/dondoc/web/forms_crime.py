"""The crime report's forms: the report as the receiving register records it (offence as the
officer writes it, through the registry's one resolver; date and place of the offence), the
people it names (several per role, each a PersonForm with the commune of residence and the
choice of a person already on record), and one step of BLTTHS Art. 147-149."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import AdminUnit
from dondoc.registry.catalogues import OffenceResolver
from dondoc.registry.models import CrimeReport, CrimeReportStep, Role

from .forms_registry import PersonForm, RecordForm, _text
from .inputs import DateField, VietnameseForm

# The slots of the form: (role, how many, the legend, whose fields the labels name).
SLOTS: tuple[tuple[str, int, str, str], ...] = (
    (Role.REPORTER, 1, "Người tố giác, báo tin", "người báo tin"),
    (Role.SUSPECT, 3, "Người bị tố giác, bị kiến nghị khởi tố", "người bị tố giác"),
    (Role.VICTIM, 3, "Bị hại", "bị hại"),
)
CRIME_PERSON_FIELDS = ("name", "identity", "sex", "birth_year", "residence", "ethnicity")
NEW = "new"


def communes_now() -> Any:
    """The communes (xã, phường, đặc khu) of the current administrative map."""
    return (
        AdminUnit.objects.filter(map=AdminUnit.Map.V2025, level=AdminUnit.Level.COMMUNE)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}, {obj.parent.name}" if obj.parent else str(obj.name)


class CrimePersonForm(PersonForm):
    """A person the report names, with the commune of residence (for the look-up by name +
    year of birth + commune) and `existing`: a person on record picked instead ("đã có trong
    hồ sơ"), or "new" to create one although similar people exist."""

    residence = UnitChoice(
        AdminUnit.objects.none(), label="Nơi cư trú (xã, phường)", required=False,
        empty_label="(chưa rõ)",
    )  # fmt: skip
    existing = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, only=(*CRIME_PERSON_FIELDS, "existing"), **kwargs)
        field = self.fields["residence"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = communes
        self.matches: list[Any] = []

    def person(self) -> Any:
        found = super().person()
        if found is None:
            return None
        from dataclasses import replace

        return replace(found, residence_unit=self.cleaned_data.get("residence"))

    @property
    def choice(self) -> str:
        return str(self.cleaned_data.get("existing") or "").strip()


class CrimeReportRegisterForm(RecordForm):
    number = _text("Số thụ lý", CrimeReport, "number")
    received_on = DateField(label="Ngày tiếp nhận", not_future=True)
    source = forms.ChoiceField(label="Nguồn tin", choices=CrimeReport.Source.choices)
    offence = forms.CharField(
        label="Tội danh (Điều luật BLHS)", required=False, max_length=300,
        widget=forms.TextInput(attrs={"list": "offences", "placeholder": "Điều 134", "size": 60}),
    )  # fmt: skip
    offence_on = DateField(label="Ngày xảy ra", required=False, not_future=True)
    offence_unit = UnitChoice(
        AdminUnit.objects.none(), label="Nơi xảy ra (xã, phường, đặc khu)", required=False,
        empty_label="(chưa rõ)",
    )  # fmt: skip
    offence_address = _text("Địa chỉ nơi xảy ra")
    summary = _text("Tóm tắt nội dung", widget=forms.Textarea(attrs={"rows": 3}))
    complex = forms.BooleanField(label="Vụ việc phức tạp", required=False)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offence_unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = communes
        field.error_messages["invalid_choice"] = "Nơi xảy ra: chọn xã, phường trong danh sách."

    def clean_offence(self) -> Any:
        try:
            found = OffenceResolver.load().resolve(self.cleaned_data.get("offence") or "")
        except InvalidInput as problem:
            raise forms.ValidationError(problem.message) from problem
        return found.pk if found else None


class StepForm(VietnameseForm):
    kind = forms.ChoiceField(
        label="Bước giải quyết",
        choices=[c for c in CrimeReportStep.Kind.choices if c[0] != "received"],
    )
    on = DateField(label="Ngày", not_future=True)
    number = forms.CharField(label="Số quyết định", required=False, max_length=40)
    transferred_to = forms.CharField(label="Cơ quan được chuyển", required=False, max_length=255)
    note = forms.CharField(label="Ghi chú", required=False, max_length=1000)
