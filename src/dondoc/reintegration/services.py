"""Writes of the reintegration registry. Each checks that the actor records for the agency
that keeps the subject (the receiving commune, for a transfer), keeps the dates the clocks run
from in step with the events, and is audited in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from dondoc.core.actors import Actor, actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.core.paths import within
from dondoc.org.models import AdminUnit, Agency, User
from dondoc.registry import deadlines
from dondoc.registry.models import Offence, Person
from dondoc.registry.selectors import agencies_recording
from dondoc.registry.services import (
    PersonInput,
    _check_records,
    _province,
    _record_fields,
    not_future,
)

from .clocks import month_label, parse_month, parse_quarter, quarter_label
from .models import (
    COMMUNITY_SENTENCES,
    EndReason,
    Group,
    LegalStatus,
    ReintegrationSubject,
    SubjectEvent,
    SubjectSupport,
    SubjectTransfer,
    SupportKind,
)

Kind = SubjectEvent.Kind

# Event kind -> the subject's date field it sets.
DATED_EVENTS: dict[str, str] = {
    Kind.NOTICE: "notice_on",
    Kind.VERIFIED: "verified_on",
    Kind.RECEIVED: "received_on",
    Kind.HELPER: "helper_on",
    Kind.SUMMONED: "summoned_on",
    Kind.CERTIFICATE: "certificate_on",
}

# Steps of a community sentence only (suspended, non-custodial reform).
COMMUNITY_EVENTS = (Kind.SUMMONED, Kind.SELF_REPORT, Kind.REVIEW, Kind.CERTIFICATE)


def dated_events(subject: ReintegrationSubject, *, actor: Actor) -> list[SubjectEvent]:
    """The events (unsaved) that the subject's dates stand for: what a record opened or
    imported with those dates already went through, in the order of the procedure."""
    require_actor(actor, system=True)
    by = actor_user(actor)
    events = [
        _new_event(subject, by, kind, day)
        for kind, name in DATED_EVENTS.items()
        if (day := getattr(subject, name)) is not None
    ]
    if subject.ended_on is not None:
        events.append(
            _new_event(subject, by, Kind.ENDED, subject.ended_on,
                       note=subject.get_end_reason_display())
        )  # fmt: skip
    return events


# Events an officer records directly (the others come from their own services).
RECORDED_EVENTS = (
    Kind.NOTICE,
    Kind.VERIFIED,
    Kind.RECEIVED,
    Kind.HELPER,
    Kind.ASSESSMENT,
    Kind.SUMMONED,
    Kind.SELF_REPORT,
    Kind.REVIEW,
    Kind.CERTIFICATE,
    Kind.REOFFENDED,
    Kind.NOTE,
)


def _needs(values: Sequence[str]) -> list[str]:
    unknown = set(values) - set(SupportKind.values)
    if unknown:
        raise InvalidInput(f"Nhu cầu hỗ trợ không hợp lệ: {', '.join(sorted(unknown))}.")
    return [value for value in SupportKind.values if value in values]


def _new_event(
    subject: ReintegrationSubject, by: User | None, kind: str, on: datetime.date, **fields: Any
) -> SubjectEvent:
    """An unsaved event of `subject`, kept by its agency, in its province."""
    return SubjectEvent(
        subject=subject,
        province_id=subject.province_id,
        kind=kind,
        on=on,
        agency=subject.agency,
        created_by=by,
        **fields,
    )


def _event(
    subject: ReintegrationSubject, actor: User, kind: str, on: datetime.date, **fields: Any
) -> SubjectEvent:
    event = _new_event(subject, actor, kind, on, **fields)
    event.save(force_insert=True)
    return event


@transaction.atomic
def subject_register(
    *,
    actor: User,
    agency: Agency,
    person: Person,
    legal_status: str,
    start_on: datetime.date,
    unit: AdminUnit | None = None,
    judgment: str = "",
    offence: Offence | None = None,
    sentence: str = "",
    prison: str = "",
    supervision_until: datetime.date | None = None,
    needs: Sequence[str] = (),
    notice_on: datetime.date | None = None,
    received_on: datetime.date | None = None,
    synthetic: bool = False,
) -> ReintegrationSubject:
    """Open the record of a person the commune will supervise or help: on the prison's notice
    (before release) or when a community sentence starts. `unit`: the responsible commune."""
    require_actor(actor)
    _check_records(actor, agency)
    if unit is not None and not within(unit.path, agency.unit.path):
        raise InvalidInput(f"{unit.name} không thuộc địa bàn của {agency.name}.")
    if legal_status not in LegalStatus.values:
        raise InvalidInput(
            "Diện quản lý: án treo, cải tạo không giam giữ, chấp hành xong án phạt tù, "
            "đặc xá, tha tù trước thời hạn có điều kiện hoặc miễn chấp hành án phạt tù."
        )
    if supervision_until is not None and supervision_until < start_on:
        raise InvalidInput("Hết thời hạn quản lý phải sau ngày ra trại, ngày bắt đầu chấp hành.")
    for day, label in ((notice_on, "Ngày nhận thông báo"), (received_on, "Ngày tiếp nhận")):
        if day is not None:
            not_future(day, label)
    if received_on is not None and notice_on is not None and received_on < notice_on:
        raise InvalidInput("Ngày tiếp nhận không thể trước ngày nhận thông báo.")
    with acting_as(actor):
        subject = ReintegrationSubject(
            person=person,
            legal_status=legal_status,
            judgment=judgment.strip(),
            offence=offence,
            sentence=sentence.strip(),
            prison=prison.strip(),
            start_on=start_on,
            supervision_until=supervision_until,
            needs=_needs(needs),
            notice_on=notice_on,
            received_on=received_on,
            synthetic=synthetic,
            **_record_fields(actor, agency, unit),
        )
        subject.full_clean()
        subject.save()
        SubjectEvent.objects.bulk_create(dated_events(subject, actor=actor))
        audit_record(actor=actor, action="reintegration.register", target=subject)
    return subject


@transaction.atomic
def subject_open(
    *,
    actor: User,
    agency: Agency,
    person: PersonInput,
    unit: AdminUnit,
    token: str = "",
    **subject: Any,
) -> ReintegrationSubject:
    """The page's use case: the person, living in the responsible commune, and their record.
    `token`: the form's (core.idempotency): sent twice, one record (Duplicate names it)."""
    require_actor(actor)
    submission = submission_claim(actor=actor, token=token, action="reintegration.subject_open")
    resident = replace(person, residence_unit=unit)
    created = resident.create(actor=actor, agency=agency)
    record = subject_register(actor=actor, agency=agency, person=created, unit=unit, **subject)
    submission_done(submission, result_id=record.pk)
    return record


