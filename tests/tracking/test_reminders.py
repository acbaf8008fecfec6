"""`dondoc remind`: who is reminded of what, once per stage, in-app and by e-mail."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from dondoc.core.actors import SYSTEM
from dondoc.tracking.models import Notification
from dondoc.tracking.services import progress_report_save, schedule_ensure
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan(world):
    document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=document)
    return document


def test_dry_run_prints_and_sends_nothing(world, plan) -> None:
    output = remind("--dry-run", "--date", "2025-01-01")  # 2024 report due 05/01/2025
    assert f"Sẽ nhắc {world.officer.get_full_name()} (không có thư điện tử" in output
    assert "Phòng Tư pháp huyện Sơn Dương" in output and "còn 4 ngày" in output
    assert "Không nhắc được" in output  # Văn hoá has no officer in dondoc
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_each_reminder_is_sent_once_and_weekly_when_late(world, plan) -> None:
    world.officer.email = "canbo@tuphap.example"
    world.officer.save()
    remind("--date", "2025-01-01")
    notices = Notification.objects.filter(user=world.officer)
    assert notices.count() == 1
    assert [m.to for m in mail.outbox] == [[world.officer.email]]
    assert "Sắp đến hạn báo cáo" in mail.outbox[0].subject
    assert "- I/2. Thống kê khiếu nại, tố cáo" in mail.outbox[0].body
    output = remind("--date", "2025-01-02")  # the same stage again: nothing new
    assert "Không có gì cần nhắc" in output and len(mail.outbox) == 1
    remind("--date", "2025-01-06")  # the day after the due date
    remind("--date", "2025-01-08")  # same week of lateness
    remind("--date", "2025-01-13")  # a week later
    subjects = list(notices.order_by("created_at").values_list("subject", flat=True))
    assert len(subjects) == 3 and "Quá hạn báo cáo 1 ngày" in subjects[1]
    assert "Quá hạn báo cáo 8 ngày" in subjects[2]


def test_the_email_links_to_the_site_with_an_absolute_address(world, plan, settings) -> None:
    """Issue 18: the e-mail carried "/bao-cao/…", a link that leads nowhere from a mailbox."""
    settings.SITE_URL = "https://dondoc.congan.example"
    world.officer.email = "canbo@tuphap.example"
    world.officer.save()
    remind("--date", "2025-01-01")
    [message] = mail.outbox
    url = Notification.objects.get(user=world.officer).url
    assert url.startswith("/")
    assert f"https://dondoc.congan.example{url}" in message.body


def test_a_sent_report_stops_the_reminders(world, plan) -> None:
    period = plan.periods.get(label="2024")
    for assignment in plan.tasks.get(path="I/2").assignments.filter(agency=world.justice_sd):
        progress_report_save(
            actor=world.officer,
            assignment=assignment,
            period=period,
            version=None,
            task_status="done",
            done_text="Đã xong.",
            submit=True,
        )
    remind("--date", "2025-01-01")
    reminded = Notification.objects.filter(user=world.officer).values_list("body", flat=True)
    assert all("I/2" not in body for body in reminded)


def test_background_task_sends_the_same(world, plan) -> None:
    from dondoc.tracking.tasks import send_reminders

    assert send_reminders.call(within_days=400) >= 1
    assert Notification.objects.filter(user=world.officer).exists()
