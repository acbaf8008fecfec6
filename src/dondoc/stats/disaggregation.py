"""The breakdowns the plans ask for: sex, age group, ethnicity, religion. Pure: each dimension
maps a fact row (sex, age_group, ethnic_code, religion_code) to a key, with labels and order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dondoc.registry.ages import AGE_GROUPS

SEXES = {"male": "Nam", "female": "Nữ", "unknown": "Chưa rõ"}


def ethnicity_key(code: str | None) -> str:
    """Kinh ("01") or one of the 53 ethnic minorities."""
    if not code:
        return "unknown"
    return "kinh" if code == "01" else "minority"


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    key: Callable[[dict[str, Any]], str]
    order: Callable[[str], Any] = str  # how keys sort in the table


PERSON_DIMENSIONS = {
    "sex": Dimension("sex", "Giới tính", lambda r: r["sex"] or "unknown", list(SEXES).index),
    "age_group": Dimension(
        "age_group", "Độ tuổi", lambda r: r["age_group"] or "unknown", list(AGE_GROUPS).index
    ),
    "ethnicity": Dimension(
        "ethnicity",
        "Dân tộc (Kinh, thiểu số)",
        lambda r: ethnicity_key(r["ethnic_code"]),
        ["kinh", "minority", "unknown"].index,
    ),
    "ethnic_group": Dimension("ethnic_group", "Dân tộc", lambda r: r["ethnic_code"] or "unknown"),
    "religion": Dimension("religion", "Tôn giáo", lambda r: r["religion_code"] or "unknown"),
}
FIXED_LABELS = {
    "sex": SEXES,
    "age_group": AGE_GROUPS,
    "ethnicity": {"kinh": "Kinh", "minority": "Dân tộc thiểu số", "unknown": "Chưa rõ"},
}
