"""Named queries that compute an indicator's value for a unit and a year.

Indicators sit above the registry in the app order (DESIGN.md §4), so the queries over
records are written below (stats.queries) and registered here by name when that app is
ready; an indicator names its query (Indicator.query)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Measured:
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    # Counted (partly) from records of agencies the viewer does not record for: shown to it
    # only after small-cell suppression (stats.targets).
    restricted: bool = False


# (unit=AdminUnit, year=int, user=…) -> Measured. `user`: the viewer, whose scope the records
# are counted in (registry.selectors.scope_q); None: every record (a stored, official value).
Query = Callable[..., Measured]
QUERIES: dict[str, tuple[str, Query]] = {}  # name → (Vietnamese description, function)


ManyQuery = Callable[..., dict[int, Measured]]  # (units=, year=, user=) -> by unit id
MANY: dict[str, ManyQuery] = {}  # the same queries for several units in one pass, when given


def register_many(name: str) -> Callable[[ManyQuery], ManyQuery]:
    def wrap(function: ManyQuery) -> ManyQuery:
        MANY[name] = function
        return function

    return wrap


class SharedReads:
    """What the indicators of one page read in common, read once: the crime-report indicators
    (resolution rates, child-abuse counts) are figures of one grouped query over the statistics
    facts, which the first of them runs and the others reuse (a MANY_YEARS query's `shared`)."""

    def __init__(self) -> None:
        self._found: dict[Hashable, Any] = {}

    def get(self, key: Hashable, read: Callable[[], T]) -> T:
        if key not in self._found:
            self._found[key] = read()
        found: T = self._found[key]
        return found


# The same queries for several units over several years in one set-based pass, when given:
# (units=, years=, user=, shared=SharedReads | None) -> by (unit id, year). The targets page
# reads each kind of figure once.
YearsQuery = Callable[..., dict[tuple[int, int], Measured]]
MANY_YEARS: dict[str, YearsQuery] = {}


def register_years(name: str) -> Callable[[YearsQuery], YearsQuery]:
    def wrap(function: YearsQuery) -> YearsQuery:
        MANY_YEARS[name] = function
        return function

    return wrap


def register(name: str, description: str) -> Callable[[Query], Query]:
    def wrap(function: Query) -> Query:
        QUERIES[name] = (description, function)
        return function

    return wrap


SplitQuery = Callable[..., dict[str, Measured]]  # (unit=, year=, dimension=, user=) -> by category
SPLITS: dict[str, SplitQuery] = {}  # the same queries broken down by a disaggregation
# The disaggregations a split query may be asked for, as the page names them.
SPLIT_DIMENSIONS = {
    "sex": "Giới tính của bị hại",
    "age_group": "Độ tuổi của bị hại",
    "ethnicity": "Dân tộc của bị hại (Kinh, thiểu số)",
}


def register_split(name: str) -> Callable[[SplitQuery], SplitQuery]:
    def wrap(function: SplitQuery) -> SplitQuery:
        SPLITS[name] = function
        return function

    return wrap
