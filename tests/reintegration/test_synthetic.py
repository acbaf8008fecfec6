"""The synthetic subjects of the demonstration: seeded, every status and group, and each
situation shows on the clocks as meant, whatever the day (Tết included)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from dondoc.reintegration.clocks import clocks
from dondoc.reintegration.models import Group, LegalStatus
from dondoc.reintegration.synthetic import PLAN, SyntheticSubject, subjects

D = datetime.date


def _statuses(item: SyntheticSubject, today: datetime.date) -> dict[str, str]:
    subject = SimpleNamespace(
        **vars(item),
        assessed_quarter=item.assessments[-1][1] if item.assessments else "",
        self_reported_month=item.self_reports[-1][1] if item.self_reports else "",
        reviewed_quarter=item.reviews[-1][1] if item.reviews else "",
    )
    return {clock.code: clock.status for clock in clocks(subject, today=today)}


def test_seeded_and_distinct() -> None:
    today = D(2026, 11, 30)
    first = list(subjects(300, units=3, today=today))
    assert first == list(subjects(300, units=3, today=today))
    assert len({i.name for i in first}) == len({i.identity for i in first}) == 300
    more = list(subjects(30, units=3, today=today, start=300, seed=9))
    assert not {i.name for i in more} & {i.name for i in first}


@pytest.mark.parametrize("today", [D(2026, 11, 30), D(2027, 2, 12), D(2027, 1, 3), D(2026, 4, 1)])
def test_every_situation_shows_on_the_clocks(today) -> None:
    items = list(subjects(2 * len(PLAN), units=3, today=today))
    assert {i.legal_status for i in items} == set(LegalStatus.values)
    assert {i.assessments[-1][2] for i in items if i.assessments} == set(Group.values)
    assert [i.index for i in items if i.moves_to is not None] == [1]
    assert not list(subjects(20, units=1, today=today))[1].moves_to
    for item in items:
        plan = PLAN[item.index % len(PLAN)]
        state = _statuses(item, today)
        days = [item.notice_on, item.verified_on, item.received_on, item.helper_on]
        known = [day for day in days if day is not None]
        assert known == sorted(known) and all(day <= today for day in known), item
        if plan.startswith("arriving"):
            assert today < item.start_on <= today + datetime.timedelta(days=60)
        expected = {
            "arriving_no_notice": ("notice", "overdue"),
            "late_verification": ("verification", "overdue"),
            "late_helper": ("helper", "overdue"),
            "late_assessment": ("assessment", "overdue"),
        }.get(plan)
        if expected:
            code, status = expected
            if code == "assessment" and today.month % 3 == 1 and today.day <= 5:
                status = "running"  # the last quarter's report is due by the 5th
                state[code] = "running" if state[code] in ("open", "due_soon") else state[code]
            assert state[code] == status, (plan, state)
        if plan in ("active", "community"):
            assert "overdue" not in state.values() and "done_late" not in state.values(), state
        if plan.startswith("ended"):
            assert item.ended_on and item.end_reason and item.ended_on <= today
            assert (item.end_reason == "sentenced_again") == (plan == "ended_sentenced_again")
