"""Targets of a plan (from its text), values of indicators, and the attainment table."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import acting_as
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.org.models import AdminUnit, User
from dondoc.org.scoping import units_planned
from dondoc.plans.contracts import PlanTarget, schedule_of, targets_of
from dondoc.plans.models import Document

from .attainment import Attainment, Goal, Observation, attainment
from .models import Indicator, Target, Value
from .queries import MANY, MANY_YEARS, QUERIES, SPLIT_DIMENSIONS, SPLITS, Measured, SharedReads


def _target_fields(item: PlanTarget) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "value": item.value,
        "of": item.of,
        "low": item.low,
        "high": item.high,
        "comparison": item.comparison,
        "target_year": item.target_year,
        "subject": item.subject,
        "raw": item.raw,
    }


def targets_from_document(*, document: Document) -> list[Target]:
    """The plan's targets: created when the plan is imported (targets_sync); a plan imported
    before that gets them from `dondoc backfill`, never from a page that shows them."""
    targets = list(
        Target.objects.filter(document=document).select_related("indicator").order_by("position")
    )
    for target in targets:  # the plan at hand, not read again per target
        target.document = document
    return targets


def targets_backfill(*, actor: Actor) -> int:
    """Targets for the plans imported before the import created them; how many plans."""
    require_actor(actor, system=True)
    plans = Document.objects.filter(targets_set__isnull=True).exclude(targets=[])
    count = 0
    for document in plans.order_by("pk"):
        if targets_sync(actor=actor, document=document):
            count += 1
    return count


@transaction.atomic
def targets_sync(*, actor: Actor, document: Document) -> list[Target]:
    """Make the plan's targets match the text just imported (by `actor`, who imported it). On a
    re-import, a target whose sentence is unchanged keeps what the focal officer set (its
    indicator, its baseline); targets the new text no longer states are removed."""
    require_actor(actor, system=True)
    kept = {t.raw: t for t in Target.objects.filter(document=document)}
    targets = []
    with acting_as(actor):
        for index, item in enumerate(targets_of(document)):
            if item.kind not in Target.Kind.values:
                continue
            fields = _target_fields(item)
            target = kept.pop(fields["raw"], None) or Target(document=document)
            for name, value in fields.items():
                setattr(target, name, value)
            target.position = index
            target.save()
            targets.append(target)
        Target.objects.filter(pk__in=[t.pk for t in kept.values()]).delete()
    return targets


@transaction.atomic
def target_update(*, actor: User, target: Target, **changes: Any) -> Target:
    """The focal officer links a target to its indicator and sets its baseline."""
    require_actor(actor)
    if not units_planned(user=actor).filter(pk=target.document.unit_id).exists():
        raise NotAllowed("Chỉ cán bộ đầu mối của địa bàn ban hành kế hoạch mới sửa chỉ tiêu.")
    allowed = {
        "indicator",
        "task",
        "baseline_rule",
        "baseline_value",
        "target_year",
        "value",
        "low",
        "high",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    task = changes.get("task")
    if task is not None and task.document_id != target.document_id:
        raise InvalidInput("Nhiệm vụ phải thuộc cùng kế hoạch với chỉ tiêu.")
    with acting_as(actor):
        for name, value in changes.items():
            setattr(target, name, value)
        target.updated_by = actor
        target.full_clean()
        target.save()
    return target


def value_measure(*, indicator: Indicator, unit: AdminUnit, year: int) -> Value | None:
    """A computed indicator's value for a unit and year (None: reported)."""
    return values_measure(indicator=indicator, units=[unit], year=year).get(unit.pk)


def values_measure(*, indicator: Indicator, units: list[AdminUnit], year: int) -> dict[int, Value]:
    """The same for several units, in one pass where the query allows it, with their
    provenance (the query and its counts, the day). Read only: the values are not saved (the
    targets page is a GET, and a GET never writes)."""
    if indicator.source != Indicator.Source.COMPUTED or indicator.query not in QUERIES:
        return {}
    if indicator.query in MANY:
        measured = MANY[indicator.query](units=units, year=year)
    else:
        single = QUERIES[indicator.query][1]
        measured = {unit.pk: single(unit=unit, year=year) for unit in units}
    return {unit_id: _official(indicator, unit_id, year, m) for unit_id, m in measured.items()}


