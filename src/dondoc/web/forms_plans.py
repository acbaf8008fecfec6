"""The plan pages' forms: the upload, the review of a draft (one box per assignment, named
`a-<task>-<position>`), an assignment's agency corrected, and the links of the plan cascade.
Ids are read as numbers by the shared field; the service checks the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.core import queryparams
from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import AdminUnit, Agency
from dondoc.plans.corrections import typed_deadline
from dondoc.plans.importers.header import DOCUMENT_TYPES
from dondoc.plans.models import Assignment, DeadlineKind

from .inputs import DateField, NumberField, OnceForm, PressedField, VietnameseForm


class SentText(forms.CharField):
    """A box whose absence means "not sent, leave it" (None), while an empty box clears."""

    def to_python(self, value: Any) -> str | None:
        return None if value is None else str(value).strip()


def _id(label: str) -> NumberField:
    return NumberField(label=label, integer=True, required=False, min_value=1,
                       max_value=queryparams.ID_MAX)  # fmt: skip


class PlanUploadForm(VietnameseForm):
    """A plan file, and the issuing unit when the file does not say (`units`: the user's);
    `kept`: the file of a failed attempt, kept on the server, sent again instead of a file."""

    file = forms.FileField(label="Tệp kế hoạch", required=False)
    kept = _id("Tệp vừa chọn")
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Đơn vị ban hành", required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = units


class PlanReviewForm(VietnameseForm):
    """The review of a draft: the agency typed for each assignment (`fields`: their names;
    a box not sent leaves the assignment as read), replace an earlier document, or discard."""

    form_token = forms.CharField(
        label="Mã biểu mẫu", required=False, max_length=64, widget=forms.HiddenInput
    )
    replace = forms.BooleanField(label="Thay thế văn bản cùng số", required=False)
    discard = PressedField(label="Hủy")
    version = _id("Phiên bản")  # the draft's, when the page sent it (services check it)

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


# --- Correcting a draft, and amending a saved plan -------------------------------------------
# Each correction is its own small form, sent with the version of the draft or plan it was
# shown with and a form token: the page holds several, told apart by `thao_tac`.


class ActionForm(VietnameseForm):
    """Which of a page's forms was sent."""

    thao_tac = forms.CharField(label="Thao tác", required=False, max_length=30)


class _VersionedForm(OnceForm):
    version = NumberField(
        label="Phiên bản", integer=True, min_value=1, max_value=10**9, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if version is not None and not self.is_bound:
            self.initial["version"] = version


class NameDecisionForm(_VersionedForm):
    """Adopt or decline the name the plan under review uses for one of its unit's agencies."""

    agency = NumberField(
        label="Cơ quan", integer=True, min_value=1, max_value=queryparams.ID_MAX,
        widget=forms.HiddenInput,
    )  # fmt: skip
    name = forms.CharField(label="Tên đề xuất", max_length=300, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Quyết định",
        choices=[("nhan", "Nhận tên mới"), ("giu", "Giữ tên trong danh mục")],
    )


class DraftHeaderForm(_VersionedForm):
    """The document's number, symbol, date, issuer and title."""

    number = forms.CharField(
        label="Số",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "284", "size": 8}),
    )
    symbol = forms.CharField(
        label="Ký hiệu",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "KH-UBND"}),
    )
    issued_on = DateField(label="Ngày ban hành", required=False)
    issuer = forms.CharField(
        label="Cơ quan ban hành",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"size": 50}),
    )
    title = forms.CharField(
        label="Trích yếu", max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "cols": 70})
    )


def _deadline_kinds() -> list[tuple[str, str]]:
    return [("", "— theo chữ ghi —"), *DeadlineKind.choices]


