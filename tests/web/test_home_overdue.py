"""Issue 18: "Việc của tôi" counts the overdue crime reports up to a bound (74,513 of one
district police at 1 M records cost 125 ms per view) and says "more than" above it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dondoc.registry import crime
from dondoc.registry.models import Offence
from dondoc.registry.services import crime_report_register, person_create
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def test_home_counts_overdue_crime_reports_up_to_a_bound(world, monkeypatch) -> None:
    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Chị E")
    offence = Offence.objects.get(article=146)
    for month in (6, 7, 8):  # due 20 days later: all three overdue on 30/11/2026
        crime_report_register(
            actor=world.focal, agency=world.police_sd, received_on=datetime.date(2026, month, 1),
            source="denunciation", offence=offence, involved=[(person, "victim")],
        )  # fmt: skip
    monkeypatch.setattr(crime, "OVERDUE_SHOWN", 1)
    client = signed_in(world.focal)
    monkeypatch.setattr(crime, "OVERDUE_COUNTED", 3)
    exact = client.get(reverse("web:home")).content.decode()
    assert "Tin báo quá hạn giải quyết (3)" in exact and "Xem tất cả 3 tin báo quá hạn" in exact
    monkeypatch.setattr(crime, "OVERDUE_COUNTED", 2)
    bounded = client.get(reverse("web:home")).content.decode()
    assert "Tin báo quá hạn giải quyết (hơn 2)" in bounded
    assert "Xem tất cả tin báo quá hạn (hơn 2)" in bounded
    assert bounded.count('<tr class="state-overdue">') == 1
