"""Hand-over of an ended agency's open work (issue 15), through the services on real rows."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.handover import selectors, services
from dondoc.plans.models import Assignment, Handover, HandoverLine
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.models import ProgressReport
from dondoc.tracking.selectors import due_assignments
from dondoc.tracking.services import progress_report_save
from tests.handover.factories import POLICE_END, reform

DAY = datetime.date(2026, 11, 30)


def _draft(world, reformed):
    return selectors.plan_draft(document=reformed.plan, unit=world.new_province, day=DAY)


def test_plan_lines_propose_stated_receivers_first_then_the_map(world) -> None:
    reformed = reform(world)
    draft = _draft(world, reformed)
    by_key = {line.key: line for line in draft.lines}
    focal = by_key["focal"]
    assert focal.from_agency == world.police_sd
    assert focal.effective == POLICE_END + datetime.timedelta(days=1)
    # Stated successions first: the part that matches the topic (none here), then in order.
    assert focal.proposal.agency == world.new_police
    assert focal.proposal.source == HandoverLine.Source.STATED
    justice_lines = [line for line in draft.lines if line.from_agency == world.justice_sd]
    assert justice_lines, draft.lines
    for line in justice_lines:  # no succession stated: the same kind in the unit that absorbed it
        assert line.proposal.agency == reformed.new_justice
        assert line.proposal.source == HandoverLine.Source.MAP
        assert line.periods == ["2025"]


def test_confirm_moves_later_periods_and_keeps_earlier_ones(world) -> None:
    reformed = reform(world)
    draft = _draft(world, reformed)
    lead = Assignment.objects.get(task__document=reformed.plan, task__path="I/1", role="lead")
    period_2024 = reformed.plan.periods.get(label="2024")
    period_2025 = reformed.plan.periods.get(label="2025")
    done_2024 = progress_report_save(
        actor=world.focal, assignment=lead, period=period_2024, version=None,
        task_status="done", done_text="Đã tuyên truyền năm 2024.",
    )  # fmt: skip
    choices = services.proposed_choices(draft)
    # The officer changes one line (the lead of I/1 goes to the commune police) and drops one.
    choices[f"a:{lead.pk}"] = reformed.commune_police.pk
    dropped = next(k for k in choices if k.startswith("a:") and k != f"a:{lead.pk}")
    choices[dropped] = None
    handover = services.plan_handover_confirm(
        actor=world.new_focal, document=reformed.plan, unit=world.new_province, choices=choices,
        day=DAY,
    )  # fmt: skip
    lines = {line.key: line for line in handover.lines.all()}
    assert lines[f"a:{lead.pk}"].decision == HandoverLine.Decision.CHANGED
    assert lines[dropped].decision == HandoverLine.Decision.DROPPED
    assert lines["focal"].decision == HandoverLine.Decision.CONFIRMED
    # 2024 stays as it was, with who did it; 2025 is the receivers'.
    due_2024 = {a.agency for a in due_assignments(period=period_2024)}
    due_2025 = {a.agency for a in due_assignments(period=period_2025)}
    assert world.police_sd in due_2024 and reformed.commune_police not in due_2024
    assert world.police_sd not in due_2025 and reformed.commune_police in due_2025
    done_2024.refresh_from_db()
    assert done_2024.agency == world.police_sd and done_2024.assignment == lead
    # The consolidated report of 2024 is the district police's, 2025 the province police's.
    assert consolidate(user=None, document=reformed.plan, period=period_2024).focal_agency == (
        world.police_sd
    )
    assert consolidate(user=None, document=reformed.plan, period=period_2025).focal_agency == (
        world.new_police
    )
    entry = LogEntry.objects.get(additional_data__action="handover.confirm")
    assert entry.actor == world.new_focal


def test_second_confirm_is_refused_with_who_did_it(world) -> None:
    reformed = reform(world)
    choices = services.proposed_choices(_draft(world, reformed))
    services.plan_handover_confirm(
        actor=world.new_focal, document=reformed.plan, unit=world.new_province, choices=choices,
        day=DAY,
    )  # fmt: skip
    with pytest.raises(services.HandoverTaken, match="đã xác nhận bàn giao"):
        services.plan_handover_confirm(
            actor=SYSTEM, document=reformed.plan, unit=world.new_province, choices=choices,
            day=DAY,
        )  # fmt: skip
    assert Handover.objects.count() == 1


def test_revert_until_the_first_report_under_the_successor(world) -> None:
    reformed = reform(world)
    choices = services.proposed_choices(_draft(world, reformed))
    plan_assignments = Assignment.objects.filter(task__document=reformed.plan)
    before = set(plan_assignments.values_list("pk", "agency"))
    handover = services.plan_handover_confirm(
        actor=world.new_focal, document=reformed.plan, unit=world.new_province, choices=choices,
        day=DAY,
    )  # fmt: skip
    services.handover_revert(actor=world.new_focal, handover=handover, day=DAY)
    after = set(plan_assignments.values_list("pk", "agency"))
    assert after == before
    assert not Assignment.objects.filter(active_until__isnull=False).exists()
    reformed.schedule.refresh_from_db()
    assert reformed.schedule.focal_agency == world.police_sd
    # Again, then a report of 2025 under the successor: no way back.
    handover = services.plan_handover_confirm(
        actor=world.new_focal, document=reformed.plan, unit=world.new_province, choices=choices,
        day=DAY,
    )  # fmt: skip
    receiver = Assignment.objects.get(handed_over_from__isnull=False, agency=world.new_police)
    progress_report_save(
        actor=world.new_focal, assignment=receiver, period=reformed.plan.periods.get(label="2025"),
        version=None, task_status="in_progress", done_text="Công an tỉnh tiếp tục thực hiện.",
    )  # fmt: skip
    assert ProgressReport.objects.get(assignment=receiver).agency == world.new_police
    with pytest.raises(NotAllowed, match="không hủy được"):
        services.handover_revert(actor=world.new_focal, handover=handover, day=DAY)


def test_out_of_scope_and_foreign_receivers_are_refused(world) -> None:
    reformed = reform(world)
    choices = services.proposed_choices(_draft(world, reformed))
    for user in (world.focal, world.outsider, world.officer, world.province_officer):
        with pytest.raises(NotFound):
            services.plan_handover_confirm(
                actor=user, document=reformed.plan, unit=world.new_province, choices=choices,
                day=DAY,
            )  # fmt: skip
    foreign = dict(choices, focal=world.police_tv.pk)
    with pytest.raises(InvalidInput, match="Cơ quan đầu mối"):
        services.plan_handover_confirm(
            actor=world.new_focal, document=reformed.plan, unit=world.new_province,
            choices=foreign, day=DAY,
        )  # fmt: skip
    assert not Handover.objects.exists()
    assert not Assignment.objects.filter(active_until__isnull=False).exists()


def test_registry_records_pass_to_the_receiver_and_back(world) -> None:
    from dondoc.registry.models import CrimeReport, Person, StaleStats
    from dondoc.registry.services import crime_report_decide
    from tests.registry.factories import world_crime_report

    report = world_crime_report(world)  # kept by the district police, with its victim
    reform(world)
    draft = selectors.records_draft(agency=world.police_sd, unit=world.new_province, day=DAY)
    keys = {line.key: line for line in draft.lines}
    assert set(keys) >= {"r:registry.crimereport", "r:registry.person"}
    assert keys["r:registry.crimereport"].proposal.agency == world.new_police
    assert keys["r:registry.crimereport"].label.endswith(": 1 hồ sơ")
    before = StaleStats.objects.filter(year=2024).values_list("generation", flat=True).first()
    handover = services.records_handover_confirm(
        actor=world.new_focal, agency=world.police_sd, unit=world.new_province,
        choices=services.proposed_choices(draft), day=DAY,
    )  # fmt: skip
    report.refresh_from_db()
    assert report.agency == world.new_police and report.created_by == world.focal
    victim = Person.objects.get(pk=report.involved.get().person_id)
    assert victim.agency == world.new_police
    after = StaleStats.objects.filter(year=2024).values_list("generation", flat=True).first()
    assert after == (before or 0) + 1  # the statistics by agency are rebuilt
    services.handover_revert(actor=world.new_focal, handover=handover, day=DAY)
    report.refresh_from_db()
    assert report.agency == world.police_sd
    # Once the receiver works on a record, the hand-over stays.
    handover = services.records_handover_confirm(
        actor=world.new_focal, agency=world.police_sd, unit=world.new_province,
        choices=services.proposed_choices(draft), day=DAY,
    )  # fmt: skip
    crime_report_decide(
        actor=world.new_focal, report=CrimeReport.objects.get(pk=report.pk), decision="prosecute",
        decided_on=DAY,
    )  # fmt: skip
    with pytest.raises(NotAllowed, match="ghi nhận tiếp"):
        services.handover_revert(actor=world.new_focal, handover=handover, day=DAY)


def test_the_receivers_focal_officer_reviews_the_plan_once_handed_over(world) -> None:
    """After the hand-over the plan's reports go to the receiving body: its focal officer
    accepts, returns and reminds (tracking.selectors.can_review), the one of today's province
    not before."""
    from dondoc.tracking.selectors import can_review

    reformed = reform(world)
    assert not can_review(user=world.new_focal, document=reformed.plan)
    services.plan_handover_confirm(
        actor=world.new_focal, document=reformed.plan, unit=world.new_province,
        choices=services.proposed_choices(_draft(world, reformed)), day=DAY,
    )  # fmt: skip
    assert can_review(user=world.new_focal, document=reformed.plan)
    assert can_review(user=world.focal, document=reformed.plan)  # the plan's own unit still
    assert not can_review(user=world.officer, document=reformed.plan)
