"""The stored consolidated report's world: the small plan of the test world with its schedule,
one report sent by the focal officer, and a leader of the plan's focal agency."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dondoc.org.models import User
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingPeriod
from tests.tracking.factories import Tracked, world_tracking

from .factories import world_chief


@dataclass
class Stored:
    tracked: Tracked
    plan: Document
    period: ReportingPeriod
    chief: User  # leader of Công an huyện Sơn Dương, the plan's focal agency


def stored_world(world) -> Stored:
    tracked = world_tracking(world)
    return Stored(tracked, tracked.plan, tracked.period, world_chief(world))


@pytest.fixture
def stored(world) -> Stored:
    return stored_world(world)
