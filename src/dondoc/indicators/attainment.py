"""Whether a target is attained in a period. Pure: every rule is written here, once.

Statuses: met, on_track (before the target year, at or above the expected trajectory),
at_risk (before the target year, below it), not_met (in or after the target year, or with no
target year, below the target), not_measurable (no value, or a reduction against a baseline
of zero).

Rules:
- percent ("75 %", "trên 95 %"): the value in percent against the target; "trên" (>) is
  strict, so exactly 95 % does not meet "trên 95 %"; "≥" is met at equality.
- fraction of units ("15/15 huyện, thành phố"): the share target/of applied to the units that
  exist in the period (a district added or merged mid-plan changes the count required), as a
  whole number of units rounded up.
- reduction and reduction_range ("kéo giảm từ 5 % đến 7 %"): (baseline − value) / baseline;
  the lower bound of the range is what must be reached (5 % meets "từ 5 % đến 7 %"); a
  baseline of zero cannot be reduced in percent: not measurable.
- Before the target year, the expected value moves in a straight line from the plan's first
  year (starting at the first observed value, or 0) to the target in the target year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

STATUSES = {
    "met": "Đạt",
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ không đạt",
    "not_met": "Không đạt",
    "not_measurable": "Chưa đo được",
}


@dataclass(frozen=True)
class Goal:
    kind: str  # percent | fraction | reduction | reduction_range
    value: float | None = None  # percent, or the units of a fraction
    of: int | None = None  # a fraction's whole as written
    low: float | None = None  # a reduction (range), in percent
    high: float | None = None
    comparison: str = ">="  # ">" for "trên"
    target_year: int | None = None
    start_year: int | None = None  # the plan's first year, for the trajectory


@dataclass(frozen=True)
class Observation:
    year: int
    value: float | None = None  # percent, or a count for reductions
    numerator: int | None = None  # units meeting the criterion (fractions)
    denominator: int | None = None  # units that exist in the period
    baseline: float | None = None  # reductions: the count compared with
    start_value: float | None = None  # the first observed value, for the trajectory


@dataclass(frozen=True)
class Attainment:
    status: str
    achieved: float | None  # what the period achieved, in the target's own terms
    required: float | None  # what the target asks for in this period
    reason: str  # Vietnamese, shown beside the status

    @property
    def label(self) -> str:
        return STATUSES[self.status]


def _passes(achieved: float, required: float, comparison: str) -> bool:
    return achieved > required if comparison == ">" else achieved >= required


def _timed(goal: Goal, obs: Observation, achieved: float, required: float, start: float) -> str:
    """met / not_met in the target year (or without one); before it, against the trajectory."""
    if _passes(achieved, required, goal.comparison):
        return "met"
    if goal.target_year is None or obs.year >= goal.target_year:
        return "not_met"
    first = goal.start_year if goal.start_year is not None else obs.year
    span = max(goal.target_year - first, 1)
    expected = start + (required - start) * min(max(obs.year - first, 0) / span, 1.0)
    return "on_track" if achieved >= expected else "at_risk"


def attainment(goal: Goal, obs: Observation) -> Attainment:
    if goal.kind == "percent":
        if obs.value is None or goal.value is None:
            return Attainment("not_measurable", None, goal.value, "Chưa có số liệu của kỳ.")
        status = _timed(goal, obs, obs.value, goal.value, obs.start_value or 0.0)
        sign = "trên" if goal.comparison == ">" else "từ"
        return Attainment(
            status, obs.value, goal.value, f"Đạt {obs.value:g}%, chỉ tiêu {sign} {goal.value:g}%."
        )
    if goal.kind == "fraction":
        if obs.numerator is None or not obs.denominator or goal.value is None or not goal.of:
            return Attainment("not_measurable", None, None, "Chưa có số đơn vị của kỳ.")
        required = math.ceil(goal.value / goal.of * obs.denominator - 1e-9)
        status = _timed(goal, obs, obs.numerator, required, obs.start_value or 0.0)
        return Attainment(
            status,
            obs.numerator,
            required,
            f"{obs.numerator}/{obs.denominator} đơn vị; chỉ tiêu {goal.value:g}/{goal.of} "
            f"(cần {required}/{obs.denominator}).",
        )
    if goal.kind in ("reduction", "reduction_range"):
        lower = goal.low if goal.kind == "reduction_range" else goal.value
        if obs.value is None or obs.baseline is None or lower is None:
            return Attainment("not_measurable", None, lower, "Chưa có số liệu hoặc mốc so sánh.")
        if obs.baseline == 0:
            return Attainment(
                "not_measurable",
                None,
                lower,
                "Mốc so sánh bằng 0: không tính được tỷ lệ giảm.",
            )
        reduction = round((obs.baseline - obs.value) / obs.baseline * 100, 2)
        status = _timed(goal, obs, reduction, lower, 0.0)
        upper = f" đến {goal.high:g}%" if goal.kind == "reduction_range" and goal.high else ""
        return Attainment(
            status,
            reduction,
            lower,
            f"Giảm {reduction:g}% so với mốc {obs.baseline:g} (kỳ này {obs.value:g}); "
            f"chỉ tiêu giảm từ {lower:g}%{upper}.",
        )
    return Attainment("not_measurable", None, None, f"Loại chỉ tiêu “{goal.kind}” chưa tính được.")
