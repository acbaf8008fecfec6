"""An agency's report with two at once (PostgreSQL, real connections, through the page): two
officers of one agency saving different sections both keep their work; two submits: one
wins, the other is told."""

from __future__ import annotations

from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.org.models import Role
from dondoc.tracking.models import AgencyReport, ProgressReport
from dondoc.tracking.services import schedule_ensure
from tests.concurrency.conftest import on_postgresql, together
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.factories import world_plan
from tests.world import signed_in

pytestmark = on_postgresql


def _setup(world):
    document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2024")
    lead = document.tasks.get(path="I/2").assignments.get(role="lead")
    coord = document.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)
    other = UserFactory(first_name="Trần Thị", last_name="Bình")
    MembershipFactory(user=other, agency=world.justice_sd, role=Role.AGENCY_OFFICER)
    url = reverse("web:agency_report", args=[period.pk, world.justice_sd.pk])
    return period, lead, coord, signed_in(world.officer), signed_in(other), url


def _section(client, url, assignment, text, token):
    data = {"action": "section", "assignment": assignment.pk, "version": "0",
            "task_status": "done", "done_text": text, "form_token": token}  # fmt: skip
    return client.post(url, data)


def test_two_officers_save_different_sections_and_both_keep_their_work(world) -> None:
    period, lead, coord, first, second, url = _setup(world)
    answers = together(
        lambda: _section(first, url, lead, "Phần chủ trì của cán bộ thứ nhất", "a" * 20),
        lambda: _section(second, url, coord, "Phần phối hợp của cán bộ thứ hai", "b" * 20),
    )
    assert [a.status_code for a in answers] == [302, 302], answers
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    texts = dict(report.sections.values_list("assignment_id", "done_text"))
    assert texts == {
        lead.pk: "Phần chủ trì của cán bộ thứ nhất",
        coord.pk: "Phần phối hợp của cán bộ thứ hai",
    }
    assert ProgressReport.objects.filter(period=period, agency=world.justice_sd).count() == 2


def test_two_submits_at_once_one_wins_the_other_is_told(world) -> None:
    period, lead, coord, first, second, url = _setup(world)
    assert _section(first, url, lead, "Phần chủ trì", "c" * 20).status_code == 302
    assert _section(first, url, coord, "Phần phối hợp", "d" * 20).status_code == 302
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    answers = together(
        lambda: first.post(url, {"action": "submit", "version": report.version}),
        lambda: second.post(url, {"action": "submit", "version": report.version}),
    )
    assert sorted(a.status_code for a in answers) == [302, 409], answers
    refused = next(a for a in answers if a.status_code == 409).content.decode()
    assert "Báo cáo đã gửi" in refused or "sau khi bạn mở trang" in refused
    report.refresh_from_db()
    assert report.state == "submitted" and report.events.filter(action="submit").count() == 1
    assert set(report.sections.values_list("state", flat=True)) == {"submitted"}
