"""The computed indicators of the plans, over the registry's records (indicators.queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from dondoc.core.paths import below, within
from dondoc.indicators.queries import (
    Measured,
    SharedReads,
    register,
    register_many,
    register_split,
    register_years,
)
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.scoping import unit_subtree_q, units_overseen
from dondoc.registry.models import CrimeReport, FriendlyInterviewRoom
from dondoc.registry.selectors import agencies_recording, scope_q

from .disaggregation import FIXED_LABELS, ethnicity_key
from .models import CrimeReportFact, CrimeReportRollup

Facts = TypeVar("Facts", CrimeReportFact, CrimeReportRollup)


def _scoped(facts: QuerySet[Facts], user: Any) -> tuple[QuerySet[Facts], bool]:
    """The facts `user` may count (None: all of them), and whether some come from outside
    the recording agencies: then its figures are shown after small-cell suppression.

    Inside are the agencies the user records for, and the agencies of the same kind in the
    units it oversees (the provincial police's focal officer and the district police's
    records); a leader, an inspector or another department reads suppressed figures."""
    if user is None:
        return facts, False
    condition = scope_q(user=user)
    if condition is not None:
        facts = facts.filter(condition)
    if getattr(user, "is_superuser", False):
        return facts, False
    recording = agencies_recording(user=user)
    kinds = set(recording.values_list("kind", flat=True))
    inside = Q(agency__in=recording) | Q(
        agency__kind__in=kinds, agency__unit__in=units_overseen(user=user)
    )
    return facts, facts.exclude(inside).exists()


def _resolution(
    by_decision: dict[str, int], restricted: bool = False, **provenance: Any
) -> Measured:
    """The resolution rate of crime reports (or of their victims) counted by decision."""
    received = sum(by_decision.values())
    resolved = received - by_decision.get(CrimeReport.Decision.PENDING, 0)
    return Measured(
        round(100 * resolved / received, 2) if received else None,
        resolved,
        received,
        {"records": "registry.CrimeReport", "received": received, "resolved": resolved}
        | provenance,
        restricted,
    )


@register("crime_reports_resolution_rate", "Tỷ lệ giải quyết tố giác, tin báo về tội phạm (%)")
def resolution_rate(
    *, unit: AdminUnit, year: int, child_abuse: bool = False, user: Any = None
) -> Measured:
    counts, restricted = _counts_many([unit], year, child_abuse, user)
    return _resolution(counts[unit.pk], restricted)


@register("child_abuse_resolution_rate", "Tỷ lệ giải quyết tin báo về tội phạm xâm hại trẻ em (%)")
def child_abuse_resolution_rate(*, unit: AdminUnit, year: int, user: Any = None) -> Measured:
    return resolution_rate(unit=unit, year=year, child_abuse=True, user=user)


def _count(counts: dict[str, int], restricted: bool, **provenance: Any) -> Measured:
    count = sum(counts.values())
    return Measured(
        float(count),
        provenance={"records": "registry.CrimeReport", "count": count} | provenance,
        restricted=restricted,
    )


@register("child_abuse_crime_reports", "Số tin báo về tội phạm xâm hại trẻ em")
def child_abuse_reports(*, unit: AdminUnit, year: int, user: Any = None) -> Measured:
    counts, restricted = _counts_many([unit], year, True, user)
    return _count(counts[unit.pk], restricted)


@register(
    "friendly_interview_rooms",
    "Công an các địa phương có phòng điều tra thân thiện / Công an các địa phương",
)
def interview_rooms(*, unit: AdminUnit, year: int, user: Any = None) -> Measured:
    # Whether a police unit has a friendly interview room is no one's personal data: the same
    # figure for every viewer.
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


def _counts_many(
    units: list[AdminUnit], year: int, child_abuse: bool, user: Any
) -> tuple[dict[int, dict[str, int]], bool]:
    """Reports by decision for several units in one query over the facts' rollup `user` may
    count (as last built: a read never rebuilds them)."""
    condition = Q(pk__in=[])
    for unit in units:
        condition |= unit_subtree_q(unit)
    facts, restricted = _scoped(CrimeReportRollup.objects.filter(condition, year=year), user)
    if child_abuse:
        facts = facts.filter(offence_group="child_abuse")
    rows = list(facts.values("unit__path", "decision").annotate(n=Sum("count")).order_by())
    found: dict[int, dict[str, int]] = {unit.pk: {} for unit in units}
    for unit in units:
        counts = found[unit.pk]
        for row in rows:
            if within(row["unit__path"], unit.path):
                counts[row["decision"]] = counts.get(row["decision"], 0) + row["n"]
    return found, restricted


def _rates(counts: tuple[dict[int, dict[str, int]], bool]) -> dict[int, Measured]:
    by_unit, restricted = counts
    return {unit_id: _resolution(c, restricted) for unit_id, c in by_unit.items()}


@register_many("crime_reports_resolution_rate")
def resolution_rate_many(
    *, units: list[AdminUnit], year: int, user: Any = None
) -> dict[int, Measured]:
    return _rates(_counts_many(units, year, False, user))


@register_many("child_abuse_resolution_rate")
def child_abuse_resolution_rate_many(
    *, units: list[AdminUnit], year: int, user: Any = None
) -> dict[int, Measured]:
    return _rates(_counts_many(units, year, True, user))


@register_many("child_abuse_crime_reports")
def child_abuse_reports_many(
    *, units: list[AdminUnit], year: int, user: Any = None
) -> dict[int, Measured]:
    by_unit, restricted = _counts_many(units, year, True, user)
    return {unit_id: _count(c, restricted) for unit_id, c in by_unit.items()}


# --- Several units over several years in one grouped query (indicators.queries.MANY_YEARS) ----


@dataclass(frozen=True)
class ReportCounts:
    """Crime reports by decision for each (unit id, year) asked for: every report and the
    child-abuse ones, and whether some were recorded outside the agencies the viewer records
    for (then its figures are shown after small-cell suppression)."""

    every: dict[tuple[int, int], dict[str, int]]
    child_abuse: dict[tuple[int, int], dict[str, int]]
    restricted: bool


def _covering(units: list[AdminUnit]) -> list[AdminUnit]:
    """The units of `units` that no other of them is above: their subtrees hold every record
    of the others."""
    paths = {unit.path for unit in units}
    return [unit for unit in units if not any(below(unit.path, path) for path in paths)]


def _report_counts(units: list[AdminUnit], years: list[int], user: Any) -> ReportCounts:
    """Reports by decision for each of `units` in each of `years`, every report and the
    child-abuse ones, in one grouped query over the rollup of the facts (stats.models
    .CrimeReportRollup: the report facts without their due day, kept with them) that `user`
    may count (as last built).

    The database sums the rollup per (unit with records, year, decision, offence group), and
    whether they were recorded outside the viewer's agencies: a few thousand sums whatever the
    number of records; each goes to the units asked for at or above its unit (by the path's
    prefixes, found once per unit). The rollup's index starts with the province and the year,
    so the query reads only the provinces and years asked for."""
    cover = _covering(units)
    facts = CrimeReportRollup.objects.filter(year__in=years)
    if all(unit.level == AdminUnit.Level.PROVINCE for unit in cover):
        # A fact carries the province of its record's unit: the index alone selects them, no
        # test of the units' paths per fact.
        facts = facts.filter(province_id__in=[unit.pk for unit in cover])
    else:
        condition = Q(pk__in=[])
        for unit in cover:
            condition |= unit_subtree_q(unit)
        facts = facts.filter(condition)
    # The facts' index starts with the province: name the provinces of the units (among the
    # prefixes of their paths), unless a unit is above the provinces (a national plan).
    if any(unit.level != AdminUnit.Level.PROVINCE for unit in cover) and all(
        unit.level != AdminUnit.Level.NATIONAL for unit in cover
    ):
        prefixes = {
            "/".join(unit.path.split("/")[:depth])
            for unit in cover
            for depth in range(1, unit.path.count("/") + 2)
        }
        facts = facts.filter(
            province__in=AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, path__in=prefixes)
        )
    outside: Any = Value(False)
    if user is not None:
        scope = scope_q(user=user)
        if scope is not None:
            facts = facts.filter(scope)
        if not getattr(user, "is_superuser", False):
            recording = agencies_recording(user=user)
            kinds = set(recording.values_list("kind", flat=True))
            inside = Q(agency__in=recording) | Q(
                agency__kind__in=kinds, agency__unit__in=units_overseen(user=user)
            )
            outside = Case(When(inside, then=Value(False)), default=Value(True))
    every: dict[tuple[int, int], dict[str, int]] = {(u.pk, y): {} for u in units for y in years}
    child_abuse: dict[tuple[int, int], dict[str, int]] = {key: {} for key in every}
    given: dict[str, list[int]] = {}
    for unit in units:
        given.setdefault(unit.path, []).append(unit.pk)

    def at_or_above(path: str) -> list[str]:
        """The paths asked for at or above `path`, the deepest last."""
        parts = path.split("/")
        prefixes = ("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
        return [prefix for prefix in prefixes if prefix in given]

    # The units' paths in a query of their own (the units of the subtrees asked for, a few
    # hundred at most), not a join per fact.
    subtrees = Q(pk__in=[])
    for unit in cover:
        subtrees |= unit_subtree_q(unit, field="path")
    nearest: dict[str, list[int]] = {}  # a path asked for → the units it is the deepest above
    for unit_id, path in AdminUnit.objects.filter(subtrees).values_list("pk", "path"):
        asked_above = at_or_above(path)
        if asked_above:
            nearest.setdefault(asked_above[-1], []).append(unit_id)
    # The database sums the rollup per unit asked for (the deepest at or above each row's
    # unit: a district, or the province for its own rows), year, decision and offence group:
    # a few hundred sums, each added here to that unit and the units asked for above it.
    # Past a few hundred units (a national plan), per unit with records instead.
    paths = list(nearest)
    added_to = [[pk for prefix in at_or_above(path) for pk in given[prefix]] for path in paths]
    receivers: dict[int, list[int]]
    if sum(len(ids) for ids in nearest.values()) <= 1000:
        key: Any = Case(
            *(When(unit_id__in=nearest[path], then=Value(i)) for i, path in enumerate(paths)),
            default=None,
            output_field=IntegerField(),
        )
        receivers = dict(enumerate(added_to))
    else:
        key = F("unit_id")
        receivers = {
            unit_id: added_to[i] for i, path in enumerate(paths) for unit_id in nearest[path]
        }
    facts = facts.annotate(receiver=key)
    columns = ["receiver", "year", "decision", "offence_group"]
    if user is not None:
        facts = facts.annotate(outside=ExpressionWrapper(outside, output_field=BooleanField()))
        columns.append("outside")
    rows = list(facts.values_list(*columns).annotate(n=Sum("count")).order_by())
    restricted = user is not None and any(row[4] for row in rows)
    for row in rows:
        receiver, year, decision, group, n = row[0], row[1], row[2], row[3], row[-1]
        if receiver is None:
            continue  # a unit no unit asked for is above
        for asked in receivers[receiver]:
            counts_key = (asked, year)
            for found in (every, child_abuse) if group == "child_abuse" else (every,):
                counts = found[counts_key]
                counts[decision] = counts.get(decision, 0) + n
    return ReportCounts(every, child_abuse, restricted)


def _shared_counts(
    units: list[AdminUnit], years: list[int], user: Any, shared: SharedReads | None
) -> ReportCounts:
    """_report_counts, read once for the indicators of a page that share it."""
    if shared is None:
        return _report_counts(units, years, user)
    key = ("crime_report_counts", tuple(u.pk for u in units), tuple(years), id(user))
    return shared.get(key, lambda: _report_counts(units, years, user))


@register_years("friendly_interview_rooms")
def interview_rooms_years(
    *, units: list[AdminUnit], years: list[int], user: Any = None, shared: SharedReads | None = None
) -> dict[tuple[int, int], Measured]:
    """interview_rooms for several units and years in two queries: the police of the units
    below each unit, and the day each of them first had a room."""
    condition = Q(pk__in=[])
    for unit in units:
        condition |= unit_subtree_q(unit)
    police = list(
        Agency.objects.filter(condition, kind=Agency.Kind.POLICE, parent__isnull=True).values_list(
            "pk", "unit__path"
        )
    )
    first = dict(
        FriendlyInterviewRoom.objects.filter(agency__in=[pk for pk, _ in police])
        .values("agency")
        .annotate(first=Min("since"))
        .values_list("agency", "first")
        .order_by()
    )
    found = {}
    for unit in units:
        under = [pk for pk, path in police if below(path, unit.path)]
        for year in years:
            end = datetime.date(year, 12, 31)
            having = sum(1 for pk in under if pk in first and first[pk] <= end)
            total = len(under)
            found[(unit.pk, year)] = Measured(
                round(100 * having / total, 2) if total else None,
                having,
                total,
                {
                    "records": "registry.FriendlyInterviewRoom",
                    "police_units": total,
                    "with_room": having,
                },
            )
    return found


@register_years("crime_reports_resolution_rate")
def resolution_rate_years(
    *, units: list[AdminUnit], years: list[int], user: Any = None, shared: SharedReads | None = None
) -> dict[tuple[int, int], Measured]:
    counts = _shared_counts(units, years, user, shared)
    return {key: _resolution(c, counts.restricted) for key, c in counts.every.items()}


@register_years("child_abuse_resolution_rate")
def child_abuse_resolution_rate_years(
    *, units: list[AdminUnit], years: list[int], user: Any = None, shared: SharedReads | None = None
) -> dict[tuple[int, int], Measured]:
    counts = _shared_counts(units, years, user, shared)
    return {key: _resolution(c, counts.restricted) for key, c in counts.child_abuse.items()}


@register_years("child_abuse_crime_reports")
def child_abuse_reports_years(
    *, units: list[AdminUnit], years: list[int], user: Any = None, shared: SharedReads | None = None
) -> dict[tuple[int, int], Measured]:
    counts = _shared_counts(units, years, user, shared)
    return {key: _count(c, counts.restricted) for key, c in counts.child_abuse.items()}


# --- Broken down by the victims' sex, age group or ethnicity (indicators.queries.SPLITS) ------


def _victim_counts(
    unit: AdminUnit, year: int, child_abuse: bool, dimension: str, user: Any
) -> tuple[dict[str, dict[str, int]], bool]:
    """Victims by category of `dimension` and by their report's decision, from the facts
    `user` may count (as last built)."""
    stored = "ethnic" if dimension == "ethnicity" else dimension
    facts, restricted = _scoped(
        CrimeReportFact.objects.filter(
            unit_subtree_q(unit), year=year, kind="victim", dimension=stored
        ),
        user,
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
    return {labels.get(key, key): found[key] for key in ordered}, restricted


def _split_rates(counts: tuple[dict[str, dict[str, int]], bool]) -> dict[str, Measured]:
    by_label, restricted = counts
    return {label: _resolution(c, restricted, counted="victims") for label, c in by_label.items()}


@register_split("crime_reports_resolution_rate")
def resolution_rate_split(
    *, unit: AdminUnit, year: int, dimension: str, user: Any = None
) -> dict[str, Measured]:
    return _split_rates(_victim_counts(unit, year, False, dimension, user))


@register_split("child_abuse_resolution_rate")
def child_abuse_resolution_rate_split(
    *, unit: AdminUnit, year: int, dimension: str, user: Any = None
) -> dict[str, Measured]:
    return _split_rates(_victim_counts(unit, year, True, dimension, user))


@register_split("child_abuse_crime_reports")
def child_abuse_reports_split(
    *, unit: AdminUnit, year: int, dimension: str, user: Any = None
) -> dict[str, Measured]:
    by_label, restricted = _victim_counts(unit, year, True, dimension, user)
    return {label: _count(c, restricted, counted="victims") for label, c in by_label.items()}
