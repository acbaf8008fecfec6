"""Corrections and withdrawals of registry records (issue 17).

A correction changes some fields of a record and keeps their earlier values in a
`RecordCorrection` row (encrypted: they may be personal data), audited. A withdrawal is a soft
delete with a reason (a duplicate, a template row, a wrong import): the record stays, for the
audit and its history, but leaves every list, selector (`selectors.records_visible`) and
statistic. A crime report's facts follow both by a delta in the same transaction, as for any
other write to it (stats.facts.report_changed).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from dondoc.core.actors import actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.crypto import lookup_hash, name_hash
from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import User

from . import deadlines
from .models import (
    CasePerson,
    CaseRecord,
    CaseStep,
    CompensationClaim,
    Complaint,
    ComplaintPerson,
    ComplaintRound,
    CrimeReport,
    CrimeReportPerson,
    CriminalCase,
    ImportedRow,
    Person,
    RecordCorrection,
    Referral,
    VictimSupport,
    WithdrawalReason,
)
from .services import (
    _check_records,
    _stats_report_counted,
    identity_checked,
    not_future,
    validated,
)

# The fields of each kind an officer may correct (a visible declaration): what was typed in;
# never the keeping agency, the province, the computed deadlines nor the workflow's own steps
# (a round's outcome, a case's stage: their own services move them).
CORRECTABLE: Final[dict[type[CaseRecord], tuple[str, ...]]] = {
    Person: ("full_name", "identity_number", "birth_date", "birth_year", "sex", "ethnicity",
             "religion", "nationality", "residence_unit", "address", "phone"),
    CrimeReport: ("number", "received_on", "source", "summary", "offence", "complex",
                  "extended"),
    Complaint: ("kind", "respondent", "respondent_agency", "content", "occurred_on", "place",
                "torture_act", "received_on", "complex", "remote"),
    CriminalCase: ("number", "opened_on", "occurred_on", "place", "facts", "sentence"),
    CompensationClaim: ("damaging_act", "torture_act", "torture_victim", "amount_claimed",
                        "accepted_on", "complex"),
    VictimSupport: ("form", "provider", "provided_on", "note"),
    Referral: ("service", "provider", "provider_name", "reason"),
}  # fmt: skip

DATE_FIELDS: Final = {"received_on", "birth_date", "occurred_on", "opened_on", "accepted_on",
                      "provided_on"}  # fmt: skip


def _plain(value: Any) -> Any:
    """A field's value as the history stores it (JSON)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _field(record: CaseRecord, name: str) -> models.Field[Any, Any]:
    field = record._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 - CORRECTABLE names columns
    return field


def _current(record: CaseRecord, name: str) -> Any:
    return getattr(record, _field(record, name).attname)  # a foreign key: its id


def _recompute(record: CaseRecord) -> None:
    """The deadlines a corrected record's dates fix; a person's blind index of name + year."""
    if isinstance(record, Person):
        year = record.birth_date.year if record.birth_date else record.birth_year
        record.name_hash = name_hash(record.full_name, year)
    if isinstance(record, CrimeReport):
        record.due_on = deadlines.crime_report_due(
            record.received_on, complex=record.complex, extended=record.extended
        )
    if isinstance(record, Complaint):
        from .services import complaint_round_due

        for round in record.rounds.all():
            round.due_on = complaint_round_due(record, round.number, round.accepted_on,
                                               round.extensions)  # fmt: skip
            round.save(update_fields=["due_on"])


