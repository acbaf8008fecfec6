"""Dates as Vietnamese administrative documents write them. Pure.

Decree 30/2020/NĐ-CP, Appendix I: days below 10 and the months 1 and 2 take a leading zero
("ngày 05 tháng 02"), the other months do not ("tháng 3"); citations use the same digits
("04/7/2023", "14/02/2023").
"""

from __future__ import annotations

import datetime


def day_month(day: datetime.date) -> tuple[str, str]:
    """(day, month) written as the decree asks: ("05", "02"), ("19", "8")."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month)


def vn_date(day: datetime.date) -> str:
    """ "04/7/2023", "14/02/2023"."""
    dd, mm = day_month(day)
    return f"{dd}/{mm}/{day.year}"


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date] = frozenset()) -> bool:
    """Monday to Friday, and not one of `holidays` (the public holidays and the days off given
    in lieu, which the Government fixes each year: settings.DONDOC_HOLIDAYS)."""
    return day.weekday() < 5 and day not in holidays


def working_days_after(
    start: datetime.date, end: datetime.date, holidays: frozenset[datetime.date] = frozenset()
) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later): a
    report sent on Friday has waited 1 working day on Monday, 2 on Tuesday."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, holidays)
    return count