def _lock(subject: ReintegrationSubject) -> None:
    """Lock the subject's row for the transaction, then read it again as committed."""
    list(ReintegrationSubject.objects.select_for_update().filter(pk=subject.pk).values("pk"))
    subject.refresh_from_db()


def assessed_quarter_default(on: datetime.date) -> str:
    """The quarter a report made on `on` is about: the quarter before `on`'s."""
    return quarter_label(*deadlines.previous_quarter(*deadlines.quarter_of(on)))


@transaction.atomic
def event_record(
    *,
    actor: User,
    subject: ReintegrationSubject,
    kind: str,
    on: datetime.date,
    note: str = "",
    helper: str = "",
    group: str = "",
    quarter: str = "",
    month: str = "",
    token: str = "",
) -> SubjectEvent:
    """Record a step: notice received, residence verified, person received, helper assigned
    (`helper`: the name), the quarterly report (`group` A–D, `quarter` "2026-Q3", by default
    the quarter before `on`'s), an offence, or a note; for a community sentence also the
    summons and commitment, the person's monthly report (`month` "2026-07", by default `on`'s
    month), the supervisor's quarterly review (`quarter`) and the certificate at the end.
    `token`: the form's (core.idempotency)."""
    require_actor(actor)
    # Two officers at once: the second waits for the first and reads its writes, so that a
    # later month or quarter already recorded is never moved back by a stale copy.
    _lock(subject)
    _check_records(actor, subject.agency)
    submission = submission_claim(
        actor=actor, token=token, action=f"reintegration.event:{subject.pk}"
    )
    if kind not in RECORDED_EVENTS:
        raise InvalidInput("Sự kiện này được ghi bằng chức năng riêng (hỗ trợ, chuyển, kết thúc).")
    if subject.ended_on is not None and kind != Kind.NOTE:
        raise InvalidInput(f"Hồ sơ đã kết thúc quản lý ngày {subject.ended_on:%d/%m/%Y}.")
    if kind in COMMUNITY_EVENTS and subject.legal_status not in COMMUNITY_SENTENCES:
        raise InvalidInput(
            "Bước này chỉ dành cho người được hưởng án treo, người chấp hành án phạt cải tạo "
            "không giam giữ."
        )
    not_future(on, "Ngày")
    fields: dict[str, Any] = {"note": note.strip()}
    if kind == Kind.SUMMONED and subject.notice_on is not None and on < subject.notice_on:
        raise InvalidInput("Ngày triệu tập không thể trước ngày nhận quyết định thi hành án.")
    if (
        kind == Kind.CERTIFICATE
        and subject.supervision_until is not None
        and on < subject.supervision_until
    ):
        raise InvalidInput(
            "Chưa hết thời gian thử thách, chấp hành án (đến ngày "
            f"{subject.supervision_until:%d/%m/%Y}): chưa cấp giấy chứng nhận được."
        )
    changed: list[str] = []
    if kind == Kind.VERIFIED and subject.notice_on is not None and on < subject.notice_on:
        raise InvalidInput("Ngày xác minh không thể trước ngày nhận thông báo.")
    if kind == Kind.HELPER and subject.received_on is not None and on < subject.received_on:
        raise InvalidInput("Ngày phân công người giúp đỡ không thể trước ngày tiếp nhận.")
    if kind == Kind.HELPER:
        helper = " ".join(helper.split())
        if not helper:
            raise InvalidInput("Người giúp đỡ: ghi họ tên, chức vụ hoặc tổ chức.")
        if subject.received_on is None:
            raise InvalidInput("Chưa tiếp nhận người này tại xã: ghi ngày tiếp nhận trước.")
        subject.helper = helper
        changed.append("helper")
    if kind in DATED_EVENTS:
        setattr(subject, DATED_EVENTS[kind], on)
        changed.append(DATED_EVENTS[kind])
    if kind == Kind.ASSESSMENT:
        if group not in Group.values:
            raise InvalidInput("Xếp loại: A, B, C hoặc D.")
        quarter = quarter or assessed_quarter_default(on)
        parsed = parse_quarter(quarter)
        if parsed is None:
            raise InvalidInput(f"Quý “{quarter}”: cần dạng 2026-Q3.")
        fields |= {"group": group, "quarter": quarter}
        subject.group = group
        changed.append("group")
        latest = parse_quarter(subject.assessed_quarter or "")
        if latest is None or parsed > latest:
            subject.assessed_quarter = quarter
            changed.append("assessed_quarter")
    if kind == Kind.SELF_REPORT:
        month = month or month_label(on.year, on.month)
        parsed_month = parse_month(month)
        if parsed_month is None:
            raise InvalidInput(f"Tháng “{month}”: cần dạng 2026-07.")
        fields["month"] = month
        latest_month = parse_month(subject.self_reported_month or "")
        if latest_month is None or parsed_month > latest_month:
            subject.self_reported_month = month
            changed.append("self_reported_month")
    if kind == Kind.REVIEW:
        quarter = quarter or assessed_quarter_default(on)
        reviewed = parse_quarter(quarter)
        if reviewed is None:
            raise InvalidInput(f"Quý “{quarter}”: cần dạng 2026-Q3.")
        fields["quarter"] = quarter
        latest_review = parse_quarter(subject.reviewed_quarter or "")
        if latest_review is None or reviewed > latest_review:
            subject.reviewed_quarter = quarter
            changed.append("reviewed_quarter")
    if kind == Kind.REOFFENDED:
        subject.reoffended = True
        changed.append("reoffended")
    with acting_as(actor):
        if changed:
            subject.save(update_fields=[*changed, "updated_at"])
        event = _event(subject, actor, kind, on, **fields)
    submission_done(submission, result_id=event.pk)
    return event


