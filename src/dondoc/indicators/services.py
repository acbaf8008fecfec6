"""Targets of a plan (from its text), values of indicators, and the attainment table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dondoc.core.audit import acting_as
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.org.models import AdminUnit
from dondoc.org.scoping import units_planned
from dondoc.plans.models import Document

from .attainment import Attainment, Goal, Observation, attainment
from .models import Indicator, Target, Value
from .queries import MANY, QUERIES


@transaction.atomic
def targets_from_document(*, document: Document) -> list[Target]:
    """The plan's targets as its text states them (importers.targets), created once."""
    existing = list(Target.objects.filter(document=document).order_by("position"))
    if existing or not document.targets:
        return existing
    return Target.objects.bulk_create(
        Target(
            document=document,
            position=index,
            kind=item["kind"],
            value=item.get("value"),
            of=item.get("of"),
            low=item.get("low"),
            high=item.get("high"),
            comparison=item.get("comparison") or ">=",
            target_year=item.get("target_year"),
            subject=item.get("subject", ""),
            raw=item.get("raw", ""),
        )
        for index, item in enumerate(document.targets)
        if item.get("kind") in Target.Kind.values
    )


@transaction.atomic
def target_update(*, actor: Any, target: Target, **changes: Any) -> Target:
    """The focal officer links a target to its indicator and sets its baseline."""
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
    """Compute and keep a computed indicator's value for a unit and year (None: reported)."""
    return values_measure(indicator=indicator, units=[unit], year=year).get(unit.pk)


@transaction.atomic
def values_measure(*, indicator: Indicator, units: list[AdminUnit], year: int) -> dict[int, Value]:
    """The same for several units, in one pass where the query allows it; kept with their
    provenance (the query and its counts, the day)."""
    if indicator.source != Indicator.Source.COMPUTED or indicator.query not in QUERIES:
        return {}
    if indicator.query in MANY:
        measured = MANY[indicator.query](units=units, year=year)
    else:
        single = QUERIES[indicator.query][1]
        measured = {unit.pk: single(unit=unit, year=year) for unit in units}
    period = str(year)
    Value.objects.filter(indicator=indicator, unit__in=units, period=period).delete()
    today = datetime.date.today().isoformat()
    values = Value.objects.bulk_create(
        Value(
            indicator=indicator,
            unit_id=unit_id,
            period=period,
            value=m.value,
            numerator=m.numerator,
            denominator=m.denominator,
            provenance={**m.provenance, "query": indicator.query, "computed_on": today},
        )
        for unit_id, m in measured.items()
    )
    return {value.unit_id: value for value in values}


def value_reported(*, target: Target, year: int) -> Value | None:
    """A reported indicator's value: the figure the lead agency gave for the target's task in
    its accepted progress report of the year's period (tracking), with its provenance."""
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
    value, _ = Value.objects.update_or_create(
        indicator=target.indicator,
        unit=target.document.unit,
        period=str(year),
        defaults={
            "value": float(report.figure),  # type: ignore[arg-type]
            "numerator": None,
            "denominator": None,
            "provenance": {
                "progress_report": report.pk,
                "agency": report.agency_id,
                "accepted_at": report.reviewed_at.isoformat() if report.reviewed_at else None,
            },
        },
    )
    return value


@dataclass
class TargetRow:
    target: Target
    value: Value | None
    baseline: float | None
    result: Attainment


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


def target_rows(*, document: Document, year: int) -> list[TargetRow]:
    """Each target of the plan with its value for the plan's unit in `year`, and attainment.

    Reductions compare with the baseline the target sets: the same period of the previous
    year (default), or a fixed number the focal officer entered."""
    rows = []
    for target in targets_from_document(document=document):
        value = None
        if target.indicator is not None and target.indicator.source == Indicator.Source.REPORTED:
            value = value_reported(target=target, year=year)
        elif target.indicator is not None:
            value = value_measure(indicator=target.indicator, unit=document.unit, year=year)
        baseline = None
        if target.kind in (Target.Kind.REDUCTION, Target.Kind.REDUCTION_RANGE):
            if target.baseline_rule == Target.Baseline.FIXED:
                baseline = target.baseline_value
            elif target.indicator is not None:
                before = value_measure(
                    indicator=target.indicator, unit=document.unit, year=year - 1
                )
                baseline = before.value if before is not None else None
        observation = Observation(
            year=year,
            value=value.value if value else None,
            numerator=value.numerator if value else None,
            denominator=value.denominator if value else None,
            baseline=baseline,
        )
        rows.append(TargetRow(target, value, baseline, attainment(_goal(target), observation)))
    return rows


@dataclass
class TargetTrend:
    row: TargetRow
    years: list[tuple[int, float | None]]
    units: list[tuple[AdminUnit, float | None, Attainment]]  # the units below, weakest first


def target_dashboard(*, document: Document, year: int) -> list[TargetTrend]:
    """Each target's row for `year`, its values over the plan's years, and the units below."""
    first = document.issued_year or year
    trends = []
    for row in target_rows(document=document, year=year):
        indicator = row.target.indicator
        years: list[tuple[int, float | None]] = []
        units: list[tuple[AdminUnit, float | None, Attainment]] = []
        if indicator is not None:
            for y in range(first, year + 1):
                measured = value_measure(indicator=indicator, unit=document.unit, year=y)
                years.append((y, measured.value if measured else None))
            reduction = row.target.kind in (Target.Kind.REDUCTION, Target.Kind.REDUCTION_RANGE)
            children = list(AdminUnit.objects.filter(parent=document.unit).order_by("name"))
            now = values_measure(indicator=indicator, units=children, year=year)
            earlier: dict[int, Value] = {}
            if reduction and row.target.baseline_rule == Target.Baseline.PREVIOUS_YEAR:
                earlier = values_measure(indicator=indicator, units=children, year=year - 1)
            for child in children:
                measured = now.get(child.pk)
                before = earlier.get(child.pk)
                baseline = before.value if before else None  # its own previous year
                observation = Observation(
                    year=year,
                    value=measured.value if measured else None,
                    numerator=measured.numerator if measured else None,
                    denominator=measured.denominator if measured else None,
                    baseline=baseline,
                )
                units.append(
                    (child, measured.value if measured else None,
                     attainment(_goal(row.target), observation))
                )  # fmt: skip
            units.sort(key=lambda item: (item[1] is None, item[1] or 0))
        trends.append(TargetTrend(row, years, units))
    return trends
