"""Reminders (đôn đốc): in-app notifications and e-mail to the officers of agencies with
reports due soon or overdue. Safe to run every day: each reminder has a key and is sent once.

Stages of one (period, agency): "soon" once when the due date is `within_days` away or less;
then, once late, one reminder per week of lateness ("late-0" the day after the due date,
"late-1" a week later, …), so a late agency is reminded weekly, never twice the same week.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from dondoc.core.actors import require_actor
from dondoc.core.audit import audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.org.letterhead import full_name
from dondoc.org.models import Agency, Membership, User
from dondoc.plans.models import Document

from .models import Notification, Nudge, ReportingPeriod
from .office import issuer_for
from .selectors import OPEN_STATES, WRITER_ROLES, Board, board_for, can_review, today

logger = logging.getLogger(__name__)

LATE_LIMIT_DAYS = 365  # beyond a year late, the focal agency's board is the place, not e-mail

# Reminders of the apps below tracking (the reintegration clocks): each a function
# (on=date, dry_run=bool) -> lines to print, registered from their AppConfig.ready(), run by
# `dondoc remind` after the reports' reminders.
OTHER_REMINDERS: list[Callable[..., list[str]]] = []


@dataclass
class Reminder:
    period: ReportingPeriod
    agency: Agency
    stage: str  # "soon" or "late-N"
    tasks: list[str]  # task paths and titles
    users: list[User] = field(default_factory=list)
    # Who reminds: the plan's focal agency in office on the reminder's day (tracking.office),
    # None when it has ended and the plan is not yet handed over.
    sender: Agency | None = None

    @property
    def key(self) -> str:
        return f"remind:{self.period.pk}:{self.agency.pk}:{self.stage}"

    def subject(self, on: datetime.date) -> str:
        due = self.period.due_on.strftime("%d/%m/%Y")
        if self.stage == "soon":
            left = (self.period.due_on - on).days
            when = "hôm nay" if left == 0 else f"còn {left} ngày"
            return f"Sắp đến hạn báo cáo ({when}, hạn {due}): {self.period.document.label}"
        late = (on - self.period.due_on).days
        return f"Quá hạn báo cáo {late} ngày (hạn {due}): {self.period.document.label}"

    def body(self, on: datetime.date) -> str:
        lines = [
            f"Kính gửi {self.agency.name},",
            "",
            f"{self.subject(on)}.",
            f"Kỳ báo cáo: {self.period.title} (số liệu từ "
            f"{self.period.starts_on:%d/%m/%Y} đến {self.period.ends_on:%d/%m/%Y}).",
            f"Các nhiệm vụ chưa gửi báo cáo ({len(self.tasks)}):",
            *(f"- {task}" for task in self.tasks[:30]),
        ]
        if len(self.tasks) > 30:
            lines.append(f"- … và {len(self.tasks) - 30} nhiệm vụ khác.")
        lines += ["", "Đề nghị đăng nhập dondoc, mục «Báo cáo kỳ này», để lập và gửi báo cáo."]
        if self.sender is not None:
            lines.append(f"Cơ quan đầu mối nhận báo cáo: {full_name(self.sender)}.")
        else:
            lines.append(
                f"Cơ quan đầu mối của {self.period.document.label} đã kết thúc hoạt động; kế "
                "hoạch đang chờ bàn giao cho cơ quan tiếp nhận, báo cáo vẫn gửi qua dondoc."
            )
        return "\n".join(lines)


def _stage(period: ReportingPeriod, on: datetime.date, within_days: int) -> str | None:
    left = (period.due_on - on).days
    if 0 <= left <= within_days:
        return "soon"
    if left < 0 and -left <= LATE_LIMIT_DAYS:
        return f"late-{(-left - 1) // 7}"
    return None


def officers_of(agencies: set[int]) -> dict[int, list[User]]:
    """Officers who write each agency's reports (its own, or its parent agency's)."""
    found: dict[int, list[User]] = {a: [] for a in agencies}
    parents = dict(Agency.objects.filter(pk__in=agencies).values_list("pk", "parent_id"))
    memberships = Membership.objects.filter(
        role__in=WRITER_ROLES,
        user__is_active=True,
        agency_id__in=agencies | {p for p in parents.values() if p},
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        for agency_id in agencies:
            acts = membership.agency_id in (agency_id, parents.get(agency_id))
            if acts and membership.user not in found[agency_id]:
                found[agency_id].append(membership.user)
    return found


def reminders_due(*, on: datetime.date | None = None, within_days: int = 7) -> list[Reminder]:
    """Every (period, agency) with reports not yet sent, due within `within_days` or late."""
    on = on or today()
    periods = ReportingPeriod.objects.filter(
        due_on__lte=on + datetime.timedelta(days=within_days),
        due_on__gte=on - datetime.timedelta(days=LATE_LIMIT_DAYS),
    ).select_related("document__unit")
    reminders: list[Reminder] = []
    for period in periods.order_by("due_on", "document_id"):
        stage = _stage(period, on, within_days)
        if stage is None:
            continue
        board = board_for(document=period.document, period=period, on=on)
        sender = issuer_for(period.document, period, day=on) if board.rows else None
        for row in board.rows:
            tasks = [
                f"{cell.assignment.task.path}. {cell.assignment.task.title[:120]}"
                for cell in row.cells
                if cell.state in ("overdue", *OPEN_STATES)
            ]
            if tasks:
                reminders.append(Reminder(period, row.agency, stage, tasks, sender=sender))
    officers = officers_of({r.agency.pk for r in reminders})
    for reminder in reminders:
        reminder.users = officers[reminder.agency.pk]
    return reminders


def other_reminders_send(*, on: datetime.date, dry_run: bool = False) -> list[str]:
    """The reminders of the apps below (OTHER_REMINDERS), each saying what it did."""
    return [line for other in OTHER_REMINDERS for line in other(on=on, dry_run=dry_run)]


def _already_sent(reminders: list[Reminder]) -> set[tuple[int, str]]:
    keys = {r.key for r in reminders}
    return set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))


@dataclass
class EmailFailure:
    notification: Notification
    error: str  # what the mail server (or the network) answered


@dataclass
class EmailRun:
    sent: list[Notification]
    failed: list[EmailFailure]  # kept pending: the next run tries again


@dataclass
class ReminderRun:
    sent: list[tuple[Reminder, User]]  # sent now (on a dry run: would be sent)
    unreachable: list[Reminder]  # agencies with no officer in dondoc to remind


def reminders_send(
    *, on: datetime.date | None = None, within_days: int = 7, dry_run: bool = False
) -> ReminderRun:
    """Notify each officer once per reminder, in-app, with the e-mail copy owed (sent by
    emails_send_pending, which the caller runs after every app's reminders). Personal data
    stays out of the log: counts only."""
    on = on or today()
    reminders = reminders_due(on=on, within_days=within_days)
    sent = _already_sent(reminders)
    done: list[tuple[Reminder, User]] = []
    for reminder in reminders:
        for user in reminder.users:
            if (user.pk, reminder.key) in sent:
                continue
            done.append((reminder, user))
            if dry_run:
                continue
            _deliver(reminder, user, on)
    logger.info("reminders: %d sent%s", len(done), " (dry run)" if dry_run else "")
    return ReminderRun(done, [r for r in reminders if not r.users])


def _deliver(reminder: Reminder, user: User, on: datetime.date) -> None:
    notify(
        user=user,
        key=reminder.key,
        subject=reminder.subject(on),
        body=reminder.body(on),
        url=reverse("web:reports_owed"),
    )


def notify(*, user: User, key: str, subject: str, body: str, url: str, site_url: str = "") -> bool:
    """An in-app notification, with an e-mail owed when the user has an address; once per
    key (False: already made). The e-mail goes out with emails_send_pending; its link starts
    with settings.SITE_URL (DONDOC_SITE_URL), else with `site_url` (the actor's request)."""
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user,
                key=key,
                subject=subject[:200],
                body=body,
                url=url,
                email_wanted=bool(user.email),
                site_url=site_url[:200],
            )
    except IntegrityError:  # another run got there first: made once is enough
        return False
    return True


# An e-mail claimed by a run that then died is given to the next run after this long.
EMAIL_LEASE = datetime.timedelta(minutes=10)


def emails_send_pending(*, limit: int = 1000) -> EmailRun:
    """Send the e-mails owed (new ones, and those the mail server refused before), each once
    even with two runs at the same moment: a run claims a notification by one conditional
    UPDATE before sending it, and no transaction stays open while the mail server answers.
    A refusal (or no mail server at all) does not stop the run: it is recorded and the
    e-mail stays owed for the next run."""
    now = timezone.now()
    pending = Notification.objects.filter(email_wanted=True, emailed_at__isnull=True).filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE)
    )
    run = EmailRun([], [])
    for notification in pending.select_related("user").order_by("id")[:limit]:
        claimed = Notification.objects.filter(
            Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE),
            pk=notification.pk,
            emailed_at__isnull=True,
        ).update(email_claimed_at=timezone.now())
        if not claimed:
            continue  # another run has it
        error = _send_email(notification)
        if error is None:
            Notification.objects.filter(pk=notification.pk).update(
                emailed_at=timezone.now(), email_error=""
            )
            run.sent.append(notification)
        else:
            Notification.objects.filter(pk=notification.pk).update(
                email_claimed_at=None, email_attempts=F("email_attempts") + 1, email_error=error
            )
            run.failed.append(EmailFailure(notification, error))
    logger.info("reminder e-mails: %d sent, %d failed", len(run.sent), len(run.failed))
    return run


