"""An agency's report for one plan and period, as a whole: its sections (one ProgressReport
per task it leads or coordinates) are saved one by one; the report is submitted (after the
agency head's approval when the plan's schedule asks for it), returned as a whole or by
section, resubmitted and accepted as a whole. Every transition sets its sections' state, so
what reads sections (consolidation, the board, stats) reads the report's life.

Locks: the AgencyReport row first, then the section's assignment and row
(services.progress_report_save). Two officers saving different sections both keep their
work (each section has its own version); two submits: the first wins, the second is told.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from dondoc.core.actors import require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.crypto import decrypt_bytes, encrypt_bytes
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.indicators.models import Indicator, Target
from dondoc.org.models import Agency, Role, User
from dondoc.org.scoping import agencies_acting_for
from dondoc.plans.models import Assignment

from . import evidence_files, notify
from .evidence import MAX_EVIDENCE_BYTES, checked_file, sniff
from .models import (
    AgencyReport,
    AgencyReportEvent,
    Evidence,
    ProgressReport,
    ReportEvent,
    ReportFigure,
    ReportingPeriod,
    ReportingSchedule,
    TaskStatus,
)
from .selectors import can_review, can_write, due_assignments
from .services import (
    InvalidTransition,
    VersionConflict,
    _clean_figure,
    progress_report_save,
)

State = AgencyReport.State
EDITABLE = (State.DRAFT, State.RETURNED)
LEADER_ROLES = frozenset({Role.LEADER})

# Breakdown keys an indicator's disaggregation may name, and the values each takes.
BREAKDOWNS: dict[str, dict[str, str]] = {
    "sex": {"male": "Nam", "female": "Nữ"},
    "ethnicity": {"kinh": "Kinh", "minority": "Dân tộc thiểu số"},
    "age_group": {
        "under_18": "Dưới 18 tuổi",
        "18_30": "Từ 18 đến 30 tuổi",
        "over_30": "Trên 30 tuổi",
    },
}
BREAKDOWN_LABELS = {"sex": "giới tính", "ethnicity": "dân tộc", "age_group": "nhóm tuổi"}


# --- Reads the services need --------------------------------------------------------------


def section_assignments(*, period: ReportingPeriod, agency: Agency) -> list[Assignment]:
    """The assignments of `agency` due in `period`: the tasks it leads first, then those it
    coordinates, each in the plan's order."""
    due = [a for a in due_assignments(period=period) if a.agency_id == agency.pk]
    leads = [a for a in due if a.role == Assignment.Role.LEAD]
    return leads + [a for a in due if a.role != Assignment.Role.LEAD]


def is_leader(*, user: Any, agency_id: int) -> bool:
    return agencies_acting_for(user=user, roles=LEADER_ROLES).filter(pk=agency_id).exists()


def head_approval_needed(period: ReportingPeriod) -> bool:
    return ReportingSchedule.objects.filter(
        document_id=period.document_id, head_approval=True
    ).exists()


def section_label(assignment: Assignment) -> str:
    role = "chủ trì" if assignment.role == Assignment.Role.LEAD else "phối hợp"
    return f"Mục {assignment.task.path} ({role}) «{assignment.task.title[:60]}»"


# --- Helpers ------------------------------------------------------------------------------


def _event(
    report: AgencyReport, action: str, actor: User | None, comment: str = "", sections: Any = ()
) -> None:
    AgencyReportEvent.objects.create(
        report=report,
        action=action,
        actor=actor,
        state=report.state,
        version=report.version,
        comment=comment,
        sections=list(sections),
    )


def _check_write(actor: User, agency_id: int) -> None:
    if not can_write(user=actor, agency_id=agency_id):
        raise NotAllowed("Chỉ cán bộ của cơ quan được giao mới lập và gửi báo cáo này.")


def _check_version(report: AgencyReport, version: int | None) -> None:
    if version is not None and version != report.version:
        event = report.events.select_related("actor").order_by("-at", "-id").first()
        who = str(event.actor) if event and event.actor else "người khác"
        what = event.get_action_display().lower() if event else "sửa"
        when = timezone.localtime(event.at if event else report.updated_at)
        raise VersionConflict(
            f"Báo cáo của cơ quan đã được {who} {what} lúc {when:%H:%M ngày %d/%m/%Y}, sau khi "
            "bạn mở trang. Nội dung của bạn chưa được ghi: hãy tải lại trang, đối chiếu rồi "
            "làm lại."
        )


