"""What officers type into the forms, read by the same parsers as the imports: numbers the
Vietnamese way (core.numbers: "1.234", "1.234,5", "12,5"), dates as they write them
(31/12/2024, registry.tabular.parse_date), years of birth. Django form fields, so a refused
value comes back on the page as it was typed, with a message naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from dondoc.core.idempotency import new_token
from dondoc.core.numbers import NumberError, format_number, parse_integer, parse_number
from dondoc.registry.tabular import parse_date

FIRST_BIRTH_YEAR = 1900


def _shown(value: Any) -> str:
    return str(value).strip()[:40]


class NumberField(forms.Field):
    """A number as Vietnamese writes it. `integer`: a whole number; `max_digits` and
    `decimal_places` as the model column holds them; `min_value`, `max_value` inclusive;
    `empty_value`: what an empty box means (None, or 0 for a count)."""

    widget = forms.TextInput

    def __init__(
        self,
        *,
        integer: bool = False,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        empty_value: Decimal | int | None = None,
        **kwargs: Any,
    ) -> None:
        self.integer, self.empty_value = integer, empty_value
        self.max_digits, self.decimal_places = max_digits, 0 if integer else decimal_places
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "numeric" if self.integer else "decimal"
        if "placeholder" not in widget.attrs:  # the form's own example wins
            attrs["placeholder"] = "1.234" if self.integer else "1.234,5"
        return attrs

    def _refuse(self, value: Any, reason: str) -> ValidationError:
        shown = format_number(value) if isinstance(value, int | Decimal) else _shown(value)
        return ValidationError(f"{self.label}: “{shown}”: {reason}.", code="invalid")

    def to_python(self, value: Any) -> Decimal | int | None:
        if value in self.empty_values:
            return self.empty_value
        if isinstance(value, int | Decimal):
            return value
        try:
            return parse_integer(str(value)) if self.integer else parse_number(str(value))
        except NumberError as error:
            raise self._refuse(value, str(error)) from error

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        number = Decimal(value)
        if self.min_value is not None and number < self.min_value:
            raise self._refuse(value, f"không được nhỏ hơn {format_number(self.min_value)}")
        if self.max_value is not None and number > self.max_value:
            raise self._refuse(value, f"không được lớn hơn {format_number(self.max_value)}")
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if self.decimal_places is not None and places > self.decimal_places:
            raise self._refuse(value, f"tối đa {self.decimal_places} chữ số sau dấu phẩy")
        if self.max_digits is not None:
            whole_digits = self.max_digits - (self.decimal_places or 0)
            if abs(number) >= Decimal(10) ** whole_digits:
                raise self._refuse(value, f"quá lớn (tối đa {whole_digits} chữ số phần nguyên)")

    def prepare_value(self, value: Any) -> Any:
        """A stored number shows as Vietnamese writes it; typed text shows as it was typed."""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return format_number(value.normalize() if isinstance(value, Decimal) else value)
        return value


class AmountField(NumberField):
    """Money in đồng: a whole number, never negative ("150.000.000")."""

    def __init__(self, *, max_digits: int = 16, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(integer=True, max_digits=max_digits, **kwargs)

    def to_python(self, value: Any) -> Decimal | int | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if parse_number_or_none(value) is not None:  # a fraction of a đồng
                reason = "cần số đồng, không có phần lẻ (ví dụ 150.000.000)"
                raise self._refuse(value, reason) from error
            raise


def parse_number_or_none(value: Any) -> Decimal | None:
    try:
        return parse_number(str(value))
    except NumberError:
        return None


class YearField(NumberField):
    """A year (2024): a whole number, shown without a thousands separator."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 5, "placeholder": "2024"}))
        super().__init__(integer=True, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class BirthYearField(YearField):
    """A year of birth, from 1900 to this year (the clock's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs["placeholder"] = "1990"

    def validate(self, value: Any) -> None:
        super().validate(value)
        this_year = timezone.localdate().year
        if value is not None and not FIRST_BIRTH_YEAR <= value <= this_year:
            raise self._refuse(value, f"cần một năm từ {FIRST_BIRTH_YEAR} đến {this_year}")


class PressedWidget(forms.HiddenInput):
    """A submit button's name: pressed when the browser sends it, whatever its value."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        return name in data


class PressedField(forms.BooleanField):
    """Which of a form's buttons was pressed (`<button name="submit">`)."""

    widget = PressedWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class DateField(forms.Field):
    """A date as officers write it (31/12/2024, or 2024-12-31); `not_future`: not after today."""

    widget = forms.TextInput

    def __init__(self, *, not_future: bool = False, **kwargs: Any) -> None:
        self.not_future = not_future
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return super().widget_attrs(widget) | {"placeholder": "31/12/2024", "size": 11}

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise ValidationError(
                f"{self.label}: “{_shown(value)}”: cần một ngày có thật, dạng 31/12/2024.",
                code="invalid",
            ) from error

    def validate(self, value: Any) -> None:
        super().validate(value)
        today = timezone.localdate()
        if self.not_future and value is not None and value > today:
            raise ValidationError(
                f"{self.label}: {value:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y}).",
                code="future",
            )

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%d/%m/%Y}" if isinstance(value, datetime.date) else value


class VietnameseForm(forms.Form):
    """A form whose messages are full sentences naming the field (the fields above write
    them so), shown together at the top of the page; required fields say so by name.
    `who` is added to every label ("Năm sinh bị hại"), for a form used for several people."""

    def __init__(self, *args: Any, who: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = f"{field.label} {who}".strip()
            field.error_messages["required"] = f"{field.label}: bắt buộc."
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = (
                    f"{field.label}: tối đa {field.max_length} ký tự "  # type: ignore[attr-defined]
                    "(đang có %(show_value)d)."
                )
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = f"{field.label}: lựa chọn không hợp lệ."
            if isinstance(field, forms.FileField):
                field.error_messages["empty"] = f"{field.label}: tệp rỗng."
                field.error_messages["invalid"] = f"{field.label}: không đọc được tệp đã gửi."

    def message(self) -> str:
        """Every error of the form in one line, for the page's error box."""
        return " ".join(str(m) for errors in self.errors.values() for m in errors)


class OnceForm(VietnameseForm):
    """A form that creates something: it carries a token (core.idempotency), a new one each
    time the empty form is shown and the same one when the page comes back with an error, so
    a double click or a resent request creates one record. `values()` is the rest."""

    form_token = forms.CharField(
        label="Mã biểu mẫu", required=False, max_length=64, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_token())

    def token(self) -> str:
        return str(self.cleaned_data.get("form_token") or "")

    def values(self) -> dict[str, Any]:
        """What was typed, without the token (the keyword arguments of the service)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "form_token"}
