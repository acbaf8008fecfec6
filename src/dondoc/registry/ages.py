"""Ages at an event, and the age groups of the plans' tables. Pure.

Children are people under 16 (Law on Children 2016, Art. 1); the plans also count people
under 18 (Penal Code 2015: "người dưới 18 tuổi"). Both are derived from the birth date (or
year) at the event's date, never stored.
"""

from __future__ import annotations

import datetime

AGE_GROUPS = {
    "under_16": "Dưới 16 tuổi",
    "16_17": "Từ 16 đến dưới 18 tuổi",
    "18_plus": "Từ 18 tuổi trở lên",
    "unknown": "Chưa rõ tuổi",
}


def age_on(
    birth_date: datetime.date | None, birth_year: int | None, day: datetime.date
) -> int | None:
    """Age in whole years on `day`; from a birth year alone, the age reached that year."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - before_birthday
    if birth_year is not None:
        return day.year - birth_year
    return None


def age_group(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 16:
        return "under_16"
    if age < 18:
        return "16_17"
    return "18_plus"