def _locked(report: AgencyReport) -> AgencyReport:
    return AgencyReport.objects.select_for_update().get(pk=report.pk)


def _report_for_update(*, actor: User, period: ReportingPeriod, agency: Agency) -> AgencyReport:
    """The agency's report of the period, locked; created on the first write (a GET never
    creates it). Two first writes at once: one creates it, the other finds it."""
    report = AgencyReport.objects.select_for_update().filter(period=period, agency=agency).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            created = AgencyReport.objects.create(
                document_id=period.document_id, period=period, agency=agency, updated_by=actor
            )
            _event(created, AgencyReportEvent.Action.CREATE, actor)
    except IntegrityError:
        pass
    return AgencyReport.objects.select_for_update().get(period=period, agency=agency)


def _sections(report: AgencyReport) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.select_for_update()
        .filter(agency_report=report)
        .select_related("assignment__task")
        .order_by("assignment__task__position", "assignment__position")
    )


# --- The agency's writes ------------------------------------------------------------------


@evidence_files.deleted_on_rollback()
@transaction.atomic
def section_save(
    *,
    actor: User,
    period: ReportingPeriod,
    assignment: Assignment,
    version: int | None,
    task_status: str,
    done_text: str = "",
    reason: str = "",
    evidence: Sequence[tuple[str, bytes]] = (),
    token: str = "",
) -> ProgressReport:
    """Save one section of the agency's report as a draft: that section only (`version` is the
    section's, as the form showed it). Refused once the report is sent or awaiting approval;
    after a return by section, only the returned sections are edited."""
    require_actor(actor)
    if assignment.agency is None:
        raise InvalidInput("Nhiệm vụ chưa giao cho cơ quan cụ thể.")
    _check_write(actor, assignment.agency.pk)
    report = _report_for_update(actor=actor, period=period, agency=assignment.agency)
    if report.state not in EDITABLE:
        raise InvalidTransition(
            f"Báo cáo của cơ quan đang ở trạng thái “{report.get_state_display()}”: không sửa "
            "được nữa, trừ khi bị trả lại."
        )
    if report.state == State.RETURNED:
        flagged = report.sections.exclude(return_comment="")
        if flagged.exists() and not flagged.filter(assignment=assignment).exists():
            raise InvalidTransition(
                f"{section_label(assignment)}: cơ quan đầu mối không trả lại phần này, chỉ sửa "
                "các phần bị trả lại."
            )
    existing = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    section = progress_report_save(
        actor=actor,
        assignment=assignment,
        period=period,
        version=version,
        task_status=task_status,
        done_text=done_text,
        reason=reason,
        figure=existing.figure if existing else None,
        figure_note=existing.figure_note if existing else "",
        difficulties=existing.difficulties if existing else "",
        proposals=existing.proposals if existing else "",
        evidence=evidence,
        token=token,
    )
    if section.agency_report_id != report.pk:
        section.agency_report = report
        section.save(update_fields=["agency_report"])
    return section


@dataclass(frozen=True)
class FigureInput:
    """One row of the figures table as the form sent it. `parts`: its breakdown as typed,
    (category, number) pairs ("Nữ", "8"), each stored as a part of the row's total; a pair
    with no number is a piece the officer typed that is not “category: number”."""

    label: str
    value: Any
    unit: str = ""
    target_id: int | None = None
    indicator_id: int | None = None
    breakdown: dict[str, str] = field(default_factory=dict)
    section_id: int | None = None
    parts: Sequence[tuple[str, Any]] = ()


