"""Referrals of a victim (or of a person back in the community) to a service provider (issue 17).

The steps follow the case-management practice of child-protection systems such as Primero: a
referral names the service and the provider, records the consent (the person's, or for a child
a parent's or guardian's), waits for the provider to accept or decline it, and is closed by
the provider's feedback on the service given. Two clocks, configurable (settings
`REFERRAL_RESPONSE_DAYS`, `REFERRAL_FEEDBACK_DAYS`; no statutory time limit was found for
them): the provider answers within the first, and gives its feedback within the second after
accepting. A referral past either is overdue and on the referring officer's worklist.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from dondoc.core.actors import require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import Agency, User

from . import deadlines
from .models import CrimeReport, Person, Referral
from .selectors import agencies_recording, records_visible
from .services import _check_records, _record_fields, not_future, validated

CHILD_AGE = 16  # Luật Trẻ em 2016, Điều 1: a child is a person under 16


def response_days() -> int:
    return int(getattr(settings, "REFERRAL_RESPONSE_DAYS", 3))


def feedback_days() -> int:
    return int(getattr(settings, "REFERRAL_FEEDBACK_DAYS", 30))


@transaction.atomic
def referral_create(
    *,
    actor: User,
    agency: Agency,
    person: Person,
    origin: str,
    service: str,
    referred_on: datetime.date,
    consent_by: str,
    consent_on: datetime.date,
    consent_name: str = "",
    provider: Agency | None = None,
    provider_name: str = "",
    reason: str = "",
    crime_report: CrimeReport | None = None,
) -> Referral:
    """Refer `person` to a provider with the consent recorded; for a child (under 16 on the
    day of the referral) the consent is a parent's or guardian's, named."""
    require_actor(actor)
    _check_records(actor, agency)
    if origin not in Referral.Origin.values:
        raise InvalidInput("Đối tượng chuyển gửi: nạn nhân hoặc người chấp hành xong án phạt tù.")
    if service not in Referral.Service.values:
        raise InvalidInput("Dịch vụ: y tế, trợ giúp pháp lý, bảo trợ xã hội, nơi tạm lánh …")
    if consent_by not in Referral.ConsentBy.values:
        raise InvalidInput("Người đồng ý: chính người đó, cha mẹ hoặc người giám hộ.")
    provider_name = " ".join(provider_name.split())
    if provider is None and not provider_name:
        raise InvalidInput("Cơ sở cung cấp dịch vụ: chọn một cơ quan hoặc ghi tên cơ sở.")
    not_future(referred_on, "Ngày chuyển gửi")
    not_future(consent_on, "Ngày đồng ý")
    if consent_on > referred_on:
        raise InvalidInput(
            f"Ngày đồng ý {consent_on:%d/%m/%Y} sau ngày chuyển gửi {referred_on:%d/%m/%Y}: "
            "cần có sự đồng ý trước khi chuyển gửi."
        )
    age = person.age_on(referred_on)
    consent_name = " ".join(consent_name.split())
    if age is not None and age < CHILD_AGE:
        if consent_by == Referral.ConsentBy.SELF:
            raise InvalidInput(
                f"Người được chuyển gửi {age} tuổi (trẻ em): cần sự đồng ý của cha, mẹ hoặc "
                "người giám hộ."
            )
        if not consent_name:
            raise InvalidInput("Họ tên cha, mẹ hoặc người giám hộ đồng ý: bắt buộc với trẻ em.")
    if consent_by != Referral.ConsentBy.SELF and not consent_name:
        raise InvalidInput("Họ tên người đồng ý (cha, mẹ, người giám hộ): bắt buộc.")
    with acting_as(actor):
        referral = Referral(
            person=person, origin=origin, crime_report=crime_report, service=service,
            provider=provider, provider_name=provider_name, referred_on=referred_on,
            reason=reason.strip(), consent_by=consent_by, consent_name=consent_name,
            consent_on=consent_on,
            respond_by=deadlines.add_days(referred_on, response_days()),
            **_record_fields(actor, agency, person.residence_unit),
        )  # fmt: skip
        validated(referral)
        referral.save()
        audit_record(actor=actor, action="referral.create", target=referral)
    return referral


def _check_answers(actor: User, referral: Referral) -> None:
    """The provider's officers answer; the referring officers record an answer given them on
    paper or by telephone."""
    agencies = agencies_recording(user=actor)
    allowed = {referral.agency_id, referral.provider_id} - {None}
    if not agencies.filter(pk__in=allowed).exists():
        _check_records(actor, referral.agency)  # raises NotAllowed


@transaction.atomic
def referral_respond(
    *,
    actor: User,
    referral: Referral,
    accepted: bool,
    responded_on: datetime.date,
    decline_reason: str = "",
) -> Referral:
    require_actor(actor)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _check_answers(actor, referral)
    if referral.status != Referral.Status.PENDING:
        raise InvalidInput(f"Chuyển gửi đã được trả lời: {referral.get_status_display()}.")
    if responded_on < referral.referred_on:
        raise InvalidInput("Ngày tiếp nhận/từ chối trước ngày chuyển gửi.")
    not_future(responded_on, "Ngày tiếp nhận/từ chối")
    decline_reason = " ".join(decline_reason.split())
    if not accepted and not decline_reason:
        raise InvalidInput("Lý do từ chối: bắt buộc.")
    with acting_as(actor):
        referral.status = Referral.Status.ACCEPTED if accepted else Referral.Status.DECLINED
        referral.responded_on = responded_on
        referral.decline_reason = decline_reason[:255]
        if accepted:
            referral.feedback_by = deadlines.add_days(responded_on, feedback_days())
        referral.save()
        audit_record(actor=actor, action="referral.respond", target=referral,
                     data={"accepted": accepted})  # fmt: skip
    return referral


@transaction.atomic
def referral_feedback(
    *, actor: User, referral: Referral, feedback: str, feedback_on: datetime.date
) -> Referral:
    require_actor(actor)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _check_answers(actor, referral)
    if referral.status != Referral.Status.ACCEPTED:
        raise InvalidInput("Chỉ phản hồi kết quả khi cơ sở đã tiếp nhận chuyển gửi.")
    feedback = feedback.strip()
    if not feedback:
        raise InvalidInput("Phản hồi kết quả: bắt buộc (dịch vụ đã cung cấp, tình trạng).")
    if referral.responded_on and feedback_on < referral.responded_on:
        raise InvalidInput("Ngày phản hồi trước ngày tiếp nhận.")
    not_future(feedback_on, "Ngày phản hồi")
    with acting_as(actor):
        referral.status = Referral.Status.CLOSED
        referral.feedback, referral.feedback_on = feedback, feedback_on
        referral.save()
        audit_record(actor=actor, action="referral.feedback", target=referral)
    return referral


def overdue_q(*, today: datetime.date) -> Q:
    """Referrals overdue on `today`: no answer past `respond_by`, or accepted and no feedback
    past `feedback_by`."""
    return Q(status=Referral.Status.PENDING, respond_by__lt=today) | Q(
        status=Referral.Status.ACCEPTED, feedback_by__lt=today
    )


def referral_status(referral: Referral, *, today: datetime.date) -> str:
    """The referral against its current clock (deadlines.STATUS_LABELS)."""
    if referral.status == Referral.Status.PENDING:
        return deadlines.status(referral.respond_by, today=today, soon_days=1)
    if referral.status == Referral.Status.ACCEPTED and referral.feedback_by:
        return deadlines.status(referral.feedback_by, today=today)
    done = referral.feedback_on or referral.responded_on
    due = referral.feedback_by or referral.respond_by
    return deadlines.status(due, today=today, done_on=done)


def referrals_visible(*, user: Any) -> QuerySet[Referral]:
    """Referrals the user sees: his scope's, and those made to his agencies as provider."""
    mine = records_visible(Referral, user=user)
    provided = Referral.objects.filter(
        withdrawn_at__isnull=True, provider__in=agencies_recording(user=user)
    )
    return (mine | provided).distinct()


def referrals_overdue(*, user: Any, today: datetime.date, limit: int = 50) -> list[Referral]:
    """The overdue referrals of the user's scope, oldest first (the worklist)."""
    found = (
        referrals_visible(user=user)
        .filter(overdue_q(today=today))
        .select_related("provider")
        .order_by("respond_by", "id")
    )
    return list(found[:limit])
