"""Crime reports as the receiving register keeps them: received with the date and place of the
offence and the people it names (reporters, suspects, victims: several each, found before
they are created), then resolved through the dated steps of BLTTHS 2015 Art. 147-149, each a
service of its own, audited, with the deadline recomputed by deadlines.py.

Steps (what may follow what):
- pending → extended (once; the procuracy extends the period, Art. 147(3)) → pending;
- pending → suspended (Art. 148) → resumed (Art. 149: 01 month from the resumption) → pending;
- pending → prosecute | not_prosecute | transfer (Art. 147(1): the decision)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from dondoc.core.actors import require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.org.models import AdminUnit, Agency, User

from . import deadlines, overdue
from .models import CrimeReport, CrimeReportPerson, CrimeReportStep, Person, Role
from .persons import person_get_or_create
from .services import (
    PersonInput,
    _check_records,
    _stats_report_changed,
    _stats_report_counted,
    crime_report_register,
    not_future,
)

PENDING = CrimeReport.Decision.PENDING
DECISIONS = {
    CrimeReportStep.Kind.PROSECUTE: CrimeReport.Decision.PROSECUTE,
    CrimeReportStep.Kind.NOT_PROSECUTE: CrimeReport.Decision.NOT_PROSECUTE,
    CrimeReportStep.Kind.TRANSFER: CrimeReport.Decision.TRANSFER,
}

Named = tuple[PersonInput | Person, str]  # a person typed in or picked, and the role


def offence_place_checked(unit: AdminUnit | None, day: datetime.date) -> None:
    """The place of the offence: a commune of the current map that existed on `day`."""
    if unit is None:
        return
    if unit.map != AdminUnit.Map.V2025 or unit.level != AdminUnit.Level.COMMUNE:
        raise InvalidInput(
            f"Nơi xảy ra “{unit.name}”: chọn xã, phường, đặc khu của bản đồ hành chính hiện hành."
        )
    if not unit.is_valid_on(day):
        raise InvalidInput(
            f"Nơi xảy ra “{unit.name}”: đơn vị này không tồn tại vào {day:%d/%m/%Y}."
        )


def _due(report: CrimeReport) -> datetime.date:
    return deadlines.crime_report_due(
        report.received_on,
        complex=report.complex,
        extended=report.extended,
        resumed=report.resumed_on,
    )


def _step(
    *, actor: User, report: CrimeReport, kind: str, on: datetime.date, number: str = "",
    note: str = "",
) -> CrimeReportStep:  # fmt: skip
    step = CrimeReportStep.objects.create(
        report=report,
        province_id=report.province_id,
        kind=kind,
        on=on,
        number=number.strip(),
        note=note.strip(),
        due_on=report.due_on if report.decision == PENDING else None,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"crime_report.{kind}",
        target=report,
        data={"on": on.isoformat(), "due_on": report.due_on.isoformat()},
    )
    return step


@transaction.atomic
def crime_report_receive_register(
    *,
    actor: User,
    agency: Agency,
    received_on: datetime.date,
    source: str,
    named: Sequence[Named] = (),
    offence_on: datetime.date | None = None,
    offence_unit: AdminUnit | None = None,
    offence_address: str = "",
    token: str = "",
    **report: Any,
) -> CrimeReport:
    """A crime report as the receiving register records it. `named`: the people it names,
    each typed in (found by identity number before a new record is made) or picked among
    those already on record. `token`: the form's (core.idempotency)."""
    require_actor(actor)
    _check_records(actor, agency)
    submission = submission_claim(actor=actor, token=token, action="crime_report.receive")
    if offence_on is not None:
        not_future(offence_on, "Ngày xảy ra")
        if offence_on > received_on:
            raise InvalidInput("Ngày xảy ra không thể sau ngày tiếp nhận.")
    offence_place_checked(offence_unit, offence_on or received_on)
    involved: list[tuple[Person, str]] = []
    for who, role in named:
        if role not in Role.values:
            raise InvalidInput(f"Tư cách “{role}” không hợp lệ.")
        person = who if isinstance(who, Person) else None
        if person is None:
            assert isinstance(who, PersonInput)  # noqa: S101 - the type above
            person, _ = person_get_or_create(actor=actor, agency=agency, person=who)
        if (person, role) not in involved:
            involved.append((person, role))
    created = crime_report_register(
        actor=actor, agency=agency, received_on=received_on, source=source,
        involved=involved, **report,
    )  # fmt: skip
    created.offence_on, created.offence_unit = offence_on, offence_unit
    created.offence_address = offence_address.strip()
    created.save(update_fields=["offence_on", "offence_unit", "offence_address"])
    _step(actor=actor, report=created, kind=CrimeReportStep.Kind.RECEIVED, on=received_on)
    submission_done(submission, result_id=created.pk)
    return created


