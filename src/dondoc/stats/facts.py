"""Build the crime-report facts of a province and year from the records, and keep them current.

`facts_refresh` rebuilds one (province, year): it reads the reports and their victims once,
counts the reports by unit, agency, outcome, overdue (as of that day) and offence group, and
the victims the same way under each person dimension in turn (the age group at the event
computed here), and replaces the facts in one transaction. `facts_current` rebuilds
whatever the registry marked stale; the background task `refresh_stale_facts` does the same
off the request.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django_tasks import task

from dondoc.registry.ages import age_group, age_on
from dondoc.registry.models import CrimeReport, CrimeReportPerson, StaleStats, TortureAct
from dondoc.registry.overdue import crime_report_overdue

from .models import CrimeReportFact, FactsBuilt

Key = tuple[Any, ...]


def _group(child_abuse: bool | None, torture: bool) -> str:
    if child_abuse:
        return "child_abuse"
    return "torture" if torture else "other"


PERSON_DIMENSIONS = ("sex", "age_group", "ethnic", "religion")


def facts_refresh(*, province_id: int, year: int, today: datetime.date | None = None) -> int:
    """Rebuild the facts of one province and year; the number of fact rows written."""
    today = today or datetime.date.today()
    torture = TortureAct.offences.through.objects.filter(offence_id=OuterRef("offence_id"))
    reports = (
        CrimeReport.objects.filter(province_id=province_id, received_on__year=year)
        .annotate(torture=Exists(torture))
        .values_list(
            "id", "unit_id", "agency_id", "decision", "decided_on", "due_on",
            "offence__child_abuse", "torture", "synthetic", "received_on",
        )
    )  # fmt: skip
    counts: Counter[Key] = Counter()
    base: dict[int, Key] = {}
    received: dict[int, Any] = {}
    for pk, unit, agency, decision, decided, due, child, tort, synthetic, day in reports.iterator(
        chunk_size=5000
    ):
        overdue = crime_report_overdue(
            decision=decision, due_on=due, decided_on=decided, today=today
        )
        key = (unit, agency, decision, overdue, _group(child, tort), synthetic)
        counts[("report", *key, "", "")] += 1
        base[pk] = key
        received[pk] = day
    victims = CrimeReportPerson.objects.filter(
        report__province_id=province_id, report__received_on__year=year, role="victim"
    ).values_list(
        "report_id", "person__sex", "person__birth_date", "person__birth_year",
        "person__ethnicity__code", "person__religion__code",
    )  # fmt: skip
    for report_id, sex, birth_date, birth_year, ethnic, religion in victims.iterator(
        chunk_size=5000
    ):
        report_key = base.get(report_id)
        if report_key is None:
            continue
        ages = age_group(age_on(birth_date, birth_year, received[report_id]))
        values = (sex or "unknown", ages, ethnic or "", religion or "")
        for dimension, value in zip(PERSON_DIMENSIONS, values, strict=True):
            counts[("victim", *report_key, dimension, value)] += 1
    rows = [
        CrimeReportFact(
            kind=kind, province_id=province_id, year=year, unit_id=unit, agency_id=agency,
            decision=decision, overdue=overdue, offence_group=group, synthetic=synthetic,
            dimension=dimension, value=value, count=count,
        )
        for (kind, unit, agency, decision, overdue, group, synthetic, dimension, value), count
        in counts.items()
    ]  # fmt: skip
    with transaction.atomic():
        CrimeReportFact.objects.filter(province_id=province_id, year=year).delete()
        CrimeReportFact.objects.bulk_create(rows, batch_size=2000)
        StaleStats.objects.filter(province_id=province_id, year=year).delete()
        FactsBuilt.objects.update_or_create(
            province_id=province_id, year=year, defaults={"as_of": today}
        )
    return len(rows)


def facts_current(*, years: set[int] | None = None, today: datetime.date | None = None) -> int:
    """Rebuild what changed since the facts were built, and what was built on an earlier day
    (overdue counts move with the date); how many (province, year) were rebuilt."""
    today = today or datetime.date.today()
    stale = StaleStats.objects.all()
    old = FactsBuilt.objects.exclude(as_of=today)  # an earlier day (or a test's other day)
    if years is not None:
        stale, old = stale.filter(year__in=years), old.filter(year__in=years)
    pairs = set(stale.values_list("province_id", "year")) | set(
        old.values_list("province_id", "year")
    )
    for province_id, year in sorted(pairs):
        facts_refresh(province_id=province_id, year=year, today=today)
    return len(pairs)


def facts_rebuild_all() -> int:
    """Every province and year that has crime reports (after a restore, or a rule change)."""
    pairs = set(
        CrimeReport.objects.annotate(year=ExtractYear("received_on"))
        .values_list("province_id", "year")
        .distinct()
    )
    for province_id, year in pairs:
        facts_refresh(province_id=province_id, year=year)
    return len(pairs)


@task()
def refresh_stale_facts() -> int:
    """Background task: rebuild the stale facts (enqueued after imports, run nightly)."""
    return facts_current()
