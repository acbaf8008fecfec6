"""Build the crime-report facts of a province and year from the records, and keep them current.

`facts_refresh` rebuilds one (province, year): it reads the reports and their victims once,
counts them by the dimensions of the tables (the age group at the event computed here, from
the birth date or year), and replaces the facts in one transaction. `facts_current` rebuilds
whatever the registry marked stale; the background task `refresh_stale_facts` does the same
off the request.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django_tasks import task

from dondoc.registry.ages import age_group, age_on
from dondoc.registry.models import CrimeReport, CrimeReportPerson, StaleStats, TortureAct

from .models import CrimeReportFact

Key = tuple[Any, ...]


def _group(child_abuse: bool | None, torture: bool) -> str:
    if child_abuse:
        return "child_abuse"
    return "torture" if torture else "other"


def facts_refresh(*, province_id: int, year: int) -> int:
    """Rebuild the facts of one province and year; the number of fact rows written."""
    torture = TortureAct.offences.through.objects.filter(offence_id=OuterRef("offence_id"))
    reports = (
        CrimeReport.objects.filter(province_id=province_id, received_on__year=year)
        .annotate(torture=Exists(torture))
        .values_list(
            "id", "unit_id", "agency_id", "decision", "decided_on", "due_on",
            "offence__child_abuse", "torture", "synthetic", "received_on",
        )
    )  # fmt: skip
    report_counts: Counter[Key] = Counter()
    base: dict[int, Key] = {}
    received: dict[int, Any] = {}
    for pk, unit, agency, decision, decided, due, child, tort, synthetic, day in reports.iterator(
        chunk_size=5000
    ):
        late = decided is not None and decided > due
        pending_due = due if decision == CrimeReport.Decision.PENDING else None
        key = (unit, agency, decision, late, pending_due, _group(child, tort), synthetic)
        report_counts[key] += 1
        base[pk] = key
        received[pk] = day
    victim_counts: Counter[Key] = Counter()
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
        group = age_group(age_on(birth_date, birth_year, received[report_id]))
        victim_counts[(*report_key, sex or "unknown", group, ethnic or "", religion or "")] += 1
    rows = [
        CrimeReportFact(
            kind="report", province_id=province_id, year=year, unit_id=unit, agency_id=agency,
            decision=decision, late=late, pending_due_on=due, offence_group=group,
            synthetic=synthetic, count=count,
        )
        for (unit, agency, decision, late, due, group, synthetic), count in report_counts.items()
    ] + [
        CrimeReportFact(
            kind="victim", province_id=province_id, year=year, unit_id=unit, agency_id=agency,
            decision=decision, late=late, pending_due_on=due, offence_group=group,
            synthetic=synthetic, sex=sex, age_group=ages, ethnic_code=ethnic,
            religion_code=religion, count=count,
        )
        for (unit, agency, decision, late, due, group, synthetic, sex, ages, ethnic, religion),
        count in victim_counts.items()
    ]  # fmt: skip
    with transaction.atomic():
        CrimeReportFact.objects.filter(province_id=province_id, year=year).delete()
        CrimeReportFact.objects.bulk_create(rows, batch_size=2000)
        StaleStats.objects.filter(province_id=province_id, year=year).delete()
    return len(rows)


def facts_current(*, years: set[int] | None = None) -> int:
    """Rebuild every stale (province, year) (of `years` if given); how many were rebuilt."""
    stale = StaleStats.objects.all()
    if years is not None:
        stale = stale.filter(year__in=years)
    pairs = list(stale.values_list("province_id", "year"))
    for province_id, year in pairs:
        facts_refresh(province_id=province_id, year=year)
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