class FigureRowError(InvalidInput):
    """A row of the figures table refused: `row` (1-based) says which, for the page."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row


class ReportIncomplete(InvalidInput):
    """The report cannot be sent yet: `problems` by assignment id, for the page to show each
    next to its section."""

    def __init__(self, problems: dict[int, list[str]]) -> None:
        lines = [line for found in problems.values() for line in found]
        super().__init__("Chưa gửi được báo cáo. " + " ".join(lines))
        self.problems = problems


def split_breakdown(text: str) -> list[tuple[str, Any]]:
    """ "Nam: 12; Nữ: 8" → [("Nam", "12"), ("Nữ", "8")]: pieces split by ";" or a new line,
    a category and its number split by the last ":" or "="; a piece without one comes back
    as (piece, None) for the service to name. Numbers are read later by the one parser."""
    pairs: list[tuple[str, Any]] = []
    for piece in text.replace("\n", ";").split(";"):
        piece = " ".join(piece.split())
        if not piece:
            continue
        cut = max(piece.rfind(":"), piece.rfind("="))
        if cut <= 0:
            pairs.append((piece, None))
            continue
        pairs.append((piece[:cut].strip(), piece[cut + 1 :].strip()))
    return pairs


def _category_key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def breakdown_text(parts: Sequence[ReportFigure]) -> str:
    """The parts of a total as the officer types them back: "Nam: 12; Nữ: 8"."""
    shown = []
    for part in parts:
        for key, value_key in part.breakdown.items():
            label = BREAKDOWNS.get(key, {}).get(value_key, value_key)
            shown.append(f"{label}: {number_text(part.value)}")
    return "; ".join(shown)


def number_text(value: Any) -> str:
    """A stored figure as Vietnamese print it: "1.234,5"."""
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def breakdown_label(breakdown: dict[str, str]) -> str:
    """{"sex": "female"} → "Nữ"."""
    return ", ".join(BREAKDOWNS.get(k, {}).get(v, v) for k, v in breakdown.items())


def _clean_parts(
    where: str, indicator: Indicator | None, total: Decimal, parts: Sequence[tuple[str, Any]]
) -> list[tuple[dict[str, str], Decimal]]:
    """The breakdown of one row checked against its indicator: every category known to a
    disaggregation the indicator has; all categories of a dimension sum to the total, some
    of them (“trong đó trẻ em”) not more than it; a dimension the indicator needs, given."""
    column = f"{where}, cột “Chia theo”"
    allowed = [k for k in (indicator.disaggregations if indicator else []) if k in BREAKDOWNS]
    if parts and indicator is None:
        raise InvalidInput(
            f"{column}: hãy chọn chỉ tiêu hoặc chỉ số của dòng này trước (chia theo gì là do chỉ "
            "số quy định)."
        )
    if indicator is None:
        return []
    names = {
        _category_key(label): (key, value_key)
        for key in allowed
        for value_key, label in BREAKDOWNS[key].items()
    }
    names.update({_category_key(v): (k, v) for k in allowed for v in BREAKDOWNS[k]})
    expected = "; ".join(
        f"{BREAKDOWN_LABELS[k]}: {', '.join(BREAKDOWNS[k].values())}" for k in allowed
    )
    cleaned: list[tuple[dict[str, str], Decimal]] = []
    seen: dict[str, dict[str, Decimal]] = {}
    for name, raw in parts:
        if raw is None:
            raise InvalidInput(f"{column}: “{name[:40]}” không đúng dạng “Nam: 12; Nữ: 8”.")
        found = names.get(_category_key(name))
        if found is None:
            if not allowed:
                raise InvalidInput(f"{column}: chỉ số “{indicator.name}” không chia theo nhóm nào.")
            raise InvalidInput(
                f"{column}: không có nhóm “{name[:40]}” trong chỉ số “{indicator.name}” (chia theo "
                f"{expected})."
            )
        key, value_key = found
        label = BREAKDOWNS[key][value_key]
        try:
            value = _clean_figure(raw)
        except InvalidInput as error:
            raise InvalidInput(f"{column}, nhóm “{label}”: {error.message}") from error
        if value is None:
            raise InvalidInput(f"{column}, nhóm “{label}”: thiếu con số.")
        if value_key in seen.setdefault(key, {}):
            raise InvalidInput(f"{column}: nhóm “{label}” ghi hai lần.")
        seen[key][value_key] = value
        cleaned.append(({key: value_key}, value))
    for key in allowed:
        given = seen.get(key, {})
        labels = ", ".join(BREAKDOWNS[key].values())
        if not given:
            raise InvalidInput(
                f"{column}: chỉ số “{indicator.name}” cần số liệu chia theo "
                f"{BREAKDOWN_LABELS[key]} ({labels}), ví dụ “{_example(key, total)}”."
            )
        summed = sum(given.values(), Decimal(0))
        if len(given) == len(BREAKDOWNS[key]) and summed != total:
            raise InvalidInput(
                f"{column}: theo {BREAKDOWN_LABELS[key]} cộng lại được {number_text(summed)}, "
                f"khác tổng số {number_text(total)} ở cột “Số liệu”."
            )
        if summed > total:
            raise InvalidInput(
                f"{column}: các nhóm theo {BREAKDOWN_LABELS[key]} cộng lại được "
                f"{number_text(summed)}, lớn hơn tổng số {number_text(total)}."
            )
    return cleaned


def _example(key: str, total: Decimal) -> str:
    labels = list(BREAKDOWNS[key].values())
    return "; ".join(f"{label}: …" for label in labels)


def _clean_figures(report: AgencyReport, rows: Sequence[FigureInput]) -> list[ReportFigure]:
    """The rows of the table as figures, each total followed by its parts (`part_of` set once
    the totals have their ids, in `_figures_store`). Refused whole, naming the row and
    column."""
    targets = {t.pk: t for t in Target.objects.filter(document_id=report.document_id)}
    section_ids = set(report.sections.values_list("pk", flat=True))
    figures: list[ReportFigure] = []
    for number, row in enumerate(rows, start=1):
        try:
            figures.extend(_clean_row(report, row, number, targets, section_ids, len(figures)))
        except FigureRowError:
            raise
        except InvalidInput as error:
            raise FigureRowError(number, error.message) from error
    return figures


def _clean_row(
    report: AgencyReport,
    row: FigureInput,
    number: int,
    targets: dict[int, Target],
    section_ids: set[int],
    position: int,
) -> list[ReportFigure]:
    where = f"Bảng số liệu, dòng {number}"
    label = " ".join(row.label.split())
    if not label and row.value in (None, "") and not row.parts:
        return []  # an empty row of the form
    if not label:
        raise InvalidInput(f"{where}, cột “Nội dung”: bắt buộc (số liệu này đếm gì).")
    try:
        value = _clean_figure(row.value)
    except InvalidInput as error:
        raise InvalidInput(f"{where}, cột “Số liệu”: {error.message}") from error
    if value is None:
        raise InvalidInput(f"{where}, cột “Số liệu”: bắt buộc, một con số.")
    target = targets.get(row.target_id) if row.target_id else None
    if row.target_id and target is None:
        raise InvalidInput(f"{where}, cột “Chỉ tiêu”: không phải chỉ tiêu của kế hoạch này.")
    indicator_id = row.indicator_id or (target.indicator_id if target else None)
    indicator = Indicator.objects.filter(pk=indicator_id).first() if indicator_id else None
    if indicator_id and indicator is None:
        raise InvalidInput(f"{where}, cột “Chỉ số”: không có chỉ số này.")
    allowed = set(indicator.disaggregations) if indicator else set()
    for key, value_key in row.breakdown.items():
        if key not in BREAKDOWNS or value_key not in BREAKDOWNS[key]:
            raise InvalidInput(f"{where}, cột “Chia theo”: “{key}={value_key}” không hợp lệ.")
        if key not in allowed:
            raise InvalidInput(
                f"{where}, cột “Chia theo”: chỉ số không chia theo {BREAKDOWN_LABELS[key]}."
            )
    if row.section_id and row.section_id not in section_ids:
        raise InvalidInput(f"{where}, cột “Thuộc mục”: không phải một phần của báo cáo này.")
    parts = _clean_parts(where, indicator, value, row.parts) if not row.breakdown else []
    common = {
        "report": report,
        "section_id": row.section_id,
        "label": label[:255],
        "unit": " ".join(row.unit.split())[:200],
        "target": target,
        "indicator": indicator,
    }
    made = [ReportFigure(position=position, value=value, breakdown=dict(row.breakdown), **common)]
    for offset, (breakdown, part_value) in enumerate(parts, start=1):
        made.append(
            ReportFigure(
                position=position + offset, value=part_value, breakdown=breakdown, **common
            )
        )
    return made


def _figures_store(report: AgencyReport, figures: list[ReportFigure]) -> None:
    """Replace the report's figures: each total saved, then its parts pointing at it."""
    report.figures.all().delete()
    total: ReportFigure | None = None
    for figure in figures:
        if (
            figure.breakdown
            and total is not None
            and figure.label == total.label
            and (figure.position > total.position)
        ):
            figure.part_of = total
        else:
            total = figure
        figure.save()


