"""Writes of tracking: schedules and periods, the progress report workflow, evidence."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.dates import vn_date
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.core.numbers import NumberError, parse_number
from dondoc.org.lifecycle import life_label, may_write_for
from dondoc.org.models import Agency, User
from dondoc.org.resolve import resolve_agency
from dondoc.plans.contracts import PlanSchedule, schedule_of
from dondoc.plans.models import Assignment, Document

from . import evidence_files, notify
from .evidence import checked_file
from .models import (
    Cutoff,
    Evidence,
    Frequency,
    Notification,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    ReportingSchedule,
    TaskStatus,
)
from .periods import schedule_specs
from .selectors import can_review, can_write, is_due, today


class VersionConflict(DomainError):
    """Someone saved the report after this form was opened: the later save is refused."""

    status_code = 409


class InvalidTransition(DomainError):
    status_code = 409


# --- Schedules and periods ------------------------------------------------------------------


# The parsed schedule's frequencies (importers.schedule.FREQUENCIES) → period kinds here.
# Nine-month reports have no period kind yet: the focal officer adds them as ad hoc periods.
DRAFT_FREQUENCIES = {
    "yearly": Frequency.YEAR,
    "half_yearly": Frequency.HALF,
    "quarterly": Frequency.QUARTER,
    "monthly": Frequency.MONTH,
}


def _schedule_defaults(document: Document) -> dict[str, Any]:
    parsed = schedule_of(document) or PlanSchedule()
    start = parsed.start_year or document.issued_year or today().year
    end = parsed.end_year
    named = parsed.frequencies
    frequencies = [DRAFT_FREQUENCIES[f] for f in named if f in DRAFT_FREQUENCIES]
    month, day = parsed.due_month_day or (None, None)
    return {
        "frequencies": [f for f in Frequency.values if f in frequencies] or [Frequency.YEAR],
        "due_day": day,
        "due_month": month,
        "focal_mention": parsed.recipient[:255],
        "start_year": start,
        "end_year": max(end, start) if end else None,
        "ad_hoc": "ad_hoc" in named,
        "final_review": "final" in parsed.reviews,
        "raw": parsed.raw,
    }


def _focal_agency(document: Document, mention: str) -> Agency | None:
    if mention:
        match = resolve_agency(mention, document.unit)
        if match.agency is not None and match.confidence >= 0.9:
            return match.agency
    # No receiving agency printed: the police of the plan's unit, the usual focal agency.
    return (
        Agency.objects.filter(unit=document.unit, kind=Agency.Kind.POLICE, parent__isnull=True)
        .order_by("id")
        .first()
    )


def schedule_proposed(*, document: Document) -> ReportingSchedule:
    """The schedule the plan's text gives, not saved: what the schedule form offers for a plan
    that has none yet (a GET shows it; saving the form creates it)."""
    values = _schedule_defaults(document)
    return ReportingSchedule(
        document=document, focal_agency=_focal_agency(document, values["focal_mention"]), **values
    )


@transaction.atomic
def schedule_ensure(*, actor: Actor, document: Document) -> ReportingSchedule:
    """The plan's schedule, created from what its text says, with its periods: called by the
    write that makes it necessary (the plan's import, through plans.signals.plan_imported),
    never by a page. Idempotent: an existing schedule is returned as it is."""
    require_actor(actor, system=True)
    existing = ReportingSchedule.objects.filter(document=document).first()
    if existing is not None:
        return existing
    with acting_as(actor):
        schedule = schedule_proposed(document=document)
        schedule.full_clean()
        schedule.save()
        periods_generate(schedule=schedule, actor=actor)
    return schedule


def schedules_backfill(*, actor: Actor) -> int:
    """Schedules for the plans imported before the import created them; how many were made."""
    require_actor(actor, system=True)
    missing = Document.objects.filter(reporting__isnull=True).order_by("pk")
    count = 0
    for document in missing.select_related("unit"):
        schedule_ensure(actor=actor, document=document)
        count += 1
    return count


def _check_review(actor: User, document: Document) -> None:
    if not can_review(user=actor, document=document):
        raise NotAllowed("Chỉ cán bộ đầu mối của địa bàn ban hành kế hoạch mới thực hiện được.")


@transaction.atomic
def schedule_update(
    *,
    actor: User,
    schedule: ReportingSchedule,
    frequencies: list[str],
    due_day: int | None,
    due_month: int | None,
    days_after_end: int,
    cutoff: str,
    focal_agency: Agency | None,
    start_year: int,
    end_year: int | None,
    final_review: bool,
    head_approval: bool | None = None,
) -> ReportingSchedule:
    """Change the schedule; periods are regenerated, those already reported on are kept.
    `head_approval` (None: unchanged): agency reports go to the agency head first."""
    require_actor(actor)
    _check_review(actor, schedule.document)
    unknown = set(frequencies) - set(Frequency.values)
    if not frequencies or unknown:
        raise InvalidInput("Tần suất báo cáo: chọn ít nhất một trong năm, 6 tháng, quý, tháng.")
    if cutoff not in Cutoff.values:
        raise InvalidInput("Thời gian chốt số liệu không hợp lệ.")
    if (due_day is None) != (due_month is None):
        raise InvalidInput("Hạn báo cáo năm: cần cả ngày và tháng, hoặc để trống cả hai.")
    if due_day is not None and due_month is not None:
        try:
            datetime.date(2024, due_month, due_day)
        except ValueError as error:
            raise InvalidInput(f"Hạn báo cáo năm {due_day}/{due_month} không có thật.") from error
    if end_year is not None and end_year < start_year:
        raise InvalidInput("Năm kết thúc phải sau năm bắt đầu.")
    if end_year is not None and end_year - start_year > 20:
        raise InvalidInput("Kế hoạch dài hơn 20 năm: kiểm tra lại năm bắt đầu và kết thúc.")
    if focal_agency is not None and focal_agency.unit_id not in {
        schedule.document.unit_id,
        *(u.pk for u in schedule.document.unit.ancestors()),
    }:
        raise InvalidInput("Cơ quan đầu mối phải thuộc địa bàn của kế hoạch hoặc cấp trên.")
    if schedule.pk is None:  # the first save of a proposed schedule (schedule_proposed)
        Document.objects.select_for_update().filter(pk=schedule.document_id).first()
        saved = ReportingSchedule.objects.filter(document_id=schedule.document_id).first()
        if saved is not None:  # another officer saved it meanwhile: this save edits it
            schedule = saved
    with acting_as(actor):
        schedule.frequencies = [f for f in Frequency.values if f in frequencies]
        schedule.due_day, schedule.due_month = due_day, due_month
        schedule.days_after_end = days_after_end
        schedule.cutoff = cutoff
        schedule.focal_agency = focal_agency
        schedule.start_year, schedule.end_year = start_year, end_year
        schedule.final_review = final_review
        if head_approval is not None:
            schedule.head_approval = head_approval
        schedule.full_clean()
        schedule.save()
        periods_generate(schedule=schedule, actor=actor)
    return schedule


def periods_generate(*, actor: Actor, schedule: ReportingSchedule) -> list[ReportingPeriod]:
    """Create the schedule's periods over the plan's life (open-ended: through this year).

    A period that the schedule no longer gives is deleted if nobody reported in it; one with
    reports is kept (with its old window) so no report is lost. Ad hoc periods are kept.
    """
    require_actor(actor, system=True)
    end = schedule.end_year or max(schedule.start_year, today().year)
    specs = schedule_specs(
        frequencies=schedule.frequencies,
        start_year=schedule.start_year,
        end_year=end,
        cutoff=schedule.cutoff,
        due_day=schedule.due_day,
        due_month=schedule.due_month,
        days_after_end=schedule.days_after_end,
        final_review=schedule.final_review,
    )
    document = schedule.document
    existing = {p.label: p for p in document.periods.all()}
    wanted = {spec.label for spec in specs}
    for label, period in existing.items():
        stale = period.kind != ReportingPeriod.Kind.AD_HOC and label not in wanted
        if stale and not period.progress_reports.exists():
            period.delete()
    periods = []
    for spec in specs:
        period = existing.get(spec.label) or ReportingPeriod(document=document, label=spec.label)
        if period.pk and period.progress_reports.exists():
            periods.append(period)
            continue
        period.kind, period.title = spec.kind, spec.title
        period.starts_on, period.ends_on, period.due_on = spec.starts_on, spec.ends_on, spec.due_on
        period.full_clean(validate_unique=False)
        period.save()
        periods.append(period)
    return periods


def periods_extend(*, actor: Actor, on: datetime.date | None = None) -> int:
    """Open-ended schedules (regulations) gain the periods of a new year, and plans imported
    before schedules were made at import get theirs; for the daily run (as SYSTEM)."""
    require_actor(actor, system=True)
    year = (on or today()).year
    schedules_backfill(actor=actor)
    added = 0
    for schedule in ReportingSchedule.objects.filter(end_year__isnull=True).select_related(
        "document"
    ):
        if not schedule.document.periods.filter(label=str(year)).exists():
            before = schedule.document.periods.count()
            periods_generate(actor=actor, schedule=schedule)
            added += schedule.document.periods.count() - before
    return added


@transaction.atomic
def period_add(
    *,
    actor: User,
    document: Document,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    due_on: datetime.date,
    note: str = "",
    token: str = "",
) -> ReportingPeriod:
    """An ad hoc period ("báo cáo đột xuất") requested outside the schedule. The document's
    lock numbers two at once one after the other; the form `token` makes a double click add
    one (Duplicate names it)."""
    require_actor(actor)
    _check_review(actor, document)
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(
            "Tên kỳ báo cáo: bắt buộc, ví dụ «Báo cáo đột xuất phục vụ đoàn kiểm tra»."
        )
    if ends_on < starts_on:
        raise InvalidInput("Số liệu “đến ngày” phải sau “từ ngày”.")
    if due_on < starts_on:
        raise InvalidInput("Hạn báo cáo phải sau ngày bắt đầu của số liệu.")
    Document.objects.select_for_update().filter(pk=document.pk).first()
    submission = submission_claim(actor=actor, token=token, action=f"period.add:{document.pk}")
    count = document.periods.filter(kind=ReportingPeriod.Kind.AD_HOC).count()
    label = f"DX-{due_on.year}-{count + 1:02d}"
    while document.periods.filter(label=label).exists():
        count += 1
        label = f"DX-{due_on.year}-{count + 1:02d}"
    with acting_as(actor):
        period = ReportingPeriod(
            document=document,
            kind=ReportingPeriod.Kind.AD_HOC,
            label=label,
            title=title[:120],
            starts_on=starts_on,
            ends_on=ends_on,
            due_on=due_on,
            note=note,
            created_by=actor,
        )
        period.full_clean()
        period.save()
        audit_record(actor=actor, action="period.add", target=period)
    submission_done(submission, result_id=period.pk)
    return period


# --- Progress reports -----------------------------------------------------------------------


def _event(report: ProgressReport, action: str, actor: User, comment: str = "") -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        actor=actor,
        state=report.state,
        version=report.version,
        comment=comment,
    )


def _check_write(actor: User, report_or_assignment: ProgressReport | Assignment) -> None:
    agency_id = report_or_assignment.agency_id
    if agency_id is None or not can_write(user=actor, agency_id=agency_id):
        raise NotAllowed("Chỉ cán bộ của cơ quan được giao mới lập và gửi báo cáo này.")


# How the last step of a report's history is said in a conflict message: "đã được X {verb}".
CHANGE_VERBS: dict[str, str] = {
    ReportEvent.Action.SAVE: "lưu",
    ReportEvent.Action.SUBMIT: "gửi",
    ReportEvent.Action.RESUBMIT: "gửi lại",
    ReportEvent.Action.RETURN: "trả lại",
    ReportEvent.Action.ACCEPT: "tiếp nhận",
    ReportEvent.Action.EVIDENCE: "thêm tài liệu",
    ReportEvent.Action.EVIDENCE_REMOVE: "xóa tài liệu",
}


def last_change(report: ProgressReport) -> str:
    """Who did what to the report last, and when: «Nguyễn Văn A tiếp nhận lúc 09:12 ngày …»."""
    event = report.events.select_related("actor").order_by("-at", "-id").first()
    if event is None:
        who = str(report.updated_by) if report.updated_by else "người khác"
        return f"{who} lưu lúc {timezone.localtime(report.updated_at):%H:%M ngày %d/%m/%Y}"
    who = str(event.actor) if event.actor else "hệ thống"
    when = timezone.localtime(event.at).strftime("%H:%M ngày %d/%m/%Y")
    return f"{who} {CHANGE_VERBS.get(event.action, 'sửa')} lúc {when}"


def _check_version(report: ProgressReport, version: int | None, *, review: bool = False) -> None:
    if version is not None and version != report.version:
        kept = (
            "Ý kiến của bạn chưa được ghi và vẫn còn dưới đây: đối chiếu với báo cáo như hiện "
            "nay (trên trang này) rồi làm lại nếu cần."
            if review
            else "Nội dung của bạn chưa được lưu và vẫn còn trong biểu mẫu: hãy mở báo cáo mới "
            "nhất ở thẻ khác, đối chiếu rồi lưu lại."
        )
        raise VersionConflict(
            f"Báo cáo đã được {last_change(report)}, sau khi bạn mở trang. {kept}"
        )


class PlanReplaced(DomainError):
    """The plan was replaced by a new file while the report was being written: its task (the
    assignment) no longer exists."""

    status_code = 409


def _clean_figure(value: Any) -> Decimal | None:
    """The figure as the column holds it (14 digits, 2 after the comma); text is read by the
    one number parser ("1.234" is a thousand two hundred thirty-four, "95,5" is 95.5)."""
    if value in (None, ""):
        return None
    if isinstance(value, Decimal | int):
        figure: Decimal | None = Decimal(value)
    else:
        try:
            figure = parse_number(str(value))
        except NumberError as error:
            raise InvalidInput(f"Số liệu “{str(value)[:40]}”: {error}.") from error
    if figure is None:
        return None
    exponent = figure.as_tuple().exponent
    if not figure.is_finite() or abs(figure) >= Decimal("1e12"):
        raise InvalidInput(f"Số liệu “{value}”: quá lớn (tối đa 12 chữ số phần nguyên).")
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidInput(f"Số liệu “{value}”: tối đa 2 chữ số sau dấu phẩy.")
    return figure


REPORT_FIELDS = (
    "task_status",
    "done_text",
    "reason",
    "figure",
    "figure_note",
    "difficulties",
    "proposals",
)


@evidence_files.deleted_on_rollback()  # a refused save leaves no file behind
@transaction.atomic
def progress_report_save(
    *,
    actor: User,
    assignment: Assignment,
    period: ReportingPeriod,
    version: int | None,
    task_status: str,
    done_text: str = "",
    reason: str = "",
    figure: Any = None,
    figure_note: str = "",
    difficulties: str = "",
    proposals: str = "",
    submit: bool = False,
    evidence: Sequence[tuple[str, bytes]] = (),
    token: str = "",
    site_url: str = "",
) -> ProgressReport:
    """Save the agency's report as a draft (created on first save) with any new evidence
    files (name, bytes), and send it if `submit`; all of it or, on any error, none of it.

    `version` is the version the form was opened with (None for a new report): a report
    saved by someone else in between is refused with VersionConflict, never overwritten.
    `token` is the form's (core.idempotency): the same form sent twice saves once, and the
    second request raises Duplicate naming the report.
    """
    require_actor(actor)
    _check_write(actor, assignment)
    if assignment.agency is not None and not may_write_for(assignment.agency, period.starts_on):
        raise InvalidInput(  # org.lifecycle: an ended agency keeps its history, owes no more
            f"{assignment.agency.name} đã kết thúc hoạt động "
            f"({life_label(assignment.agency)}): không lập báo cáo cho kỳ "
            f"{period.title} (số liệu từ ngày {vn_date(period.starts_on)})."
        )
    if not is_due(assignment=assignment, period=period):
        raise InvalidInput("Nhiệm vụ này không phải báo cáo trong kỳ này.")
    # The assignment's lock serialises the saves of its reports: two first saves cannot both
    # create the report (the second finds the first's and is refused, or is its twin), and a
    # plan replaced meanwhile (plans.services.plan_import takes the same locks) is noticed.
    if Assignment.objects.select_for_update().filter(pk=assignment.pk).first() is None:
        raise PlanReplaced(
            f"{period.document.label} vừa được thay bằng văn bản mới trong lúc bạn soạn báo cáo: "
            "nhiệm vụ này không còn. Nội dung của bạn chưa được lưu và vẫn còn trong biểu mẫu: "
            "hãy sao lại, mở “Báo cáo kỳ này” và báo cáo vào nhiệm vụ tương ứng của văn bản mới."
        )
    submission = submission_claim(
        actor=actor, token=token, action=f"progress_report.save:{assignment.pk}:{period.pk}"
    )
    report = (
        ProgressReport.objects.select_for_update()
        .filter(assignment=assignment, period=period)
        .first()
    )
    if report is None:
        if version not in (None, 0):
            raise VersionConflict("Báo cáo không còn: hãy tải lại trang.")
        report = ProgressReport(assignment=assignment, period=period, agency=assignment.agency)
        report.version = 0
    else:  # a form opened before the report existed (version 0 or None) is stale too
        _check_version(report, version or 0)
    if report.state in (ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED):
        raise InvalidTransition(
            "Báo cáo đã gửi cơ quan đầu mối: không sửa được nữa, trừ khi bị trả lại."
        )
    if task_status not in TaskStatus.values:
        raise InvalidInput("Tình hình thực hiện: chọn một trong các mức của danh sách.")
    if submit:
        if task_status in (TaskStatus.CANNOT, TaskStatus.NOT_STARTED) and not reason.strip():
            raise InvalidInput("Hãy nêu lý do chưa triển khai hoặc không thể thực hiện.")
        if task_status in (TaskStatus.DONE, TaskStatus.IN_PROGRESS) and not done_text.strip():
            raise InvalidInput("Hãy nêu kết quả đã thực hiện trước khi gửi.")
    returned = report.state == ProgressReport.State.RETURNED
    with acting_as(actor):
        report.task_status = task_status
        report.done_text, report.reason = done_text.strip(), reason.strip()
        report.figure, report.figure_note = _clean_figure(figure), figure_note.strip()[:200]
        report.difficulties, report.proposals = difficulties.strip(), proposals.strip()
        report.version += 1
        report.updated_by = actor
        report.full_clean(exclude=["assignment", "period", "agency"])
        report.save()
        for name, data in evidence:  # before sending: a sent report takes no more files
            evidence_add(actor=actor, report=report, name=name, data=data)
        if submit:
            report.state = ProgressReport.State.SUBMITTED
            report.submitted_at, report.submitted_by = timezone.now(), actor
            report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
            action = ReportEvent.Action.RESUBMIT if returned else ReportEvent.Action.SUBMIT
            _event(report, action, actor)
            audit_record(actor=actor, action=f"progress_report.{action}", target=report)
            notify.notify_submitted(report=report, site_url=site_url)
        else:
            _event(report, ReportEvent.Action.SAVE, actor)
    submission_done(submission, result_id=report.pk)
    return report


@transaction.atomic
def progress_report_submit(
    *, actor: User, report: ProgressReport, version: int, site_url: str = ""
) -> ProgressReport:
    """Send a saved draft (or a returned report) to the focal agency as it is."""
    require_actor(actor)
    return progress_report_save(
        actor=actor,
        assignment=report.assignment,
        period=report.period,
        version=version,
        submit=True,
        site_url=site_url,
        **{f: getattr(report, f) for f in REPORT_FIELDS},
    )


def _review(actor: User, report: ProgressReport, version: int | None) -> ProgressReport:
    _check_review(actor, report.period.document)
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_version(locked, version, review=True)
    if locked.state != ProgressReport.State.SUBMITTED:
        raise InvalidTransition(
            f"Báo cáo đang ở trạng thái “{locked.get_state_display()}” (đã được "
            f"{last_change(locked)}): chỉ báo cáo đã gửi mới được tiếp nhận hoặc trả lại. Ý kiến "
            "của bạn chưa được ghi và vẫn còn dưới đây."
        )
    return locked


@transaction.atomic
def progress_report_accept(
    *,
    actor: User,
    report: ProgressReport,
    version: int | None = None,
    comment: str = "",
    site_url: str = "",
) -> ProgressReport:
    """The focal agency accepts a submitted report: it goes into the consolidated report."""
    require_actor(actor)
    report = _review(actor, report, version)
    with acting_as(actor):
        report.state = ProgressReport.State.ACCEPTED
        report.reviewed_at, report.reviewed_by = timezone.now(), actor
        report.review_comment = comment.strip()
        report.version += 1
        report.updated_by = actor
        report.save()
        _event(report, ReportEvent.Action.ACCEPT, actor, comment.strip())
        audit_record(actor=actor, action="progress_report.accept", target=report)
    notify.notify_accepted(report=report, site_url=site_url)
    return report


@transaction.atomic
def progress_report_return(
    *,
    actor: User,
    report: ProgressReport,
    comment: str,
    version: int | None = None,
    site_url: str = "",
) -> ProgressReport:
    """The focal agency sends a report back with what to correct; the agency resubmits."""
    require_actor(actor)
    if not comment.strip():
        raise InvalidInput("Hãy ghi rõ nội dung cần bổ sung, chỉnh sửa khi trả lại báo cáo.")
    report = _review(actor, report, version)
    with acting_as(actor):
        report.state = ProgressReport.State.RETURNED
        report.reviewed_at, report.reviewed_by = timezone.now(), actor
        report.review_comment = comment.strip()
        report.version += 1
        report.updated_by = actor
        report.save()
        _event(report, ReportEvent.Action.RETURN, actor, comment.strip())
        audit_record(actor=actor, action="progress_report.return", target=report)
    notify.notify_returned(report=report, site_url=site_url)
    return report


# --- Evidence -------------------------------------------------------------------------------


@evidence_files.deleted_on_rollback()
@transaction.atomic
def evidence_add(*, actor: User, report: ProgressReport, name: str, data: bytes) -> Evidence:
    """Attach a file; its type is read from its content, never from its name. The file is
    stored encrypted, written only once its row is valid, and deleted again if the row's
    transaction does not commit (tracking.evidence_files)."""
    require_actor(actor)
    _check_write(actor, report)
    if report.state in (ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED):
        raise InvalidTransition("Báo cáo đã gửi: không thêm tài liệu được nữa.")
    name, kind = checked_file(name, data)
    digest = hashlib.sha256(data).hexdigest()
    with acting_as(actor):
        evidence = Evidence(
            report=report,
            name=name,
            kind=kind,
            size=len(data),
            sha256=digest,
            uploaded_by=actor,
        )
        evidence.full_clean(exclude=["file"])
        evidence_files.write(evidence=evidence, data=data)
        evidence.save()
        _event(report, ReportEvent.Action.EVIDENCE, actor, name)
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    """Remove a file from a draft or returned report. The report row is locked first, as the
    sending does: a removal racing the sending waits, then sees the report sent and refuses."""
    require_actor(actor)
    if evidence.report_id is None:  # a file of a whole agency report: agency_reports removes it
        raise InvalidInput("Tệp này thuộc cả báo cáo của cơ quan, không thuộc một mục.")
    report = ProgressReport.objects.select_for_update().get(pk=evidence.report_id)
    _check_write(actor, report)
    if report.state in (ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED):
        raise InvalidTransition("Báo cáo đã gửi: không xóa tài liệu được nữa.")
    with acting_as(actor):
        _event(report, ReportEvent.Action.EVIDENCE_REMOVE, actor, evidence.name)
        evidence_files.delete_after_commit(evidence)  # a rollback keeps row and file
        evidence.delete()


def notifications_mark_read(*, actor: User, ids: list[int]) -> int:
    """The user opened their notifications: mark those shown as read (their own only)."""
    require_actor(actor)
    return Notification.objects.filter(user=actor, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
