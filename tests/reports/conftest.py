"""The stored consolidated report's world: the small plan of the test world with its schedule,
one report sent by the focal officer, and a leader of the plan's focal agency."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dondoc.org.models import Role, User
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingPeriod
from tests.org.factories import MembershipFactory, UserFactory
from tests.tracking.factories import Tracked, world_tracking


@dataclass
class Stored:
    tracked: Tracked
    plan: Document
    period: ReportingPeriod
    chief: User  # leader of Công an huyện Sơn Dương, the plan's focal agency


def stored_world(world) -> Stored:
    tracked = world_tracking(world)
    chief = User.objects.filter(username="truongcongan").first()
    if chief is None:
        chief = UserFactory(username="truongcongan", first_name="Nguyễn Văn", last_name="Hùng")
        MembershipFactory(user=chief, agency=world.police_sd, role=Role.LEADER)
    return Stored(tracked, tracked.plan, tracked.period, chief)


@pytest.fixture
def stored(world) -> Stored:
    return stored_world(world)