@evidence_files.deleted_on_rollback()
@transaction.atomic
def report_save(
    *,
    actor: User,
    period: ReportingPeriod,
    agency: Agency,
    version: int | None,
    difficulties: str,
    proposals: str,
    figures: Sequence[FigureInput] | None = None,
    evidence: Sequence[tuple[str, bytes]] = (),
) -> AgencyReport:
    """Save the parts of the report that belong to it as a whole: difficulties, proposals,
    the figures table (replaced by `figures` when given) and files that cover the whole
    report (`evidence`, added); all of it or, on any error, none of it."""
    require_actor(actor)
    _check_write(actor, agency.pk)
    report = _report_for_update(actor=actor, period=period, agency=agency)
    _check_version(report, 1 if version == 0 else version)  # 0: opened before it existed
    if report.state not in EDITABLE:
        raise InvalidTransition(
            f"Báo cáo của cơ quan đang ở trạng thái “{report.get_state_display()}”: không sửa "
            "được nữa, trừ khi bị trả lại."
        )
    cleaned = _clean_figures(report, figures) if figures is not None else None
    with acting_as(actor):
        report.difficulties, report.proposals = difficulties.strip(), proposals.strip()
        report.version += 1
        report.updated_by = actor
        report.full_clean(exclude=["document", "period", "agency"])
        report.save()
        if cleaned is not None:
            _figures_store(report, cleaned)
        for name, data in evidence:
            _evidence_add(actor, report, name, data)
        _event(report, AgencyReportEvent.Action.SAVE, actor)
    return report


