"""Casework of the web (issue 17): a complaint's rounds resolved and opened, a denunciation
extended, a criminal case moved through its stages, several persons per complaint and case.

Two officers may work on the same record at once: each write locks the row it changes
(`select_for_update`) and checks, once it holds the lock, that the state it was shown is still
the state it changes (a round still pending, a case still at the stage the form showed), so one
wins and the other is told what happened instead of silently overwriting it.
"""

from __future__ import annotations

import datetime
from typing import Final

from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import User

from . import deadlines
from .models import (
    CasePerson,
    CaseStep,
    Complaint,
    ComplaintPerson,
    ComplaintRound,
    CriminalCase,
    Person,
)
from .services import _check_records, complaint_round_due, not_future


class Conflict(InvalidInput):
    """Someone else changed the record since the page was shown."""

    status_code = 409


def _complaint_locked(complaint: Complaint) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.withdrawn:
        raise InvalidInput("Đơn đã bị loại bỏ: không giải quyết tiếp được.")
    return locked


@transaction.atomic
def round_resolve(
    *, actor: User, round_id: int, outcome: str, resolved_on: datetime.date
) -> ComplaintRound:
    """Resolve a pending round of a complaint or denunciation; a round resolved meanwhile by
    someone else is refused (Conflict) with who resolved it and how."""
    require_actor(actor)
    round = ComplaintRound.objects.select_for_update().select_related("complaint").get(pk=round_id)
    complaint = round.complaint
    _check_records(actor, complaint.agency)
    if complaint.withdrawn:
        raise InvalidInput("Đơn đã bị loại bỏ: không giải quyết tiếp được.")
    if round.outcome != ComplaintRound.Outcome.PENDING:
        raise Conflict(
            f"Lần giải quyết {round.number} đã có kết quả “{round.get_outcome_display()}” "
            f"ngày {round.resolved_on:%d/%m/%Y} (do cán bộ khác vừa ghi); trang đã được tải lại."
        )
    if outcome not in ComplaintRound.Outcome.values or outcome == ComplaintRound.Outcome.PENDING:
        raise InvalidInput("Kết quả giải quyết: đúng, đúng một phần, sai hoặc rút đơn.")
    if resolved_on < round.accepted_on:
        raise InvalidInput(
            f"Ngày giải quyết {resolved_on:%d/%m/%Y} trước ngày thụ lý "
            f"{round.accepted_on:%d/%m/%Y}."
        )
    not_future(resolved_on, "Ngày giải quyết")
    with acting_as(actor):
        round.outcome, round.resolved_on = outcome, resolved_on
        round.save(update_fields=["outcome", "resolved_on"])
        audit_record(
            actor=actor, action="complaint.round_resolve", target=complaint,
            data={"round": round.number, "outcome": outcome},
        )  # fmt: skip
    return round


@transaction.atomic
def round_open(
    *, actor: User, complaint: Complaint, accepted_on: datetime.date, expected: int
) -> ComplaintRound:
    """Accept a complaint (its first round) or its second resolution (Luật Khiếu nại 2011,
    Art. 37). `expected`: the number of the round the page offered to open (a round opened
    meanwhile by someone else: Conflict)."""
    require_actor(actor)
    complaint = _complaint_locked(complaint)
    _check_records(actor, complaint.agency)
    rounds = list(complaint.rounds.order_by("number"))
    number = len(rounds) + 1
    if number != expected:
        raise Conflict(f"Lần giải quyết {expected} đã được cán bộ khác thụ lý; trang đã tải lại.")
    if complaint.kind == Complaint.Kind.DENUNCIATION and rounds:
        raise InvalidInput("Tố cáo chỉ giải quyết một lần; hạn được gia hạn (Luật Tố cáo 2018).")
    if complaint.criminal_against:
        # BLTTHS 2015, Điều 474-477: the resolver of the last round decides finally.
        allowed = deadlines.criminal_complaint_rounds(complaint.criminal_against)
        if number > allowed:
            raise InvalidInput(
                f"Khiếu nại trong tố tụng hình sự này được giải quyết {allowed} lần; quyết định "
                "giải quyết lần cuối là quyết định cuối cùng (BLTTHS 2015, chương XXXIII)."
            )
    elif number > 2:
        raise InvalidInput("Khiếu nại chỉ được giải quyết tối đa hai lần (Luật Khiếu nại 2011).")
    if rounds and rounds[-1].outcome == ComplaintRound.Outcome.PENDING:
        raise InvalidInput("Lần giải quyết trước chưa có kết quả.")
    start = rounds[-1].resolved_on if rounds else complaint.received_on
    if start is not None and accepted_on < start:
        what = "ngày giải quyết lần đầu" if rounds else "ngày nhận đơn"
        raise InvalidInput(f"Ngày thụ lý {accepted_on:%d/%m/%Y} trước {what} {start:%d/%m/%Y}.")
    not_future(accepted_on, "Ngày thụ lý")
    with acting_as(actor):
        round = ComplaintRound.objects.create(
            complaint=complaint, province_id=complaint.province_id, number=number,
            accepted_on=accepted_on,
            due_on=complaint_round_due(complaint, number, accepted_on),
        )  # fmt: skip
        audit_record(actor=actor, action="complaint.round_open", target=complaint,
                     data={"round": number})  # fmt: skip
    return round


