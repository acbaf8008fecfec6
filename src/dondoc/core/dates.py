"""Dates as Vietnamese administrative documents write them, and the working-day calendar
every time limit counts by. Pure.

Decree 30/2020/NĐ-CP, Appendix I: days below 10 and the months 1 and 2 take a leading zero
("ngày 05 tháng 02"), the other months do not ("tháng 3"); citations use the same digits
("04/7/2023", "14/02/2023").
"""

from __future__ import annotations

import datetime
import functools


def day_month(day: datetime.date) -> tuple[str, str]:
    """(day, month) written as the decree asks: ("05", "02"), ("19", "8")."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month)


def vn_date(day: datetime.date) -> str:
    """ "04/7/2023", "14/02/2023"."""
    dd, mm = day_month(day)
    return f"{dd}/{mm}/{day.year}"


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Public holidays of Vietnam in `year` (lunar Tết, Hùng Kings, 30/4, 1/5, 2/9 and the
    days off in lieu the Government announces), from the `holidays` package."""
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: datetime.date, extra: frozenset[datetime.date] = frozenset()) -> bool:
    """Monday to Friday, not a public holiday, and not one of `extra` (days off the Government
    gives that the package does not know yet: settings.DONDOC_HOLIDAYS)."""
    return day.weekday() < 5 and day not in public_holidays(day.year) and day not in extra


def add_working_days(
    start: datetime.date, days: int, extra: frozenset[datetime.date] = frozenset()
) -> datetime.date:
    """The `days`-th working day after `start` (the start day itself is not counted)."""
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        counted += is_working_day(day, extra)
    return day


def working_days_after(
    start: datetime.date, end: datetime.date, extra: frozenset[datetime.date] = frozenset()
) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later): a
    report sent on Friday has waited 1 working day on Monday, 2 on Tuesday."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, extra)
    return count