def _missing(report: AgencyReport, period: ReportingPeriod) -> dict[int, list[str]]:
    """What keeps the report from being sent, by assignment, naming the section and field."""
    problems: dict[int, list[str]] = {}
    sections = {s.assignment_id: s for s in report.sections.select_related("assignment__task")}
    for assignment in section_assignments(period=period, agency=report.agency):
        section = sections.get(assignment.pk)
        label = section_label(assignment)
        found = problems.setdefault(assignment.pk, [])
        if section is None:
            found.append(f"{label}: chưa lập (hãy điền và lưu phần này).")
        elif section.task_status in (TaskStatus.CANNOT, TaskStatus.NOT_STARTED):
            if not section.reason.strip():
                found.append(
                    f"{label}, ô “Lý do”: hãy nêu lý do chưa triển khai hoặc không thể thực hiện."
                )
        elif not section.done_text.strip():
            found.append(f"{label}, ô “Kết quả đã thực hiện”: bắt buộc trước khi gửi.")
    return {pk: found for pk, found in problems.items() if found}


def _send(report: AgencyReport, actor: User, site_url: str) -> None:
    """The report goes to the focal agency: every section with it."""
    resent = report.events.filter(action=AgencyReportEvent.Action.RETURN).exists()
    now = timezone.now()
    report.state = State.SUBMITTED
    report.submitted_at, report.submitted_by = now, actor
    report.version += 1
    report.updated_by = actor
    report.save()
    action = ReportEvent.Action.RESUBMIT if resent else ReportEvent.Action.SUBMIT
    for section in _sections(report):
        section.state = ProgressReport.State.SUBMITTED
        section.submitted_at, section.submitted_by = now, actor
        section.return_comment = ""
        section.version += 1
        section.save()
        ReportEvent.objects.create(
            report=section, action=action, actor=actor, state=section.state, version=section.version
        )
    _event(report, action, actor)
    audit_record(actor=actor, action=f"agency_report.{action}", target=report)
    notify.notify_agency_submitted(report=report, site_url=site_url)