@transaction.atomic
def denunciation_extend(*, actor: User, complaint: Complaint, expected: int) -> ComplaintRound:
    """Extend a denunciation's resolution once more (Luật Tố cáo 2018, Art. 30: at most twice,
    30 days each). `expected`: the number of extensions the round will have."""
    require_actor(actor)
    complaint = _complaint_locked(complaint)
    _check_records(actor, complaint.agency)
    if complaint.kind != Complaint.Kind.DENUNCIATION:
        raise InvalidInput("Chỉ gia hạn giải quyết tố cáo; khiếu nại có hạn theo từng lần.")
    round = complaint.rounds.select_for_update().first()
    if round is None:
        raise InvalidInput("Tố cáo chưa được thụ lý.")
    if round.outcome != ComplaintRound.Outcome.PENDING:
        raise InvalidInput("Tố cáo đã có kết quả giải quyết: không gia hạn được.")
    if round.extensions + 1 != expected:
        raise Conflict(f"Tố cáo đã được gia hạn {round.extensions} lần; trang đã tải lại.")
    if round.extensions >= 2:
        raise InvalidInput("Tố cáo chỉ được gia hạn tối đa hai lần (Luật Tố cáo 2018, Điều 30).")
    with acting_as(actor):
        round.extensions += 1
        round.due_on = complaint_round_due(complaint, 1, round.accepted_on, round.extensions)
        round.save(update_fields=["extensions", "due_on"])
        audit_record(actor=actor, action="complaint.extend", target=complaint,
                     data={"extensions": round.extensions})  # fmt: skip
    return round


@transaction.atomic
def complaint_person_add(
    *, actor: User, complaint: Complaint, person: Person, role: str
) -> ComplaintPerson:
    require_actor(actor)
    complaint = _complaint_locked(complaint)
    _check_records(actor, complaint.agency)
    if role not in ComplaintPerson.Role.values:
        raise InvalidInput("Tư cách: người khiếu nại, tố cáo; người đại diện; người bị khiếu nại.")
    if person.pk == complaint.complainant_id and role == ComplaintPerson.Role.COMPLAINANT:
        raise InvalidInput("Người này đã là người khiếu nại, tố cáo của đơn.")
    link, created = ComplaintPerson.objects.get_or_create(
        complaint=complaint, person=person, role=role,
        defaults={"province_id": complaint.province_id},
    )  # fmt: skip
    if not created:
        raise InvalidInput("Người này đã có trong đơn với tư cách đó.")
    audit_record(actor=actor, action="complaint.person_add", target=complaint,
                 data={"person": person.pk, "role": role})  # fmt: skip
    return link


# --- Criminal cases -------------------------------------------------------------------------

Stage = CriminalCase.Stage
Outcome = CriminalCase.Outcome

