"""Forms of the casework pages (complaint rounds, case stages, corrections, withdrawals,
referrals): every value read by the shared fields of `inputs`."""

from __future__ import annotations

from django import forms

from dondoc.registry.models import (
    CasePerson,
    ComplaintPerson,
    ComplaintRound,
    CriminalCase,
    Referral,
    WithdrawalReason,
)

from .inputs import DateField, VietnameseForm

OUTCOMES = [c for c in ComplaintRound.Outcome.choices if c[0] != "pending"]


class RoundResolveForm(VietnameseForm):
    round = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Kết quả giải quyết", choices=OUTCOMES)
    resolved_on = DateField(label="Ngày giải quyết", not_future=True)


class RoundOpenForm(VietnameseForm):
    expected = forms.IntegerField(widget=forms.HiddenInput)
    accepted_on = DateField(label="Ngày thụ lý", not_future=True)


class ExtendForm(VietnameseForm):
    expected = forms.IntegerField(widget=forms.HiddenInput)


class ComplaintPersonForm(VietnameseForm):
    role = forms.ChoiceField(label="Tư cách", choices=ComplaintPerson.Role.choices)


class CasePersonForm(VietnameseForm):
    role = forms.ChoiceField(label="Tư cách", choices=CasePerson.Role.choices)


class CaseAdvanceForm(VietnameseForm):
    expected_stage = forms.CharField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(label="Giai đoạn", choices=CriminalCase.Stage.choices)
    on = DateField(label="Ngày", not_future=True)
    outcome = forms.ChoiceField(label="Kết quả", choices=CriminalCase.Outcome.choices)
    note = forms.CharField(label="Số quyết định, bản án", max_length=255, required=False)
    sentence = forms.CharField(label="Hình phạt", max_length=255, required=False)
    appealed = forms.BooleanField(label="Có kháng cáo", required=False)
    protested = forms.BooleanField(label="Có kháng nghị", required=False)
    judgment_changed = forms.BooleanField(label="Bản án bị sửa", required=False)
    judgment_annulled = forms.BooleanField(label="Bản án bị hủy", required=False)


class WithdrawForm(VietnameseForm):
    reason = forms.ChoiceField(label="Lý do loại bỏ", choices=WithdrawalReason.choices)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class CorrectReasonForm(VietnameseForm):
    correction_reason = forms.CharField(label="Lý do sửa", max_length=255)


class ReferralForm(VietnameseForm):
    person = forms.IntegerField(label="Người được chuyển gửi", widget=forms.Select)
    service = forms.ChoiceField(label="Dịch vụ", choices=Referral.Service.choices)
    provider_name = forms.CharField(label="Cơ sở cung cấp dịch vụ", max_length=255)
    referred_on = DateField(label="Ngày chuyển gửi", not_future=True)
    reason = forms.CharField(label="Nhu cầu, lý do chuyển gửi", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    consent_by = forms.ChoiceField(label="Người đồng ý", choices=Referral.ConsentBy.choices)
    consent_name = forms.CharField(label="Họ tên người đồng ý (cha, mẹ, người giám hộ)",
                                   max_length=200, required=False)  # fmt: skip
    consent_on = DateField(label="Ngày đồng ý", not_future=True)


class ReferralRespondForm(VietnameseForm):
    accepted = forms.TypedChoiceField(
        label="Trả lời", choices=[("1", "Tiếp nhận"), ("0", "Từ chối")], coerce=lambda v: v == "1"
    )
    responded_on = DateField(label="Ngày tiếp nhận/từ chối", not_future=True)
    decline_reason = forms.CharField(label="Lý do từ chối", max_length=255, required=False)


class ReferralFeedbackForm(VietnameseForm):
    feedback = forms.CharField(label="Phản hồi kết quả", widget=forms.Textarea(attrs={"rows": 3}))
    feedback_on = DateField(label="Ngày phản hồi", not_future=True)


class ImportUndoForm(VietnameseForm):
    agency = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput)
    imported_at = forms.DateTimeField(
        widget=forms.HiddenInput, input_formats=["%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"]
    )
