"""Two officers record the same payment of a compensation claim at once, with two real
connections (PostgreSQL): one is recorded, the other is told nothing is left to pay; the claim
is never paid more than its decision grants."""

from __future__ import annotations

from datetime import date as D
from decimal import Decimal

from django.contrib.messages import get_messages
from django.urls import reverse

from dondoc.registry.models import CompensationClaim
from tests.concurrency.conftest import on_postgresql, together
from tests.registry.factories import world_claim
from tests.world import signed_in

pytestmark = on_postgresql


def test_two_officers_paying_the_same_claim_pay_once(world, monkeypatch) -> None:
    import time

    from dondoc.registry import services

    claim = services.compensation_claim_progress(
        actor=world.focal, claim=world_claim(world), verified_on=D(2024, 5, 15),
        negotiated_on=D(2024, 5, 24), decided_on=D(2024, 5, 30), outcome="decided",
        amount_decided=Decimal(8_000_000),
    )  # fmt: skip
    checked = services.amount_checked

    def slow_check(*args, **kwargs):
        value = checked(*args, **kwargs)
        time.sleep(1.0)  # the other officer's request arrives while this one pays
        return value

    monkeypatch.setattr(services, "amount_checked", slow_check)
    url = reverse("web:compensation_pay", args=[claim.pk])
    form = {"paid_on": "10/06/2024", "amount": "8.000.000"}
    first, second = signed_in(world.focal), signed_in(world.focal)  # two sessions
    answers = together(lambda: first.post(url, form), lambda: second.post(url, form))
    assert [a.status_code for a in answers] == [302, 302], answers
    told = [str(m) for a in answers for m in get_messages(a.wsgi_request)]
    assert len(told) == 2 and told.count("Đã ghi lần chi trả tiền bồi thường.") == 1, told
    assert any("còn 0 đồng" in message for message in told), told
    claim = CompensationClaim.objects.get(pk=claim.pk)
    assert (claim.amount_paid, claim.payments.count()) == (8_000_000, 1)