def _checked_day(report: CrimeReport, on: datetime.date, label: str) -> None:
    not_future(on, label)
    last = report.steps.order_by("-on").values_list("on", flat=True).first()
    floor = max(filter(None, [report.received_on, last]))
    if on < floor:
        raise InvalidInput(
            f"{label}: {on:%d/%m/%Y} trước bước giải quyết gần nhất ({floor:%d/%m/%Y})."
        )


def _locked(report: CrimeReport) -> CrimeReport:
    return CrimeReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def crime_report_extend(
    *, actor: User, report: CrimeReport, on: datetime.date, number: str = "", note: str = ""
) -> CrimeReport:
    """The procuracy extended the period once (Art. 147(3)): the due date moves by 02 months."""
    require_actor(actor)
    _check_records(actor, report.agency)
    report = _locked(report)
    if report.decision != PENDING:
        raise InvalidInput("Chỉ gia hạn tin báo đang giải quyết.")
    if report.extended:
        raise InvalidInput("Viện kiểm sát chỉ gia hạn một lần (BLTTHS 2015, Điều 147).")
    if report.resumed_on is not None:
        raise InvalidInput("Tin báo đã phục hồi giải quyết: thời hạn theo Điều 149, không gia hạn.")
    _checked_day(report, on, "Ngày gia hạn")
    if on > report.due_on:
        raise InvalidInput(
            f"Ngày gia hạn {on:%d/%m/%Y} sau hạn giải quyết {report.due_on:%d/%m/%Y}: "
            "Viện kiểm sát gia hạn trước khi hết hạn."
        )
    with acting_as(actor):
        before = _stats_report_counted(report)  # the facts hold a pending report's due day
        report.extended, report.extended_on = True, on
        report.due_on = _due(report)
        report.save(update_fields=["extended", "extended_on", "due_on", "updated_at"])
        _step(actor=actor, report=report, kind=CrimeReportStep.Kind.EXTENDED, on=on,
              number=number, note=note)  # fmt: skip
        _stats_report_changed(report, before=before)
    return report


@transaction.atomic
def crime_report_suspend(
    *, actor: User, report: CrimeReport, on: datetime.date, number: str = "", note: str = ""
) -> CrimeReport:
    """Resolution suspended (Art. 148): no deadline runs until it is resumed."""
    require_actor(actor)
    _check_records(actor, report.agency)
    report = _locked(report)
    if report.decision != PENDING:
        raise InvalidInput("Chỉ tạm đình chỉ tin báo đang giải quyết.")
    _checked_day(report, on, "Ngày tạm đình chỉ")
    with acting_as(actor):
        before = _stats_report_counted(report)
        report.decision, report.decided_on = CrimeReport.Decision.SUSPEND, on
        report.suspended_on = on
        report.save(update_fields=["decision", "decided_on", "suspended_on", "updated_at"])
        _step(actor=actor, report=report, kind=CrimeReportStep.Kind.SUSPENDED, on=on,
              number=number, note=note)  # fmt: skip
        _stats_report_changed(report, before=before)
    return report


@transaction.atomic
def crime_report_resume(
    *, actor: User, report: CrimeReport, on: datetime.date, number: str = "", note: str = ""
) -> CrimeReport:
    """Resolution resumed (Art. 149(1)): 01 month from the decision to resume."""
    require_actor(actor)
    _check_records(actor, report.agency)
    report = _locked(report)
    if report.decision != CrimeReport.Decision.SUSPEND:
        raise InvalidInput("Chỉ phục hồi giải quyết tin báo đang tạm đình chỉ.")
    _checked_day(report, on, "Ngày phục hồi")
    with acting_as(actor):
        before = _stats_report_counted(report)
        report.decision, report.decided_on, report.resumed_on = PENDING, None, on
        report.due_on = _due(report)
        report.save(update_fields=["decision", "decided_on", "resumed_on", "due_on", "updated_at"])
        _step(actor=actor, report=report, kind=CrimeReportStep.Kind.RESUMED, on=on,
              number=number, note=note)  # fmt: skip
        _stats_report_changed(report, before=before)
    return report


