"""Build the crime-report facts of a province and year from the records, and keep them current.

`facts_refresh` rebuilds one (province, year): it reads the reports and their victims once,
counts the reports by unit, agency, outcome, due day while pending, and offence group, and the
victims the same way under each person dimension in turn (the age group at the event computed
here), and replaces the facts in one transaction. Overdue is not counted here: a table counts
the pending reports due before the day it is read for, so the change of day rebuilds nothing.

Beside the facts, their rollup (models.CrimeReportRollup: the report facts summed over the
due day, which the targets page reads) is written by the same two paths from the same counts:
a rebuild replaces both in one transaction, a delta moves both.

A single write (a report registered or decided) moves its own counts in its transaction
(`report_changed`: a delta on the few fact rows it touches, not a rebuild), so the facts stay
current and the first reader after a write waits no longer than any other. A bulk import
raises its (province, year)'s generation (registry.StaleStats) and enqueues the background
task `refresh_stale_facts`, which rebuilds whatever is stale (`facts_current`; `dondoc stats
refresh` nightly and by hand). A page never rebuilds (a GET never writes); it shows the facts
with the time they were built.

Two rebuilds of one (province, year), or a rebuild and a delta, never interleave: on
PostgreSQL an advisory lock serialises them (the second, once it has the lock, finds the
facts current and stops, or adds its delta to the new facts); on SQLite the counting reads
run outside any transaction and the replacement runs in an IMMEDIATE one, which gives up if
a write came after the count (the facts stay stale for it). The unique constraints on the
facts' keys are the last line of defence against counting twice.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Model, OuterRef, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from dondoc.core.locks import serialised
from dondoc.org.models import AdminUnit
from dondoc.registry.ages import age_group, age_on
from dondoc.registry.models import CrimeReport, CrimeReportPerson, StaleStats, TortureAct

from .models import CrimeReportFact, CrimeReportRollup, FactsBuilt

Key = tuple[Any, ...]
RollupKey = tuple[int, int, str, str]  # unit, agency, decision, offence group
REFRESH_TASK = "dondoc.stats.facts.refresh_stale_facts"  # defined below


def _group(child_abuse: bool | None, torture: bool) -> str:
    if child_abuse:
        return "child_abuse"
    return "torture" if torture else "other"


PERSON_DIMENSIONS = ("sex", "age_group", "ethnic", "religion")


def _tally(reports: QuerySet[CrimeReport], victims: QuerySet[CrimeReportPerson]) -> Counter[Key]:
    """The fact keys of some reports and of their victims, with how many of each: a report
    counts under (kind, unit, agency, decision, due day while pending, offence group,
    synthetic, "", ""), each victim once under each person dimension."""
    torture = TortureAct.offences.through.objects.filter(offence_id=OuterRef("offence_id"))
    reports = reports.filter(withdrawn_at__isnull=True)  # a withdrawn report leaves every count
    rows = reports.annotate(torture=Exists(torture)).values_list(
        "id", "unit_id", "agency_id", "decision", "due_on", "offence__child_abuse", "torture",
        "synthetic", "received_on",
    )  # fmt: skip
    counts: Counter[Key] = Counter()
    base: dict[int, Key] = {}
    received: dict[int, Any] = {}
    for pk, unit, agency, decision, due, child, tort, synthetic, day in rows.iterator(
        chunk_size=5000
    ):
        # Overdue is not counted here: it changes with the day. A pending report keeps its
        # due day, and a table counts as overdue the pending ones due before the day it is
        # read for (tables.crime_reports), so the change of day rebuilds nothing.
        pending_due = due if decision == CrimeReport.Decision.PENDING else None
        key = (unit, agency, decision, pending_due, _group(child, tort), synthetic)
        counts[("report", *key, "", "")] += 1
        base[pk] = key
        received[pk] = day
    people = victims.filter(role="victim").values_list(
        "report_id", "person__sex", "person__birth_date", "person__birth_year",
        "person__ethnicity__code", "person__religion__code",
    )  # fmt: skip
    for report_id, sex, birth_date, birth_year, ethnic, religion in people.iterator(
        chunk_size=5000
    ):
        report_key = base.get(report_id)
        if report_key is None:
            continue  # a report saved after the first query: the next rebuild counts it
        ages = age_group(age_on(birth_date, birth_year, received[report_id]))
        values = (sex or "unknown", ages, ethnic or "", religion or "")
        for dimension, value in zip(PERSON_DIMENSIONS, values, strict=True):
            counts[("victim", *report_key, dimension, value)] += 1
    return counts


def _fact(province_id: int, year: int, key: Key, count: int) -> CrimeReportFact:
    kind, unit, agency, decision, due_on, group, synthetic, dimension, value = key
    return CrimeReportFact(
        kind=kind, province_id=province_id, year=year, unit_id=unit, agency_id=agency,
        decision=decision, due_on=due_on, offence_group=group, synthetic=synthetic,
        dimension=dimension, value=value, count=count,
    )  # fmt: skip


def _key(fact: CrimeReportFact) -> Key:
    """A fact row's key, as `_tally` counts it."""
    return (
        fact.kind, fact.unit_id, fact.agency_id, fact.decision, fact.due_on, fact.offence_group,
        fact.synthetic, fact.dimension, fact.value,
    )  # fmt: skip


