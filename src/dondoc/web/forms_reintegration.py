"""The reintegration registry's forms: a new subject (the person is `forms_registry.PersonForm`)
and the steps recorded on a subject's page. Dates, amounts and the article of the offence are
read by the shared fields; the service checks the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dondoc.org.models import Agency
from dondoc.reintegration.models import (
    EndReason,
    Group,
    LegalStatus,
    ReintegrationSubject,
    SubjectSupport,
    SubjectTransfer,
    SupportKind,
)
from dondoc.reintegration.services import COMMUNITY_EVENTS, RECORDED_EVENTS

from .inputs import AmountField, DateField, NumberField, OnceForm, VietnameseForm


def _text(label: str, model: Any = None, name: str = "") -> forms.CharField:
    length = model._meta.get_field(name).max_length if model is not None else None
    return forms.CharField(label=label, max_length=length, required=False)


class SubjectForm(VietnameseForm):
    legal_status = forms.ChoiceField(label="Diện quản lý", choices=LegalStatus.choices)
    judgment = _text("Bản án", ReintegrationSubject, "judgment")
    offence_article = NumberField(label="Tội danh: Điều", integer=True, required=False,
                                  min_value=1, max_value=999)  # fmt: skip
    sentence = _text("Hình phạt", ReintegrationSubject, "sentence")
    prison = _text("Trại giam, cơ quan thông báo", ReintegrationSubject, "prison")
    start_on = DateField(label="Ngày ra trại hoặc ngày bắt đầu chấp hành")
    supervision_until = DateField(label="Hết thời hạn quản lý, giúp đỡ", required=False)
    needs = forms.MultipleChoiceField(label="Nhu cầu hỗ trợ", choices=SupportKind.choices,
                                      required=False)  # fmt: skip
    notice_on = DateField(
        label="Ngày nhận thông báo",
        help_text="án treo, cải tạo không giam giữ: ngày nhận quyết định thi hành án",
        required=False,
        not_future=True,
    )
    received_on = DateField(label="Ngày tiếp nhận tại xã", required=False, not_future=True)


class EventForm(OnceForm):
    """A step of the subject's record (reintegration.services.event_record)."""

    kind = forms.ChoiceField(
        label="Sự kiện",
        choices=[(kind.value, kind.label) for kind in RECORDED_EVENTS],
        widget=forms.Select(attrs={"id": "event-kind"}),
    )
    on = DateField(label="Ngày", widget=forms.TextInput(attrs={"id": "event-on"}))
    helper = forms.CharField(
        label="Người giúp đỡ",
        help_text="họ tên, chức vụ hoặc tổ chức; khi phân công",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"id": "event-helper"}),
    )
    group = forms.ChoiceField(
        label="Xếp loại",
        help_text="khi báo cáo quý",
        choices=[("", "—"), *Group.choices],
        required=False,
        widget=forms.Select(attrs={"id": "event-group"}),
    )
    quarter = forms.CharField(
        label="Quý được báo cáo",
        help_text="dạng 2026-Q3; khi báo cáo, xếp loại hoặc nhận xét quý",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"id": "event-quarter", "size": 8}),
    )
    month = forms.CharField(
        label="Tháng được báo cáo",
        help_text="dạng 2026-07; khi người chấp hành án báo cáo (mặc định: tháng của ngày ghi)",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"id": "event-month", "size": 8}),
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, community: bool = True, **kwargs: Any) -> None:
        """`community`: the subject serves a community sentence (its own steps are offered);
        otherwise they are not (the service refuses them anyway)."""
        super().__init__(*args, **kwargs)
        if not community:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
            field.choices = [
                (kind.value, kind.label) for kind in RECORDED_EVENTS if kind not in COMMUNITY_EVENTS
            ]


class ProviderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TargetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parent = obj.unit.parent
        return f"{obj.name} ({parent.name})" if parent else str(obj.name)


class SupportForm(OnceForm):
    """Support given (`providers`: the agencies that may have given it)."""

    kind = forms.ChoiceField(label="Hình thức hỗ trợ", choices=SupportKind.choices)
    provided_on = DateField(label="Ngày hỗ trợ", not_future=True)
    provider = ProviderChoice(
        Agency.objects.none(), label="Cơ quan, tổ chức hỗ trợ", required=False,
        empty_label="(không ghi)",
    )  # fmt: skip
    amount = AmountField(label="Số tiền (đồng)", required=False, max_digits=14)
    note = _text("Ghi chú", SubjectSupport, "note")

    def __init__(self, *args: Any, providers: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, ProviderChoice)  # noqa: S101 - declared above
        field.queryset = providers
        field.error_messages["invalid_choice"] = "Cơ quan hỗ trợ được chọn không thuộc danh sách."


class EndForm(VietnameseForm):
    ended_on = DateField(label="Ngày kết thúc", not_future=True)
    reason = forms.ChoiceField(label="Lý do", choices=EndReason.choices)
    note = _text("Ghi chú")


class TransferForm(OnceForm):
    """The hand-over to another commune of the province (`targets`: their police)."""

    to_agency = TargetChoice(
        Agency.objects.none(), label="Công an xã nơi đến", empty_label="(chọn)"
    )
    moved_on = DateField(label="Ngày chuyển đi", not_future=True)
    note = _text("Ghi chú", SubjectTransfer, "note")

    def __init__(self, *args: Any, targets: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_agency"]
        assert isinstance(field, TargetChoice)  # noqa: S101 - declared above
        field.queryset = targets
        refused = "Chọn Công an xã nơi người này chuyển đến (trong tỉnh)."
        field.error_messages["required"] = field.error_messages["invalid_choice"] = refused


class TransferDecisionForm(VietnameseForm):
    accept = forms.BooleanField(label="Tiếp nhận", required=False)
    on = DateField(label="Ngày tiếp nhận", required=False, not_future=True)
    note = _text("Ghi chú", SubjectTransfer, "note")
