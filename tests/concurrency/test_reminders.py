"""Two `dondoc remind` at the same moment (cron and an officer by hand): every reminder is
made once and e-mailed once (PostgreSQL, real connections)."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command

from dondoc.tracking.models import Notification
from tests.concurrency.conftest import on_postgresql, together
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.factories import world_plan

pytestmark = on_postgresql


def test_two_runs_at_once_send_each_reminder_once(world) -> None:
    world_plan(world)  # its schedule is made by the import
    world.officer.email = "canbo@tuphap.example"
    world.officer.save()
    for index in range(5):
        colleague = UserFactory(email=f"canbo{index}@tuphap.example")
        MembershipFactory(user=colleague, agency=world.justice_sd)

    def run() -> str:
        out = StringIO()
        call_command("remind", "--date", "2025-01-01", stdout=out)
        return out.getvalue()

    results = together(run, run, run)
    assert not [r for r in results if isinstance(r, BaseException)], results
    notices = Notification.objects.exclude(user__email="")
    assert notices.count() == 6 and not notices.filter(emailed_at__isnull=True).exists()
    sent = sorted(message.to[0] for message in mail.outbox)
    assert sent == sorted(notices.values_list("user__email", flat=True))  # once each