@transaction.atomic
def support_give(
    *,
    actor: User,
    subject: ReintegrationSubject,
    kind: str,
    provided_on: datetime.date,
    provider: Agency | None = None,
    amount: Decimal | int | None = None,
    note: str = "",
    token: str = "",
) -> SubjectSupport:
    """Record support given (Decree 49/2020/NĐ-CP): training, a job, a loan, counselling …
    `token`: the form's (core.idempotency)."""
    require_actor(actor)
    _check_records(actor, subject.agency)
    submission = submission_claim(
        actor=actor, token=token, action=f"reintegration.support:{subject.pk}"
    )
    if kind not in SupportKind.values:
        raise InvalidInput("Hình thức hỗ trợ không hợp lệ.")
    not_future(provided_on, "Ngày hỗ trợ")
    if amount is not None and Decimal(amount) < 0:
        raise InvalidInput("Số tiền không thể âm.")
    with acting_as(actor):
        support = SubjectSupport.objects.create(
            subject=subject,
            province_id=subject.province_id,
            kind=kind,
            provided_on=provided_on,
            provider=provider,
            amount=amount,
            note=note.strip()[:255],
        )
        _event(subject, actor, Kind.SUPPORT, provided_on, note=support.get_kind_display())
    submission_done(submission, result_id=support.pk)
    return support


