"""Document.schedule and Document.targets are read through typed contracts (plans.contracts):
what the import stores comes back equal, and a stored value of the wrong shape is dropped
field by field instead of breaking the reporting schedule or the targets."""

from __future__ import annotations

import pytest

from dondoc.core.actors import SYSTEM
from dondoc.indicators.services import plan_years, targets_sync
from dondoc.plans.contracts import PlanSchedule, PlanTarget, schedule_of, targets_of
from dondoc.plans.importers.drafts import ScheduleDraft, TargetDraft
from dondoc.plans.models import Document
from dondoc.plans.services import document_schedule_set
from dondoc.tracking.services import schedule_ensure

pytestmark = pytest.mark.django_db


def test_drafts_round_trip_through_json() -> None:
    draft = ScheduleDraft(
        frequencies=["yearly", "quarterly"], due="11-30", recipient="Công an huyện",
        reviews=["final"], review_years=5, start_year=2021, end_year=2025, raw="Định kỳ …",
    )  # fmt: skip
    schedule = PlanSchedule.from_draft(draft)
    assert PlanSchedule.from_json(schedule.to_json()) == schedule
    assert schedule.due_month_day == (11, 30) and schedule.years == (2021, 2025)
    target = PlanTarget.from_draft(TargetDraft(kind="percent", value=95, comparison=">", raw="x"))
    assert target is not None and PlanTarget.from_json(target.to_json()) == target
    assert target.value == 95.0
    assert PlanTarget.from_draft(TargetDraft(kind="stars")) is None
    assert PlanSchedule.from_json({}) is None and PlanSchedule.from_json(None) is None


def test_a_malformed_stored_schedule_does_not_break_the_readers(world) -> None:
    document = Document.objects.create(
        unit=world.son_duong,
        number="7/KH-UBND",
        title="Kế hoạch",
        issued_year=2024,
        schedule={"due": "30/11", "start_year": "2021", "end_year": 2025, "frequencies": "năm"},
        targets=[{"kind": "percent", "value": "95%", "raw": "trên 95%"}, {"kind": "?"}, 3],
    )
    schedule = schedule_of(document)
    assert schedule is not None and schedule.due_month_day is None
    assert (schedule.start_year, schedule.end_year, schedule.frequencies) == (None, 2025, ())
    assert plan_years(document) is None
    reporting = schedule_ensure(
        actor=SYSTEM, document=document
    )  # read the schedule: no crash on "30/11"
    assert reporting.start_year == 2024 and reporting.due_month is None
    assert [t.raw for t in targets_of(document)] == ["trên 95%"]
    (target,) = targets_sync(
        actor=SYSTEM, document=document
    )  # what the import does (a page only reads)
    assert target.kind == "percent" and target.value is None


def test_the_schedule_is_kept_as_its_contract(world) -> None:
    document = Document.objects.create(unit=world.son_duong, number="8/KH-UBND", title="Kế hoạch")
    schedule = PlanSchedule(frequencies=("yearly",), due="12-15", start_year=2022, end_year=2026)
    document_schedule_set(actor=SYSTEM, document=document, schedule=schedule)
    document.refresh_from_db()
    assert schedule_of(document) == schedule
    assert document.schedule["frequencies"] == ["yearly"]  # stored as plain JSON
