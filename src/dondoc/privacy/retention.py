"""Retention: past the period of its kind (data/processing.json), a record's personal data is
cleared (names, identity numbers, addresses, phones, free texts) and the row kept, so the
statistics, built from sex, birth year, age at the event, ethnicity, religion, unit and dates,
stay as they were (Law 91/2025/QH15: data kept no longer than its purpose needs).

Run by the background task `anonymise_expired_task` (django-tasks, as core.jobs): every run
is idempotent (privacy.Anonymised) and audited, as the SYSTEM actor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django_tasks import task

from dondoc.core.actors import SYSTEM, Actor, require_actor
from dondoc.core.audit import audit_record
from dondoc.core.locks import serialised
from dondoc.registry.models import (
    CasePerson,
    CompensationClaim,
    Complaint,
    CrimeReport,
    CrimeReportPerson,
    CriminalCase,
    Person,
    VictimSupport,
)
from dondoc.reintegration.models import ReintegrationSubject, SubjectEvent

from .inventory import processing_kind
from .models import Anonymised, RetentionRun

ANONYMISED = "Đã ẩn danh"
PERSON_CLEARED = {
    "identity_number": "", "identity_hash": "", "name_hash": "", "address": "", "phone": "",
}  # fmt: skip

# For each kind: its model, the free-text personal fields cleared on the record itself, and
# how its people are reached (a visible declaration, read by `anonymise_expired`).
KINDS: dict[str, tuple[type[Model], dict[str, str]]] = {
    "crime_reports": (CrimeReport, {"summary": ""}),
    "complaints": (Complaint, {"content": ANONYMISED, "place": "", "respondent": ""}),
    "cases": (CriminalCase, {"place": "", "facts": ""}),
    "compensation": (CompensationClaim, {"damaging_act": ANONYMISED}),
    "victim_support": (VictimSupport, {"note": ""}),
    "reintegration": (ReintegrationSubject, {"helper": ""}),
}


@dataclass
class RetentionResult:
    records: dict[str, int] = field(default_factory=dict)
    persons: int = 0

    @property
    def summary(self) -> str:
        parts = [f"{kind}: {count}" for kind, count in self.records.items() if count]
        listed = ", ".join(parts) or "không có"
        total = sum(self.records.values())
        return f"Đã ẩn danh {total} hồ sơ ({listed}), {self.persons} cá nhân."


def cutoff(kind: str, today: datetime.date) -> datetime.date | None:
    """Records of `kind` dated before this day are past their retention period."""
    years = processing_kind(kind).retention_years
    if years is None:
        return None
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def expired(kind: str, today: datetime.date) -> QuerySet[Any]:
    """The records of `kind` past retention on `today` (none if the kind keeps no period)."""
    model, _ = KINDS[kind]
    limit = cutoff(kind, today)
    if limit is None:
        return model._default_manager.none()
    date_field = processing_kind(kind).retention_from
    return model._default_manager.filter(**{f"{date_field}__lt": limit})


def _persons_of(kind: str, records: QuerySet[Any]) -> QuerySet[Any]:
    ids = records.values("pk")
    if kind == "crime_reports":
        return Person.objects.filter(
            pk__in=CrimeReportPerson.objects.filter(report__in=ids).values("person")
        )
    if kind == "complaints":
        return Person.objects.filter(pk__in=records.values("complainant"))
    if kind == "cases":
        return Person.objects.filter(
            pk__in=CasePerson.objects.filter(case__in=ids).values("person")
        )
    if kind == "compensation":
        return Person.objects.filter(pk__in=records.values("claimant"))
    if kind == "victim_support":
        return Person.objects.filter(pk__in=records.values("person"))
    return Person.objects.filter(pk__in=records.values("person"))  # reintegration


def _still_needed(today: datetime.date) -> Q:
    """Persons named by a record of any kind still within its retention period."""
    needed = Q()
    for kind in KINDS:
        live = KINDS[kind][0]._default_manager.exclude(pk__in=expired(kind, today).values("pk"))
        needed |= Q(pk__in=_persons_of(kind, live).values("pk"))
    return needed


def _mark(model: type[Model], pks: list[int], kind: str, now: datetime.datetime) -> list[int]:
    """The ids not yet anonymised, now marked."""
    label = model._meta.label_lower
    done = set(
        Anonymised.objects.filter(model=label, object_id__in=pks).values_list(
            "object_id", flat=True
        )
    )
    fresh = [pk for pk in pks if pk not in done]
    Anonymised.objects.bulk_create(
        [Anonymised(model=label, object_id=pk, kind=kind, at=now) for pk in fresh]
    )
    return fresh


@transaction.atomic
def anonymise_expired(
    *, actor: Actor = SYSTEM, today: datetime.date | None = None
) -> RetentionResult:
    """Clear the personal data of every record past retention on `today`, and of the persons
    no record within its period still names. Statistics columns are never touched.

    Idempotent (a record anonymised once is marked, `Anonymised`, and skipped after), and one
    run at a time: two workers (or the command beside the worker) wait for each other on an
    advisory lock, the second then finding nothing left to do."""
    require_actor(actor, system=True)
    serialised("privacy.retention")
    today = today or timezone.localdate()
    now = timezone.now()
    result = RetentionResult()
    candidates: set[int] = set()
    for kind, (model, cleared) in KINDS.items():
        records = expired(kind, today)
        fresh = _mark(model, list(records.values_list("pk", flat=True)), kind, now)
        for record in model._default_manager.filter(pk__in=fresh):
            for name, value in cleared.items():
                setattr(record, name, value)
            record.save(update_fields=list(cleared))
            audit_record(
                actor=actor, action="privacy.anonymise", target=record, data={"kind": kind}
            )
        if kind == "reintegration" and fresh:
            for event in SubjectEvent.objects.filter(subject__in=fresh).exclude(note=""):
                event.note = ""
                event.save(update_fields=["note"])
        result.records[kind] = len(fresh)
        candidates |= set(_persons_of(kind, records).values_list("pk", flat=True))
    needed = set(
        Person.objects.filter(pk__in=candidates)
        .filter(_still_needed(today))
        .values_list("pk", flat=True)
    )
    persons = _mark(Person, sorted(candidates - needed), "person", now)
    for person in Person.objects.filter(pk__in=persons):
        person.full_name = ANONYMISED
        for name, value in PERSON_CLEARED.items():
            setattr(person, name, value)
        person.save(update_fields=["full_name", *PERSON_CLEARED])
        audit_record(
            actor=actor, action="privacy.anonymise", target=person, data={"kind": "person"}
        )
    result.persons = len(persons)
    return result


@task()
def anonymise_expired_task(day: str = "") -> str:
    """The worker's run: queued daily by the worker itself (`retention_daily`, from its beat,
    core.worker) or by `dondoc privacy_retention --queue`; `day` (ISO) is the day it runs for,
    whose `RetentionRun` records the outcome, audited."""
    today = datetime.date.fromisoformat(day) if day else None
    result = anonymise_expired(actor=SYSTEM, today=today)
    if today is not None:
        with transaction.atomic():
            run = RetentionRun.objects.select_for_update().filter(day=today).first()
            if run is not None:
                run.finished_at, run.summary = timezone.now(), result.summary
                run.save(update_fields=["finished_at", "summary"])
                audit_record(
                    actor=SYSTEM, action="privacy.retention_run", target=run,
                    data={"records": result.records, "persons": result.persons},
                )  # fmt: skip
    return result.summary


def retention_daily(*, today: datetime.date) -> bool:
    """Queue the anonymisation of `today` unless it is queued already (True: queued now). The
    day's row is unique, so two workers beating at once queue it once; run from the worker's
    beat (settings.WORKER_DAILY, core.worker.daily_work)."""
    try:
        with transaction.atomic():
            _, created = RetentionRun.objects.get_or_create(
                day=today, defaults={"queued_at": timezone.now()}
            )
            if created:
                anonymise_expired_task.enqueue(day=today.isoformat())
    except IntegrityError:  # the other worker's row, committed while we inserted
        return False
    return created