@transaction.atomic
def record_correct(
    *, actor: User, record: CaseRecord, reason: str, **changes: Any
) -> RecordCorrection | None:
    """Correct some fields of `record`; the earlier values are kept in its history. Nothing
    changed: no history row (None)."""
    require_actor(actor)
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    _check_records(actor, record.agency)
    if record.withdrawn:
        raise InvalidInput("Hồ sơ đã bị loại bỏ: không sửa được.")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Lý do sửa: bắt buộc (ví dụ: nhập sai ngày tiếp nhận).")
    # The year the report is counted in before the correction (its facts' pair), read
    # before the changes are set on it: a corrected received day can move it to another year.
    year_before = record.received_on.year if isinstance(record, CrimeReport) else None
    allowed = CORRECTABLE.get(model, ())
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    before: dict[str, Any] = {}
    for name, value in changes.items():
        field = _field(record, name)
        old = _current(record, name)
        new = value.pk if isinstance(value, models.Model) else value
        if old == new:
            continue
        before[name] = _plain(old)
        by_id = field.is_relation and not isinstance(value, models.Model)
        setattr(record, field.attname if by_id else name, value)
        if name in DATE_FIELDS:
            not_future(value, str(field.verbose_name).capitalize())
    if isinstance(record, Person):
        _person_checked(record, before)
    if not before:
        return None
    counted = _stats_report_counted(record) if isinstance(record, CrimeReport) else None
    with acting_as(actor):
        _recompute(record)
        validated(record)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as clash:
            # Another officer gave the same identity number to another person meanwhile.
            raise InvalidInput(_identity_clash()) from clash
        correction = RecordCorrection.objects.create(
            model=model._meta.label_lower,
            record_id=record.pk,
            fields=sorted(before),
            before=json.dumps(before, ensure_ascii=False),
            reason=reason[:255],
            corrected_by=actor_user(actor),
            corrected_at=timezone.now(),
        )
        audit_record(
            actor=actor, action="registry.correct", target=record,
            data={"fields": sorted(before), "reason": reason[:255]},
        )  # fmt: skip
        if isinstance(record, CrimeReport):
            _crime_report_delta(record, before=counted, year_before=year_before)
    return correction


def _identity_clash(other: Person | None = None) -> str:
    number = f" #{other.pk}" if other is not None else ""
    return (
        f"Số định danh này đã có trong hồ sơ của tỉnh (cá nhân{number}): một người chỉ có một "
        "hồ sơ. Nếu là cùng một người, hãy loại bỏ hồ sơ trùng (lý do “Hồ sơ trùng”) sau khi "
        "chuyển các hồ sơ của nó sang người đã có."
    )


def _person_checked(person: Person, before: dict[str, Any]) -> None:
    """A person's corrected identity number (normalised, its keyed hash rebuilt, one person
    per number in the province) and birth (the year follows the date)."""
    if "identity_number" in before:
        person.identity_number = identity_checked(person.identity_number)
        if person.identity_number == before["identity_number"]:
            del before["identity_number"]  # the same number, spaced or dotted
        else:
            person.identity_hash = lookup_hash(person.identity_number)
            other = (
                Person.objects.filter(province_id=person.province_id,
                                      identity_hash=person.identity_hash)
                .exclude(pk=person.pk)
                .first()
            )  # fmt: skip
            if person.identity_hash and other is not None:
                raise InvalidInput(_identity_clash(other))
    if "birth_date" in before or "birth_year" in before:
        if person.birth_date is not None:
            if "birth_year" in before and person.birth_year not in (None, person.birth_date.year):
                raise InvalidInput(
                    f"Năm sinh {person.birth_year} khác năm của ngày sinh "
                    f"{person.birth_date:%d/%m/%Y}: hãy sửa một trong hai."
                )
            if person.birth_year != person.birth_date.year:
                before.setdefault("birth_year", person.birth_year)
                person.birth_year = person.birth_date.year
        today = timezone.localdate()
        if person.birth_year is not None and not (1900 <= person.birth_year <= today.year):
            raise InvalidInput(
                f"Năm sinh {person.birth_year}: cần một năm từ 1900 đến {today.year}."
            )


def _crime_report_delta(report: CrimeReport, *, before: Any, year_before: int | None) -> None:
    from importlib import import_module

    from .services import STATS_FACTS

    pairs = {(report.province_id, report.received_on.year)}
    if year_before is not None:
        pairs.add((report.province_id, year_before))
    import_module(STATS_FACTS).report_changed(report_id=report.pk, before=before, pairs=pairs)


def _shown(record: CaseRecord, name: str, value: Any) -> str:
    """An earlier value as the user reads it: 30/10/2026, "Có", a choice's label, a name."""
    field = _field(record, name)
    if value in (None, ""):
        return ""
    if isinstance(field, models.BooleanField):
        return "Có" if value else "Không"
    if isinstance(field, models.DateField):
        return f"{datetime.date.fromisoformat(value):%d/%m/%Y}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    target = field.related_model
    if field.is_relation and isinstance(target, type):
        related = target._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def correction_history(record: CaseRecord) -> list[dict[str, Any]]:
    """The corrections of `record`, newest first: who, when, why, which fields and their
    earlier values (labels as the user reads them)."""
    rows = RecordCorrection.objects.filter(
        model=type(record)._meta.label_lower, record_id=record.pk
    ).select_related("corrected_by")
    history = []
    for row in rows:
        before = json.loads(row.before or "{}")
        history.append(
            {
                "at": row.corrected_at,
                "by": row.corrected_by,
                "reason": row.reason,
                "fields": [
                    (str(_field(record, name).verbose_name), _shown(record, name, before.get(name)))
                    for name in row.fields
                ],
            }
        )
    return history