@transaction.atomic
def subject_end(
    *,
    actor: User,
    subject: ReintegrationSubject,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
) -> ReintegrationSubject:
    """End the supervision: term over, record expunged, moved out of the province, died,
    sentenced again … The record and its history stay."""
    require_actor(actor)
    _check_records(actor, subject.agency)
    if reason not in EndReason.values:
        raise InvalidInput("Lý do kết thúc quản lý không hợp lệ.")
    if subject.ended_on is not None:
        raise InvalidInput(f"Hồ sơ đã kết thúc quản lý ngày {subject.ended_on:%d/%m/%Y}.")
    not_future(ended_on, "Ngày kết thúc")
    if ended_on < subject.start_on and subject.received_on is not None:
        raise InvalidInput("Ngày kết thúc không thể trước ngày bắt đầu quản lý.")
    if subject.transfers.filter(state=SubjectTransfer.State.PENDING).exists():
        raise InvalidInput("Hồ sơ đang chờ xã nơi đến tiếp nhận: hủy hoặc chờ tiếp nhận trước.")
    with acting_as(actor):
        subject.ended_on, subject.end_reason = ended_on, reason
        fields = ["ended_on", "end_reason", "updated_at"]
        if reason == EndReason.SENTENCED_AGAIN:
            subject.reoffended = True
            fields.append("reoffended")
        subject.save(update_fields=fields)
        _event(
            subject,
            actor,
            Kind.ENDED,
            ended_on,
            note=note.strip() or subject.get_end_reason_display(),
        )
    return subject


