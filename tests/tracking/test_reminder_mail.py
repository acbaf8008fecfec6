"""`dondoc remind` against a real SMTP server on loopback (aiosmtpd) that refuses an address,
and with no mail server at all: the run reports the failure without a traceback, the other
reminders still go, and the refused e-mail is sent by the next run, once."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import CommandError

from dondoc.core.actors import SYSTEM
from dondoc.tracking.models import Notification
from dondoc.tracking.services import schedule_ensure
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db

REFUSED = "hopthu.day@tuphap.example"
ACCEPTED = "canbo.binh@tuphap.example"


class Mailbox:
    """An SMTP server's handler: keeps what it accepts, refuses the addresses in `refuse`."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.2.2 Mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings) -> Iterator[tuple[Mailbox, Controller]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield mailbox, controller
    with contextlib.suppress(AssertionError):  # a test may have stopped it already
        controller.stop()


@pytest.fixture
def two_officers(world):
    """Two officers of Phòng Tư pháp with e-mail, reminded of the 2024 report on 01/01/2025."""
    schedule_ensure(actor=SYSTEM, document=world_plan(world))
    world.officer.email = REFUSED
    world.officer.save()
    colleague = UserFactory(email=ACCEPTED)
    MembershipFactory(user=colleague, agency=world.justice_sd)
    return world.officer, colleague


def remind(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("remind", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_refused_address_is_reported_the_others_go_and_it_is_retried(smtp, two_officers):
    mailbox, _ = smtp
    officer, _ = two_officers
    mailbox.refuse.add(REFUSED)
    err = StringIO()
    with pytest.raises(CommandError, match="1 thư điện tử chưa gửi được"):
        call_command("remind", "--date", "2025-01-01", stdout=StringIO(), stderr=err)
    assert f"Chưa gửi được thư tới {officer.username}" in err.getvalue()
    assert "sẽ được gửi lại ở lần chạy sau" in err.getvalue()
    assert [to for to, _ in mailbox.received] == [[ACCEPTED]]  # the other reminder went
    refused = Notification.objects.get(user=officer)
    assert refused.emailed_at is None and refused.email_attempts == 1
    assert "Mailbox full" in refused.email_error  # in-app notice made; e-mail pending
    mailbox.refuse.clear()  # the mailbox is emptied: the next run sends it, and only it
    remind("--date", "2025-01-02")
    assert [to for to, _ in mailbox.received] == [[ACCEPTED], [REFUSED]]
    refused.refresh_from_db()
    assert refused.emailed_at is not None and refused.email_error == ""
    remind("--date", "2025-01-03")
    assert len(mailbox.received) == 2  # nothing twice


def test_with_the_mail_server_down_nothing_is_lost(smtp, two_officers, settings):
    mailbox, controller = smtp
    controller.stop()  # nothing listens on the port: the connection is refused
    with pytest.raises(CommandError, match="2 thư điện tử chưa gửi được"):
        call_command("remind", "--date", "2025-01-01", stdout=StringIO(), stderr=StringIO())
    assert Notification.objects.filter(emailed_at__isnull=True, email_wanted=True).count() == 2
    again = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    again.start()
    try:
        settings.EMAIL_PORT = again.port
        remind("--date", "2025-01-02")
    finally:
        again.stop()
    assert sorted(to[0] for to, _ in mailbox.received) == [ACCEPTED, REFUSED]
    assert not Notification.objects.filter(emailed_at__isnull=True, email_wanted=True).exists()