def _dependants(record: CaseRecord) -> list[str]:
    """What still names `record` and would be left pointing at a withdrawn one."""
    found: list[str] = []
    if isinstance(record, Person):
        checks = (
            (CrimeReportPerson.objects.filter(person=record, report__withdrawn_at__isnull=True),
             "tin báo"),
            (CasePerson.objects.filter(person=record, case__withdrawn_at__isnull=True), "vụ án"),
            (ComplaintPerson.objects.filter(person=record, complaint__withdrawn_at__isnull=True),
             "khiếu nại, tố cáo"),
            (Complaint.objects.filter(complainant=record, withdrawn_at__isnull=True),
             "khiếu nại, tố cáo"),
            (CompensationClaim.objects.filter(claimant=record, withdrawn_at__isnull=True),
             "yêu cầu bồi thường"),
            (Referral.objects.filter(person=record, withdrawn_at__isnull=True), "chuyển gửi"),
        )  # fmt: skip
        found = sorted({label for query, label in checks if query.exists()})
    if isinstance(record, CrimeReport) and record.cases.filter(withdrawn_at__isnull=True).exists():
        found.append("vụ án khởi tố từ tin báo này")
    return found


@transaction.atomic
def record_withdraw(*, actor: User, record: CaseRecord, reason: str, note: str = "") -> CaseRecord:
    """Withdraw `record` (soft delete) for `reason` (WithdrawalReason); audited; it leaves every
    count at once."""
    require_actor(actor)
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    _check_records(actor, record.agency)
    if record.withdrawn:
        raise InvalidInput(
            f"Hồ sơ đã được loại bỏ lúc {timezone.localtime(record.withdrawn_at):%H:%M %d/%m/%Y}."
        )
    if reason not in WithdrawalReason.values:
        raise InvalidInput("Lý do loại bỏ: hồ sơ trùng, dòng mẫu, nhập nhầm hoặc lý do khác.")
    note = " ".join(note.split())
    if reason == WithdrawalReason.OTHER and not note:
        raise InvalidInput("Lý do khác: hãy ghi rõ lý do loại bỏ.")
    blocking = _dependants(record)
    if blocking:
        raise InvalidInput(
            "Không loại bỏ được: hồ sơ còn được dùng trong " + ", ".join(blocking)
            + "; hãy loại bỏ hoặc sửa các hồ sơ đó trước."
        )  # fmt: skip
    counted = _stats_report_counted(record) if isinstance(record, CrimeReport) else None
    with acting_as(actor):
        record.withdrawn_at = timezone.now()
        record.withdrawn_reason = reason
        record.withdrawn_note = note[:255]
        record.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_note",
                                   "updated_at"])  # fmt: skip
        audit_record(
            actor=actor, action="registry.withdraw", target=record,
            data={"reason": reason, "note": note[:255]},
        )  # fmt: skip
        if isinstance(record, CrimeReport):
            _crime_report_delta(record, before=counted, year_before=None)
    return record


# --- Undoing an import --------------------------------------------------------------------

# The kinds an import can be undone for: the model of the record each row made.
UNDOABLE_KINDS: Final[dict[str, type[CaseRecord]]] = {
    "crime_reports": CrimeReport,
    "complaints": Complaint,
    "cases": CriminalCase,
    "compensation_claims": CompensationClaim,
    "persons": Person,
}


@dataclass(frozen=True)
class ImportMade:
    """One import of an agency: when, which kind, how many rows it saved."""

    kind: str
    imported_at: datetime.datetime
    rows: int


def imports_of(*, agency_ids: Iterable[int], limit: int = 50) -> list[tuple[Any, ImportMade]]:
    """The latest imports of the agencies (newest first), each with its agency id."""
    from django.db.models import Count

    rows = (
        ImportedRow.objects.filter(agency_id__in=list(agency_ids), record_id__isnull=False)
        .values("agency_id", "kind", "imported_at")
        .annotate(rows=Count("id"))
        .order_by("-imported_at")[:limit]
    )
    return [
        (row["agency_id"], ImportMade(row["kind"], row["imported_at"], row["rows"])) for row in rows
    ]