def measure(
    *, indicator: Indicator, units: list[AdminUnit], year: int, user: Any
) -> dict[int, Any]:
    """A computed indicator's values for several units as `user` may see them: counted from
    the records in its scope, not kept (a page shows them, a GET writes nothing). With user
    None, the official values over every record, kept with their provenance (values_measure).
    Each value has .value, .numerator, .denominator (and .restricted when counted for a user)."""
    if user is None:
        return values_measure(indicator=indicator, units=units, year=year)
    if indicator.source != Indicator.Source.COMPUTED or indicator.query not in QUERIES:
        return {}
    if indicator.query in MANY:
        return MANY[indicator.query](units=units, year=year, user=user)
    single = QUERIES[indicator.query][1]
    return {unit.pk: single(unit=unit, year=year, user=user) for unit in units}


class Measures:
    """The computed indicators' values for a set of units over a set of years, as `user` may
    see them (measure), each indicator read once: one set-based query over the statistics facts
    where the query allows it (indicators.queries.MANY_YEARS), else one pass per year. What a
    targets page or report asks of a unit and a year it did not name is measured on demand."""

    def __init__(self, *, user: Any, units: list[AdminUnit], years: set[int]) -> None:
        self.user, self.units, self.years = user, units, sorted(years)
        self._read: dict[int, dict[tuple[int, int], Any]] = {}
        self._shared = SharedReads()  # indicators counted by one query share its rows

    def get(self, indicator: Indicator, unit: AdminUnit, year: int) -> Any:
        found = self._read.get(indicator.pk)
        if found is None:
            found = self._read[indicator.pk] = self._all(indicator)
        if (unit.pk, year) not in found:
            found |= {
                (pk, year): m
                for pk, m in measure(
                    indicator=indicator, units=[unit], year=year, user=self.user
                ).items()
            }
        measured = found.get((unit.pk, year))
        if self.user is None and isinstance(measured, Measured):
            measured = found[(unit.pk, year)] = _official(indicator, unit.pk, year, measured)
        return measured

    def _all(self, indicator: Indicator) -> dict[tuple[int, int], Any]:
        if indicator.source != Indicator.Source.COMPUTED or indicator.query not in QUERIES:
            return {}
        if indicator.query not in MANY_YEARS:
            return {
                (pk, year): m
                for year in self.years
                for pk, m in measure(
                    indicator=indicator, units=self.units, year=year, user=self.user
                ).items()
            }
        measured = MANY_YEARS[indicator.query](
            units=self.units, years=self.years, user=self.user, shared=self._shared
        )
        # The official values (user None) are made `Value`s when first asked for (get): a
        # page asks for a few of the units and years measured, not all.
        return measured


def _official(indicator: Indicator, unit_id: int, year: int, m: Measured) -> Value:
    """An official value with its provenance (values_measure), from what a query measured."""
    return Value(
        indicator=indicator,
        unit_id=unit_id,
        period=str(year),
        value=m.value,
        numerator=m.numerator,
        denominator=m.denominator,
        provenance={
            **m.provenance,
            "query": indicator.query,
            "computed_on": timezone.localdate().isoformat(),
        },
    )


def value_reported(*, target: Target, year: int) -> Value | None:
    """A reported indicator's value: the figure the lead agency gave for the target's task in
    its accepted progress report of the year's period (tracking), with its provenance (not
    saved: read only)."""
    from dondoc.tracking.models import ProgressReport

    if target.task_id is None or target.indicator is None:
        return None
    report = (
        ProgressReport.objects.filter(
            assignment__task_id=target.task_id,
            assignment__role="lead",
            period__label=str(year),
            state=ProgressReport.State.ACCEPTED,
            figure__isnull=False,
        )
        .order_by("-reviewed_at")
        .first()
    )
    if report is None:
        return None
    return Value(
        indicator=target.indicator,
        unit=target.document.unit,
        period=str(year),
        value=float(report.figure),  # type: ignore[arg-type]
        numerator=None,
        denominator=None,
        provenance={
            "progress_report": report.pk,
            "agency": report.agency_id,
            "accepted_at": report.reviewed_at.isoformat() if report.reviewed_at else None,
        },
    )


@dataclass
class TargetRow:
    target: Target
    value: Value | None
    baseline: float | None
    result: Attainment
    baseline_text: str = ""  # which baseline is used, as the page and the report say it


REDUCTIONS = (Target.Kind.REDUCTION, Target.Kind.REDUCTION_RANGE)


def plan_years(document: Document) -> tuple[int, int] | None:
    """The years the plan covers, as its text states them ("giai đoạn 2021-2025")."""
    schedule = schedule_of(document)
    return schedule.years if schedule is not None else None


