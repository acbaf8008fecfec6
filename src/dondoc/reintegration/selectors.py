"""Reads of the reintegration registry, for an acting user.

Scope: as every registry record (registry.selectors.scope_q), plus the records handed over
between communes: both the sending and the receiving commune keep reading a transferred
record and its history. Reading a record with personal data is audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dondoc.core.audit import audit_record
from dondoc.core.exceptions import NotFound
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.selectors import agencies_recording, scope_q

from .clocks import Clock, clocks
from .models import (
    COMMUNITY_SENTENCES,
    FROM_PRISON,
    EndReason,
    Group,
    LegalStatus,
    ReintegrationSubject,
    SubjectSupport,
    SubjectTransfer,
    SupportKind,
)
from .rules import Role

ARRIVAL_DAYS = 60


def supervising_units(*, user: Any) -> QuerySet[AdminUnit]:
    """The communes whose People's Committee `user` works for: the body that supervises and
    educates people on community sentences there (Law 41/2019/QH14 Art. 84(1); responsible
    for their management under Law 127/2025/QH15), though the commune police keeps the file."""
    committees = agencies_recording(user=user).filter(
        kind=Agency.Kind.PEOPLES_COMMITTEE, unit__level=AdminUnit.Level.COMMUNE
    )
    return AdminUnit.objects.filter(pk__in=committees.values("unit_id"))


def _supervised_q(user: Any) -> Q:
    return Q(unit__in=supervising_units(user=user), legal_status__in=COMMUNITY_SENTENCES)


def subjects_visible(*, user: Any) -> QuerySet[ReintegrationSubject]:
    subjects = ReintegrationSubject.objects.all()
    condition = scope_q(user=user)
    if condition is None:
        return subjects
    recording = agencies_recording(user=user)
    handed = SubjectTransfer.objects.filter(
        Q(from_agency__in=recording) | Q(to_agency__in=recording)
    ).values("subject_id")
    return subjects.filter(condition | Q(pk__in=handed) | _supervised_q(user))


def access_subject(*, user: Any, subject_id: Any, purpose: str = "view") -> ReintegrationSubject:
    try:
        subject = (
            subjects_visible(user=user)
            .select_related("person", "agency", "unit", "offence")
            .get(pk=subject_id)
        )
    except (ReintegrationSubject.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    audit_record(actor=user, action="registry.read", target=subject, data={"purpose": purpose})
    return subject


def access_transfer(*, user: Any, transfer_id: Any) -> SubjectTransfer:
    """A pending hand-over addressed to one of the user's agencies (to accept or refuse)."""
    try:
        return SubjectTransfer.objects.select_related("subject", "from_agency", "to_agency").get(
            pk=transfer_id,
            to_agency__in=agencies_recording(user=user),
            state=SubjectTransfer.State.PENDING,
        )
    except (SubjectTransfer.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def subject_may_write(*, user: Any, subject: ReintegrationSubject) -> bool:
    return agencies_recording(user=user).filter(pk=subject.agency_id).exists()


# --- The commune officer's worklist ------------------------------------------------------------


@dataclass
class WorkItem:
    subject: ReintegrationSubject
    clock: Clock | None = None  # None for an arrival without a running clock
    # The bodies of the clock's rule, resolved to the agencies of the subject's commune,
    # district or province in office on the day (or the role's name when none is known).
    responsible: str = ""
    assisting: str = ""
    reports_to: str = ""


class Directory:
    """The police and People's Committees (top-level agencies, not their departments) of the
    communes, districts and provinces of some subjects, read in one query, to name who must
    act on each clock under the rule version that governs it."""

    KINDS = (Agency.Kind.POLICE, Agency.Kind.PEOPLES_COMMITTEE)

    def __init__(self, subjects: list[ReintegrationSubject]) -> None:
        units: set[int] = set()
        for subject in subjects:
            units |= {subject.unit_id, subject.province_id}
            if subject.unit.parent_id is not None:
                units.add(subject.unit.parent_id)
        self.by_place: dict[tuple[int, str], list[Agency]] = {}
        agencies = Agency.objects.filter(
            unit_id__in=units, kind__in=self.KINDS, parent__isnull=True
        ).order_by("existed_from", "pk")
        for agency in agencies:
            self.by_place.setdefault((agency.unit_id, agency.kind), []).append(agency)

    @staticmethod
    def _unit(subject: ReintegrationSubject, role: Role) -> int | None:
        unit = subject.unit
        if role.level == "province":
            return subject.province_id
        if role.level == "district":
            if unit.level == AdminUnit.Level.DISTRICT:
                return unit.pk
            parent = unit.parent
            if parent is not None and parent.level == AdminUnit.Level.DISTRICT:
                return parent.pk
            return None  # the 2025 map has no district
        return unit.pk

    def name(self, subject: ReintegrationSubject, role: Role | None, day: datetime.date) -> str:
        if role is None:
            return ""
        unit = self._unit(subject, role)
        candidates = self.by_place.get((unit, role.kind), []) if unit is not None else []
        agency = next((a for a in candidates if a.existed_on(day)), None)
        if agency is None:
            return f"{role.label} (chưa có trong danh mục cơ quan)"
        if role.level != "commune" and role.kind == Agency.Kind.POLICE:
            return f"Cơ quan thi hành án hình sự {agency.name}"
        return agency.name

    def item(self, subject: ReintegrationSubject, clock: Clock, today: datetime.date) -> WorkItem:
        rule = clock.rule
        if rule is None:
            return WorkItem(subject, clock)
        day = min(clock.deadline.due, today)
        return WorkItem(
            subject,
            clock,
            responsible=self.name(subject, rule.responsible, day),
            assisting=self.name(subject, rule.assisting, day),
            reports_to=self.name(subject, rule.reports_to, day),
        )


def clock_items(*, subject: ReintegrationSubject, today: datetime.date) -> list[WorkItem]:
    """The subject's clocks with who must act on each (the subject's page)."""
    directory = Directory([subject])
    return [directory.item(subject, clock, today) for clock in clocks(subject, today=today)]


@dataclass
class Worklist:
    today: datetime.date
    arriving: list[WorkItem] = field(default_factory=list)  # next 60 days
    overdue: list[WorkItem] = field(default_factory=list)  # every late clock
    due: list[WorkItem] = field(default_factory=list)  # clocks running (not late)
    incoming: list[SubjectTransfer] = field(default_factory=list)  # hand-overs to accept
    outgoing: list[SubjectTransfer] = field(default_factory=list)  # waiting at the other end

    @property
    def empty(self) -> bool:
        return not (self.arriving or self.overdue or self.due or self.incoming or self.outgoing)


def worklist(*, user: Any, today: datetime.date | None = None) -> Worklist:
    """What the user's communes owe: who arrives in the next 60 days, whose notice,
    verification, helper or quarterly report is late or due, and for community sentences the
    summons, the person's monthly report, the supervisor's quarterly review and the
    certificate; each with the bodies responsible under the rule that governs it; the
    hand-overs to accept."""
    today = today or timezone.localdate()
    recording = agencies_recording(user=user)
    result = Worklist(today=today)
    # The records the user's agencies keep, and the community sentences their commune's
    # People's Committee supervises (kept by the commune police).
    active = list(
        ReintegrationSubject.objects.filter(
            Q(agency__in=recording) | _supervised_q(user), ended_on__isnull=True
        )
        .select_related("person", "unit__parent")
        .order_by("start_on", "pk")
    )
    directory = Directory(active)
    horizon = today + datetime.timedelta(days=ARRIVAL_DAYS)
    for subject in active:
        if (
            subject.received_on is None
            and subject.legal_status in FROM_PRISON
            and today <= subject.start_on <= horizon
        ):
            result.arriving.append(WorkItem(subject))
        for clock in clocks(subject, today=today):
            if clock.status == "overdue":
                result.overdue.append(directory.item(subject, clock, today))
            elif clock.status in ("due_soon", "open"):
                result.due.append(directory.item(subject, clock, today))
    result.overdue.sort(key=lambda item: item.clock.deadline.due if item.clock else today)
    result.due.sort(key=lambda item: item.clock.deadline.due if item.clock else today)
    transfers = SubjectTransfer.objects.filter(state=SubjectTransfer.State.PENDING).select_related(
        "subject__person", "from_agency", "to_agency", "to_unit", "from_unit"
    )
    result.incoming = list(transfers.filter(to_agency__in=recording))
    result.outgoing = list(transfers.filter(from_agency__in=recording))
    return result


# --- The province's view -----------------------------------------------------------------------


def _counts(prefix: str, choices: list[tuple[str, str]], field_name: str) -> dict[str, Any]:
    return {
        f"{prefix}{value}": Count("pk", filter=Q(**{field_name: value})) for value, _ in choices
    }


# The figures of `summarise` as a page or an annex shows them, in order (besides "total").
FIGURES: list[tuple[str, str]] = [
    ("new", "Mới"),
    ("ended", "Kết thúc"),
    ("active", "Đang quản lý"),
    *((f"status_{value}", label) for value, label in LegalStatus.choices),
    *((f"group_{value}", f"Loại {value}") for value in Group.values),
    ("reoffended", "Tái phạm"),
    ("female", "Nữ"),
    ("minority", "DTTS"),
    ("no_helper", "Chưa phân công người giúp đỡ"),
]


@dataclass
class UnitRow:
    unit: AdminUnit | None
    counts: dict[str, int]


def overview(
    *, user: Any, year: int | None = None, under: AdminUnit | None = None
) -> dict[str, Any]:
    """Counts per commune for a calendar year, scoped to the user (the province's view)."""
    year = year or timezone.localdate().year
    subjects = subjects_visible(user=user)
    if under is not None:
        subjects = subjects.filter(unit_subtree_q(under))
    return summarise(subjects, datetime.date(year, 1, 1), datetime.date(year, 12, 31)) | {
        "year": year
    }


def unit_figures(*, unit: AdminUnit, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The same counts for every subject of `unit`'s territory between two days: the figures
    of a plan's report (counts only, no personal data; the caller checked access to the plan)."""
    subjects = ReintegrationSubject.objects.filter(unit_subtree_q(unit))
    return summarise(subjects, start, end)


def summarise(
    subjects: QuerySet[ReintegrationSubject], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Per commune and in total: subjects under supervision at some time between `start` and
    `end`, by legal status and group, new and ended in the period, re-offending, women,
    ethnic minorities, without a helper; and the support given in the period by kind."""
    managed = subjects.filter(start_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    aggregates = {
        "total": Count("pk"),
        "active": Count("pk", filter=Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
        "new": Count("pk", filter=Q(start_on__gte=start)),
        "ended": Count("pk", filter=Q(ended_on__range=(start, end))),
        "reoffended": Count("pk", filter=Q(reoffended=True)),
        "female": Count("pk", filter=Q(person__sex="female")),
        "minority": Count(
            "pk", filter=Q(person__ethnicity__isnull=False) & ~Q(person__ethnicity__code="01")
        ),
        "no_helper": Count(
            "pk", filter=Q(received_on__isnull=False, helper_on__isnull=True, ended_on__isnull=True)
        ),
        **_counts("status_", LegalStatus.choices, "legal_status"),
        **_counts("group_", Group.choices, "group"),
        **_counts("end_", EndReason.choices, "end_reason"),
    }
    per_unit = managed.values("unit").annotate(**aggregates).order_by("unit")
    units = AdminUnit.objects.in_bulk([row["unit"] for row in per_unit])
    rows = [
        UnitRow(units.get(row["unit"]), {k: v for k, v in row.items() if k != "unit"})
        for row in per_unit
    ]
    rows.sort(key=lambda r: r.unit.name if r.unit else "")
    # Each subject has one commune: the totals are the sums of the communes' rows.
    totals = {key: sum(row.counts[key] for row in rows) for key in aggregates}
    supports = (
        SubjectSupport.objects.filter(subject__in=subjects, provided_on__range=(start, end))
        .values("kind")
        .annotate(times=Count("pk"), people=Count("subject", distinct=True))
    )
    by_kind = {row["kind"]: row for row in supports}
    support_rows = [
        (label, by_kind.get(value, {}).get("times", 0), by_kind.get(value, {}).get("people", 0))
        for value, label in SupportKind.choices
    ]
    return {
        "start": start,
        "end": end,
        "rows": rows,
        "totals": totals,
        "supports": support_rows,
        "statuses": LegalStatus.choices,
        "groups": Group.choices,
        "ends": EndReason.choices,
    }
