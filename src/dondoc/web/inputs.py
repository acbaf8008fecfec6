"""What officers type into the forms, read once for every page: dates as they write them
(31/12/2024, the registry's reading) and amounts of money with thousands separators."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from dondoc.core.exceptions import DomainError
from dondoc.registry.tabular import parse_date


def date_or_none(text: str) -> datetime.date | None:
    """ "31/12/2024" → a date; "" → None; an impossible date is refused."""
    try:
        return parse_date(text or "")
    except ValueError as error:
        raise DomainError(f"“{text}”: cần một ngày có thật, dạng 31/12/2024.") from error


def required_date(text: str, label: str) -> datetime.date:
    day = date_or_none(text)
    if day is None:
        raise DomainError(f"{label}: bắt buộc, dạng 31/12/2024.")
    return day


def amount_or_none(text: str, label: str) -> Decimal | None:
    """ "150.000.000", "150,000,000" or "150000000" đồng → Decimal; "" → None."""
    cleaned = (text or "").strip().replace(".", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation as problem:
        raise DomainError(f"{label}: cần một số, ví dụ 20000000.") from problem