@transaction.atomic
def transfer_request(
    *,
    actor: User,
    subject: ReintegrationSubject,
    to_agency: Agency,
    moved_on: datetime.date,
    to_unit: AdminUnit | None = None,
    note: str = "",
    token: str = "",
) -> SubjectTransfer:
    """The person moved: hand the record over to the commune they moved to; it stays with
    the sending commune until the receiving one accepts. `token`: the form's
    (core.idempotency)."""
    require_actor(actor)
    _check_records(actor, subject.agency)
    submission = submission_claim(
        actor=actor, token=token, action=f"reintegration.transfer:{subject.pk}"
    )
    if subject.ended_on is not None:
        raise InvalidInput("Hồ sơ đã kết thúc quản lý: không chuyển được.")
    if to_agency.pk == subject.agency_id:
        raise InvalidInput("Cơ quan nơi đến trùng với cơ quan đang quản lý.")
    if subject.transfers.filter(state=SubjectTransfer.State.PENDING).exists():
        raise InvalidInput("Hồ sơ đã có một đề nghị chuyển đang chờ tiếp nhận.")
    not_future(moved_on, "Ngày chuyển đi")
    with acting_as(actor):
        transfer = SubjectTransfer.objects.create(
            subject=subject,
            province_id=subject.province_id,
            from_agency=subject.agency,
            from_unit=subject.unit,
            to_agency=to_agency,
            to_unit=to_unit or to_agency.unit,
            moved_on=moved_on,
            note=note.strip()[:255],
            requested_by=actor,
        )
        _event(subject, actor, Kind.TRANSFER_REQUESTED, moved_on, note=to_agency.name)
        audit_record(actor=actor, action="reintegration.transfer_request", target=subject)
    submission_done(submission, result_id=transfer.pk)
    return transfer


@transaction.atomic
def transfer_decide(
    *, actor: User, transfer: SubjectTransfer, accept: bool, on: datetime.date, note: str = ""
) -> SubjectTransfer:
    """The receiving commune accepts the record (it becomes theirs: the person counts as
    received on `on`, and a new helper is owed within 03 working days) or refuses it, saying
    why (the record stays with the sending commune)."""
    require_actor(actor)
    if not agencies_recording(user=actor).filter(pk=transfer.to_agency_id).exists():
        raise NotAllowed("Chỉ cơ quan nơi đến mới tiếp nhận hồ sơ được chuyển.")
    if transfer.state != SubjectTransfer.State.PENDING:
        raise InvalidInput("Đề nghị chuyển này đã được xử lý.")
    if not accept and not note.strip():
        raise InvalidInput("Ghi lý do chưa tiếp nhận.")
    not_future(on, "Ngày tiếp nhận")
    if on < transfer.moved_on:
        raise InvalidInput("Ngày tiếp nhận không thể trước ngày chuyển đi.")
    subject = ReintegrationSubject.objects.select_for_update().get(pk=transfer.subject_id)
    with acting_as(actor):
        transfer.state = SubjectTransfer.State.ACCEPTED if accept else SubjectTransfer.State.REFUSED
        transfer.decided_by = actor
        transfer.decided_on = on
        if note.strip():
            transfer.note = note.strip()[:255]
        transfer.save()
        if accept:
            subject.agency = transfer.to_agency
            subject.unit = transfer.to_unit
            subject.province = _province(transfer.to_unit)
            subject.received_on = on
            subject.helper, subject.helper_on = "", None
            subject.save()
            _event(subject, actor, Kind.TRANSFERRED, on, note=transfer.to_agency.name)
        else:
            _event(subject, actor, Kind.TRANSFER_REFUSED, on, note=note.strip())
        audit_record(
            actor=actor,
            action="reintegration.transfer_accept" if accept else "reintegration.transfer_refuse",
            target=subject,
        )
    return transfer


def subject_keeper_change(
    *,
    actor: Actor,
    subject: ReintegrationSubject,
    to_agency: Agency,
    on: datetime.date,
    note: str,
) -> SubjectEvent:
    """The body that took over an ended agency's functions keeps the subject from now on
    (a hand-over, issue 15, or its reversal); the history stays, and says so in a note
    recorded by the new keeper. The caller holds the transaction and audits the hand-over."""
    require_actor(actor, system=True)
    subject.agency = to_agency
    subject.save(update_fields=["agency", "updated_at"])
    return SubjectEvent.objects.create(
        subject=subject,
        province_id=subject.province_id,
        kind=SubjectEvent.Kind.NOTE,
        on=on,
        note=note,
        agency=to_agency,
        created_by=actor_user(actor),
    )


def subjects_recorded_since(*, ids: Sequence[int], since: datetime.datetime) -> bool:
    """Whether anything was recorded on the subjects `ids` after `since` (a hand-over's
    moment, taken after its own notes were written)."""
    return SubjectEvent.objects.filter(subject_id__in=list(ids), created_at__gt=since).exists()
