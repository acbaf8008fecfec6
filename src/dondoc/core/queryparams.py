"""Query parameters, read once for every page and API endpoint: a year within range, an id the
column can hold, one of a few choices, a bounded whole number. A bad one is refused with a
Vietnamese message and status 400 (the 400 page for pages, JSON for the API) before any query
runs: never a 500, never a loop over a year 5000."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, overload

from django.core.exceptions import BadRequest
from django.utils import timezone

from .exceptions import InvalidInput
from .numbers import NumberError, parse_integer

FIRST_YEAR = 2000  # the registry and the plans start in the 2000s
YEARS_AHEAD = 10  # plans run up to a decade ahead ("giai đoạn 2026-2035")
# Primary keys are BigAutoField (settings.DEFAULT_AUTO_FIELD): a signed 64-bit column.
ID_MAX = 2**63 - 1


class BadQuery(InvalidInput, BadRequest):
    """A query parameter that cannot be used. A DomainError for the API's handler (JSON 400)
    and Django's BadRequest for pages (handler400, the 400 page)."""


def _text(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return "" if value is None else str(value).strip()


@overload
def integer(params: Mapping[str, Any], name: str, *, low: int, high: int, default: int) -> int: ...
@overload
def integer(
    params: Mapping[str, Any], name: str, *, low: int, high: int, default: None = None
) -> int | None: ...
def integer(
    params: Mapping[str, Any], name: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    """A whole number between `low` and `high`; absent or empty: `default`."""
    text = _text(params, name)
    if not text:
        return default
    try:
        value = parse_integer(text)
    except NumberError as error:
        raise BadQuery(f"Tham số “{name}” = “{text[:40]}”: {error}.") from error
    if value is None:
        return default
    if not low <= value <= high:
        raise BadQuery(f"Tham số “{name}” = {value}: cần từ {low} đến {high}.")
    return value


def year_range(today: Any = None) -> tuple[int, int]:
    """The years a query may ask for: 2000 to ten years after this one (the clock's year)."""
    this_year = (today or timezone.localdate()).year
    return FIRST_YEAR, this_year + YEARS_AHEAD


@overload
def year(params: Mapping[str, Any], name: str, *, default: int, today: Any = None) -> int: ...
@overload
def year(
    params: Mapping[str, Any], name: str, *, default: None = None, today: Any = None
) -> int | None: ...
def year(
    params: Mapping[str, Any], name: str, *, default: int | None = None, today: Any = None
) -> int | None:
    """A year from 2000 to ten years ahead; absent or empty: `default`."""
    low, high = year_range(today)
    text = _text(params, name)
    if not text:
        return default
    try:
        value = parse_integer(text)
    except NumberError as error:
        shown = f"Tham số “{name}” = “{text[:40]}”"
        raise BadQuery(f"{shown}: cần một năm, ví dụ {high - YEARS_AHEAD}.") from error
    if value is None or not low <= value <= high:
        raise BadQuery(f"Tham số “{name}” = {value}: cần một năm từ {low} đến {high}.")
    return value


def object_id(params: Mapping[str, Any], name: str, *, default: int | None = None) -> int | None:
    """The id of a record: a whole number from 1 to what the column holds."""
    return integer(params, name, low=1, high=ID_MAX, default=default)


def choice(
    params: Mapping[str, Any], name: str, choices: Collection[str], *, default: str = ""
) -> str:
    """One of `choices`; absent or empty: `default`."""
    text = _text(params, name)
    if not text:
        return default
    if text not in choices:
        shown = ", ".join(sorted(choices)[:12])
        raise BadQuery(f"Tham số “{name}” = “{text[:40]}”: cần một trong {shown}.")
    return text


def flag(params: Mapping[str, Any], name: str) -> bool:
    """A yes/no switch: "1", "true" (or "on", as a checkbox sends) is yes; absent is no."""
    text = _text(params, name).lower()
    if text in ("", "0", "false"):
        return False
    if text in ("1", "true", "on"):
        return True
    raise BadQuery(f"Tham số “{name}” = “{text[:40]}”: cần 1 hoặc 0.")


class IdConverter:
    """`<id:name>` in URL patterns: an id the column can hold. A longer number matches no
    pattern (404, as an id that does not exist) instead of overflowing the database query."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError(value)  # Django reads this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


# The schema of an id parameter, for OpenAPI (a drf-spectacular OpenApiParameter's type).
ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
YEAR_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": FIRST_YEAR}


def text(params: Mapping[str, Any], name: str, *, max_length: int = 200) -> str:
    """Typed search text: without control characters (PostgreSQL refuses a NUL in any text,
    and none is typed in a search box), at most `max_length` characters."""
    value = _text(params, name)[: max_length * 4]
    cleaned = "".join(ch for ch in value if ch.isprintable() or ch == " ")
    return cleaned[:max_length]
