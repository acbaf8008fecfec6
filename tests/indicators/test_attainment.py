"""Attainment rules at their edges (issue 8: 95 % against "trên 95 %", 5 % against 5-7 %,
a baseline of zero, units added or merged mid-period)."""

from __future__ import annotations

import pytest

from dondoc.indicators.attainment import Goal, Observation, attainment


def test_strict_comparison_at_exactly_the_target() -> None:
    above_95 = Goal("percent", value=95, comparison=">")
    assert attainment(above_95, Observation(2025, value=95.0)).status == "not_met"
    assert attainment(above_95, Observation(2025, value=95.01)).status == "met"
    at_least_75 = Goal("percent", value=75)
    assert attainment(at_least_75, Observation(2025, value=75.0)).status == "met"


def test_reduction_range_lower_bound_and_zero_baseline() -> None:
    goal = Goal("reduction_range", low=5, high=7)
    assert attainment(goal, Observation(2024, value=95, baseline=100)).status == "met"  # 5 %
    assert attainment(goal, Observation(2024, value=96, baseline=100)).status == "not_met"
    zero = attainment(goal, Observation(2024, value=0, baseline=0))
    assert zero.status == "not_measurable" and "bằng 0" in zero.reason
    more = attainment(goal, Observation(2024, value=110, baseline=100))
    assert more.status == "not_met" and more.achieved == -10.0


def test_fraction_follows_the_units_of_the_period() -> None:
    all_districts = Goal("fraction", value=15, of=15)
    assert (
        attainment(all_districts, Observation(2025, numerator=15, denominator=15)).status == "met"
    )
    added = attainment(all_districts, Observation(2025, numerator=15, denominator=16))
    assert (added.status, added.required) == ("not_met", 16)  # a district added mid-plan
    merged = attainment(all_districts, Observation(2025, numerator=13, denominator=13))
    assert merged.status == "met"  # two districts merged: 13 of 13
    two_thirds = Goal("fraction", value=10, of=15)
    assert attainment(two_thirds, Observation(2025, numerator=9, denominator=13)).required == 9


@pytest.mark.parametrize(
    ("year", "value", "status"),
    [
        (2021, 30.0, "on_track"),  # expected 15 % after the first of four years
        (2023, 30.0, "at_risk"),  # expected 50 %
        (2023, 60.0, "on_track"),
        (2025, 99.0, "not_met"),
        (2025, 100.0, "met"),
    ],
)
def test_trajectory_before_the_target_year(year: int, value: float, status: str) -> None:
    goal = Goal("percent", value=100, target_year=2025, start_year=2021)
    assert attainment(goal, Observation(year, value=value)).status == status


def test_no_value_is_not_measurable() -> None:
    assert attainment(Goal("percent", value=75), Observation(2024)).status == "not_measurable"
    assert attainment(Goal("fraction", value=1, of=1), Observation(2024)).status == "not_measurable"
