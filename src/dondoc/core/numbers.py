"""Numbers as Vietnamese officers type them, read by one parser for every form and import. Pure.

Vietnamese writes the thousands with dots and the decimals after a comma (TCVN 7870 /
ISO 80000-1 as taught in Vietnam; Decree 30/2020 documents print "1.234,5"): "1.234" is one
thousand two hundred thirty-four, "12,5" is twelve and a half. Spaces also group thousands
("150 000 000"). Anything else is refused with a message that says what was expected, never
read as a different number: "1.2" or "150,000,000" (the English way) are errors, not 1,2 or 150.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Thousands grouped by dots (each group exactly three digits) or written plainly, then an
# optional decimal part after a comma; an optional sign in front.
_NUMBER_RE = re.compile(
    r"^(?P<sign>[-+−]?)(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?$", re.ASCII
)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
MAX_LENGTH = 40  # longer text is not a number anyone types; refused before any work
EXAMPLE = "1.234 hoặc 1.234,5"


class NumberError(ValueError):
    """Text that is not a number as Vietnamese writes it; the message is Vietnamese."""


def parse_number(text: str) -> Decimal | None:
    """ "1.234" → 1234, "1.234,5" → 1234.5, "12,5" → 12.5, "-3" → -3; "" → None."""
    cleaned = _SPACES.sub("", text or "")
    if not cleaned:
        return None
    if len(cleaned) > MAX_LENGTH:
        raise NumberError(f"cần một số, quá dài ({len(cleaned)} ký tự)")
    match = _NUMBER_RE.match(cleaned)
    if match is None:
        raise NumberError(_why_not(cleaned))
    sign = "-" if match["sign"] in ("-", "−") else ""
    digits = match["int"].replace(".", "")
    fraction = match["frac"]
    try:
        return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise NumberError(f"cần một số, ví dụ {EXAMPLE}") from error


def parse_integer(text: str) -> int | None:
    """ "1.000.000.000" → 1000000000, "12" → 12; "12,5" is refused; "" → None."""
    value = parse_number(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise NumberError("cần một số nguyên, ví dụ 1.234")
    return int(value)


def _why_not(text: str) -> str:
    """What is wrong with a text that is not a number, told the way an officer can fix it."""
    if re.fullmatch(r"[-+−]?\d{1,3}(,\d{3}){2,}(\.\d+)?", text):
        plain = text.replace(",", "").replace(".", ",")
        return f"dấu phẩy chỉ đứng trước phần thập phân; viết {format_number(parse_number(plain))}"
    if re.fullmatch(r"[-+−]?\d+\.\d+", text):
        return "dấu chấm chỉ để tách hàng nghìn (1.234); phần thập phân viết sau dấu phẩy (12,5)"
    if re.fullmatch(r"[-+−]?[\d.,]+", text):
        return f"cần một số, dạng {EXAMPLE} (dấu chấm tách hàng nghìn, dấu phẩy trước phần lẻ)"
    return f"cần một số, ví dụ {EXAMPLE}"


def format_number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """The Vietnamese writing of a number: 1234.5 → "1.234,5"; `places` fixes the decimals
    (rounded half-even); None → ""."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{fraction}" if fraction else f"{sign}{groups}"
