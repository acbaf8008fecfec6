"""Every write of the privacy app: requests of data subjects and their steps, the breach
register. Each is one transaction, names its actor and is audited."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import require_actor
from dondoc.core.audit import audit_record
from dondoc.core.dates import add_working_days
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.registry.selectors import agencies_recording
from dondoc.registry.services import not_future, validated
from dondoc.tracking.notify import holidays

from .inventory import rules
from .models import Breach, SubjectRequest, SubjectRequestEvent

if TYPE_CHECKING:
    from dondoc.org.models import Agency, User


def _check_agency(actor: Any, agency: Agency) -> None:
    """Requests and breaches are kept by the agencies whose records the actor enters."""
    if not agencies_recording(user=actor).filter(pk=agency.pk).exists():
        raise NotAllowed("Bạn không ghi nhận hồ sơ của cơ quan này.")


def request_deadlines(kind: str, received_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(acknowledge by, answer by): the acknowledgement in working days (core.dates), the
    answer in days of the kind (Decree 356/2025/NĐ-CP; data/processing.json "requests")."""
    config = rules()
    rule = config.requests[kind]
    acknowledge = add_working_days(received_on, config.acknowledge_working_days, holidays())
    return acknowledge, received_on + datetime.timedelta(days=rule.days)


def _event(
    request: SubjectRequest, *, actor: Any, action: str, on: datetime.date, note: str = ""
) -> None:
    SubjectRequestEvent.objects.create(
        request=request, at=timezone.now(), on=on, action=action, note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip


@transaction.atomic
def subject_request_register(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    subject_name: str,
    received_on: datetime.date,
    detail: str = "",
    person: Any = None,
) -> SubjectRequest:
    """A request received from a data subject, with its deadlines."""
    require_actor(actor)
    _check_agency(actor, agency)
    if kind not in rules().requests:
        raise InvalidInput(f"Loại yêu cầu “{kind}” không có trong danh mục.")
    if not subject_name.strip():
        raise InvalidInput("Họ và tên chủ thể dữ liệu: bắt buộc.")
    not_future(received_on, "Ngày nhận yêu cầu")
    acknowledge_due, due_on = request_deadlines(kind, received_on)
    request = SubjectRequest(
        agency=agency, unit=agency.unit, kind=kind, subject_name=subject_name.strip(),
        detail=detail.strip(), received_on=received_on, acknowledge_due=acknowledge_due,
        due_on=due_on, person=person, created_by=actor,
    )  # fmt: skip
    validated(request)
    request.save()
    _event(request, actor=actor, action="received", on=received_on)
    audit_record(actor=actor, action="privacy.request_register", target=request)
    return request


def _open_request(actor: Any, request: SubjectRequest) -> SubjectRequest:
    locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    _check_agency(actor, locked.agency)
    if not locked.is_open:
        raise InvalidInput("Yêu cầu đã được giải quyết xong.")
    return locked


@transaction.atomic
def subject_request_acknowledge(
    *, actor: User, request: SubjectRequest, on: datetime.date, note: str = ""
) -> SubjectRequest:
    """The requester told the request is being handled and how (the acknowledgement)."""
    require_actor(actor)
    request = _open_request(actor, request)
    not_future(on, "Ngày phản hồi")
    if on < request.received_on:
        raise InvalidInput("Ngày phản hồi: không trước ngày nhận yêu cầu.")
    request.status, request.acknowledged_on = SubjectRequest.Status.ACKNOWLEDGED, on
    request.save(update_fields=["status", "acknowledged_on", "updated_at"])
    _event(request, actor=actor, action="acknowledged", on=on, note=note)
    audit_record(actor=actor, action="privacy.request_acknowledge", target=request)
    return request


@transaction.atomic
def subject_request_extend(
    *, actor: User, request: SubjectRequest, on: datetime.date, reason: str
) -> SubjectRequest:
    """Extended once, by the days its kind allows, with a reason told to the requester."""
    require_actor(actor)
    request = _open_request(actor, request)
    rule = rules().requests[request.kind]
    if not rule.extension_days:
        raise InvalidInput(f"Yêu cầu “{rule.label}” không được gia hạn.")
    if request.extended:
        raise InvalidInput("Yêu cầu chỉ được gia hạn một lần.")
    if not reason.strip():
        raise InvalidInput("Lý do gia hạn: bắt buộc.")
    request.extended = True
    request.due_on = request.due_on + datetime.timedelta(days=rule.extension_days)
    request.save(update_fields=["extended", "due_on", "updated_at"])
    _event(request, actor=actor, action="extended", on=on, note=reason.strip())
    audit_record(actor=actor, action="privacy.request_extend", target=request)
    return request


@transaction.atomic
def subject_request_close(
    *, actor: User, request: SubjectRequest, on: datetime.date, done: bool, answer: str
) -> SubjectRequest:
    """Done (the data shown, corrected, deleted) or refused with the reason the law allows."""
    require_actor(actor)
    request = _open_request(actor, request)
    not_future(on, "Ngày trả lời")
    if on < request.received_on:
        raise InvalidInput("Ngày trả lời: không trước ngày nhận yêu cầu.")
    if not answer.strip():
        raise InvalidInput("Kết quả, lý do: bắt buộc.")
    request.status = SubjectRequest.Status.DONE if done else SubjectRequest.Status.REFUSED
    request.answered_on, request.answer = on, answer.strip()
    if request.acknowledged_on is None:
        request.acknowledged_on = on
    request.save(update_fields=["status", "answered_on", "answer", "acknowledged_on", "updated_at"])
    _event(request, actor=actor, action="done" if done else "refused", on=on, note=answer.strip())
    audit_record(actor=actor, action="privacy.request_close", target=request)
    return request


# --- Breaches -----------------------------------------------------------------------------


@transaction.atomic
def breach_register(
    *,
    actor: User,
    agency: Agency,
    discovered_at: datetime.datetime,
    description: str,
    occurred_at: datetime.datetime | None = None,
    categories: str = "",
    subjects_affected: int = 0,
    records_affected: int = 0,
    measures: str = "",
) -> Breach:
    """A breach found, with the notification clock running from its discovery."""
    require_actor(actor)
    _check_agency(actor, agency)
    now = timezone.now()
    if discovered_at > now:
        raise InvalidInput("Thời điểm phát hiện: ở tương lai.")
    if occurred_at is not None and occurred_at > discovered_at:
        raise InvalidInput("Thời điểm xảy ra: sau thời điểm phát hiện.")
    if not description.strip():
        raise InvalidInput("Mô tả vi phạm: bắt buộc.")
    breach = Breach(
        agency=agency, unit=agency.unit, discovered_at=discovered_at, occurred_at=occurred_at,
        description=description.strip(), categories=categories.strip(),
        subjects_affected=subjects_affected, records_affected=records_affected,
        measures=measures.strip(),
        notify_due=discovered_at + datetime.timedelta(hours=rules().breach_hours),
        created_by=actor,
    )  # fmt: skip
    validated(breach)
    breach.save()
    audit_record(actor=actor, action="privacy.breach_register", target=breach)
    return breach


@transaction.atomic
def breach_notified(
    *, actor: User, breach: Breach, notified_at: datetime.datetime, notice_number: str = ""
) -> Breach:
    """The notification was sent to the competent body (its number and time recorded)."""
    require_actor(actor)
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    _check_agency(actor, breach.agency)
    if breach.notified_at is not None:
        raise InvalidInput("Vi phạm này đã được thông báo.")
    if notified_at > timezone.now() or notified_at < breach.discovered_at:
        raise InvalidInput("Thời điểm thông báo: từ lúc phát hiện đến hiện tại.")
    breach.notified_at, breach.notice_number = notified_at, notice_number.strip()
    validated(breach)
    breach.save(update_fields=["notified_at", "notice_number", "updated_at"])
    audit_record(
        actor=actor, action="privacy.breach_notified", target=breach,
        data={"late": notified_at > breach.notify_due},
    )  # fmt: skip
    return breach