# Where a case may go from each stage (BLTTHS 2015: investigation, prosecution, first-instance
# trial, appeal); a case may be closed at any stage (dismissed, suspended, or its judgment
# final without appeal).
NEXT_STAGES: Final[dict[str, tuple[str, ...]]] = {
    Stage.INVESTIGATION: (Stage.PROSECUTION, Stage.CLOSED),
    Stage.PROSECUTION: (Stage.FIRST_INSTANCE, Stage.INVESTIGATION, Stage.CLOSED),
    Stage.FIRST_INSTANCE: (Stage.APPEAL, Stage.CLOSED, Stage.INVESTIGATION),
    Stage.APPEAL: (Stage.CLOSED, Stage.FIRST_INSTANCE),
    Stage.CLOSED: (),
}
# The outcomes a step to each stage may carry.
STEP_OUTCOMES: Final[dict[str, tuple[str, ...]]] = {
    Stage.INVESTIGATION: (Outcome.PENDING, Outcome.SUSPENDED),
    Stage.PROSECUTION: (Outcome.PENDING, Outcome.SUSPENDED),
    Stage.FIRST_INSTANCE: (Outcome.PENDING, Outcome.CONVICTED, Outcome.ACQUITTED),
    Stage.APPEAL: (Outcome.PENDING, Outcome.CONVICTED, Outcome.ACQUITTED),
    Stage.CLOSED: (Outcome.CONVICTED, Outcome.ACQUITTED, Outcome.DISMISSED, Outcome.SUSPENDED),
}
STEP_FLAGS: Final = ("appealed", "protested", "judgment_changed", "judgment_annulled",
                     "evidence_excluded", "wrongful_conviction")  # fmt: skip


@transaction.atomic
def criminal_case_advance(
    *,
    actor: User,
    case: CriminalCase,
    expected_stage: str,
    stage: str,
    on: datetime.date,
    outcome: str = Outcome.PENDING,
    note: str = "",
    sentence: str = "",
    flags: dict[str, bool] | None = None,
) -> CaseStep:
    """Move a case to `stage` on `on`, with the outcome it reached; `expected_stage`: the
    stage the page showed (moved meanwhile by someone else: Conflict)."""
    require_actor(actor)
    case = CriminalCase.objects.select_for_update().get(pk=case.pk)
    _check_records(actor, case.agency)
    if case.withdrawn:
        raise InvalidInput("Vụ án đã bị loại bỏ: không cập nhật được.")
    if case.stage != expected_stage:
        raise Conflict(
            f"Vụ án đã được chuyển sang giai đoạn “{case.get_stage_display()}” bởi cán bộ khác; "
            "trang đã tải lại."
        )
    labels = dict(Stage.choices)
    if stage != case.stage and stage not in NEXT_STAGES.get(case.stage, ()):
        allowed = ", ".join(labels[s] for s in NEXT_STAGES.get(case.stage, ())) or "không có"
        raise InvalidInput(f"Từ giai đoạn “{labels[case.stage]}” chỉ chuyển được sang: {allowed}.")
    if outcome not in STEP_OUTCOMES.get(stage, ()):
        allowed = ", ".join(dict(Outcome.choices)[o] for o in STEP_OUTCOMES.get(stage, ()))
        raise InvalidInput(f"Kết quả ở giai đoạn “{labels.get(stage, stage)}”: {allowed}.")
    last = case.steps.order_by("-on", "-id").first()
    start = last.on if last else case.opened_on
    if on < start:
        raise InvalidInput(f"Ngày {on:%d/%m/%Y} trước bước trước đó ({start:%d/%m/%Y}).")
    not_future(on, "Ngày")
    unknown = set(flags or {}) - set(STEP_FLAGS)
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    with acting_as(actor):
        step = CaseStep.objects.create(
            case=case, province_id=case.province_id, stage=stage, on=on, outcome=outcome,
            note=" ".join(note.split())[:255],
            recorded_by=actor_user(actor),
        )  # fmt: skip
        case.stage, case.outcome = stage, outcome
        if sentence.strip():
            case.sentence = sentence.strip()[:255]
        for name, value in (flags or {}).items():
            setattr(case, name, bool(value))
        case.save()
        audit_record(actor=actor, action="criminal_case.advance", target=case,
                     data={"stage": stage, "outcome": outcome})  # fmt: skip
    return step


@transaction.atomic
def case_person_add(*, actor: User, case: CriminalCase, person: Person, role: str) -> CasePerson:
    require_actor(actor)
    case = CriminalCase.objects.select_for_update().get(pk=case.pk)
    _check_records(actor, case.agency)
    if role not in CasePerson.Role.values:
        raise InvalidInput("Tư cách: bị can, bị cáo, bị hại hoặc người bị buộc tội khác.")
    link, created = CasePerson.objects.get_or_create(
        case=case, person=person, role=role, defaults={"province_id": case.province_id}
    )
    if not created:
        raise InvalidInput("Người này đã có trong vụ án với tư cách đó.")
    audit_record(actor=actor, action="criminal_case.person_add", target=case,
                 data={"person": person.pk, "role": role})  # fmt: skip
    return link


def today() -> datetime.date:
    return timezone.localdate()
