"""The activities and criminal cases tables."""

from __future__ import annotations

import datetime

import pytest

from dondoc.registry.models import Activity, Offence
from dondoc.registry.services import criminal_case_open, criminal_case_update, record_add
from dondoc.stats.tables.activities import compute as activities
from dondoc.stats.tables.cases import compute as cases

pytestmark = pytest.mark.django_db
D = datetime.date


def test_activities_by_kind_and_audience(world) -> None:
    for title, kind, subject, men, women, audiences in (
        ("Hội nghị", "conference", "cat", 40, 35, ["officials", "women"]),
        ("Tập huấn", "training", "cat", 10, 20, ["officials"]),
        ("Nói chuyện", "talk", "child_abuse", 5, 50, ["children"]),
    ):
        record_add(
            actor=world.officer, model=Activity, agency=world.justice_sd, kind=kind,
            subject=subject, title=title, held_on=D(2024, 6, 1), participants_male=men,
            participants_female=women, audiences=audiences, materials=100,
        )  # fmt: skip
    table = activities(user=world.focal, unit=world.son_duong, year=2024)
    assert table.total.values["participants"] == 160 and table.total.values["materials"] == 300
    by_audience = activities(
        user=world.focal, unit=world.son_duong, year=2024, breakdown="audience"
    )
    assert {r.key: r.values["activities"] for r in by_audience.rows} == {
        "officials": 2,
        "women": 1,
        "children": 1,
    }
    cat = activities(user=world.focal, unit=world.son_duong, year=2024, child_abuse=True)
    assert (
        cat.total.values["activities"] == 2 and cat.total.values["female_share"] == 52.4
    )  # 55 of 105


def test_cases_outcomes_and_torture_flags(world) -> None:
    first = criminal_case_open(
        actor=world.focal, agency=world.police_sd, number="1/2024", opened_on=D(2024, 2, 1),
        offences=[Offence.objects.get(article=373)],
    )  # fmt: skip
    criminal_case_update(
        actor=world.focal, case=first, stage="closed", outcome="convicted", appealed=True,
        evidence_excluded=True,
    )  # fmt: skip
    criminal_case_open(
        actor=world.focal, agency=world.police_sd, number="2/2024", opened_on=D(2024, 3, 1),
        offences=[Offence.objects.get(article=146)],
    )  # fmt: skip
    table = cases(user=world.focal, unit=world.son_duong, year=2024, breakdown="offence")
    assert {r.key: r.values["cases"] for r in table.rows} == {"child_abuse": 1, "torture": 1}
    total = table.total.values
    assert (total["cases"], total["convicted"], total["appealed"], total["evidence_excluded"]) == (
        2, 1, 1, 1,
    )  # fmt: skip
    assert cases(user=world.outsider, unit=world.son_duong, year=2024).total.values["cases"] == 0


def test_compensation_claims_amounts_and_support(world) -> None:
    from decimal import Decimal

    from dondoc.registry.models import TortureAct, VictimSupport
    from dondoc.registry.services import compensation_claim_register, person_create
    from dondoc.stats.tables.compensation import compute as compensation

    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Ông G")
    claim = compensation_claim_register(
        actor=world.focal, agency=world.police_sd, claimant=person,
        damaging_act="Bị dùng nhục hình khi lấy lời khai", amount_claimed=Decimal("250000000"),
        accepted_on=D(2024, 3, 1), torture_act=TortureAct.objects.get(code="dung_nhuc_hinh"),
    )  # fmt: skip
    compensation_claim_register(
        actor=world.focal, agency=world.police_sd, claimant=person,
        damaging_act="Thu giữ tài sản trái pháp luật", amount_claimed=Decimal("50000000"),
        accepted_on=D(2024, 5, 1),
    )  # fmt: skip
    claim.outcome, claim.amount_paid = "decided", Decimal("120000000")
    claim.save()
    record_add(
        actor=world.focal, model=VictimSupport, agency=world.police_sd, person=person,
        form="legal_aid", provided_on=D(2024, 4, 1),
    )  # fmt: skip
    table = compensation(user=world.focal, unit=world.son_duong, year=2024)
    total = table.total.values
    assert (total["claims"], total["resolved"], total["torture_victims"]) == (2, 1, 1)
    assert (total["claimed"], total["paid"], total["rate"]) == (300.0, 120.0, 50.0)
    assert table.notes == ["Lượt hỗ trợ nạn nhân trong năm: 1."]
    torture = compensation(user=world.focal, unit=world.son_duong, year=2024, child_abuse=True)
    assert torture.total.values["claims"] == 1
