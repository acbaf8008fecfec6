"""State compensation claims through their steps (issue 17): verification, negotiation,
decision with the amount granted, payments as dated entries; each step's deadline followed
(overdue on "Việc của tôi"), audited, reflected in the statistics table."""

from __future__ import annotations

from datetime import date as D
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.registry.models import CompensationClaim
from dondoc.registry.services import (
    compensation_claim_pay,
    compensation_claim_progress,
    compensation_claim_steps,
    compensation_claims_overdue,
)
from tests.registry.factories import world_claim

pytestmark = pytest.mark.django_db


def _actions(claim: CompensationClaim) -> list[str]:
    rows = LogEntry.objects.get_for_object(claim).order_by("pk")
    return [row.changes_dict.get("action", ["", ""])[0] for row in rows]


def _decided(world, claim, amount="8000000") -> CompensationClaim:
    return compensation_claim_progress(
        actor=world.focal, claim=claim, verified_on=D(2024, 5, 15), negotiated_on=D(2024, 5, 24),
        decided_on=D(2024, 5, 30), outcome="decided", amount_decided=Decimal(amount),
    )  # fmt: skip


def test_the_running_step_is_followed_until_paid(world) -> None:
    claim = world_claim(world)  # accepted 02/05/2024, nothing done since: verification late
    assert claim.next_due_on == D(2024, 5, 17)
    today = D(2026, 11, 30)
    assert compensation_claims_overdue(user=world.focal, today=today) == [claim]
    claim = _decided(world, claim)
    # Decided 30/05/2024: the payment's clock runs (30 days, configurable), overdue today.
    assert claim.next_due_on == D(2024, 6, 29)
    assert [s.done_on for s in compensation_claim_steps(claim)] == [
        D(2024, 5, 15), D(2024, 5, 24), D(2024, 5, 30), None,
    ]  # fmt: skip
    compensation_claim_pay(actor=world.focal, claim=claim, amount=3_000_000,
                           paid_on=D(2024, 6, 10), note="UNC 12")  # fmt: skip
    claim.refresh_from_db()
    state = (claim.amount_paid, claim.paid_on, claim.next_due_on)
    assert state == (3_000_000, None, D(2024, 6, 29))
    compensation_claim_pay(actor=world.focal, claim=claim, amount=5_000_000,
                           paid_on=D(2024, 6, 20))  # fmt: skip
    claim.refresh_from_db()
    state = (claim.amount_paid, claim.paid_on, claim.next_due_on)
    assert state == (8_000_000, D(2024, 6, 20), None)
    assert compensation_claims_overdue(user=world.focal, today=today) == []
    assert [p.amount for p in claim.payments.all()] == [3_000_000, 5_000_000]
    assert _actions(claim).count("compensation_claim.pay") == 2
    assert "compensation_claim.progress" in _actions(claim)
    # Nothing more to pay: a third payment is refused and says what is left.
    with pytest.raises(InvalidInput, match="còn 0 đồng"):
        compensation_claim_pay(actor=world.focal, claim=claim, amount=1, paid_on=D(2024, 6, 21))


def test_payment_needs_a_decision_and_cannot_exceed_it(world) -> None:
    claim = world_claim(world)
    with pytest.raises(InvalidInput, match="Chưa có quyết định"):
        compensation_claim_pay(actor=world.focal, claim=claim, amount=1, paid_on=D(2024, 6, 1))
    with pytest.raises(InvalidInput, match="Số tiền được bồi thường theo quyết định: bắt buộc"):
        compensation_claim_progress(actor=world.focal, claim=claim, decided_on=D(2024, 5, 30),
                                    outcome="decided")  # fmt: skip
    with pytest.raises(InvalidInput, match="hãy ghi ngày quyết định"):
        compensation_claim_progress(actor=world.focal, claim=claim, outcome="decided",
                                    amount_decided=Decimal(1))  # fmt: skip
    claim = _decided(world, claim)
    with pytest.raises(InvalidInput, match=r"vượt quá số còn phải trả: còn 8\.000\.000 đồng"):
        compensation_claim_pay(actor=world.focal, claim=claim, amount=9_000_000,
                               paid_on=D(2024, 6, 1))  # fmt: skip
    with pytest.raises(InvalidInput, match="trước ngày quyết định"):
        compensation_claim_pay(actor=world.focal, claim=claim, amount=1, paid_on=D(2024, 5, 1))
    compensation_claim_pay(actor=world.focal, claim=claim, amount=5_000_000, paid_on=D(2024, 6, 1))
    # The amount decided can no longer go under what was paid.
    with pytest.raises(InvalidInput, match="không thể nhỏ hơn số đã chi trả"):
        _decided(world, claim, amount="4000000")
    with pytest.raises(NotAllowed):
        compensation_claim_pay(actor=world.officer_ys, claim=claim, amount=1,
                               paid_on=D(2024, 6, 2))  # fmt: skip


def test_a_rejected_claim_has_no_payment_step(world) -> None:
    claim = compensation_claim_progress(
        actor=world.focal, claim=world_claim(world), verified_on=D(2024, 5, 15),
        negotiated_on=D(2024, 5, 24), decided_on=D(2024, 5, 30), outcome="rejected",
    )  # fmt: skip
    assert [s.code for s in compensation_claim_steps(claim)] == [
        "verification", "negotiation", "decision",
    ]  # fmt: skip
    assert claim.next_due_on is None and claim.amount_decided is None


def test_the_statistics_table_reads_the_amounts_decided_and_paid(world) -> None:
    from dondoc.stats.tables.compensation import compute

    claim = _decided(world, world_claim(world))
    compensation_claim_pay(actor=world.focal, claim=claim, amount=2_000_000, paid_on=D(2024, 6, 1))
    total = compute(user=world.focal, unit=world.son_duong, year=2024).total.values
    assert (total["resolved"], total["decided"], total["paid"]) == (1, 8.0, 2.0)