def _send_email(notification: Notification) -> str | None:
    """Send one notification's e-mail; None, or what went wrong (the server down, the
    address refused)."""
    user = notification.user
    if not user.email:
        return "người nhận không còn địa chỉ thư điện tử"
    try:
        send_mail(
            notification.subject,
            notification.body + f"\n\n{_site_url(notification)}{notification.url}",
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            fail_silently=False,
        )
    except (smtplib.SMTPException, OSError) as error:
        return (str(error) or type(error).__name__)[:200]
    return None


def _site_url(notification: Notification) -> str:
    configured = settings.SITE_URL
    return str(configured or notification.site_url).rstrip("/")


# --- "Nhắc" from the board ------------------------------------------------------------------


@dataclass
class Owing:
    """One agency's reports not yet sent in one period, and who in dondoc writes them."""

    agency: Agency
    tasks: list[Any]  # the assignments (task path, title) not yet sent
    users: list[User]


def owing_for(
    *,
    document: Document,
    period: ReportingPeriod,
    on: datetime.date | None = None,
    board: Board | None = None,
) -> list[Owing]:
    """The agencies of the board with reports not yet sent in `period`, with their officers
    (`board`: the period's board, when the caller has built it already)."""
    if board is None:
        board = board_for(document=document, period=period, on=on)
    owing = [
        Owing(
            row.agency,
            [c.assignment for c in row.cells if c.state in ("overdue", *OPEN_STATES)],
            [],
        )
        for row in board.rows
    ]
    owing = [o for o in owing if o.tasks]
    officers = officers_of({o.agency.pk for o in owing})
    for item in owing:
        item.users = officers[item.agency.pk]
    return owing


