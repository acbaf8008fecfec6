"""Reads of the privacy app for an acting user: requests and breaches of the agencies in his
scope (as the registry's records: registry.selectors.records_visible), their clocks, and the
audited reveal of a record's people (masking.person_view)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

from dondoc.core.audit import audit_record
from dondoc.core.exceptions import NotFound
from dondoc.registry.selectors import records_visible

from .masking import PersonView, can_reveal, person_view
from .models import Breach, SubjectRequest


def requests_visible(*, user: Any) -> QuerySet[SubjectRequest]:
    return records_visible(SubjectRequest, user=user).select_related("agency")


def access_request(*, user: Any, request_id: Any) -> SubjectRequest:
    """A request of the user's scope (its subject's name is personal: the read is audited)."""
    try:
        request = requests_visible(user=user).get(pk=request_id)
    except (SubjectRequest.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    audit_record(actor=user, action="privacy.read", target=request)
    return request


def request_status(request: SubjectRequest, *, today: datetime.date) -> str:
    """ "done", "overdue" (answer past due), "ack_overdue" (not acknowledged in time), "open"."""
    if not request.is_open:
        return "done"
    if today > request.due_on:
        return "overdue"
    if request.acknowledged_on is None and today > request.acknowledge_due:
        return "ack_overdue"
    return "open"


STATUS_LABELS = {
    "done": "Đã giải quyết",
    "overdue": "Quá hạn thực hiện",
    "ack_overdue": "Quá hạn phản hồi",
    "open": "Trong hạn",
}


def requests_overdue(*, user: Any, today: datetime.date) -> QuerySet[SubjectRequest]:
    """Open requests past a deadline (for the worklist)."""
    from django.db.models import Q

    open_ = requests_visible(user=user).filter(
        status__in=[SubjectRequest.Status.RECEIVED, SubjectRequest.Status.ACKNOWLEDGED]
    )
    return open_.filter(
        Q(due_on__lt=today) | Q(acknowledged_on__isnull=True, acknowledge_due__lt=today)
    )


def breaches_visible(*, user: Any) -> QuerySet[Breach]:
    return records_visible(Breach, user=user).select_related("agency", "unit")


def access_breach(*, user: Any, breach_id: Any) -> Breach:
    try:
        breach = breaches_visible(user=user).get(pk=breach_id)
    except (Breach.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    audit_record(actor=user, action="privacy.read", target=breach)
    return breach


def breach_hours_left(breach: Breach, *, now: datetime.datetime | None = None) -> float | None:
    """Hours until the notification is due (negative: late); None once notified."""
    if breach.notified_at is not None:
        return None
    now = now or timezone.now()
    return (breach.notify_due - now).total_seconds() / 3600


def breaches_unnotified(*, user: Any) -> QuerySet[Breach]:
    return breaches_visible(user=user).filter(notified_at__isnull=True)


def persons_shown(
    persons: list[Any],
    *,
    user: Any,
    target: Model,
    reveal: bool,
    day: datetime.date | None = None,
) -> list[PersonView]:
    """The people of a record as `user` sees them; a reveal (the "Hiện" action) is allowed to
    the roles that need names and audited once for the record (who, when, which record)."""
    revealed = reveal and can_reveal(user)
    if revealed:
        audit_record(
            actor=user, action="privacy.reveal", target=target,
            data={"persons": [p.pk for p in persons]},
        )  # fmt: skip
    return [person_view(p, user=user, reveal=revealed, day=day) for p in persons]
