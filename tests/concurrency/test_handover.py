"""Two focal officers of the 2025 province confirm the same hand-over at once (PostgreSQL, real
connections, through the page): one hand-over is written, both land on its page, the second
is told who confirmed it first; nothing is handed over twice."""

from __future__ import annotations

from django.urls import reverse

from dondoc.org.models import Role
from dondoc.plans.models import Assignment, Handover
from dondoc.web.forms_handover import DROP, field_name
from tests.concurrency.conftest import on_postgresql, together
from tests.handover.factories import reform
from tests.org.factories import MembershipFactory, UserFactory
from tests.world import signed_in

pytestmark = on_postgresql


def test_two_confirmations_at_once_write_one_hand_over(world) -> None:
    reformed = reform(world)
    colleague = UserFactory(first_name="Trần Thị", last_name="Hai")
    MembershipFactory(user=colleague, agency=world.new_police, role=Role.FOCAL_OFFICER)
    url = reverse("web:handover_plan", args=[world.new_province.pk, reformed.plan.pk])
    first, second = signed_in(world.new_focal), signed_in(colleague)
    lines = first.get(url).context["form"].draft.lines
    data = {"lines": " ".join(line.key for line in lines)}
    for line in lines:
        data[field_name(line.key)] = str(line.proposal.agency.pk) if line.proposal else DROP
    answers = together(lambda: first.post(url, data), lambda: second.post(url, data))
    assert [a.status_code for a in answers] == [302, 302], answers
    assert Handover.objects.filter(document=reformed.plan).count() == 1
    handover = Handover.objects.get(document=reformed.plan)
    kept = handover.lines.exclude(to_agency=None).filter(kind="assignment").count()
    assert Assignment.objects.filter(handed_over_from__isnull=False).count() <= kept
    assert Assignment.objects.filter(active_until__isnull=False).count() == kept
    loser = second if handover.confirmed_by == world.new_focal else first
    page = loser.get(url).content.decode()
    assert "đã xác nhận bàn giao này lúc" in page and handover.confirmed_by_name in page