@dataclass
class NudgeResult:
    agency: Agency
    tasks: int
    sent_to: list[User]  # told now
    earlier: Nudge | None = None  # already reminded today: nothing sent again
    no_account: bool = False  # no officer in dondoc: the reminder letter is the way


def _nudge_text(
    period: ReportingPeriod, agency: Agency, tasks: list[Any], on: datetime.date
) -> tuple[str, str]:
    due = period.due_on.strftime("%d/%m/%Y")
    late = (on - period.due_on).days
    when = f"quá hạn {late} ngày" if late > 0 else f"hạn {due}"
    subject = f"Cơ quan đầu mối nhắc báo cáo ({when}): {period.document.label}, {period.title}"
    lines = [
        f"Kính gửi {agency.name},",
        "",
        f"Cơ quan đầu mối đề nghị gửi báo cáo {period.title} (hạn {due}) của "
        f"{period.document.label}. Các nhiệm vụ chưa gửi báo cáo ({len(tasks)}):",
        *(f"- {a.task.path}. {a.task.title[:120]}" for a in tasks[:30]),
    ]
    if len(tasks) > 30:
        lines.append(f"- … và {len(tasks) - 30} nhiệm vụ khác.")
    return subject, "\n".join(lines)


def nudges_send(
    *,
    actor: User,
    document: Document,
    period: ReportingPeriod,
    agency_ids: list[int] | None = None,
    site_url: str = "",
    on: datetime.date | None = None,
) -> list[NudgeResult]:
    """Remind, now, the agencies of `agency_ids` (None: every late agency of the period) of the
    reports they have not sent: an in-app notice and an e-mail to each officer, audited; once a
    day per agency and period (a second "Nhắc" the same day says who reminded, sends nothing)."""
    require_actor(actor)
    if not can_review(user=actor, document=document) or period.document_id != document.pk:
        raise NotAllowed("Chỉ cán bộ đầu mối của kế hoạch mới nhắc các cơ quan.")
    on = on or today()
    owing = owing_for(document=document, period=period, on=on)
    if agency_ids is None:
        if period.due_on >= on:
            raise InvalidInput(f"{period.title} chưa quá hạn (hạn {period.due_on:%d/%m/%Y}).")
    else:
        owing = [o for o in owing if o.agency.pk in agency_ids]
        if not owing:
            raise InvalidInput("Cơ quan này không còn báo cáo nào phải gửi trong kỳ.")
    results = []
    for item in owing:
        if not item.users:
            results.append(NudgeResult(item.agency, len(item.tasks), [], no_account=True))
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    nudge = Nudge.objects.create(
                        period=period,
                        agency=item.agency,
                        on=on,
                        sent_by=actor,
                        tasks=len(item.tasks),
                        recipients=[
                            f"{u.get_full_name() or u.username}"
                            + (f" <{u.email}>" if u.email else "")
                            for u in item.users
                        ],
                    )
            except IntegrityError:
                earlier = Nudge.objects.select_related("sent_by").get(
                    period=period, agency=item.agency, on=on
                )
                results.append(NudgeResult(item.agency, len(item.tasks), [], earlier=earlier))
                continue
            subject, body = _nudge_text(period, item.agency, item.tasks, on)
            for user in item.users:
                notify(
                    user=user,
                    key=f"nudge:{period.pk}:{item.agency.pk}:{on.isoformat()}",
                    subject=subject,
                    body=body,
                    url=reverse("web:reports_owed"),
                    site_url=site_url,
                )
            audit_record(
                actor=actor,
                action="reminder.nudge",
                target=nudge,
                data={"agency": item.agency.pk, "period": period.pk, "users": len(item.users)},
            )
        results.append(NudgeResult(item.agency, len(item.tasks), item.users))
    if any(r.sent_to for r in results):
        from .notify import emails_after_commit  # notify builds on this module

        emails_after_commit()
    return results
