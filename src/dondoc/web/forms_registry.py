"""The registry's forms: one form for a person (a victim, a suspect, a complainant, a claimant,
a person back in the community), reused by every record that names one, and one form per
record kind. Every value is read by the shared fields of `inputs` (dates 31/12/2024, amounts
150.000.000, years of birth); what the services refuse still comes back as their message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import Agency
from dondoc.registry.deadlines import criminal_complaint_rules
from dondoc.registry.models import (
    CompensationClaim,
    Complaint,
    CrimeReport,
    CrimeReportPerson,
    CriminalCase,
    EthnicGroup,
    Offence,
    Religion,
    Sex,
    TortureAct,
    VictimSupport,
)
from dondoc.registry.services import PersonInput, identity_checked

from .inputs import AmountField, BirthYearField, DateField, OnceForm, VietnameseForm

PERSON_FIELDS = ("name", "identity", "sex", "birth_date", "birth_year", "ethnicity", "religion")


def _max_length(model: Any, name: str) -> int | None:
    return model._meta.get_field(name).max_length


class PersonForm(VietnameseForm):
    """A person named by a record. `prefix` names the role ("victim" → `victim_name`,
    `victim_birth_year` …); `who` is added to each label ("Năm sinh bị hại"), so a message
    says whose field it is; `only` keeps the fields the record asks for."""

    name = forms.CharField(label="Họ và tên", max_length=200, required=False)
    identity = forms.CharField(
        label="Số định danh",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label="Giới tính", choices=Sex.choices, required=False, initial=Sex.UNKNOWN
    )
    birth_date = DateField(label="Ngày sinh", required=False, not_future=True)
    birth_year = BirthYearField(label="Năm sinh", required=False, widget=forms.TextInput(
        attrs={"size": 5}))  # fmt: skip
    ethnicity = forms.ModelChoiceField(
        EthnicGroup.objects.order_by("code"), label="Dân tộc", required=False,
        empty_label="(chưa rõ)",
    )  # fmt: skip
    religion = forms.ModelChoiceField(
        Religion.objects.order_by("code"), label="Tôn giáo", required=False,
        empty_label="(chưa rõ)",
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        only: Sequence[str] = PERSON_FIELDS,
        name_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in set(self.fields) - set(only):
            del self.fields[name]
        self.fields["name"].required = name_required

    def add_prefix(self, field_name: str) -> str:
        return f"{self.prefix}_{field_name}" if self.prefix else field_name

    def clean_identity(self) -> str:
        try:
            return identity_checked(self.cleaned_data.get("identity") or "")
        except InvalidInput as problem:
            raise forms.ValidationError(problem.message) from problem

    def person(self) -> PersonInput | None:
        """The person typed in, or None when no name was given (an unknown victim)."""
        data = self.cleaned_data
        name = " ".join((data.get("name") or "").split())
        if not name:
            return None
        return PersonInput(
            full_name=name,
            identity_number=data.get("identity") or "",
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            sex=data.get("sex") or Sex.UNKNOWN,
            ethnicity=data.get("ethnicity"),
            religion=data.get("religion"),
        )


class AgencyChoice(forms.ModelChoiceField):
    """The agency recording the record: one of the user's (the first when none is sent)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AgencyForm(VietnameseForm):
    """A form sent for one of the user's agencies (`agencies`, the first by default)."""

    agency = AgencyChoice(Agency.objects.none(), label="Cơ quan", required=False, empty_label=None)

    def __init__(self, *args: Any, agencies: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, AgencyChoice)  # noqa: S101 - declared above
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        field.error_messages["invalid_choice"] = (
            "Cơ quan được chọn không thuộc các cơ quan bạn nhập hồ sơ."
        )
        self.agencies = list(agencies)

    def clean_agency(self) -> Any:
        return self.cleaned_data.get("agency") or self.agencies[0]


class RecordForm(AgencyForm, OnceForm):
    """A new record kept by one of the user's agencies, sent once (its token)."""


