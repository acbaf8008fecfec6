"""What a Document keeps of its text for the other apps, as typed values: the reporting
schedule (`Document.schedule`, read by tracking and indicators) and the numeric targets
(`Document.targets`, read by indicators and reports). The JSON columns are the storage; these
dataclasses are the contract, converted at the boundary (from_json / to_json) so no reader
picks keys out of a dict. from_json accepts what earlier versions stored (the parser's
dataclasses as dicts) and drops a field of the wrong type rather than fail a page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .importers.drafts import ScheduleDraft, TargetDraft


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item for item in value if isinstance(item, str))


@dataclass(frozen=True)
class PlanSchedule:
    """How often the plan's agencies report, by when and to whom, as its text says."""

    # importers.schedule.FREQUENCIES: monthly, quarterly, half_yearly, nine_months, yearly,
    # ad_hoc.
    frequencies: tuple[str, ...] = ()
    due: str | None = None  # the yearly report's due day, "MM-DD" ("11-30")
    recipient: str = ""  # the receiving (focal) agency as printed ("Công an huyện")
    reviews: tuple[str, ...] = ()  # "half_yearly", "yearly", "final"
    review_years: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    raw: str = ""

    @property
    def due_month_day(self) -> tuple[int, int] | None:
        """(11, 30) for "11-30"; None when the text sets no yearly due day."""
        if not self.due:
            return None
        month, _, day = self.due.partition("-")
        if not (month.isdigit() and day.isdigit()):
            return None
        return int(month), int(day)

    @property
    def years(self) -> tuple[int, int] | None:
        """The years the plan covers ("giai đoạn 2021-2025"), when the text states both."""
        if self.start_year is None or self.end_year is None or self.end_year < self.start_year:
            return None
        return self.start_year, self.end_year

    @classmethod
    def from_json(cls, data: Any) -> PlanSchedule | None:
        """The stored schedule, or None when the text set none (an empty object)."""
        if not isinstance(data, dict) or not data:
            return None
        return cls._read(data)

    @classmethod
    def _read(cls, data: dict[str, Any]) -> PlanSchedule:
        due = data.get("due")
        return cls(
            frequencies=_strs(data.get("frequencies")),
            due=due if isinstance(due, str) and due else None,
            recipient=_str(data.get("recipient")),
            reviews=_strs(data.get("reviews")),
            review_years=_int(data.get("review_years")),
            start_year=_int(data.get("start_year")),
            end_year=_int(data.get("end_year")),
            raw=_str(data.get("raw")),
        )

    @classmethod
    def from_draft(cls, draft: ScheduleDraft) -> PlanSchedule:
        return cls._read(asdict(draft))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["frequencies"], data["reviews"] = list(self.frequencies), list(self.reviews)
        return data


TARGET_KINDS = ("percent", "fraction", "reduction_range", "reduction")


@dataclass(frozen=True)
class PlanTarget:
    """A numeric target the text states ("trên 95%", "15/15 huyện", "từ 5% đến 7%")."""

    kind: str  # TARGET_KINDS
    value: float | None = None
    of: int | None = None
    low: float | None = None
    high: float | None = None
    comparison: str = ">="
    subject: str = ""
    target_year: int | None = None
    raw: str = ""

    @classmethod
    def from_json(cls, data: Any) -> PlanTarget | None:
        """A stored target, or None for one of a kind this version does not know."""
        if not isinstance(data, dict) or data.get("kind") not in TARGET_KINDS:
            return None
        return cls(
            kind=data["kind"],
            value=_float(data.get("value")),
            of=_int(data.get("of")),
            low=_float(data.get("low")),
            high=_float(data.get("high")),
            comparison=_str(data.get("comparison")) or ">=",
            subject=_str(data.get("subject")),
            target_year=_int(data.get("target_year")),
            raw=_str(data.get("raw")),
        )

    @classmethod
    def from_draft(cls, draft: TargetDraft) -> PlanTarget | None:
        return cls.from_json(asdict(draft))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def schedule_of(document: Any) -> PlanSchedule | None:
    """The reporting schedule `document`'s text sets, or None."""
    return PlanSchedule.from_json(document.schedule)


def targets_of(document: Any) -> list[PlanTarget]:
    """The numeric targets `document`'s text states, in order (unknown kinds left out)."""
    stored = document.targets if isinstance(document.targets, list) else []
    return [t for t in (PlanTarget.from_json(item) for item in stored) if t is not None]
