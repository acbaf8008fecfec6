"""Timeliness and completeness per agency and period (tracking.timeliness) on a built case
whose answers are known; the query count does not grow with agencies × periods; the XLSX."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import NotFound
from dondoc.org.models import Agency
from dondoc.plans.models import Assignment
from dondoc.tracking.models import ProgressReport
from dondoc.tracking.services import period_add, schedule_ensure
from dondoc.tracking.timeliness import (
    LATE,
    MISSING,
    NOT_OWED,
    ON_TIME,
    effective_due,
    plan_timeliness,
    timeliness_of,
    timeliness_xlsx,
)
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db

D = datetime.date


def _sent(assignment: Assignment, period, day: datetime.date, state: str = "submitted") -> None:
    """A report sent at 16:00 on `day` (Asia/Ho_Chi_Minh)."""
    ProgressReport.objects.create(
        assignment=assignment,
        period=period,
        agency=assignment.agency,
        state=state,
        submitted_at=timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 16)),
    )


@pytest.fixture
def case(world):
    """The small plan, periods 2024 (due Sunday 05/01/2025) and 2025 (due Monday 05/01/2026):

    - Công an huyện: 2024 sent Monday 06/01/2025 (on time: the due date fell on a Sunday),
      2025 sent Thursday 08/01/2026 (3 working days late);
    - Phòng Tư pháp: 2024 sent 03/01/2025 for I/2 and 10/01/2025 for I/1 (the earliest
      counts: on time), 2025 nothing (missing);
    - Phòng Văn hóa và Thông tin, ended 31/12/2024: 2024 missing, 2025 not owed;
    - Tòa án nhân dân huyện, created 01/01/2026, coordinating I/1: owes neither period.
    """
    plan = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=plan)
    y2024, y2025 = plan.periods.get(label="2024"), plan.periods.get(label="2025")
    i1, i2 = plan.tasks.get(path="I/1"), plan.tasks.get(path="I/2")
    police = i1.assignments.get(agency=world.police_sd)
    justice_i1 = i1.assignments.get(agency=world.justice_sd)
    justice_i2 = i2.assignments.get(agency=world.justice_sd)
    culture = i1.assignments.get(mention="Phòng Văn hóa và Thông tin")
    Agency.objects.filter(pk=culture.agency_id).update(existed_until=D(2024, 12, 31))
    Agency.objects.filter(pk=world.court_sd.pk).update(existed_from=D(2026, 1, 1))
    Assignment.objects.create(
        task=i1, role="coordinating", position=9, raw="x", mention="Tòa án", agency=world.court_sd
    )
    _sent(police, y2024, D(2025, 1, 6), state="accepted")
    _sent(police, y2025, D(2026, 1, 8))
    _sent(justice_i2, y2024, D(2025, 1, 3))
    _sent(justice_i1, y2024, D(2025, 1, 10), state="returned")
    return plan, culture.agency


def _by_name(table):
    return {row.agency.name: row for row in table.rows}


def test_the_figures_of_a_built_case(world, case) -> None:
    plan, culture = case
    table = plan_timeliness(user=world.focal, document_id=plan.pk, on=D(2026, 11, 30))
    rows = _by_name(table)
    assert list(rows) == [
        "Công an huyện Sơn Dương",
        "Phòng Tư pháp huyện Sơn Dương",
        "Phòng Văn hóa và Thông tin huyện Sơn Dương",
    ]  # the court, created after both periods, owes nothing: no row
    police = rows["Công an huyện Sơn Dương"]
    assert [c.state for c in police.cells] == [ON_TIME, LATE]
    assert police.cells[0].submitted_on == D(2025, 1, 6)
    assert (police.cells[1].late_days, police.cells[1].label) == (3, "Muộn 3 ngày làm việc")
    justice = rows["Phòng Tư pháp huyện Sơn Dương"]
    assert [c.state for c in justice.cells] == [ON_TIME, MISSING]
    assert justice.cells[0].submitted_on == D(2025, 1, 3)  # the earliest of its sections
    ended = rows[culture.name]
    assert [c.state for c in ended.cells] == [MISSING, NOT_OWED]  # not counted after its end
    assert (police.on_time_rate, police.completeness) == (0.5, 1.0)
    assert (justice.on_time_rate, justice.completeness) == (0.5, 0.5)
    assert (ended.on_time_rate, ended.completeness, ended.due) == (0.0, 0.0, 1)
    first, second = table.totals()
    assert (first[ON_TIME], first[LATE], first[MISSING]) == (2, 0, 1)
    assert (second[ON_TIME], second[LATE], second[MISSING], second[NOT_OWED]) == (0, 1, 1, 1)
    assert (table.on_time_rate, table.completeness) == (0.4, 0.6)


def test_a_withdrawn_assignment_is_not_owed(world, case) -> None:
    plan, _ = case
    Assignment.objects.filter(task__document=plan, agency=world.justice_sd).update(
        withdrawn_on=D(2025, 6, 1)
    )
    justice = _by_name(timeliness_of(plan, on=D(2026, 11, 30)))["Phòng Tư pháp huyện Sơn Dương"]
    assert [c.state for c in justice.cells] == [ON_TIME, NOT_OWED]


def test_a_due_date_on_a_day_off_moves_to_the_next_working_day(settings) -> None:
    assert effective_due(D(2025, 1, 5), frozenset()) == D(2025, 1, 6)  # Sunday → Monday
    assert effective_due(D(2025, 4, 30), frozenset()) == D(2025, 5, 5)  # 30/4-4/5 off in 2025
    assert effective_due(D(2026, 1, 5), frozenset()) == D(2026, 1, 5)
    settings.DONDOC_DUE_MOVES_TO_WORKING_DAY = False
    assert effective_due(D(2025, 1, 5), frozenset()) == D(2025, 1, 5)


def test_only_those_who_follow_the_plan_see_it(world, case) -> None:
    plan, _ = case
    for user in (world.leader, world.inspector, world.admin):
        assert plan_timeliness(user=user, document_id=plan.pk).rows
    for user in (world.outsider, world.officer, world.officer_ys, world.nobody):
        with pytest.raises(NotFound):
            plan_timeliness(user=user, document_id=plan.pk)


def test_the_query_count_does_not_grow_with_agencies_and_periods(world, case) -> None:
    plan, _ = case

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            table = timeliness_of(plan, on=D(2026, 11, 30))
            timeliness_xlsx(table)
        return len(queries)

    before = count()
    for number in range(3):
        period_add(
            actor=world.focal,
            document=plan,
            title=f"Báo cáo đột xuất {number + 1}",
            starts_on=D(2026, 1, 1),
            ends_on=D(2026, 3, 31),
            due_on=D(2026, 4, 10 + number),
        )
    task = plan.tasks.get(path="I/2")
    for name in ("Ban Thử A huyện Sơn Dương", "Ban Thử B huyện Sơn Dương"):
        agency = Agency.objects.create(name=name, kind="other", unit=world.son_duong)
        Assignment.objects.create(
            task=task, role="coordinating", position=20, raw=name, mention=name, agency=agency
        )
    table = timeliness_of(plan, on=D(2026, 11, 30))
    assert (len(table.periods), len(table.rows)) == (5, 6)  # the court owes the ad hoc ones
    assert count() == before <= 4


def test_the_workbook_opens_with_its_figures(world, case) -> None:
    from openpyxl import load_workbook

    plan, _ = case
    data = timeliness_xlsx(timeliness_of(plan, on=D(2026, 11, 30)))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "ĐÚNG HẠN" in rows[0][0] and "15/KH-UBND" in rows[0][0]
    assert rows[2][:4] == ["STT", "Cơ quan", "Năm 2024", "Năm 2025"]
    assert rows[3][1:] == [
        "Công an huyện Sơn Dương",
        "Đúng hạn",
        "Muộn 3 ngày làm việc",
        1,
        1,
        0,
        "50%",
        "100%",
    ]
    assert rows[5][2:4] == ["Chưa gửi", ""] or rows[5][2:4] == ["Chưa gửi", None]
    total = rows[6]
    assert total[1] == "Tổng cộng"
    assert total[2] == "2 đúng hạn, 0 muộn, 1 chưa gửi"
    assert total[-5:] == [2, 1, 2, "40%", "60%"]