@transaction.atomic
def report_submit(
    *,
    actor: User,
    report: AgencyReport,
    version: int | None,
    token: str = "",
    site_url: str = "",
) -> AgencyReport:
    """Send the whole report: to the agency head first when the plan asks for his approval,
    else to the focal agency. Refused with what is missing, section by section."""
    require_actor(actor)
    _check_write(actor, report.agency_id)
    report = _locked(report)
    if report.state not in EDITABLE:
        raise InvalidTransition(
            f"Báo cáo đã {'gửi' if report.state != State.AWAITING_APPROVAL else 'trình lãnh đạo'}"
            f" (trạng thái “{report.get_state_display()}”"
            f"{', bởi ' + str(report.submitted_by) if report.submitted_by else ''}): "
            "không gửi lại được."
        )
    _check_version(report, version)
    submission = submission_claim(
        actor=actor, token=token, action=f"agency_report.submit:{report.pk}"
    )
    problems = _missing(report, report.period)
    if problems:
        raise ReportIncomplete(problems)
    with acting_as(actor):
        if head_approval_needed(report.period):
            report.state = State.AWAITING_APPROVAL
            report.version += 1
            report.updated_by = actor
            report.save()
            _event(report, AgencyReportEvent.Action.ASK_APPROVAL, actor)
            notify.notify_agency_awaiting_approval(report=report, site_url=site_url)
        else:
            _send(report, actor, site_url)
    submission_done(submission, result_id=report.pk)
    return report


@evidence_files.deleted_on_rollback()
@transaction.atomic
def report_save_submit(
    *,
    actor: User,
    period: ReportingPeriod,
    agency: Agency,
    version: int | None,
    difficulties: str,
    proposals: str,
    figures: Sequence[FigureInput] | None = None,
    evidence: Sequence[tuple[str, bytes]] = (),
    token: str = "",
    site_url: str = "",
) -> AgencyReport:
    """“Lưu và gửi báo cáo”: the report's own parts saved and the whole sent, or, if either
    is refused, neither (the page shows the parts again as typed)."""
    report = report_save(
        actor=actor, period=period, agency=agency, version=version, difficulties=difficulties,
        proposals=proposals, figures=figures, evidence=evidence,
    )  # fmt: skip
    return report_submit(
        actor=actor, report=report, version=report.version, token=token, site_url=site_url
    )


@transaction.atomic
def report_approve(
    *, actor: User, report: AgencyReport, version: int | None, site_url: str = ""
) -> AgencyReport:
    """The agency head approves the report: it goes to the focal agency."""
    require_actor(actor)
    if not is_leader(user=actor, agency_id=report.agency_id):
        raise NotAllowed("Chỉ lãnh đạo của cơ quan mới duyệt báo cáo của cơ quan.")
    report = _locked(report)
    _check_version(report, version)
    if report.state != State.AWAITING_APPROVAL:
        raise InvalidTransition(
            f"Báo cáo đang ở trạng thái “{report.get_state_display()}”: không có gì chờ duyệt."
        )
    with acting_as(actor):
        report.state = State.APPROVED
        report.approved_at, report.approved_by = timezone.now(), actor
        report.version += 1
        report.save()
        _event(report, AgencyReportEvent.Action.APPROVE, actor)
        _send(report, actor, site_url)
    return report


@transaction.atomic
def report_refuse(
    *, actor: User, report: AgencyReport, version: int | None, comment: str
) -> AgencyReport:
    """The agency head sends the report back to his officers with what to change."""
    require_actor(actor)
    if not is_leader(user=actor, agency_id=report.agency_id):
        raise NotAllowed("Chỉ lãnh đạo của cơ quan mới duyệt báo cáo của cơ quan.")
    if not comment.strip():
        raise InvalidInput("Ý kiến của lãnh đạo: hãy ghi rõ nội dung cần sửa.")
    report = _locked(report)
    _check_version(report, version)
    if report.state != State.AWAITING_APPROVAL:
        raise InvalidTransition(
            f"Báo cáo đang ở trạng thái “{report.get_state_display()}”: không có gì chờ duyệt."
        )
    with acting_as(actor):
        report.state = State.DRAFT
        report.version += 1
        report.save()
        _event(report, AgencyReportEvent.Action.REFUSE, actor, comment.strip())
    return report


