"""Complaints in criminal procedure (BLTTHS 2015, chương XXXIII): who resolves a complaint
against which body's decision and in how many days, each round's deadline and the final one."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dondoc.core.exceptions import InvalidInput
from dondoc.registry import casework, deadlines
from dondoc.registry.models import Complaint, ComplaintRound
from dondoc.registry.services import complaint_register, person_create
from tests.world import signed_in

D = datetime.date


def test_the_rules_name_the_resolver_the_days_and_the_article() -> None:
    first = deadlines.criminal_complaint_deadline(D(2026, 11, 2), round=1, against="investigator")
    assert first.due == D(2026, 11, 9) and first.source == "BLTTHS 2015, Điều 475"
    assert "do Thủ trưởng Cơ quan điều tra giải quyết" in first.rule
    head = deadlines.criminal_complaint_deadline(D(2026, 11, 2), round=2,
                                                 against="investigation_head")  # fmt: skip
    assert head.due == D(2026, 11, 17) and "cuối cùng" in head.rule
    assert "Viện kiểm sát cấp trên trực tiếp" in head.rule
    assert deadlines.criminal_complaint_rounds("procuracy_head") == 1
    with pytest.raises(ValueError, match="không có lần 2"):
        deadlines.criminal_complaint_deadline(D(2026, 11, 2), round=2, against="court_head")
    for label, rounds in deadlines.criminal_complaint_rules().values():
        assert label and all(r.source.startswith("BLTTHS 2015, Điều 47") for r in rounds)


@pytest.mark.django_db
def test_a_complaint_against_an_investigators_decision_follows_the_code(world) -> None:
    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Lò Văn Khiếu")
    complaint = complaint_register(
        actor=world.focal, agency=world.police_sd, kind="complaint", complainant=person,
        content="Khiếu nại quyết định không khởi tố vụ án", received_on=D(2026, 11, 2),
        accepted_on=D(2026, 11, 2), criminal_against="investigator",
    )  # fmt: skip
    first = complaint.rounds.get()
    assert first.due_on == D(2026, 11, 9)  # 07 days, not the Law on Complaints' 30
    casework.round_resolve(
        actor=world.focal, round_id=first.pk, outcome=ComplaintRound.Outcome.REJECTED,
        resolved_on=D(2026, 11, 6),
    )  # fmt: skip
    second = casework.round_open(actor=world.focal, complaint=complaint,
                                 accepted_on=D(2026, 11, 10), expected=2)  # fmt: skip
    assert second.due_on == D(2026, 11, 17)
    casework.round_resolve(
        actor=world.focal, round_id=second.pk, outcome=ComplaintRound.Outcome.REJECTED,
        resolved_on=D(2026, 11, 16),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="quyết định cuối cùng"):
        casework.round_open(actor=world.focal, complaint=complaint,
                            accepted_on=D(2026, 11, 20), expected=3)  # fmt: skip
    with pytest.raises(InvalidInput, match="Khiếu nại trong tố tụng hình sự"):
        complaint_register(
            actor=world.focal, agency=world.police_sd, kind="denunciation", complainant=person,
            content="Tố cáo", received_on=D(2026, 11, 2), criminal_against="investigator",
        )  # fmt: skip


@pytest.mark.django_db
def test_the_form_offers_the_criminal_procedure(world) -> None:
    client = signed_in(world.focal)
    page = client.get(reverse("web:complaint_new")).content.decode()
    assert "Khiếu nại quyết định, hành vi tố tụng hình sự của" in page
    assert "Thủ trưởng Cơ quan điều tra" in page
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_the_complaint_page_shows_the_codes_rule_and_no_third_round(world) -> None:
    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Lò Văn Hai")
    complaint = complaint_register(
        actor=world.focal, agency=world.police_sd, kind="complaint", complainant=person,
        content="Khiếu nại quyết định tạm giữ", received_on=D(2026, 11, 20),
        accepted_on=D(2026, 11, 20), criminal_against="procuracy_head",
    )  # fmt: skip
    url = reverse("web:complaint_detail", args=[complaint.pk])
    page = signed_in(world.focal).get(url).content.decode()
    assert "BLTTHS 2015, Điều 476" in page and "Viện kiểm sát cấp trên trực tiếp" in page
    round = complaint.rounds.get()
    casework.round_resolve(
        actor=world.focal, round_id=round.pk, outcome=ComplaintRound.Outcome.REJECTED,
        resolved_on=D(2026, 11, 25),
    )  # fmt: skip
    page = signed_in(world.focal).get(url).content.decode()
    assert "Thụ lý giải quyết lần hai" not in page  # final after one round
    assert signed_in(world.outsider).get(url).status_code == 404
