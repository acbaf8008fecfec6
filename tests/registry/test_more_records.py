"""Criminal cases, compensation claims, victim support, activities, legal instruments and
friendly interview rooms through their services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.registry.models import (
    Activity,
    CriminalCase,
    FriendlyInterviewRoom,
    Offence,
    TortureAct,
    VictimSupport,
)
from dondoc.registry.services import (
    compensation_claim_register,
    compensation_claim_steps,
    criminal_case_open,
    criminal_case_update,
    person_create,
    record_add,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def person(world):
    return person_create(
        actor=world.focal, agency=world.police_sd, full_name="Vũ Văn Tài", sex="male",
        birth_year=1985,
    )  # fmt: skip


def test_case_life_and_the_flags_the_plans_count(world, person) -> None:
    case = criminal_case_open(
        actor=world.focal,
        agency=world.police_sd,
        number="12/2024/HS",
        opened_on=D(2024, 4, 1),
        offences=[Offence.objects.get(article=373)],
        involved=[(person, "suspect")],
        facts="Dùng nhục hình trong khi lấy lời khai",
        place="Trụ sở Công an xã",
    )
    case = criminal_case_update(
        actor=world.focal,
        case=case,
        stage=CriminalCase.Stage.CLOSED,
        outcome=CriminalCase.Outcome.CONVICTED,
        sentence="24 tháng tù",
        appealed=True,
        judgment_changed=True,
        evidence_excluded=True,
    )
    case.refresh_from_db()
    assert (case.stage, case.outcome, case.evidence_excluded) == ("closed", "convicted", True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT facts, place FROM registry_criminalcase WHERE id = %s", [case.pk])
        assert all(value.startswith("enc1:") for value in cursor.fetchone())
    with pytest.raises(InvalidInput, match="Không sửa được"):
        criminal_case_update(actor=world.focal, case=case, agency=world.police_ys)
    with pytest.raises(InvalidInput, match="Tội danh"):
        criminal_case_open(
            actor=world.focal, agency=world.police_sd, number="1", opened_on=D(2024, 1, 1),
            offences=[],
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        criminal_case_update(actor=world.officer_ys, case=case, stage="appeal")


def test_compensation_claim_and_its_statutory_steps(world, person) -> None:
    claim = compensation_claim_register(
        actor=world.focal,
        agency=world.police_sd,
        claimant=person,
        damaging_act="Bị tạm giữ trái pháp luật 10 ngày",
        amount_claimed=Decimal("150000000"),
        accepted_on=D(2024, 5, 2),
        torture_act=TortureAct.objects.get(code="bat_giu_giam_trai_phap_luat"),
    )
    assert claim.torture_victim
    steps = {step.code: step.due for step in compensation_claim_steps(claim)}
    assert steps == {"verification": D(2024, 5, 17), "negotiation": D(2024, 5, 27),
                     "decision": D(2024, 6, 1), "payment": D(2024, 7, 1)}  # fmt: skip
    assert claim.next_due_on == D(2024, 5, 17)


def test_simple_records(world, person) -> None:
    support = record_add(
        actor=world.focal, model=VictimSupport, agency=world.police_sd, person=person,
        form="counselling", provided_on=D(2024, 6, 1), provider=world.justice_sd,
    )  # fmt: skip
    assert support.province == world.province
    activity = record_add(
        actor=world.officer, model=Activity, agency=world.justice_sd, kind="conference",
        subject="cat", title="Hội nghị tuyên truyền Công ước chống tra tấn",
        held_on=D(2024, 6, 26), audiences=["officials", "women"], participants_male=40,
        participants_female=35, languages="Tiếng Việt, tiếng Tày", materials=200,
    )  # fmt: skip
    assert activity.agency == world.justice_sd
    with pytest.raises(InvalidInput, match="Đối tượng"):
        record_add(
            actor=world.officer, model=Activity, agency=world.justice_sd, kind="talk",
            subject="cat", title="x", held_on=D(2024, 1, 1), audiences=["aliens"],
        )  # fmt: skip
    record_add(
        actor=world.focal, model=FriendlyInterviewRoom, agency=world.police_sd,
        since=D(2023, 9, 1),
    )  # fmt: skip
    with pytest.raises(InvalidInput):  # one room per police unit
        record_add(
            actor=world.focal, model=FriendlyInterviewRoom, agency=world.police_sd,
            since=D(2024, 1, 1),
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        record_add(
            actor=world.officer, model=FriendlyInterviewRoom, agency=world.police_sd,
            since=D(2024, 1, 1),
        )  # fmt: skip