# --- The focal agency's review ------------------------------------------------------------


def _review_locked(actor: User, report: AgencyReport, version: int | None) -> AgencyReport:
    if not can_review(user=actor, document=report.document):
        raise NotAllowed("Chỉ cán bộ đầu mối của địa bàn ban hành kế hoạch mới thực hiện được.")
    locked = _locked(report)
    _check_version(locked, version)
    if locked.state != State.SUBMITTED:
        raise InvalidTransition(
            f"Báo cáo đang ở trạng thái “{locked.get_state_display()}”: chỉ báo cáo đã gửi mới "
            "được tiếp nhận hoặc trả lại. Ý kiến của bạn chưa được ghi."
        )
    return locked


@transaction.atomic
def report_accept(
    *, actor: User, report: AgencyReport, version: int | None, comment: str = "", site_url: str = ""
) -> AgencyReport:
    """Accept the whole report: every section goes into the consolidated report."""
    require_actor(actor)
    report = _review_locked(actor, report, version)
    now = timezone.now()
    with acting_as(actor):
        report.state = State.ACCEPTED
        report.reviewed_at, report.reviewed_by = now, actor
        report.review_comment = comment.strip()
        report.version += 1
        report.updated_by = actor
        report.save()
        for section in _sections(report):
            section.state = ProgressReport.State.ACCEPTED
            section.reviewed_at, section.reviewed_by = now, actor
            section.review_comment = comment.strip()
            section.version += 1
            section.save()
            ReportEvent.objects.create(
                report=section,
                action=ReportEvent.Action.ACCEPT,
                actor=actor,
                state=section.state,
                version=section.version,
                comment=comment.strip(),
            )
        _event(report, AgencyReportEvent.Action.ACCEPT, actor, comment.strip())
        audit_record(actor=actor, action="agency_report.accept", target=report)
    notify.notify_agency_accepted(report=report, site_url=site_url)
    return report


@transaction.atomic
def report_return(
    *,
    actor: User,
    report: AgencyReport,
    version: int | None,
    comment: str,
    section_comments: dict[int, str] | None = None,
    site_url: str = "",
) -> AgencyReport:
    """Return the report: as a whole (`section_comments` empty: every section is to be
    reviewed again) or by section ({section id: what to correct}); the agency edits the
    returned sections and resubmits the whole."""
    require_actor(actor)
    chosen = {k: v.strip() for k, v in (section_comments or {}).items() if v.strip()}
    if not comment.strip() and not chosen:
        raise InvalidInput("Hãy ghi rõ nội dung cần bổ sung, chỉnh sửa khi trả lại báo cáo.")
    report = _review_locked(actor, report, version)
    sections = _sections(report)
    unknown = set(chosen) - {s.pk for s in sections}
    if unknown:
        raise InvalidInput("Phần được chọn để trả lại không thuộc báo cáo này.")
    now = timezone.now()
    with acting_as(actor):
        report.state = State.RETURNED
        report.reviewed_at, report.reviewed_by = now, actor
        report.review_comment = comment.strip()
        report.version += 1
        report.updated_by = actor
        report.save()
        for section in sections:
            section.state = ProgressReport.State.RETURNED
            section.reviewed_at, section.reviewed_by = now, actor
            section.review_comment = chosen.get(section.pk) or comment.strip()
            section.return_comment = (
                chosen.get(section.pk, "") if chosen else (comment.strip() or "Trả lại")
            )
            section.version += 1
            section.save()
            ReportEvent.objects.create(
                report=section,
                action=ReportEvent.Action.RETURN,
                actor=actor,
                state=section.state,
                version=section.version,
                comment=section.review_comment,
            )
        _event(report, AgencyReportEvent.Action.RETURN, actor, comment.strip(), sections=chosen)
        audit_record(actor=actor, action="agency_report.return", target=report)
    notify.notify_agency_returned(report=report, site_url=site_url)
    return report


