"""The computed indicators of the plans, over the registry's records (indicators.queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Sum

from dondoc.indicators.queries import Measured, register, register_many, register_split
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.models import CrimeReport, FriendlyInterviewRoom

from .disaggregation import FIXED_LABELS, ethnicity_key
from .models import CrimeReportFact


def _resolution(by_decision: dict[str, int], **provenance: Any) -> Measured:
    """The resolution rate of crime reports (or of their victims) counted by decision."""
    received = sum(by_decision.values())
    resolved = received - by_decision.get(CrimeReport.Decision.PENDING, 0)
    return Measured(
        round(100 * resolved / received, 2) if received else None,
        resolved,
        received,
        {"records": "registry.CrimeReport", "received": received, "resolved": resolved}
        | provenance,
    )


@register("crime_reports_resolution_rate", "Tỷ lệ giải quyết tố giác, tin báo về tội phạm (%)")
def resolution_rate(*, unit: AdminUnit, year: int, child_abuse: bool = False) -> Measured:
    return _resolution(_counts_many([unit], year, child_abuse)[unit.pk])


@register("child_abuse_resolution_rate", "Tỷ lệ giải quyết tin báo về tội phạm xâm hại trẻ em (%)")
def child_abuse_resolution_rate(*, unit: AdminUnit, year: int) -> Measured:
    return resolution_rate(unit=unit, year=year, child_abuse=True)


@register("child_abuse_crime_reports", "Số tin báo về tội phạm xâm hại trẻ em")
def child_abuse_reports(*, unit: AdminUnit, year: int) -> Measured:
    count = sum(_counts_many([unit], year, True)[unit.pk].values())
    return Measured(float(count), provenance={"records": "registry.CrimeReport", "count": count})


@register(
    "friendly_interview_rooms",
    "Công an các địa phương có phòng điều tra thân thiện / Công an các địa phương",
)
def interview_rooms(*, unit: AdminUnit, year: int) -> Measured:
    police = Agency.objects.filter(
        unit_subtree_q(unit), kind=Agency.Kind.POLICE, parent__isnull=True
    ).exclude(unit=unit)  # the police of the units below: districts of a province
    total = police.count()
    since = f"{year}-12-31"
    with_room = FriendlyInterviewRoom.objects.filter(agency__in=police, since__lte=since)
    having: Any = with_room.values("agency").distinct().count()
    return Measured(
        round(100 * having / total, 2) if total else None,
        having,
        total,
        {"records": "registry.FriendlyInterviewRoom", "police_units": total, "with_room": having},
    )


def _counts_many(units: list[AdminUnit], year: int, child_abuse: bool) -> dict[int, dict[str, int]]:
    """Reports by decision for several units in one query over the facts (as last built:
    a read never rebuilds them)."""
    condition = Q(pk__in=[])
    for unit in units:
        condition |= unit_subtree_q(unit)
    facts = CrimeReportFact.objects.filter(condition, year=year, kind="report")
    if child_abuse:
        facts = facts.filter(offence_group="child_abuse")
    rows = list(facts.values("unit__path", "decision").annotate(n=Sum("count")).order_by())
    found: dict[int, dict[str, int]] = {unit.pk: {} for unit in units}
    for unit in units:
        prefix = unit.path + "/"
        counts = found[unit.pk]
        for row in rows:
            if row["unit__path"] == unit.path or row["unit__path"].startswith(prefix):
                counts[row["decision"]] = counts.get(row["decision"], 0) + row["n"]
    return found


def _rates(counts: dict[int, dict[str, int]]) -> dict[int, Measured]:
    return {unit_id: _resolution(by_decision) for unit_id, by_decision in counts.items()}


@register_many("crime_reports_resolution_rate")
def resolution_rate_many(*, units: list[AdminUnit], year: int) -> dict[int, Measured]:
    return _rates(_counts_many(units, year, False))


@register_many("child_abuse_resolution_rate")
def child_abuse_resolution_rate_many(*, units: list[AdminUnit], year: int) -> dict[int, Measured]:
    return _rates(_counts_many(units, year, True))


@register_many("child_abuse_crime_reports")
def child_abuse_reports_many(*, units: list[AdminUnit], year: int) -> dict[int, Measured]:
    return {
        unit_id: Measured(
            float(sum(c.values())),
            provenance={"records": "registry.CrimeReport", "count": sum(c.values())},
        )
        for unit_id, c in _counts_many(units, year, True).items()
    }


# --- Broken down by the victims' sex, age group or ethnicity (indicators.queries.SPLITS) ------


def _victim_counts(
    unit: AdminUnit, year: int, child_abuse: bool, dimension: str
) -> dict[str, dict[str, int]]:
    """Victims by category of `dimension` and by their report's decision, from the facts."""
    stored = "ethnic" if dimension == "ethnicity" else dimension
    facts = CrimeReportFact.objects.filter(
        unit_subtree_q(unit), year=year, kind="victim", dimension=stored
    )
    if child_abuse:
        facts = facts.filter(offence_group="child_abuse")
    found: dict[str, dict[str, int]] = {}
    for row in facts.values("value", "decision").annotate(n=Sum("count")).order_by():
        key = ethnicity_key(row["value"]) if dimension == "ethnicity" else row["value"] or "unknown"
        by_decision = found.setdefault(key, {})
        by_decision[row["decision"]] = by_decision.get(row["decision"], 0) + row["n"]
    labels = FIXED_LABELS[dimension]
    ordered = sorted(found, key=lambda k: list(labels).index(k) if k in labels else len(labels))
    return {labels.get(key, key): found[key] for key in ordered}


def _split_rates(counts: dict[str, dict[str, int]]) -> dict[str, Measured]:
    return {label: _resolution(c, counted="victims") for label, c in counts.items()}


@register_split("crime_reports_resolution_rate")
def resolution_rate_split(*, unit: AdminUnit, year: int, dimension: str) -> dict[str, Measured]:
    return _split_rates(_victim_counts(unit, year, False, dimension))


@register_split("child_abuse_resolution_rate")
def child_abuse_resolution_rate_split(
    *, unit: AdminUnit, year: int, dimension: str
) -> dict[str, Measured]:
    return _split_rates(_victim_counts(unit, year, True, dimension))


@register_split("child_abuse_crime_reports")
def child_abuse_reports_split(*, unit: AdminUnit, year: int, dimension: str) -> dict[str, Measured]:
    return {
        label: Measured(float(sum(c.values())), provenance={"counted": "victims"})
        for label, c in _victim_counts(unit, year, True, dimension).items()
    }
