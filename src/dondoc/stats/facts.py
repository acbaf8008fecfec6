"""Build the crime-report facts of a province and year from the records, and keep them current.

`facts_refresh` rebuilds one (province, year): it reads the reports and their victims once,
counts the reports by unit, agency, outcome, overdue (as of that day) and offence group, and
the victims the same way under each person dimension in turn (the age group at the event
computed here), and replaces the facts in one transaction. `facts_current` rebuilds
whatever is stale: a write raised its (province, year)'s generation (registry.StaleStats)
above the one the facts were built from, or the facts were built on an earlier day (overdue
counts move with the date). A page never rebuilds (a GET never writes): the write enqueues
the background task `refresh_stale_facts`, `dondoc stats refresh` runs it by hand, and the
pages show the facts with the time they were built.

Two rebuilds of one (province, year) never interleave: on PostgreSQL an advisory lock
serialises them (the second, once it has the lock, finds the facts current and stops); on
SQLite the counting reads run outside any transaction and the replacement runs in an
IMMEDIATE one, which re-checks what it is about to replace. The unique constraint on the
facts' dimensions is the last line of defence against counting twice.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django_tasks import task

from dondoc.core.locks import serialised
from dondoc.org.models import AdminUnit
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


def _count(province_id: int, year: int, today: datetime.date) -> list[CrimeReportFact]:
    """The fact rows of one province and year, from the records as they are now."""
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
            continue  # a report saved after the first query: the next rebuild counts it
        ages = age_group(age_on(birth_date, birth_year, received[report_id]))
        values = (sex or "unknown", ages, ethnic or "", religion or "")
        for dimension, value in zip(PERSON_DIMENSIONS, values, strict=True):
            counts[("victim", *report_key, dimension, value)] += 1
    return [
        CrimeReportFact(
            kind=kind, province_id=province_id, year=year, unit_id=unit, agency_id=agency,
            decision=decision, overdue=overdue, offence_group=group, synthetic=synthetic,
            dimension=dimension, value=value, count=count,
        )
        for (kind, unit, agency, decision, overdue, group, synthetic, dimension, value), count
        in counts.items()
    ]  # fmt: skip


def _generation(province_id: int, year: int) -> int:
    """How many writes the records of (province, year) have seen (0: none marked)."""
    mark = StaleStats.objects.filter(province_id=province_id, year=year)
    return mark.values_list("generation", flat=True).first() or 0


def _is_current(province_id: int, year: int, generation: int, today: datetime.date) -> bool:
    built = FactsBuilt.objects.filter(province_id=province_id, year=year).first()
    return built is not None and built.as_of == today and built.generation >= generation


def facts_refresh(
    *, province_id: int, year: int, today: datetime.date | None = None, force: bool = False
) -> int:
    """Rebuild the facts of one province and year unless they are current already (`force`:
    rebuild anyway, after a rule change); the number of fact rows written."""
    today = today or timezone.localdate()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            serialised("stats.facts", province_id, year)
            return _rebuild(province_id, year, today, force)
    return _rebuild(province_id, year, today, force)


def _rebuild(province_id: int, year: int, today: datetime.date, force: bool) -> int:
    # The generation is read before the records: a write committed after this read has a
    # higher generation, so the facts stay stale for it even if the count below saw it.
    generation = _generation(province_id, year)
    if not force and _is_current(province_id, year, generation, today):
        return 0  # another rebuild did it while this one waited for the lock
    rows = _count(province_id, year, today)
    with transaction.atomic():
        if not force and _is_current(province_id, year, generation, today):
            return 0  # SQLite: a rebuild that counted at the same time wrote first
        CrimeReportFact.objects.filter(province_id=province_id, year=year).delete()
        CrimeReportFact.objects.bulk_create(rows, batch_size=2000)
        FactsBuilt.objects.update_or_create(
            province_id=province_id,
            year=year,
            defaults={"as_of": today, "built_at": timezone.now(), "generation": generation},
        )
    return len(rows)


def stale_pairs(
    *, years: set[int] | None = None, today: datetime.date | None = None
) -> set[tuple[int, int]]:
    """(province id, year) whose facts miss a write, or were built on an earlier day."""
    today = today or timezone.localdate()
    marks = StaleStats.objects.all()
    built_rows = FactsBuilt.objects.all()
    if years is not None:
        marks, built_rows = marks.filter(year__in=years), built_rows.filter(year__in=years)
    built = {
        (p, y): (generation, as_of)
        for p, y, generation, as_of in built_rows.values_list(
            "province_id", "year", "generation", "as_of"
        )
    }
    pairs = {
        (p, y)
        for p, y, generation in marks.values_list("province_id", "year", "generation")
        if (p, y) not in built or built[(p, y)][0] < generation
    }
    return pairs | {pair for pair, (_, as_of) in built.items() if as_of != today}


def facts_current(*, years: set[int] | None = None, today: datetime.date | None = None) -> int:
    """Rebuild what is stale (stale_pairs); how many (province, year) were rebuilt."""
    today = today or timezone.localdate()
    pairs = stale_pairs(years=years, today=today)
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
    for province_id, year in sorted(pairs):
        facts_refresh(province_id=province_id, year=year, force=True)
    return len(pairs)


@dataclass(frozen=True)
class FactsStatus:
    """What a page says about the facts it shows: when they were built, and whether a write
    came after (its rebuild is queued)."""

    built_at: datetime.datetime | None
    stale: bool


def facts_status(
    *, unit: AdminUnit, years: set[int], today: datetime.date | None = None
) -> FactsStatus:
    """The facts behind a table of `unit` (its province's) for `years`; reads only."""
    province = [unit, *unit.ancestors()][-1]
    built = list(FactsBuilt.objects.filter(province=province, year__in=years))
    stale = stale_pairs(years=years, today=today)
    return FactsStatus(
        min((b.built_at for b in built if b.built_at), default=None),
        any(p == province.pk for p, _ in stale),
    )


@task()
def refresh_stale_facts() -> int:
    """Background task: rebuild the stale facts (enqueued by every registry write that changes
    them; `dondoc stats refresh`, run daily by cron, catches the change of day)."""
    return facts_current()
