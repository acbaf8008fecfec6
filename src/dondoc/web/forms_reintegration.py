"""The reintegration registry's forms: a new subject (the person is `forms_registry.PersonForm`)
and the steps recorded on a subject's page. Dates, amounts and the article of the offence are
read by the shared fields; the service checks the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.reintegration.models import (
    EndReason,
    LegalStatus,
    ReintegrationSubject,
    SubjectSupport,
    SubjectTransfer,
    SupportKind,
)

from .inputs import AmountField, DateField, NumberField, VietnameseForm


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
    notice_on = DateField(label="Ngày nhận thông báo", required=False, not_future=True)
    received_on = DateField(label="Ngày tiếp nhận tại xã", required=False, not_future=True)


class EventForm(VietnameseForm):
    kind = forms.CharField(label="Sự kiện")
    on = DateField(label="Ngày")
    note = _text("Ghi chú")
    helper = _text("Người giúp đỡ")
    group = forms.CharField(label="Xếp loại", required=False)
    quarter = forms.CharField(label="Quý được báo cáo", required=False, max_length=7)


class SupportForm(VietnameseForm):
    kind = forms.ChoiceField(label="Hình thức hỗ trợ", choices=SupportKind.choices)
    provided_on = DateField(label="Ngày hỗ trợ", not_future=True)
    provider = forms.CharField(label="Cơ quan, tổ chức hỗ trợ", required=False)
    amount = AmountField(label="Số tiền", required=False, max_digits=14)
    note = _text("Ghi chú", SubjectSupport, "note")


class EndForm(VietnameseForm):
    ended_on = DateField(label="Ngày kết thúc", not_future=True)
    reason = forms.ChoiceField(label="Lý do", choices=EndReason.choices)
    note = _text("Ghi chú")


class TransferForm(VietnameseForm):
    to_agency = forms.CharField(label="Công an xã nơi đến", required=False)
    moved_on = DateField(label="Ngày chuyển đi", not_future=True)
    note = _text("Ghi chú", SubjectTransfer, "note")


class TransferDecisionForm(VietnameseForm):
    accept = forms.BooleanField(label="Tiếp nhận", required=False)
    on = DateField(label="Ngày tiếp nhận", required=False, not_future=True)
    note = _text("Ghi chú", SubjectTransfer, "note")
