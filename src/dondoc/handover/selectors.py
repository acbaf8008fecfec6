"""What a successor unit has to take over: the plans and records of ended agencies in its area,
each line with the receiving agency proposed (stated successions first, then suggestions, then
the agencies' kinds and the map), and who may confirm it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from dondoc.core.actors import SystemActor
from dondoc.core.exceptions import NotFound
from dondoc.core.paths import subtree_q
from dondoc.org.lifecycle import in_office_or_none, receivers
from dondoc.org.models import (
    PLANNING_ROLES,
    AdminUnit,
    Agency,
    AgencySuccession,
    Membership,
    existing_on,
)
from dondoc.org.names import match_key
from dondoc.org.scoping import unit_subtree_q
from dondoc.plans.models import Assignment, Document, Handover, HandoverLine
from dondoc.registry.services import HANDED_OVER_RECORDS
from dondoc.reintegration.models import ReintegrationSubject
from dondoc.tracking.models import ReportingPeriod, ReportingSchedule
from dondoc.tracking.selectors import is_due

LEVEL_RANK = {AdminUnit.Level.PROVINCE: 0, AdminUnit.Level.DISTRICT: 1, AdminUnit.Level.COMMUNE: 2}
Source = HandoverLine.Source


@dataclass(frozen=True)
class Candidate:
    agency: Agency
    source: str  # HandoverLine.Source
    note: str


@dataclass
class LineDraft:
    """One line as proposed (nothing is written until the officer confirms)."""

    key: str
    kind: str
    label: str
    from_agency: Agency
    effective: datetime.date
    candidates: list[Candidate]
    assignment: Assignment | None = None
    record_model: str = ""
    record_ids: list[int] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # later periods it reports in

    @property
    def proposal(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass
class _Handed:
    """What a hand-over is of, for a successor unit: a plan, or the records of one ended
    agency; `done`: its confirmed hand-over."""

    kind: str  # Handover.Kind
    unit: AdminUnit
    document: Document | None = field(default=None, kw_only=True)
    agency: Agency | None = field(default=None, kw_only=True)
    done: Handover | None = field(default=None, kw_only=True)

    @property
    def title(self) -> str:
        return _title(self.document, self.agency)


@dataclass
class HandoverDraft(_Handed):
    """A plan, or the records of one ended agency, with its lines (each with its receivers
    proposed: the page of one hand-over)."""

    lines: list[LineDraft]


@dataclass
class HandoverSummary(_Handed):
    """One row of the successor unit's list (`summaries_for`): how many lines its hand-over
    has (the confirmed one's, once done) and whose work they are. What the page of one
    hand-over proposes for each line is left to it (plan_draft, records_draft)."""

    count: int
    givers: list[Agency]


def _title(document: Document | None, agency: Agency | None) -> str:
    if document is not None:
        return f"{document.label} — {document.unit.full_name}"
    return f"Hồ sơ do {agency} quản lý"


def today() -> datetime.date:
    return timezone.localdate()


# --- Who, and where ---------------------------------------------------------------------------


def is_current(unit: AdminUnit) -> bool:
    """A unit of today's map: only these take over (the earlier map ended on 30/6/2025)."""
    return unit.map == AdminUnit.Map.V2025


def successor_units(
    *,
    user: Any,
    day: datetime.date | None = None,
    memberships: list[Membership] | None = None,
) -> list[AdminUnit]:
    """Units of today's map whose hand-overs `user` confirms: where it is a focal officer or
    an administrator (of the unit itself; a province's officers for the province).
    `memberships`: all of the user's, with their agencies and units, when the caller has read
    them already (the home page): no query then."""
    day = day or today()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if memberships is None:
        memberships = list(
            Membership.objects.filter(
                user=user, role__in=PLANNING_ROLES, agency__is_active=True
            ).select_related("agency__unit__parent")
        )
    units = [
        m.agency.unit
        for m in memberships
        if m.user_id == user.pk and m.role in PLANNING_ROLES and m.agency.is_active
    ]
    return list(dict.fromkeys(u for u in units if is_current(u)))


def may_confirm(actor: Any, unit: AdminUnit) -> bool:
    if isinstance(actor, SystemActor) or getattr(actor, "is_superuser", False):
        return True
    return unit in successor_units(user=actor)


def access_unit(*, user: Any, unit_id: Any) -> AdminUnit:
    """A successor unit of `user` (NotFound otherwise, alike for absent and not allowed)."""
    for unit in successor_units(user=user):
        if str(unit.pk) == str(unit_id):
            return unit
    if getattr(user, "is_superuser", False):
        try:
            return AdminUnit.objects.get(pk=unit_id)
        except (AdminUnit.DoesNotExist, ValueError, TypeError) as error:
            raise NotFound from error
    raise NotFound


def area_paths(unit: AdminUnit) -> frozenset[str]:
    """The unit, and the units of the earlier map whose succession leads to it at its level or
    from below (a district absorbed into the province): whose work it inherits. A district
    divided among communes is the province's to hand over, not each commune's."""
    paths = {unit.path}
    for predecessor in AdminUnit.objects.filter(successions_out__successor=unit):
        if LEVEL_RANK[predecessor.level] >= LEVEL_RANK[unit.level]:  # type: ignore[index]
            paths.add(predecessor.path)
    return frozenset(paths)


def _area_q(unit: AdminUnit, field: str = "unit__path") -> Q:
    return subtree_q(area_paths(unit), field)


def receivers_allowed(*, unit: AdminUnit, day: datetime.date) -> QuerySet[Agency]:
    """The agencies a line may go to: today's agencies of the successor unit and below."""
    return (
        Agency.objects.filter(unit_subtree_q(unit), existing_on(day), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "parent_id", "name")
    )


def ended_agencies(*, unit: AdminUnit, day: datetime.date) -> QuerySet[Agency]:
    """Agencies of the unit's area that ended before `day`."""
    return Agency.objects.filter(_area_q(unit), existed_until__lt=day).select_related("unit")


# --- Proposals ------------------------------------------------------------------------------


def _phrases_in(part: str, topic_key: str) -> int:
    """How many of the part's phrases ("điều tra hình sự, thi hành án hình sự") the topic
    contains: a phrase, not a word, so that "địa bàn" does not match "văn bản"."""
    phrases = [match_key(p) for p in part.replace(";", ",").split(",")]
    return sum(1 for p in phrases if p and f" {p} " in f" {topic_key} ")


@dataclass
class Memo:
    """What one page's proposals read again and again (an ended agency appears on many lines):
    its successions, and the same-kind agencies of each successor unit."""

    successions: dict[int, list[AgencySuccession]] = field(default_factory=dict)
    by_map: dict[tuple[int, int], list[Candidate]] = field(default_factory=dict)


def _successions(
    agency: Agency, topic: str, day: datetime.date, memo: Memo | None = None, wide: bool = False
) -> list[Candidate]:
    """Stated successions first, then suggested; a named part that matches the topic before
    the whole, the whole before other parts; for work over the agency's whole area (`wide`: a
    plan's focal duty, its tasks) the receiver of the highest level first (the province police,
    not one of the ten communes' police that took a part each)."""
    memo = memo or Memo()
    rows = memo.successions.get(agency.pk)
    if rows is None:
        rows = memo.successions[agency.pk] = []
        for row in receivers(agency):
            # A receiver that ended in turn (the old province's police, merged on 1/7/2025)
            # hands on to the body in office today (org.lifecycle.in_office).
            today_body = in_office_or_none(row.successor, day)
            if today_body is not None:
                row.successor = today_body
                rows.append(row)
    topic_key = match_key(topic)

    def rank(row: AgencySuccession) -> tuple[int, int, int, int]:
        overlap = _phrases_in(row.part, topic_key) if row.part else 0
        level = LEVEL_RANK.get(row.successor.unit.level, 3) if wide else 0  # type: ignore[call-overload]
        return (
            int(row.is_suggestion),
            0 if overlap else (1 if not row.part else 2),
            level,
            -overlap,
        )

    found = []
    for row in sorted(rows, key=rank):
        source = Source.SUGGESTED if row.is_suggestion else Source.STATED
        what = f"phần «{row.part}»" if row.part else "toàn bộ chức năng, nhiệm vụ"
        note = f"{what}, từ {row.effective:%d/%m/%Y}" + (f"; {row.source}" if row.source else "")
        found.append(Candidate(row.successor, source, note))
    return found


def _by_map(
    agency: Agency, place: AdminUnit, day: datetime.date, memo: Memo | None = None
) -> list[Candidate]:
    """An agency of the same kind in the units that succeeded `place`: the same level first,
    then the higher level that absorbed it, then the others (the main one first)."""
    memo = memo or Memo()
    known = memo.by_map.get((agency.pk, place.pk))
    if known is not None:
        return known
    memo.by_map[(agency.pk, place.pk)] = found = _map_candidates(agency, place, day)
    return found


def _map_candidates(agency: Agency, place: AdminUnit, day: datetime.date) -> list[Candidate]:
    successions = list(place.successions_out.select_related("successor"))

    def rank(s: Any) -> tuple[int, int]:
        diff = LEVEL_RANK[s.successor.level] - LEVEL_RANK[place.level]  # type: ignore[index]
        return (0 if diff == 0 else (1 if diff < 0 else 2), 0 if s.is_default else 1)

    found = []
    for succession in sorted(successions, key=rank):
        same = Agency.objects.filter(unit=succession.successor, is_active=True).filter(
            existing_on(day)
        )
        # The same directory entry ("justice" → Sở Tư pháp) first, else the same kind's head.
        same = same.filter(
            (Q(template_key=agency.template_key) if agency.template_key else Q(pk__in=[]))
            | Q(kind=agency.kind, parent__isnull=True)
        ).order_by(Case(When(template_key=agency.template_key or "-", then=0), default=1), "name")
        for receiver in same.select_related("unit")[:1]:
            found.append(
                Candidate(
                    receiver,
                    Source.MAP,
                    f"cùng lĩnh vực ({agency.get_kind_display()}), "
                    f"{succession.successor.full_name} kế thừa {place.name}",
                )
            )
    return found


def candidates_for(
    agency: Agency,
    *,
    topic: str = "",
    place: AdminUnit | None = None,
    allowed: set[int] | None = None,
    day: datetime.date,
    memo: Memo | None = None,
    wide: bool = True,
) -> list[Candidate]:
    """Receivers proposed for work of `agency` on `topic` (a task, a kind of records) at
    `place` (then `wide` is False: the work is the place's), best first, each once, only among
    `allowed` agencies when given."""
    memo = memo or Memo()
    found: list[Candidate] = []
    seen: set[int] = set()
    places = [place] if place is not None and place != agency.unit else []
    for candidate in [
        *_successions(agency, topic, day, memo, wide=wide and place is None),
        *(c for p in places for c in _by_map(agency, p, day, memo)),
        *_by_map(agency, agency.unit, day, memo),
    ]:
        if candidate.agency.pk in seen or (
            allowed is not None and candidate.agency.pk not in allowed
        ):
            continue
        seen.add(candidate.agency.pk)
        found.append(candidate)
    return found


def _effective(agency: Agency) -> datetime.date:
    """The receiver's first day: the day after the agency's last."""
    if agency.existed_until is None:
        raise ValueError("only an agency that ended hands over")
    return agency.existed_until + datetime.timedelta(days=1)


@dataclass(frozen=True)
class Owed:
    """Work an ended agency leaves in a plan, before any receiver is proposed: the plan's focal
    duty (`assignment` None) or one assignment; the receiver's first day and the labels of the
    periods due from then on that it reports in."""

    agency: Agency
    assignment: Assignment | None
    effective: datetime.date
    periods: list[str]


def _plan_owed(
    *,
    focal: Agency | None,
    periods: list[ReportingPeriod],
    assignments: list[Assignment],
    day: datetime.date,
) -> list[Owed]:
    """What a plan's ended agencies leave to take over: the focal duty if its focal agency ended
    before `day` and a period falls due after that, and each of `assignments` (of agencies
    ended before `day`: _ended_assignments) whose task still reports in a period due after its
    agency's end. `periods`: the plan's, by due date. The one rule of a plan's hand-over lines,
    for its page (plan_draft) and for the list (summaries_for)."""
    owed = []
    if focal is not None and focal.existed_until is not None and focal.existed_until < day:
        effective = _effective(focal)
        later = [p.label for p in periods if p.due_on >= effective]
        if later:
            owed.append(Owed(focal, None, effective, later))
    for assignment in assignments:
        agency = assignment.agency
        if agency is None:
            continue
        effective = _effective(agency)
        later = [
            p.label
            for p in periods
            if p.due_on >= effective and is_due(assignment=assignment, period=p)
        ]
        if later:  # else nothing left to report: the task closed before the agency ended
            owed.append(Owed(agency, assignment, effective, later))
    return owed


def _ended_assignments(day: datetime.date) -> QuerySet[Assignment]:
    """Assignments of agencies ended before `day` not handed over yet, in their plans' order."""
    return (
        Assignment.objects.filter(agency__existed_until__lt=day, active_until__isnull=True)
        .select_related("task", "agency__unit")
        .order_by("task__position", "role", "position")
    )


def plan_draft(
    *,
    document: Document,
    unit: AdminUnit,
    day: datetime.date,
    allowed: set[int] | None = None,
    memo: Memo | None = None,
) -> HandoverDraft:
    """The lines of one plan (_plan_owed), each with its receivers proposed."""
    memo = memo or Memo()
    if allowed is None:
        allowed = set(receivers_allowed(unit=unit, day=day).values_list("id", flat=True))
    done = _confirmed().filter(document=document).first()
    schedule = (
        ReportingSchedule.objects.filter(document=document).select_related("focal_agency").first()
    )
    owed = _plan_owed(
        focal=schedule.focal_agency if schedule else None,
        periods=list(ReportingPeriod.objects.filter(document=document).order_by("due_on")),
        assignments=list(_ended_assignments(day).filter(task__document=document)),
        day=day,
    )
    lines: list[LineDraft] = []
    for work in owed:
        assignment = work.assignment
        if assignment is None:
            lines.append(
                LineDraft(
                    key="focal",
                    kind=HandoverLine.Kind.FOCAL,
                    label="Cơ quan đầu mối: nhận báo cáo, tổng hợp, ban hành báo cáo tổng hợp",
                    from_agency=work.agency,
                    effective=work.effective,
                    candidates=candidates_for(
                        work.agency,
                        topic="theo dõi tổng hợp báo cáo",
                        allowed=allowed,
                        day=day,
                        memo=memo,
                    ),
                    periods=work.periods,
                )
            )
            continue
        task = assignment.task
        lines.append(
            LineDraft(
                key=f"a:{assignment.pk}",
                kind=HandoverLine.Kind.ASSIGNMENT,
                label=f"{task.path}. {task.title[:200]} ({assignment.get_role_display().lower()})",
                from_agency=work.agency,
                effective=work.effective,
                candidates=candidates_for(
                    work.agency, topic=task.title, allowed=allowed, day=day, memo=memo
                ),
                assignment=assignment,
                periods=work.periods,
            )
        )
    return HandoverDraft(Handover.Kind.PLAN, unit, lines, document=document, done=done)


def records_draft(
    *,
    agency: Agency,
    unit: AdminUnit,
    day: datetime.date,
    allowed: set[int] | None = None,
    memo: Memo | None = None,
) -> HandoverDraft:
    """The records an ended agency kept: one line per kind of registry record it holds
    (HANDED_OVER_RECORDS), one per person still supervised (_open_subjects; named by number
    only: the page is a list, STYLE privacy rules)."""
    memo = memo or Memo()
    if allowed is None:
        allowed = set(receivers_allowed(unit=unit, day=day).values_list("id", flat=True))
    done = _confirmed().filter(agency=agency).first()
    effective = _effective(agency)
    lines: list[LineDraft] = []
    for model in HANDED_OVER_RECORDS:
        ids = list(model.objects.filter(agency=agency).values_list("id", flat=True))  # type: ignore[attr-defined]
        if not ids:
            continue
        kind = str(model._meta.verbose_name_plural)
        lines.append(
            LineDraft(
                key=f"r:{model._meta.label_lower}",
                kind=HandoverLine.Kind.RECORDS,
                label=f"{kind[:1].upper()}{kind[1:]}: {len(ids)} hồ sơ",
                from_agency=agency,
                effective=effective,
                candidates=candidates_for(agency, topic=kind, allowed=allowed, day=day, memo=memo),
                record_model=model._meta.label_lower,
                record_ids=ids,
            )
        )
    subjects = _open_subjects().filter(agency=agency)
    for subject in subjects.select_related("unit").order_by("unit__name", "pk"):
        lines.append(
            LineDraft(
                key=f"s:{subject.pk}",
                kind=HandoverLine.Kind.SUBJECT,
                label=f"Hồ sơ tái hòa nhập #{subject.pk} — {subject.get_legal_status_display()}, "
                f"{subject.unit.name}",
                from_agency=agency,
                effective=effective,
                candidates=candidates_for(
                    agency,
                    topic="tái hòa nhập cộng đồng thi hành án hình sự",
                    place=subject.unit,
                    allowed=allowed,
                    day=day,
                    memo=memo,
                ),
                record_model="reintegration.reintegrationsubject",
                record_ids=[subject.pk],
            )
        )
    return HandoverDraft(Handover.Kind.RECORDS, unit, lines, agency=agency, done=done)


def _open_subjects() -> QuerySet[ReintegrationSubject]:
    """The reintegration subjects still supervised: each is a line of its keeper's hand-over."""
    return ReintegrationSubject.objects.filter(ended_on__isnull=True)


def summaries_for(*, unit: AdminUnit, day: datetime.date | None = None) -> list[HandoverSummary]:
    """Everything the successor unit has to take over (or took over and may still revert), as
    its list shows it: the plans of its area that an ended agency of the area worked on (or
    whose hand-over was confirmed), then each ended agency's records, those with something to
    hand over. The same lines as each one's page (plan_draft, records_draft: _plan_owed,
    HANDED_OVER_RECORDS, _open_subjects), counted without proposing receivers, in a fixed
    number of queries: for a province whose reform ended 117 agencies of its area, building
    each one's page made 1,341 queries (2.6 s)."""
    day = day or today()
    ended = list(ended_agencies(unit=unit, day=day).order_by("unit__path", "name"))
    ended_ids = [a.pk for a in ended]
    confirmed = _confirmed()
    # Subqueries by the ended agencies' keys, not joins through every task of every plan of
    # the area with DISTINCT (353 ms at 100,000 tasks).
    worked_on = (
        Q(pk__in=Assignment.objects.filter(agency_id__in=ended_ids).values("task__document_id"))
        | Q(pk__in=ReportingSchedule.objects.filter(focal_agency_id__in=ended_ids).values(
            "document_id"
        ))
        | Q(pk__in=confirmed.values("document_id"))
    )  # fmt: skip
    documents = list(
        Document.objects.filter(_area_q(unit))
        .filter(worked_on)
        .select_related("unit__parent")
        .order_by("unit__path", "-issued_on", "pk")
    )
    summaries = [*_plan_summaries(unit, documents, confirmed, day)]
    if ended:
        summaries += _records_summaries(unit, ended, confirmed)
    return summaries


def _confirmed() -> QuerySet[Handover]:
    """The confirmed hand-overs, the latest first, each with its lines and their ended
    agencies (what a list row and a page say of one that is done)."""
    return Handover.objects.filter(state=Handover.State.CONFIRMED).prefetch_related(
        Prefetch("lines", queryset=HandoverLine.objects.select_related("from_agency"))
    )


def _first_by(handovers: QuerySet[Handover], key: str) -> dict[int, Handover]:
    """The latest confirmed hand-over (Handover's order) of each document or agency."""
    found: dict[int, Handover] = {}
    for handover in handovers:
        found.setdefault(getattr(handover, key), handover)
    return found


def _done_summary(handover: Handover) -> tuple[int, list[Agency]]:
    lines = list(handover.lines.all())  # prefetched, with their agencies
    return len(lines), list(dict.fromkeys(line.from_agency for line in lines))


def _plan_summaries(
    unit: AdminUnit, documents: list[Document], confirmed: QuerySet[Handover], day: datetime.date
) -> list[HandoverSummary]:
    if not documents:
        return []
    done = _first_by(confirmed.filter(document__in=documents), "document_id")
    periods: dict[int, list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(document__in=documents).order_by("due_on"):
        periods.setdefault(period.document_id, []).append(period)
    focal = {
        s.document_id: s.focal_agency
        for s in ReportingSchedule.objects.filter(document__in=documents).select_related(
            "focal_agency"
        )
    }
    assignments: dict[int, list[Assignment]] = {}
    for assignment in _ended_assignments(day).filter(task__document__in=documents):
        assignments.setdefault(assignment.task.document_id, []).append(assignment)

    def owed(document: Document) -> tuple[int, list[Agency]]:
        work = _plan_owed(
            focal=focal.get(document.pk),
            periods=periods.get(document.pk, []),
            assignments=assignments.get(document.pk, []),
            day=day,
        )
        return len(work), list(dict.fromkeys(w.agency for w in work))

    return _rows(Handover.Kind.PLAN, unit, documents, done, owed)


def _records_summaries(
    unit: AdminUnit, ended: list[Agency], confirmed: QuerySet[Handover]
) -> list[HandoverSummary]:
    """Each ended agency's records lines, counted in one query: whether it keeps a record of
    each handed-over kind (an EXISTS each, stopping at the first by the agency's index, where
    the page lists every id) and how many subjects it still supervises."""
    kinds = {
        f"holds_{n}": Exists(model.objects.filter(agency=OuterRef("pk")))  # type: ignore[attr-defined]
        for n, model in enumerate(HANDED_OVER_RECORDS)
    }
    subjects = (
        _open_subjects()
        .filter(agency=OuterRef("pk"))
        .order_by()
        .values("agency")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = Agency.objects.filter(pk__in=[a.pk for a in ended]).annotate(
        **kinds, subjects=Coalesce(Subquery(subjects), 0)
    )
    counts = {
        row["pk"]: sum(bool(row[k]) for k in kinds) + row["subjects"]
        for row in rows.values("pk", "subjects", *kinds)
    }
    done = _first_by(confirmed.filter(agency__in=ended), "agency_id")
    return _rows(Handover.Kind.RECORDS, unit, ended, done, lambda a: (counts.get(a.pk, 0), [a]))


def _rows(
    kind: str,
    unit: AdminUnit,
    items: Sequence[Document] | Sequence[Agency],
    done: dict[int, Handover],
    owed: Callable[[Any], tuple[int, list[Agency]]],
) -> list[HandoverSummary]:
    """The list's row of each plan or agency with a line to take over or a confirmed
    hand-over: the confirmed one's lines, else what `owed` counts."""
    found = []
    for item in items:
        handover = done.get(item.pk)
        count, givers = _done_summary(handover) if handover is not None else owed(item)
        if count or handover is not None:
            document = item if isinstance(item, Document) else None
            agency = item if isinstance(item, Agency) else None
            found.append(
                HandoverSummary(
                    kind, unit, count, givers, document=document, agency=agency, done=handover
                )
            )
    return found


def access_plan(*, user: Any, unit: AdminUnit, document_id: Any) -> Document:
    """A plan of the unit's area (NotFound otherwise)."""
    try:
        return Document.objects.filter(_area_q(unit)).select_related("unit").get(pk=document_id)
    except (Document.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def access_keeper(*, user: Any, unit: AdminUnit, agency_id: Any) -> Agency:
    """An ended agency of the unit's area (NotFound otherwise)."""
    try:
        return ended_agencies(unit=unit, day=today()).get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def access_handover(*, user: Any, unit: AdminUnit, handover_id: Any) -> Handover:
    try:
        handover = Handover.objects.select_related("document__unit", "agency__unit").get(
            pk=handover_id, unit=unit
        )
    except (Handover.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    return handover