def _count(province_id: int, year: int, today: datetime.date) -> list[CrimeReportFact]:
    """The fact rows of one province and year, from the records as they are now."""
    counts = _tally(
        CrimeReport.objects.filter(province_id=province_id, received_on__year=year),
        CrimeReportPerson.objects.filter(
            report__province_id=province_id, report__received_on__year=year
        ),
    )
    return [_fact(province_id, year, key, count) for key, count in counts.items()]


# --- One write, one delta -------------------------------------------------------------------


def report_tally(report_id: int) -> Counter[Key]:
    """The fact keys one crime report (and its victims) counts under now: read by a write
    before it changes the report (registry.services), then given to `report_changed`."""
    return _tally(
        CrimeReport.objects.filter(pk=report_id),
        CrimeReportPerson.objects.filter(report_id=report_id),
    )


def report_changed(*, report_id: int, before: Counter[Key], pairs: set[tuple[int, int]]) -> None:
    """Inside the write's transaction, after it changed one crime report (or created it:
    `before` empty): move its counts in the facts from the keys it had to the keys it has,
    so the facts stay exact without a rebuild. `pairs`: the (province id, year) it was and
    is in. A province-year whose facts are not current (never built, or a bulk import's
    rebuild is queued) is marked stale instead, and the worker rebuilds it.

    On PostgreSQL the delta takes the rebuild's advisory lock of its province-year: a
    rebuild and a write never interleave (the one waits for the other to commit), and two
    writes add to the same fact row one after the other (its row lock)."""
    after = report_tally(report_id)
    # A fact key does not name its year: the counts it had leave the (province, year) it was
    # in, the counts it has go to the one it is in now (a corrected received day can move it
    # to another year: each side of the delta applies to its own pair only).
    now = {
        (province, day.year)
        for province, day in CrimeReport.objects.filter(pk=report_id).values_list(
            "province_id", "received_on"
        )
    }
    was = (pairs - now) or pairs
    for province_id, year in sorted(pairs):  # one order: two writers never wait in a circle
        serialised("stats.facts", province_id, year)
        mark, _ = StaleStats.objects.get_or_create(  # 0: no write yet, as `_generation` reads
            province_id=province_id, year=year, defaults={"generation": 0}
        )
        built = FactsBuilt.objects.filter(province_id=province_id, year=year).first()
        current = built is not None and built.generation >= mark.generation
        StaleStats.objects.filter(pk=mark.pk).update(generation=F("generation") + 1)
        if not current:
            import_string(REFRESH_TASK).enqueue()
            continue
        FactsBuilt.objects.filter(pk=built.pk).update(generation=mark.generation + 1)  # type: ignore[union-attr]
        had = before if (province_id, year) in was else Counter()
        has = after if (province_id, year) in now else Counter()
        keys = {key for key in (*had, *has)}
        for key in sorted(keys, key=repr):
            delta = has.get(key, 0) - had.get(key, 0)
            if delta:
                _add(province_id, year, key, delta)
        # The rollup moves by the same counts, summed over the due day: a pending report
        # whose due day changed moves nothing there.
        rolled_before, rolled_after = _rolled(had.items()), _rolled(has.items())
        for rollup_key in sorted({*rolled_before, *rolled_after}):
            delta = rolled_after.get(rollup_key, 0) - rolled_before.get(rollup_key, 0)
            if delta:
                _add_rollup(province_id, year, rollup_key, delta)