class TaskFieldsForm(_VersionedForm):
    """A task's text, deadline (typed: read by the importers' parser, its kind chosen when the
    text does not say it) and expected result; `amend`: the source of a plan's amendment."""

    title = forms.CharField(
        label="Nội dung nhiệm vụ",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )
    deadline = forms.CharField(
        label="Thời hạn",
        required=False,
        max_length=500,
        widget=forms.TextInput(
            attrs={"size": 40, "placeholder": "Quý II/2025; Hằng năm; Trước ngày 30/11/2025"}
        ),
    )
    deadline_kind = forms.ChoiceField(
        label="Loại thời hạn", required=False, choices=_deadline_kinds
    )
    expected_result = forms.CharField(
        label="Kết quả dự kiến",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 70}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "deadline" in data and "deadline_kind" in data:
            try:
                data["typed_deadline"] = typed_deadline(data["deadline"], data["deadline_kind"])
            except InvalidInput as error:
                self.add_error("deadline", error.message)
        return data


class AmendSourceMixin(forms.Form):
    """Why a saved plan changes: the amending document, or the reason of a fix."""

    amending_document = forms.CharField(
        label="Văn bản sửa đổi, bổ sung",
        required=False,
        max_length=255,
        widget=forms.TextInput(
            attrs={"size": 50, "placeholder": "Kế hoạch số 20/KH-UBND ngày 05/3/2026"}
        ),
    )
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"size": 50, "placeholder": "Sửa lỗi đánh máy thời hạn"}),
    )


class TaskAmendForm(TaskFieldsForm, AmendSourceMixin):
    pass


def _agency_named(agencies: list[Agency], value: Any, *, required: bool = True) -> Agency | None:
    name = " ".join(str(value or "").split())
    if not name and not required:
        return None
    found = next((a for a in agencies if a.name == name), None)
    if found is None:
        raise forms.ValidationError(
            f"Cơ quan: “{name}” không có trong danh mục cơ quan được phân công; hãy chọn "
            "trong danh sách gợi ý."
        )
    return found


class AgencyPickForm(_VersionedForm):
    """One more agency of a task, chosen by name (with search) among `agencies`."""

    role = forms.ChoiceField(label="Vai trò", choices=Assignment.Role.choices)
    agency = forms.CharField(
        label="Cơ quan",
        max_length=255,
        widget=forms.TextInput(
            attrs={"list": "agency-names", "size": 40, "placeholder": "gõ để tìm"}
        ),
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies

    def clean_agency(self) -> Agency | None:
        return _agency_named(self.agencies, self.cleaned_data.get("agency"))


class AgencyPickAmendForm(AgencyPickForm, AmendSourceMixin):
    pass


class AssignmentDropForm(_VersionedForm):
    """An agency taken off a task: by its place in the draft, or by its id in a saved plan."""

    position = NumberField(
        label="Cơ quan", integer=True, min_value=0, max_value=10**6, widget=forms.HiddenInput
    )


class AssignmentDropAmendForm(AssignmentDropForm, AmendSourceMixin):
    on = DateField(label="Từ ngày", required=False)


class SplitForm(_VersionedForm):
    """A task read where the plan has two."""

    first = forms.CharField(
        label="Nhiệm vụ thứ nhất",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )
    second = forms.CharField(
        label="Nhiệm vụ thứ hai (tách ra)",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )


class TaskAddForm(TaskFieldsForm, AmendSourceMixin):
    """A task added to a saved plan, with its lead and a coordinating agency (more on the
    task's page afterwards)."""

    lead = forms.CharField(
        label="Cơ quan chủ trì",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"list": "agency-names", "size": 40}),
    )
    coordinating = forms.CharField(
        label="Cơ quan phối hợp",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"list": "agency-names", "size": 40}),
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, key in (("lead", "leads"), ("coordinating", "coordinators")):
            try:
                agency = _agency_named(self.agencies, data.get(name), required=False)
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            data[key] = [agency] if agency is not None else []
        return data


class VersionOnlyForm(_VersionedForm):
    """A button: merge with the next task, delete the task."""


class WithdrawForm(_VersionedForm, AmendSourceMixin):
    """A saved task withdrawn from a day, with its reason or amending document."""

    on = DateField(label="Bãi bỏ từ ngày")


class ManualPlanForm(OnceForm):
    """A plan entered by hand: its unit and kind; the rest on the review screen."""

    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Địa bàn ban hành")
    type_code = forms.ChoiceField(
        label="Loại văn bản", choices=list(DOCUMENT_TYPES.items()), initial="KH"
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = units
