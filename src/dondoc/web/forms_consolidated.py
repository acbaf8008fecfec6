"""The stored consolidated report's forms: its texts, the steps of its approval, its issue and
the signed copy. What the officer types is read by the shared fields (web.inputs)."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.reports.models import ConsolidatedReport
from dondoc.reports.options import STANDARD_SECTIONS

from .inputs import DateField, NumberField, VietnameseForm


def _version() -> NumberField:
    return NumberField(label="Phiên bản", integer=True, required=False, min_value=0,
                       max_value=2**31 - 1, widget=forms.HiddenInput)  # fmt: skip


def _text(label: str, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": rows, "cols": 90}))  # fmt: skip


class CreateForm(VietnameseForm):
    cap_duoi = forms.BooleanField(label="Gồm kết quả cấp dưới", required=False)


class EditForm(VietnameseForm):
    """The officer's texts: one textarea per standard section, Kính gửi, Nơi nhận, the signer."""

    version = _version()
    addressees = _text("Kính gửi (mỗi dòng một nơi; để trống: tự xác định)", 3)
    recipients = _text("Nơi nhận (mỗi dòng một nơi; để trống: tự xác định)", 4)
    signer_mode = forms.ChoiceField(
        label="Hình thức ký", choices=ConsolidatedReport.SignerMode.choices, required=False
    )
    signer_authority = forms.CharField(label="Ký thay, thừa lệnh, thay mặt cho", required=False,
                                       max_length=200)  # fmt: skip
    signer_title = forms.CharField(label="Chức vụ người ký", required=False, max_length=200)
    signer_name = forms.CharField(label="Họ tên người ký", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in STANDARD_SECTIONS.items():
            self.fields[f"text_{key}"] = _text(label)
            self.fields[f"text_{key}"].error_messages["required"] = f"{label}: bắt buộc."

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"text_{key}") or "" for key in STANDARD_SECTIONS}


class StepForm(VietnameseForm):
    action = forms.ChoiceField(
        label="Thao tác",
        choices=[
            ("submit", "Trình lãnh đạo duyệt"),
            ("approve", "Duyệt"),
            ("return", "Trả lại để chỉnh sửa"),
            ("unlock", "Mở khóa"),
        ],
    )
    version = _version()
    comment = forms.CharField(label="Ý kiến, lý do", required=False, max_length=2000, strip=False)


class IssueForm(VietnameseForm):
    version = _version()
    number = forms.CharField(label="Số báo cáo", max_length=40)
    issued_on = DateField(label="Ngày ban hành")


class SignedForm(VietnameseForm):
    version = _version()
    file = forms.FileField(label="Bản có chữ ký (PDF)")
