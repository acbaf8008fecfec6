"""The stored consolidated report with two at once (PostgreSQL, real connections): two leaders
approving, two officers issuing one report, two reports issued under one number. One wins, the
other is told; one approval, one number issued once, one set of files."""

from __future__ import annotations

import datetime

from django_tasks_db.models import DBTaskResult

from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.org.models import Role
from dondoc.reports import services
from dondoc.reports.models import ConsolidatedReport, ConsolidatedReportFile, ConsolidatedReportStep
from dondoc.reports.tasks import render_issued_pdf
from tests.concurrency.conftest import on_postgresql, together
from tests.org.factories import MembershipFactory, UserFactory
from tests.reports.factories import world_chief, world_consolidated
from tests.tracking.factories import world_tracking

pytestmark = on_postgresql
ISSUED_ON = datetime.date(2026, 12, 1)


def _colleague(agency, role):
    user = UserFactory()
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def _submitted(world, period=None):
    if period is None:
        report = world_consolidated(world)
    else:
        report = services.consolidated_report_create(
            actor=world.focal, document=world_tracking(world).plan, period=period
        )
    return services.consolidated_report_submit(
        actor=world.focal, report=report, version=report.version
    )


def test_two_leaders_approve_at_once_one_approval(world) -> None:
    report = _submitted(world)
    chief, deputy = world_chief(world), _colleague(world.police_sd, Role.LEADER)
    answers = together(
        *[
            lambda user=user: services.consolidated_report_approve(
                actor=user, report=report, version=report.version
            )
            for user in (chief, deputy)
        ]
    )
    won = [a for a in answers if isinstance(a, ConsolidatedReport)]
    lost = [a for a in answers if isinstance(a, DomainError)]
    assert len(won) == 1 and len(lost) == 1, answers
    assert lost[0].status_code == 409
    report.refresh_from_db()
    assert report.state == ConsolidatedReport.State.APPROVED
    assert report.steps.filter(action=ConsolidatedReportStep.Action.APPROVE).count() == 1
    assert report.files.filter(kind="docx").count() == 1


def test_two_officers_issue_one_report_at_once_one_number_issued_once(world) -> None:
    report = _submitted(world)
    report = services.consolidated_report_approve(
        actor=world_chief(world), report=report, version=report.version
    )
    other = _colleague(world.police_sd, Role.FOCAL_OFFICER)
    answers = together(
        *[
            lambda user=user, number=number: services.consolidated_report_issue(
                actor=user,
                report=report,
                version=report.version,
                number=number,
                issued_on=ISSUED_ON,
            )
            for user, number in ((world.focal, "21"), (other, "22"))
        ]
    )
    won = [a for a in answers if isinstance(a, ConsolidatedReport)]
    lost = [a for a in answers if isinstance(a, DomainError)]
    assert len(won) == 1 and len(lost) == 1, answers
    report.refresh_from_db()
    assert report.state == ConsolidatedReport.State.ISSUED
    assert report.number == won[0].number
    assert report.steps.filter(action=ConsolidatedReportStep.Action.ISSUE).count() == 1
    # The issued DOCX stored once (beside the approved one), its PDF asked of the worker once.
    assert ConsolidatedReportFile.objects.filter(report=report, kind="docx").count() == 2
    assert report.pdf_state == ConsolidatedReport.PdfState.QUEUED
    assert DBTaskResult.objects.filter(task_path=render_issued_pdf.module_path).count() == 1


def test_two_reports_issued_under_one_number_at_once_one_is_refused(world) -> None:
    tracked = world_tracking(world)
    chief = world_chief(world)
    first = _submitted(world)
    period = tracked.plan.periods.exclude(pk=tracked.period.pk).order_by("due_on").first()
    second = _submitted(world, period)
    reports = [
        services.consolidated_report_approve(actor=chief, report=r, version=r.version)
        for r in (first, second)
    ]
    answers = together(
        *[
            lambda r=r: services.consolidated_report_issue(
                actor=world.focal, report=r, version=r.version, number="30", issued_on=ISSUED_ON
            )
            for r in reports
        ]
    )
    won = [a for a in answers if isinstance(a, ConsolidatedReport)]
    lost = [a for a in answers if isinstance(a, InvalidInput)]
    assert len(won) == 1 and len(lost) == 1, answers
    assert "Số 30 năm 2026" in lost[0].message
    assert ConsolidatedReport.objects.filter(number="30").count() == 1
    loser = next(r for r in reports if r.pk != won[0].pk)
    loser.refresh_from_db()
    assert loser.state == ConsolidatedReport.State.APPROVED and loser.number == ""
    assert not loser.files.filter(kind="pdf").exists() and loser.pdf_state == ""
