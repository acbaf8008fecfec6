"""Background tasks of tracking (django-tasks; run by `dondoc db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders(within_days: int = 7) -> int:
    """The daily follow-up: new periods of open-ended plans, then the reminders; the count."""
    from dondoc.core.actors import SYSTEM

    from .reminders import emails_send_pending, other_reminders_send, reminders_send
    from .selectors import today
    from .services import periods_extend

    periods_extend(actor=SYSTEM)  # the daily run is dondoc's own
    sent = len(reminders_send(within_days=within_days).sent)
    other_reminders_send(on=today())
    emails_send_pending()  # the other apps' e-mails; refusals stay pending for the next run
    return sent


@task()
def send_emails() -> int:
    """The e-mails owed (a report submitted, returned, accepted), right after the write."""
    from .reminders import emails_send_pending

    return len(emails_send_pending().sent)