@transaction.atomic
def crime_report_conclude(
    *,
    actor: User,
    report: CrimeReport,
    kind: str,
    on: datetime.date,
    number: str = "",
    note: str = "",
    transferred_to: str = "",
) -> CrimeReport:
    """The decision of Art. 147(1): prosecute, not prosecute, or transfer to the competent
    body (`transferred_to` names it)."""
    require_actor(actor)
    _check_records(actor, report.agency)
    report = _locked(report)
    if kind not in DECISIONS:
        raise InvalidInput("Quyết định: khởi tố, không khởi tố hoặc chuyển cơ quan có thẩm quyền.")
    if report.decision != PENDING:
        raise InvalidInput(
            f"Tin báo đã có kết quả “{report.get_decision_display()}”: "
            "phục hồi giải quyết trước khi ra quyết định khác."
        )
    _checked_day(report, on, "Ngày quyết định")
    transferred_to = " ".join(transferred_to.split())
    if kind == CrimeReportStep.Kind.TRANSFER and not transferred_to:
        raise InvalidInput("Chuyển cơ quan có thẩm quyền: ghi tên cơ quan được chuyển.")
    with acting_as(actor):
        before = _stats_report_counted(report)
        report.decision, report.decided_on = DECISIONS[kind], on  # type: ignore[index]
        report.transferred_to = transferred_to if kind == CrimeReportStep.Kind.TRANSFER else ""
        report.save(update_fields=["decision", "decided_on", "transferred_to", "updated_at"])
        _step(actor=actor, report=report, kind=kind, on=on, number=number, note=note)
        _stats_report_changed(report, before=before)
    return report


STEP_SERVICES = {
    CrimeReportStep.Kind.EXTENDED: crime_report_extend,
    CrimeReportStep.Kind.SUSPENDED: crime_report_suspend,
    CrimeReportStep.Kind.RESUMED: crime_report_resume,
}


def crime_report_step(*, actor: User, report: CrimeReport, kind: str, **values: Any) -> CrimeReport:
    """The step `kind` (CrimeReportStep.Kind) through its service: one entry for the page."""
    if kind in STEP_SERVICES:
        values.pop("transferred_to", None)
        return STEP_SERVICES[kind](actor=actor, report=report, **values)  # type: ignore[index]
    return crime_report_conclude(actor=actor, report=report, kind=kind, **values)


def steps_allowed(report: CrimeReport) -> list[tuple[str, str]]:
    """The steps the report may take next, as (kind, label) for the page."""
    kinds: list[str] = []
    if report.decision == PENDING:
        if not report.extended and report.resumed_on is None:
            kinds.append(CrimeReportStep.Kind.EXTENDED)
        kinds += [CrimeReportStep.Kind.SUSPENDED, *DECISIONS]
    elif report.decision == CrimeReport.Decision.SUSPEND:
        kinds.append(CrimeReportStep.Kind.RESUMED)
    labels = dict(CrimeReportStep.Kind.choices)
    return [(kind, labels[kind]) for kind in kinds]


def named_by_role(report: CrimeReport) -> dict[str, list[CrimeReportPerson]]:
    """The report's people by role (reporters, suspects, victims, witnesses)."""
    found: dict[str, list[CrimeReportPerson]] = {role: [] for role in Role.values}
    for link in report.involved.select_related("person").order_by("pk"):
        found[link.role].append(link)
    return found


OVERDUE_SHOWN = 10
# Counted up to this many (issue 18: 74,513 overdue reports of one district police at 1 M
# records took 125 ms to count on each view of "Việc của tôi"); above it, "more than".
OVERDUE_COUNTED = 1000


def crime_reports_overdue_for(*, user: Any, today: datetime.date) -> tuple[int, list[CrimeReport]]:
    """The overdue crime reports of the agencies `user` records for (his worklist): how many,
    up to OVERDUE_COUNTED + 1 (more than OVERDUE_COUNTED), and the most overdue first, up to
    OVERDUE_SHOWN."""
    from .selectors import agency_ids_recording

    # The agencies' ids, not a subquery: that hid from PostgreSQL that they are a few, and it
    # read every pending report of the table (115 ms at 1 M records) rather than their
    # (agency, decision) index.
    reports = CrimeReport.objects.filter(agency_id__in=agency_ids_recording(user=user)).filter(
        overdue.crime_reports_overdue_q(today=today)
    )
    shown = list(
        reports.select_related("offence").defer("summary").order_by("due_on", "id")[:OVERDUE_SHOWN]
    )
    if len(shown) < OVERDUE_SHOWN:
        return len(shown), shown
    return reports[: OVERDUE_COUNTED + 1].count(), shown