def baseline_years(target: Target, year: int) -> tuple[list[int], str]:
    """The years whose values make a reduction target's baseline for `year`, and how the
    page names that baseline. The previous plan period: as many years as the plan covers,
    just before its first year; its yearly average is the baseline."""
    if target.baseline_rule == Target.Baseline.PREVIOUS_PLAN:
        years = plan_years(target.document)
        if years is not None:
            length = years[1] - years[0] + 1
            before = list(range(years[0] - length, years[0]))
            return before, f"bình quân năm giai đoạn {before[0]}–{before[-1]}"
        return [], "bình quân năm giai đoạn trước (văn bản không ghi giai đoạn của kế hoạch)"
    return [year - 1], f"cùng kỳ năm {year - 1}"


def baselines_measure(
    *,
    target: Target,
    units: list[AdminUnit],
    year: int,
    user: Any = None,
    measures: Measures | None = None,
) -> tuple[dict[int, float | None], str]:
    """The baseline of a reduction target for each unit in `year` (None: not measurable),
    and its description. One rule for the plan's unit and for the units below."""
    if target.baseline_rule == Target.Baseline.FIXED:
        shown = f"{target.baseline_value:g}" if target.baseline_value is not None else "chưa nhập"
        return {u.pk: target.baseline_value for u in units}, f"số cố định ({shown})"
    years, text = baseline_years(target, year)
    if target.indicator is None or not years:
        return {u.pk: None for u in units}, text
    sums: dict[int, list[float]] = {u.pk: [] for u in units}
    for y in years:
        if measures is not None:
            found_year = {u.pk: measures.get(target.indicator, u, y) for u in units}
        else:
            found_year = measure(indicator=target.indicator, units=units, year=y, user=user)
        for pk, measured in found_year.items():
            if measured is None:
                continue
            if measured.value is not None:
                sums[pk].append(measured.value)
    # An average needs every year of the period measured; a missing year is not a zero.
    result = {
        pk: (round(sum(found) / len(years), 2) if len(found) == len(years) else None)
        for pk, found in sums.items()
    }
    return result, text


def _goal(target: Target) -> Goal:
    return Goal(
        kind=target.kind,
        value=target.value,
        of=target.of,
        low=target.low,
        high=target.high,
        comparison=target.comparison,
        target_year=target.target_year,
        start_year=target.document.issued_year,
    )


def _observed(year: int, measured: Any, baseline: float | None) -> Observation:
    """What attainment judges: a measured value (a `Value` or `Measured`, or None) and the
    baseline it is compared with."""
    return Observation(
        year=year,
        value=measured.value if measured else None,
        numerator=measured.numerator if measured else None,
        denominator=measured.denominator if measured else None,
        baseline=baseline,
    )


def target_rows(
    *,
    user: Any,
    document: Document,
    year: int,
    measures: Measures | None = None,
    targets: list[Target] | None = None,
) -> list[TargetRow]:
    """Each target of the plan with its value for the plan's unit in `year`, and attainment,
    counted from the records `user` may see (None: every record; official, kept values).

    Reductions compare with the baseline the target sets: the same period of the previous
    year (default), or a fixed number the focal officer entered."""
    if targets is None:
        targets = targets_from_document(document=document)
    if measures is None:
        measures = Measures(user=user, units=[document.unit], years=_years_needed(targets, year))
    rows = []
    for target in targets:
        value = None
        if target.indicator is not None and target.indicator.source == Indicator.Source.REPORTED:
            value = value_reported(target=target, year=year)
        elif target.indicator is not None:
            value = measures.get(target.indicator, document.unit, year)
        baseline, baseline_text = None, ""
        if target.kind in REDUCTIONS:
            found, baseline_text = baselines_measure(
                target=target, units=[document.unit], year=year, user=user, measures=measures
            )
            baseline = found[document.unit.pk]
        observation = _observed(year, value, baseline)
        rows.append(
            TargetRow(
                target, value, baseline, attainment(_goal(target), observation), baseline_text
            )
        )
    return rows


def _years_needed(targets: list[Target], year: int, first: int | None = None) -> set[int]:
    """The years a targets page reads: the plan's years up to `year`, and the baselines'."""
    years = set(range(first or year, year + 1))
    for target in targets:
        if target.kind in REDUCTIONS and target.baseline_rule != Target.Baseline.FIXED:
            years |= set(baseline_years(target, year)[0])
    return years


