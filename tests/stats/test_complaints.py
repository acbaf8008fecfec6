"""The complaints and denunciations table: rounds, latest outcome, overdue, breakdowns."""

from __future__ import annotations

import datetime

import pytest

from dondoc.registry.models import Complaint, TortureAct
from dondoc.registry.services import (
    complaint_register,
    complaint_round_open,
    complaint_round_resolve,
    person_create,
)
from dondoc.stats.tables import registry
from dondoc.stats.tables.complaints import compute

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def complaints(world):
    man = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Ông D", sex="male", birth_year=1970
    )
    act = TortureAct.objects.get(code="dung_nhuc_hinh")

    def register(kind, accepted, torture=None):
        return complaint_register(
            actor=world.focal, agency=world.police_sd, kind=kind, complainant=man,
            content="Nội dung", received_on=accepted, accepted_on=accepted, torture_act=torture,
        )  # fmt: skip

    first = register(Complaint.Kind.COMPLAINT, D(2024, 1, 2), act)
    round_1 = first.rounds.get()
    complaint_round_resolve(
        actor=world.focal, round=round_1, outcome="rejected", resolved_on=D(2024, 1, 20)
    )
    second_round = complaint_round_open(
        actor=world.focal, complaint=first, accepted_on=D(2024, 2, 1)
    )
    complaint_round_resolve(
        actor=world.focal, round=second_round, outcome="partly", resolved_on=D(2024, 4, 30)
    )  # due 17/3 (45 days): resolved late
    register(Complaint.Kind.DENUNCIATION, D(2024, 10, 1))  # pending, due 31/10
    return world


def test_rounds_outcomes_and_overdue(complaints) -> None:
    world = complaints
    table = compute(user=world.focal, unit=world.son_duong, year=2024, today=D(2024, 12, 31))
    total = table.total.values
    assert (total["received"], total["accepted"], total["round_1"], total["round_2"]) == (
        2,
        2,
        1,
        1,
    )
    # Overdue: the pending denunciation past its due day; the round resolved late is done.
    assert (total["partly"], total["rejected"], total["pending"], total["overdue"]) == (1, 0, 1, 1)
    assert total["rate"] == 50.0
    by_kind = {r.key: r.values["received"] for r in table.rows}
    assert by_kind == {"complaint": 1, "denunciation": 1}
    torture = compute(
        user=world.focal, unit=world.son_duong, year=2024, breakdown="torture_act",
        child_abuse=True, today=D(2024, 12, 31),
    )  # fmt: skip
    assert [r.label for r in torture.rows] == ["Dùng nhục hình"]
    by_age = compute(user=world.focal, unit=world.son_duong, year=2024, breakdown="age_group")
    assert [r.key for r in by_age.rows] == ["18_plus"]
    assert (
        compute(user=world.outsider, unit=world.son_duong, year=2024).total.values["received"] == 0
    )


def test_the_table_is_listed() -> None:
    assert registry()["complaints"].focus_label == "Chỉ liên quan đến tra tấn"
