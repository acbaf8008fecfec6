"""Two focal officers press "Nhắc" for one agency at the same moment (PostgreSQL, real
connections): one reminder is sent, the other officer is told who sent it."""

from __future__ import annotations

import datetime

from dondoc.org.models import Role
from dondoc.tracking.models import Notification, Nudge
from dondoc.tracking.reminders import nudges_send
from tests.concurrency.conftest import on_postgresql, together
from tests.org.factories import MembershipFactory, UserFactory
from tests.tracking.factories import world_tracking

pytestmark = on_postgresql

ON = datetime.date(2026, 11, 30)


def test_two_nudges_of_one_agency_at_once_send_one(world) -> None:
    tracked = world_tracking(world)
    second = UserFactory(username="daumoi2")
    MembershipFactory(user=second, agency=world.police_sd, role=Role.FOCAL_OFFICER)

    def nudge(actor):
        return nudges_send(
            actor=actor,
            document=tracked.plan,
            period=tracked.period,
            agency_ids=[world.justice_sd.pk],
            on=ON,
        )

    results = together(lambda: nudge(world.focal), lambda: nudge(second))
    assert all(isinstance(r, list) for r in results), results
    outcomes = [r[0] for r in results]
    assert sorted(bool(o.sent_to) for o in outcomes) == [False, True]
    assert [o.earlier is not None for o in outcomes if not o.sent_to] == [True]
    assert Nudge.objects.count() == 1
    assert Notification.objects.filter(user=world.officer, key__startswith="nudge:").count() == 1