@dataclass
class TargetTrend:
    row: TargetRow
    years: list[tuple[int, float | None]]
    units: list[tuple[AdminUnit, float | None, Attainment]]  # the units below, weakest first
    # What each year's and each unit's value was counted from (numerator, denominator, and
    # whether the viewer is outside the recording agencies), in the same order.
    year_values: list[Any] = field(default_factory=list)
    unit_values: list[Any] = field(default_factory=list)


def target_dashboard(*, user: Any, document: Document, year: int) -> list[TargetTrend]:
    """Each target's row for `year`, its values over the plan's years, and the units below,
    as `user` may see them (target_rows)."""
    first = document.issued_year or year
    targets = targets_from_document(document=document)
    linked = any(target.indicator_id is not None for target in targets)
    children = (
        list(AdminUnit.objects.filter(parent=document.unit).order_by("name")) if linked else []
    )
    # Every indicator of the page read once, for the plan's unit and the units below over every
    # year shown: a grouped query over the statistics facts each (Measures).
    measures = Measures(
        user=user,
        units=[document.unit, *children],
        years=_years_needed(targets, year, first),
    )
    trends = []
    rows = target_rows(user=user, document=document, year=year, measures=measures, targets=targets)
    for row in rows:
        indicator = row.target.indicator
        years: list[tuple[int, float | None]] = []
        units: list[tuple[AdminUnit, float | None, Attainment]] = []
        year_values: list[Any] = []
        unit_values: list[Any] = []
        if indicator is not None:
            for y in range(first, year + 1):
                measured = measures.get(indicator, document.unit, y)
                years.append((y, measured.value if measured else None))
                year_values.append(measured)
            now = {child.pk: measures.get(indicator, child, year) for child in children}
            baselines: dict[int, float | None] = {}
            # Each unit against its own baseline (a fixed number is the plan unit's only).
            if row.target.kind in REDUCTIONS and row.target.baseline_rule != Target.Baseline.FIXED:
                baselines, _ = baselines_measure(
                    target=row.target, units=children, year=year, user=user, measures=measures
                )
            ranked = []
            for child in children:
                measured = now.get(child.pk)
                baseline = baselines.get(child.pk)
                observation = _observed(year, measured, baseline)
                ranked.append(
                    ((child, measured.value if measured else None,
                      attainment(_goal(row.target), observation)), measured)
                )  # fmt: skip
            ranked.sort(key=lambda pair: (pair[0][1] is None, pair[0][1] or 0))
            units = [unit for unit, _ in ranked]
            unit_values = [measured for _, measured in ranked]
        trends.append(TargetTrend(row, years, units, year_values, unit_values))
    return trends


@dataclass
class SplitRow:
    label: str  # the category: "Nữ", "Dưới 16 tuổi", "Dân tộc thiểu số"
    value: float | None
    numerator: int | None
    denominator: int | None
    result: Attainment
    restricted: bool = False  # counted from records of agencies the viewer does not record for


def target_split(*, user: Any, target: Target, year: int, dimension: str) -> list[SplitRow]:
    """A target's figure for the plan's unit broken down by a disaggregation (the victims'
    sex, age group or ethnicity), each category judged by the target's own rule; a reduction
    compares each category with its previous year. Empty when the indicator cannot be split.
    Counted from the victims of the reports `user` may see (None: all)."""
    if dimension not in SPLIT_DIMENSIONS:
        raise InvalidInput(f"Chia theo: {', '.join(SPLIT_DIMENSIONS)}.")
    indicator = target.indicator
    if indicator is None or indicator.query not in SPLITS:
        return []
    split = SPLITS[indicator.query]
    unit = target.document.unit
    now = split(unit=unit, year=year, dimension=dimension, user=user)
    before: dict[str, Any] = {}
    if target.kind in REDUCTIONS and target.baseline_rule == Target.Baseline.PREVIOUS_YEAR:
        before = split(unit=unit, year=year - 1, dimension=dimension, user=user)
    rows = []
    for label in [*now, *(key for key in before if key not in now)]:
        measured = now.get(label)
        earlier = before.get(label)
        observation = _observed(year, measured, earlier.value if earlier else None)
        if measured is None and earlier is not None:
            # A category seen last year and not this year fell to zero: that is a value.
            observation = replace(observation, value=0.0)
        rows.append(
            SplitRow(
                label,
                observation.value,
                observation.numerator,
                observation.denominator,
                attainment(_goal(target), observation),
                bool(
                    getattr(measured, "restricted", False) or getattr(earlier, "restricted", False)
                ),
            )
        )
    return rows