def _import_dependants(model: type[CaseRecord], ids: list[int], persons: list[int]) -> list[str]:
    """What was done with an import's records since: anything here blocks its undo."""
    label = model._meta.label_lower
    found: list[str] = []
    if RecordCorrection.objects.filter(model=label, record_id__in=ids).exists():
        found.append("hồ sơ đã được sửa")
    if model is CrimeReport:
        if CriminalCase.objects.filter(crime_report_id__in=ids).exists():
            found.append("vụ án khởi tố từ tin báo")
        if Referral.objects.filter(crime_report_id__in=ids).exists():
            found.append("chuyển gửi của bị hại")
    if model is Complaint:
        if ComplaintPerson.objects.filter(complaint_id__in=ids).exists():
            found.append("người liên quan được thêm vào đơn")
        if ComplaintRound.objects.filter(complaint_id__in=ids, number__gt=1).exists():
            found.append("đơn đã được thụ lý lần hai")
    if model is CriminalCase and (
        CaseStep.objects.filter(case_id__in=ids).exists()
        or CasePerson.objects.filter(case_id__in=ids).exists()
    ):
        found.append("vụ án đã được cập nhật")
    people = persons + (ids if model is Person else [])
    if people:
        own = set(ids)
        named = (
            CrimeReportPerson.objects.filter(person_id__in=people).exclude(report_id__in=own)
            if model is CrimeReport
            else CrimeReportPerson.objects.filter(person_id__in=people)
        )
        if (
            named.exists()
            or CasePerson.objects.filter(person_id__in=people).exists()
            or ComplaintPerson.objects.filter(person_id__in=people).exists()
            or Referral.objects.filter(person_id__in=people).exists()
            or Complaint.objects.filter(complainant_id__in=people).exclude(pk__in=own).exists()
            or CompensationClaim.objects.filter(claimant_id__in=people)
            .exclude(pk__in=own if model is CompensationClaim else [])
            .exists()
        ):
            found.append("cá nhân của lần nhập có tên trong hồ sơ khác")
    return found


@transaction.atomic
def import_undo(*, actor: User, agency_id: int, kind: str, imported_at: datetime.datetime) -> int:
    """Undo one import as a whole while nothing depends on it: its records and the persons
    saved with them are withdrawn ("nhập nhầm"), its rows forgotten (the corrected file can be
    imported again), the statistics of their years rebuilt; audited. The count withdrawn."""
    from dondoc.org.models import Agency

    require_actor(actor)
    agency = Agency.objects.get(pk=agency_id)
    _check_records(actor, agency)
    model = UNDOABLE_KINDS.get(kind)
    if model is None:
        raise InvalidInput("Loại hồ sơ này không hoàn tác được lần nhập.")
    rows = ImportedRow.objects.select_for_update().filter(
        agency=agency, kind=kind, imported_at=imported_at, record_id__isnull=False
    )
    made = list(rows.values_list("record_id", "person_id"))
    if not made:
        raise InvalidInput("Không tìm thấy lần nhập này (có thể đã được hoàn tác).")
    ids = [record for record, _ in made if record is not None]
    persons = [person for _, person in made if person is not None]
    blocking = _import_dependants(model, ids, persons)
    if blocking:
        raise InvalidInput(
            "Không hoàn tác được lần nhập: " + "; ".join(blocking)
            + ". Hãy loại bỏ từng hồ sơ nếu cần."
        )  # fmt: skip
    now = timezone.now()
    when = timezone.localtime(imported_at)
    marks = {"withdrawn_at": now, "withdrawn_reason": WithdrawalReason.WRONG_IMPORT,
             "withdrawn_note": f"Hoàn tác lần nhập {when:%H:%M %d/%m/%Y}",
             "updated_at": now}  # fmt: skip
    records: Any = model._default_manager.filter(
        pk__in=ids, agency=agency, withdrawn_at__isnull=True
    )
    stale: set[tuple[int, int]] = set()
    if model is CrimeReport:
        stale = {(p, day.year) for p, day in records.values_list("province_id", "received_on")}
    count = records.update(**marks)
    if persons:
        Person.objects.filter(pk__in=persons, withdrawn_at__isnull=True).update(**marks)
    rows.delete()
    audit_record(
        actor=actor, action="registry.import_undo", target=agency,
        data={"kind": kind, "imported_at": imported_at.isoformat(), "withdrawn": count},
    )  # fmt: skip
    from .services import stats_stale

    stats_stale(stale)
    return int(count)