def _add(province_id: int, year: int, key: Key, delta: int) -> None:
    """Add `delta` to one fact row (created at need; removed when it comes to zero, as a
    rebuild would not write it)."""
    kind, unit, agency, decision, due_on, group, synthetic, dimension, value = key
    row = CrimeReportFact.objects.filter(
        province_id=province_id, year=year, kind=kind, unit_id=unit, agency_id=agency,
        decision=decision, due_on=due_on, offence_group=group, synthetic=synthetic,
        dimension=dimension, value=value,
    )  # fmt: skip
    _add_count(
        row,
        delta,
        lambda: _fact(province_id, year, key, delta),
        f"facts of {province_id}/{year} lack {key}: they were not exact",
    )


def _add_count(row: QuerySet[Any], delta: int, new: Callable[[], Model], missing: str) -> None:
    """Add `delta` to the count of the one row `row` selects (a fact or a rollup row): made by
    `new()` when there is none, removed when it comes to zero; a negative delta on a missing
    row means the rows were not exact: RuntimeError(`missing`)."""
    if row.update(count=F("count") + delta):
        row.filter(count=0).delete()
        return
    if delta < 0:
        raise RuntimeError(missing)
    try:
        with transaction.atomic():
            new().save()
    except IntegrityError:  # another writer created it meanwhile (SQLite has no such race)
        row.update(count=F("count") + delta)


def _rolled(counts: Iterable[tuple[Key, int]]) -> Counter[RollupKey]:
    """The rollup's keys of some fact keys (the report facts only), with their counts."""
    rolled: Counter[RollupKey] = Counter()
    for key, count in counts:
        kind, unit, agency, decision, _due_on, group, _synthetic, _dimension, _value = key
        if kind == "report":
            rolled[(unit, agency, decision, group)] += count
    return rolled


def _rollup_row(province_id: int, year: int, key: RollupKey, count: int) -> CrimeReportRollup:
    unit, agency, decision, group = key
    return CrimeReportRollup(
        province_id=province_id, year=year, unit_id=unit, agency_id=agency, decision=decision,
        offence_group=group, count=count,
    )  # fmt: skip


def _add_rollup(province_id: int, year: int, key: RollupKey, delta: int) -> None:
    """Add `delta` to one rollup row, as `_add` does to a fact row."""
    unit, agency, decision, group = key
    row = CrimeReportRollup.objects.filter(
        province_id=province_id, year=year, unit_id=unit, agency_id=agency, decision=decision,
        offence_group=group,
    )  # fmt: skip
    _add_count(
        row,
        delta,
        lambda: _rollup_row(province_id, year, key, delta),
        f"rollup of {province_id}/{year} lacks {key}: it was not exact",
    )


def _generation(province_id: int, year: int) -> int:
    """How many writes the records of (province, year) have seen (0: none marked)."""
    mark = StaleStats.objects.filter(province_id=province_id, year=year)
    return mark.values_list("generation", flat=True).first() or 0


def _is_current(province_id: int, year: int, generation: int, today: datetime.date) -> bool:
    """Whether the facts hold every write (the day they were built does not matter: overdue
    is counted when they are read)."""
    built = FactsBuilt.objects.filter(province_id=province_id, year=year).first()
    return built is not None and built.generation >= generation


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
        if connection.vendor != "postgresql" and _generation(province_id, year) != generation:
            return 0  # SQLite: a write came after the count; the facts stay stale for it
        CrimeReportFact.objects.filter(province_id=province_id, year=year).delete()
        CrimeReportFact.objects.bulk_create(rows, batch_size=2000)
        # The rollup from the same count, in the same transaction: always the facts' sum.
        CrimeReportRollup.objects.filter(province_id=province_id, year=year).delete()
        rolled = _rolled((_key(row), row.count) for row in rows)
        CrimeReportRollup.objects.bulk_create(
            [_rollup_row(province_id, year, key, n) for key, n in rolled.items()],
            batch_size=2000,
        )
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
    return {
        (p, y)
        for p, y, generation in marks.values_list("province_id", "year", "generation")
        if (p, y) not in built or built[(p, y)][0] < generation
    }


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
