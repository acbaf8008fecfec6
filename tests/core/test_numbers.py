"""The one number parser: the Vietnamese writing round-trips, everything else is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.core.numbers import NumberError, format_number, parse_integer, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234", Decimal("1234")),
        ("1.234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("12", Decimal("12")),
        ("95,5", Decimal("95.5")),
        ("1.000.000.000", Decimal("1000000000")),
        ("150 000 000", Decimal("150000000")),
        ("1234567", Decimal("1234567")),
        (" -3,25 ", Decimal("-3.25")),
        ("0,5", Decimal("0.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_vietnamese_writing(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1.2", "phần thập phân viết sau dấu phẩy"),
        ("150,000,000", "viết 150.000.000"),
        ("1.23.4", "dấu chấm tách hàng nghìn"),
        ("12,5,1", "dấu chấm tách hàng nghìn"),
        ("mười", "cần một số"),
        ("12a", "cần một số"),
        ("1e5", "cần một số"),
        ("9" * 41, "quá dài"),
        ("NaN", "cần một số"),
        ("١٢", "cần một số"),  # digits of another script are not typed here
    ],
)
def test_anything_else_is_refused_with_a_reason(text: str, hint: str) -> None:
    with pytest.raises(NumberError, match=hint):
        parse_number(text)


def test_integers() -> None:
    assert parse_integer("1.000.000.000") == 1_000_000_000
    assert parse_integer("12,0") == 12
    assert parse_integer("") is None
    with pytest.raises(NumberError, match="số nguyên"):
        parse_integer("12,5")


def test_format() -> None:
    assert format_number(Decimal("1234.5")) == "1.234,5"
    assert format_number(1234) == "1.234"
    assert format_number(-1234567.25) == "-1.234.567,25"
    assert format_number(Decimal("2.345"), places=1) == "2,3"
    assert format_number(None) == ""


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**15,
                   min_value=-(10**15)))  # fmt: skip
def test_decimals_round_trip(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_integers_round_trip(value: int) -> None:
    text = format_number(value)
    assert "," not in text
    assert parse_integer(text) == value


@given(st.text(alphabet="0123456789.,- ", max_size=20))
def test_never_misreads(text: str) -> None:
    """Whatever is typed, the parser returns the number it writes back, or refuses."""
    try:
        value = parse_number(text)
    except NumberError:
        return
    if value is not None:
        assert parse_number(format_number(value)) == value