class SimpleRecordForm(RecordForm):
    """The agency and token of a simple record (its columns are a model form beside it), and
    for an activity the audiences it reached (`audiences`: value → label)."""

    audiences = forms.MultipleChoiceField(
        label="Đối tượng", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, audiences: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if audiences:
            field = self.fields["audiences"]
            assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
            field.choices = list(audiences.items())
        else:
            del self.fields["audiences"]


class RegistryImportForm(AgencyForm):
    """A registry file to check (`file`, its `sheet`), or the file waiting for confirmation:
    save its valid rows (`confirm`) or drop it (`abandon`)."""

    file = forms.FileField(label="Tệp", required=False)
    sheet = forms.CharField(label="Trang tính", required=False, max_length=31)
    confirm = forms.BooleanField(label="Lưu các dòng hợp lệ", required=False)
    abandon = forms.BooleanField(label="Bỏ tệp đang chờ", required=False)


def _text(label: str, model: Any = None, name: str = "", **kwargs: Any) -> forms.CharField:
    length = _max_length(model, name) if model is not None else None
    return forms.CharField(label=label, max_length=length, required=False, **kwargs)


class CrimeReportForm(RecordForm):
    number = _text("Số thụ lý", CrimeReport, "number")
    received_on = DateField(label="Ngày tiếp nhận", not_future=True)
    source = forms.ChoiceField(label="Nguồn tin", choices=CrimeReport.Source.choices)
    offence = forms.ModelChoiceField(
        Offence.objects.order_by("article"), label="Tội danh", required=False,
        empty_label="(chưa xác định)",
    )  # fmt: skip
    summary = _text("Tóm tắt nội dung", widget=forms.Textarea(attrs={"rows": 3}))
    complex = forms.BooleanField(label="Vụ việc phức tạp", required=False)


class DecisionForm(VietnameseForm):
    decision = forms.ChoiceField(
        label="Kết quả giải quyết",
        choices=[
            c
            for c in CrimeReport.Decision.choices
            if c[0] not in (CrimeReport.Decision.PENDING, CrimeReport.Decision.TRANSFER)
        ],  # a transfer names the body: the detail page's steps (views_crime)
    )
    decided_on = DateField(label="Ngày quyết định", not_future=True)


class ComplaintForm(RecordForm):
    kind = forms.ChoiceField(label="Loại đơn", choices=Complaint.Kind.choices)
    respondent = _text("Người, cơ quan bị khiếu nại, tố cáo")
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 4}))
    torture_act = forms.ModelChoiceField(
        TortureAct.objects.order_by("pk"), label="Hành vi liên quan đến tra tấn", required=False,
        empty_label="(không)",
    )  # fmt: skip
    received_on = DateField(label="Ngày nhận đơn", not_future=True)
    accepted_on = DateField(label="Ngày thụ lý", required=False, not_future=True)
    complex = forms.BooleanField(label="Vụ việc phức tạp", required=False)
    remote = forms.BooleanField(label="Vùng sâu, vùng xa", required=False)
    criminal_against = forms.ChoiceField(
        label="Khiếu nại quyết định, hành vi tố tụng hình sự của", required=False,
        choices=[("", "(không: khiếu nại theo Luật Khiếu nại)")] + [
            (key, label) for key, (label, _) in criminal_complaint_rules().items()
        ],
    )  # fmt: skip


class CaseForm(RecordForm):
    number = _text("Số vụ án", CriminalCase, "number")
    opened_on = DateField(label="Ngày khởi tố", not_future=True)
    offences = forms.ModelMultipleChoiceField(
        Offence.objects.order_by("article"), label="Tội danh", required=False
    )
    place = _text("Địa điểm xảy ra")
    facts = _text("Tóm tắt hành vi")


class CompensationForm(RecordForm):
    damaging_act = forms.CharField(label="Hành vi gây thiệt hại")
    torture_act = forms.ModelChoiceField(
        TortureAct.objects.order_by("pk"), label="Hành vi liên quan đến tra tấn", required=False,
        empty_label="(không)",
    )  # fmt: skip
    amount_claimed = AmountField(label="Số tiền yêu cầu")
    accepted_on = DateField(label="Ngày thụ lý", not_future=True)
    complex = forms.BooleanField(label="Vụ việc phức tạp", required=False)


class CompensationProgressForm(VietnameseForm):
    verified_on = DateField(label="Ngày có báo cáo xác minh thiệt hại", required=False,
                            not_future=True)  # fmt: skip
    negotiated_on = DateField(label="Ngày kết thúc thương lượng", required=False, not_future=True)
    decided_on = DateField(label="Ngày quyết định giải quyết bồi thường", required=False,
                           not_future=True)  # fmt: skip
    outcome = forms.ChoiceField(label="Kết quả", choices=CompensationClaim.Outcome.choices)
    amount_decided = AmountField(label="Số tiền được bồi thường theo quyết định", required=False)
    amount_advanced = AmountField(label="Số tiền tạm ứng", required=False)

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount_advanced"] = data["amount_advanced"] or 0
        return data


class CompensationPaymentForm(VietnameseForm):
    paid_on = DateField(label="Ngày chi trả", not_future=True)
    amount = AmountField(label="Số tiền chi trả")
    note = forms.CharField(label="Ghi chú (số chứng từ)", required=False, max_length=255)


class VictimSupportForm(OnceForm):
    """Support given to one of a crime report's victims (`links`: its people)."""

    link = forms.ModelChoiceField(
        CrimeReportPerson.objects.none(), label="Bị hại được hỗ trợ", empty_label=None
    )
    form = forms.ChoiceField(label="Hình thức hỗ trợ", choices=VictimSupport.Form.choices)
    provided_on = DateField(label="Ngày hỗ trợ", not_future=True)
    note = _text("Ghi chú")

    def __init__(self, *args: Any, links: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["link"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = links
        field.error_messages["required"] = "Chọn bị hại được hỗ trợ."
        field.error_messages["invalid_choice"] = "Chọn bị hại được hỗ trợ."


class ExportChoiceForm(forms.Form):
    """Which agency's records an export takes (`co_quan`, in the query or the queueing POST);
    access is checked by the view's selector."""

    co_quan = forms.CharField(required=False, max_length=20)
    # A password protects a file with personal data (core.protect); sent by POST only.
    mat_khau = forms.CharField(required=False, max_length=128, strip=False)
