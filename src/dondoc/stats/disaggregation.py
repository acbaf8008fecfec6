"""The breakdowns the plans ask for: sex, age group, ethnicity, religion, administrative unit.
Pure: each dimension maps one row (a dict of plain values) to a key and a label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dondoc.registry.ages import AGE_GROUPS, age_group, age_on

SEXES = {"male": "Nam", "female": "Nữ", "unknown": "Chưa rõ"}


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    key: Callable[[dict[str, Any]], str]
    order: Callable[[str], Any] = str  # how keys sort in the table


def _age(row: dict[str, Any]) -> str:
    return age_group(age_on(row["birth_date"], row["birth_year"], row["event_date"]))


def _ethnicity(code: str | None) -> str:
    """Kinh ("01") or one of the 53 ethnic minorities."""
    if not code:
        return "unknown"
    return "kinh" if code == "01" else "minority"


PERSON_DIMENSIONS = {
    "sex": Dimension("sex", "Giới tính", lambda r: r["sex"] or "unknown", list(SEXES).index),
    "age_group": Dimension("age_group", "Độ tuổi", _age, list(AGE_GROUPS).index),
    "ethnicity": Dimension(
        "ethnicity",
        "Dân tộc (Kinh, thiểu số)",
        lambda r: (
            "unknown"
            if not r["ethnic_code"]
            else "kinh"
            if r["ethnic_code"] == "01"
            else "minority"
        ),
        ["kinh", "minority", "unknown"].index,
    ),
    "ethnic_group": Dimension(
        "ethnic_group", "Dân tộc", lambda r: r["ethnic_code"] or "unknown", str
    ),
    "religion": Dimension("religion", "Tôn giáo", lambda r: r["religion_code"] or "unknown", str),
}
FIXED_LABELS = {
    "sex": SEXES,
    "age_group": AGE_GROUPS,
    "ethnicity": {"kinh": "Kinh", "minority": "Dân tộc thiểu số", "unknown": "Chưa rõ"},
}