# --- Files that cover the whole report ----------------------------------------------------


def _evidence_add(actor: User, report: AgencyReport, name: str, data: bytes) -> Evidence:
    name, kind = checked_file(name, data, of="Tài liệu của cả báo cáo")
    evidence = Evidence(
        agency_report=report,
        name=name,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    evidence.full_clean(exclude=["file"])
    evidence_files.write(evidence=evidence, data=data)
    evidence.save()
    _event(report, AgencyReportEvent.Action.EVIDENCE, actor, name)
    return evidence


@evidence_files.deleted_on_rollback()
@transaction.atomic
def report_evidence_add(
    *, actor: User, period: ReportingPeriod, agency: Agency, name: str, data: bytes
) -> Evidence:
    """Attach a file to the agency's report as a whole (the signed minutes of a meeting, a
    statistics sheet for every task), while it is a draft or returned; its type is read from
    its content, stored encrypted as a section's files are."""
    require_actor(actor)
    _check_write(actor, agency.pk)
    report = _report_for_update(actor=actor, period=period, agency=agency)
    if report.state not in EDITABLE:
        raise InvalidTransition("Báo cáo đã gửi: không thêm tài liệu được nữa.")
    with acting_as(actor):
        return _evidence_add(actor, report, name, data)


@transaction.atomic
def report_evidence_remove(*, actor: User, evidence: Evidence) -> None:
    """Remove a file of the whole report while it is a draft or returned (the report row
    locked first, as the sending does)."""
    require_actor(actor)
    if evidence.agency_report_id is None:
        raise InvalidInput("Tệp này thuộc một mục, không thuộc cả báo cáo.")
    report = AgencyReport.objects.select_for_update().get(pk=evidence.agency_report_id)
    _check_write(actor, report.agency_id)
    if report.state not in EDITABLE:
        raise InvalidTransition("Báo cáo đã gửi: không xóa tài liệu được nữa.")
    with acting_as(actor):
        _event(report, AgencyReportEvent.Action.EVIDENCE_REMOVE, actor, evidence.name)
        evidence_files.delete_after_commit(evidence)
        evidence.delete()


# --- The signed copy ----------------------------------------------------------------------


@transaction.atomic
def signed_copy_upload(
    *, actor: User, report: AgencyReport, name: str, data: bytes
) -> AgencyReport:
    """The signed copy (a scan or a digitally signed PDF) of a sent report, as the official
    one; a new upload replaces the previous one (the history keeps both names)."""
    require_actor(actor)
    _check_write(actor, report.agency_id)
    report = _locked(report)
    if report.state not in (State.SUBMITTED, State.ACCEPTED, State.APPROVED):
        raise InvalidTransition("Chỉ tải bản có chữ ký lên sau khi báo cáo đã được gửi.")
    name = (name or "ban-ky.pdf").replace("/", "_").replace("\\", "_")[:255]
    if len(data) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(f"Tệp “{name}” lớn hơn {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.")
    if sniff(data) != "pdf":
        raise InvalidInput(
            f"Tệp “{name}” không phải PDF (kiểm tra theo nội dung tệp, không theo đuôi tên): bản "
            "có chữ ký là bản quét hoặc bản ký số dạng PDF."
        )
    digest = hashlib.sha256(data).hexdigest()
    old = report.signed_file.name
    with acting_as(actor):
        report.signed_file.save(f"{digest[:16]}.pdf", ContentFile(encrypt_bytes(data)), save=False)
        storage = report.signed_file.storage
        transaction.on_commit(lambda: old and storage.delete(old))
        report.signed_name, report.signed_sha256, report.signed_size = name, digest, len(data)
        report.signed_at, report.signed_by = timezone.now(), actor
        report.save()
        _event(report, AgencyReportEvent.Action.SIGNED, actor, name)
    return report


def signed_copy_read(report: AgencyReport) -> bytes:
    with report.signed_file.open("rb") as stored:
        return decrypt_bytes(stored.read())
