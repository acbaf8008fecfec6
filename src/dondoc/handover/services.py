"""Confirming and reverting a hand-over (issue 15): one transaction each, audited, the plan or
the ended agency locked so that two officers confirming at once leave one hand-over."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from dondoc.core.actors import Actor, actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed, NotFound
from dondoc.org.models import AdminUnit, Agency
from dondoc.plans.handover import assignment_hand_back, assignment_hand_over
from dondoc.plans.models import Document, Handover, HandoverLine
from dondoc.registry.services import records_changed_since, records_keeper_change
from dondoc.reintegration.models import ReintegrationSubject
from dondoc.reintegration.services import subject_keeper_change, subjects_recorded_since
from dondoc.tracking.handover import reports_since, schedule_focal_hand_over

from . import selectors
from .selectors import HandoverDraft, LineDraft

LINKS = ["handover", "assignment", "new_assignment", "from_agency", "proposed_agency", "to_agency"]

# What the officer chose for each line: the receiving agency's id, or None to drop the line.
Choices = Mapping[str, int | None]


class HandoverTaken(DomainError):
    """Someone confirmed this hand-over first."""

    status_code = 409


class HandoverChanged(InvalidInput):
    """The lines changed between showing the page and confirming it."""

    default_message = (
        "Danh sách cần bàn giao đã thay đổi từ khi trang được mở (có cơ quan vừa kết thúc "
        "hoặc nhiệm vụ vừa được sửa). Mở lại trang và xem lại từng dòng."
    )


def _who(handover: Handover) -> str:
    when = timezone.localtime(handover.confirmed_at).strftime("%H:%M ngày %d/%m/%Y")
    return f"{handover.confirmed_by_name} đã xác nhận bàn giao này lúc {when}"


def _taken(done: Handover) -> HandoverTaken:
    return HandoverTaken(f"{_who(done)}; trang dưới đây là kết quả. Không có gì bị ghi hai lần.")


def _check_actor(actor: Actor, unit: AdminUnit) -> None:
    require_actor(actor, system=True)
    if not selectors.may_confirm(actor, unit):
        raise NotFound  # not the successor unit's focal officer or administrator


Decided = list[tuple[LineDraft, Agency | None, str]]


def _decisions(draft: HandoverDraft, choices: Choices, allowed: set[int]) -> Decided:
    if set(choices) != {line.key for line in draft.lines} or not draft.lines:
        raise HandoverChanged
    agencies = Agency.objects.in_bulk([v for v in choices.values() if v is not None])
    decided: Decided = []
    for line in draft.lines:
        chosen = choices[line.key]
        if chosen is None:
            decided.append((line, None, HandoverLine.Decision.DROPPED))
            continue
        agency = agencies.get(chosen)
        if agency is None or chosen not in allowed:
            raise InvalidInput(
                f"Dòng «{line.label}»: cơ quan tiếp nhận phải là cơ quan đang hoạt động của "
                f"{draft.unit.full_name}; chọn lại trong danh sách."
            )
        proposal = line.proposal
        same = proposal is not None and proposal.agency.pk == chosen
        decided.append(
            (
                line,
                agency,
                HandoverLine.Decision.CONFIRMED if same else HandoverLine.Decision.CHANGED,
            )
        )
    return decided


def _line(
    handover: Handover, line: LineDraft, agency: Agency | None, decision: str
) -> HandoverLine:
    proposal = line.proposal
    return HandoverLine(
        handover=handover,
        kind=line.kind,
        key=line.key,
        label=line.label[:300],
        assignment=line.assignment,
        record_model=line.record_model,
        record_ids=line.record_ids,
        from_agency=line.from_agency,
        proposed_agency=proposal.agency if proposal else None,
        proposal_source=proposal.source if proposal else "",
        proposal_note=(proposal.note if proposal else "")[:300],
        to_agency=agency,
        decision=decision,
        effective=line.effective,
    )


def _start(actor: Actor, draft: HandoverDraft, **target: Any) -> Handover:
    handover = Handover(
        kind=draft.kind,
        unit=draft.unit,
        state=Handover.State.CONFIRMED,
        confirmed_by=actor_user(actor),
        confirmed_by_name=str(actor),
        confirmed_at=timezone.now(),
        **target,
    )
    handover.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the unique constraint, should the lock have missed
            handover.save()
    except IntegrityError as error:
        done = Handover.objects.filter(state=Handover.State.CONFIRMED, **target).first()
        raise _taken(done) if done else error from error
    return handover


def _finish(actor: Actor, handover: Handover, lines: list[HandoverLine], action: str) -> Handover:
    # The moment of the hand-over is taken after its own writes (notes on subjects, records'
    # updated_at): what happens after it is the receiver's, and ends the right to revert.
    handover.confirmed_at = timezone.now()
    handover.save(update_fields=["confirmed_at"])
    audit_record(
        actor=actor,
        action=action,
        target=handover,
        data={
            "lines": [
                {
                    "key": line.key,
                    "from": line.from_agency_id,
                    "to": line.to_agency_id,
                    "decision": line.decision,
                }
                for line in lines
            ]
        },
    )
    return handover


@transaction.atomic
def plan_handover_confirm(
    *,
    actor: Actor,
    document: Document,
    unit: AdminUnit,
    choices: Choices | None,
    day: datetime.date | None = None,
) -> Handover:
    """The plan continues under the successor: each kept line's receiver takes the focal duty
    or the task for the periods due from the ended agency's next day; earlier periods, their
    reports and who made them stay as they were. `choices=None`: every line as proposed (the
    demo, which confirms as the system; a line without a proposal is not handed over)."""
    _check_actor(actor, unit)
    day = day or selectors.today()
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one at a time
    done = Handover.objects.filter(document=document, state=Handover.State.CONFIRMED).first()
    if done is not None:
        raise _taken(done)
    allowed = set(selectors.receivers_allowed(unit=unit, day=day).values_list("id", flat=True))
    draft = selectors.plan_draft(document=document, unit=unit, day=day, allowed=allowed)
    decided = _decisions(draft, proposed_choices(draft) if choices is None else choices, allowed)
    with acting_as(actor):
        handover = _start(actor, draft, document=document)
        lines = []
        for line, agency, decision in decided:
            row = _line(handover, line, agency, decision)
            if agency is not None and line.kind == HandoverLine.Kind.FOCAL:
                schedule_focal_hand_over(actor=actor, document=document, to_agency=agency)
            elif agency is not None and line.assignment is not None:
                row.new_assignment, row.merged = assignment_hand_over(
                    actor=actor, assignment=line.assignment, to_agency=agency,
                    effective=line.effective,
                )  # fmt: skip
            # The agencies and rows it links to were just read: check the values, not the links.
            row.full_clean(exclude=LINKS, validate_constraints=False)
            row.save()
            lines.append(row)
        return _finish(actor, handover, lines, "handover.confirm")


def _subject(ids: list[int]) -> ReintegrationSubject:
    return ReintegrationSubject.objects.select_for_update().get(pk=ids[0])


def _record_model(label: str) -> Any:
    return apps.get_model(label)


@transaction.atomic
def records_handover_confirm(
    *,
    actor: Actor,
    agency: Agency,
    unit: AdminUnit,
    choices: Choices,
    day: datetime.date | None = None,
) -> Handover:
    """The records an ended agency kept pass to their receivers; their history stays."""
    _check_actor(actor, unit)
    day = day or selectors.today()
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    done = Handover.objects.filter(agency=agency, state=Handover.State.CONFIRMED).first()
    if done is not None:
        raise _taken(done)
    allowed = set(selectors.receivers_allowed(unit=unit, day=day).values_list("id", flat=True))
    draft = selectors.records_draft(agency=agency, unit=unit, day=day, allowed=allowed)
    decided = _decisions(draft, choices, allowed)
    with acting_as(actor):
        handover = _start(actor, draft, agency=agency)
        now = timezone.now()
        lines = []
        for line, receiver, decision in decided:
            row = _line(handover, line, receiver, decision)
            if receiver is not None and line.kind == HandoverLine.Kind.SUBJECT:
                subject = ReintegrationSubject.objects.select_for_update().get(
                    pk=line.record_ids[0]
                )
                subject_keeper_change(
                    actor=actor, subject=subject, to_agency=receiver, on=day,
                    note=f"Tiếp nhận hồ sơ từ {agency.name} (kết thúc hoạt động ngày "
                    f"{agency.existed_until:%d/%m/%Y}) theo bàn giao do {actor} xác nhận.",
                )  # fmt: skip
            elif receiver is not None:
                records_keeper_change(
                    actor=actor, model=_record_model(line.record_model), ids=line.record_ids,
                    from_agency=agency, to_agency=receiver, at=now,
                )  # fmt: skip
            # The agencies and rows it links to were just read: check the values, not the links.
            row.full_clean(exclude=LINKS, validate_constraints=False)
            row.save()
            lines.append(row)
        return _finish(actor, handover, lines, "handover.confirm")


def revert_refusal(handover: Handover) -> str:
    """Why the hand-over can no longer be reverted ("" when it can)."""
    if handover.state != Handover.State.CONFIRMED:
        return "Bàn giao này đã được hủy."
    lines = [line for line in handover.lines.all() if line.to_agency_id is not None]
    if handover.document_id is not None:
        if lines and reports_since(
            document=handover.document,  # type: ignore[arg-type]
            due_from=min(line.effective for line in lines),
        ):
            return (
                "Đã có báo cáo của kỳ sau khi bàn giao: kế hoạch đã tiếp tục dưới cơ quan tiếp "
                "nhận, không hủy được bàn giao."
            )
        return ""
    for line in lines:
        if line.kind == HandoverLine.Kind.SUBJECT:
            changed = subjects_recorded_since(ids=line.record_ids, since=handover.confirmed_at)
        else:
            changed = records_changed_since(
                model=_record_model(line.record_model), ids=line.record_ids,
                since=handover.confirmed_at,
            )  # fmt: skip
        if changed:
            return (
                f"Cơ quan tiếp nhận đã ghi nhận tiếp trên hồ sơ («{line.label}»): không hủy "
                "được bàn giao."
            )
    return ""


@transaction.atomic
def handover_revert(
    *, actor: Actor, handover: Handover, day: datetime.date | None = None
) -> Handover:
    """Put everything back as before the hand-over, while nothing was reported under the
    successor; the hand-over row stays, marked reverted, with who did it."""
    require_actor(actor, system=True)
    _check_actor(actor, handover.unit)
    day = day or selectors.today()
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    refusal = revert_refusal(handover)
    if refusal:
        raise NotAllowed(refusal)
    with acting_as(actor):
        for line in handover.lines.select_related("assignment", "new_assignment", "from_agency"):
            if line.to_agency_id is None:
                continue
            if line.kind == HandoverLine.Kind.FOCAL:
                schedule_focal_hand_over(
                    actor=actor,
                    document=handover.document,  # type: ignore[arg-type]
                    to_agency=line.from_agency,
                )
            elif line.kind == HandoverLine.Kind.ASSIGNMENT and line.assignment is not None:
                receiver = line.new_assignment
                line.new_assignment = None
                line.save(update_fields=["new_assignment"])
                assignment_hand_back(
                    actor=actor, assignment=line.assignment, receiver=receiver, merged=line.merged
                )
            elif line.kind == HandoverLine.Kind.SUBJECT:
                subject = ReintegrationSubject.objects.select_for_update().get(
                    pk=line.record_ids[0]
                )
                subject_keeper_change(
                    actor=actor, subject=subject, to_agency=line.from_agency, on=day,
                    note=f"Hủy bàn giao: hồ sơ trở lại {line.from_agency.name} ({actor}).",
                )  # fmt: skip
            else:
                records_keeper_change(
                    actor=actor, model=_record_model(line.record_model), ids=line.record_ids,
                    from_agency=line.to_agency, to_agency=line.from_agency,  # type: ignore[arg-type]
                    at=timezone.now(),
                )  # fmt: skip
        handover.state = Handover.State.REVERTED
        handover.reverted_by = actor_user(actor)
        handover.reverted_at = timezone.now()
        handover.save(update_fields=["state", "reverted_by", "reverted_at", "updated_at"])
        audit_record(actor=actor, action="handover.revert", target=handover)
    return handover


def proposed_choices(draft: HandoverDraft) -> dict[str, int | None]:
    """Every line to its proposed receiver (None where nothing is proposed): what the demo
    and an officer who agrees with every proposal confirm."""
    return {line.key: line.proposal.agency.pk if line.proposal else None for line in draft.lines}
