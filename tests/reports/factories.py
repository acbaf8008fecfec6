"""Stored consolidated reports of the test world: a draft of 2025 and an approved one of the
period before, for page and access tests."""

from __future__ import annotations

from typing import Any

from dondoc.org.models import Role, User
from dondoc.reports import services
from dondoc.reports.models import ConsolidatedReport
from tests.org.factories import MembershipFactory, UserFactory
from tests.tracking.factories import world_tracking


def world_chief(world: Any) -> User:
    """The leader of Công an huyện Sơn Dương, the plan's focal agency: he approves."""
    chief = User.objects.filter(username="truongcongan").first()
    if chief is None:
        chief = UserFactory(username="truongcongan", first_name="Nguyễn Văn", last_name="Hùng")
        MembershipFactory(user=chief, agency=world.police_sd, role=Role.LEADER)
    return chief


def world_consolidated(world: Any) -> ConsolidatedReport:
    """The draft consolidated report of 2025 of the world's small plan."""
    tracked = world_tracking(world)
    return services.consolidated_report_create(
        actor=world.focal, document=tracked.plan, period=tracked.period
    )


def world_consolidated_approved(world: Any) -> ConsolidatedReport:
    """The consolidated report of the plan's first period, approved by the chief."""
    tracked = world_tracking(world)
    period = tracked.plan.periods.exclude(pk=tracked.period.pk).order_by("due_on").first()
    assert period is not None
    report = services.consolidated_report_create(
        actor=world.focal, document=tracked.plan, period=period
    )
    if report.state == ConsolidatedReport.State.DRAFT:
        report = services.consolidated_report_submit(
            actor=world.focal, report=report, version=report.version
        )
    if report.state == ConsolidatedReport.State.SUBMITTED:
        report = services.consolidated_report_approve(
            actor=world_chief(world), report=report, version=report.version
        )
    return report
