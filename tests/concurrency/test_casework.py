"""Two officers resolve the same complaint round at once, with two real connections
(PostgreSQL): one wins, the other is told who resolved it and how; the round keeps one result."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from dondoc.registry.models import ComplaintRound
from tests.concurrency.conftest import on_postgresql, together
from tests.registry.factories import world_complaint
from tests.world import signed_in

pytestmark = on_postgresql


def test_two_officers_resolving_one_round_one_wins(world, monkeypatch) -> None:
    import time

    from dondoc.registry import casework

    complaint = world_complaint(world)
    checked = casework.not_future

    def slow_check(*args, **kwargs):
        checked(*args, **kwargs)
        time.sleep(1.0)  # the other officer's request arrives while this one decides

    monkeypatch.setattr(casework, "not_future", slow_check)
    round = complaint.rounds.get()
    url = reverse("web:complaint_round_resolve", args=[complaint.pk])
    first, second = signed_in(world.focal), signed_in(world.focal)  # two sessions
    answers = together(
        lambda: first.post(url, {"round": round.pk, "outcome": "upheld",
                                 "resolved_on": "10/11/2026"}),
        lambda: second.post(url, {"round": round.pk, "outcome": "rejected",
                                  "resolved_on": "11/11/2026"}),
    )  # fmt: skip
    assert [a.status_code for a in answers] == [302, 302], answers
    told = [[str(m) for m in get_messages(a.wsgi_request)] for a in answers]
    won = [t for t in told if t == ["Đã ghi kết quả giải quyết."]]
    lost = [t for t in told if t and "đã có kết quả" in t[0]]
    assert len(won) == 1 and len(lost) == 1, told
    round = ComplaintRound.objects.get(pk=round.pk)
    assert (round.outcome, round.resolved_on.day) in {("upheld", 10), ("rejected", 11)}
    assert f"“{round.get_outcome_display()}”" in lost[0][0]


def test_two_officers_opening_the_second_round_one_wins(world) -> None:
    import datetime

    from dondoc.registry.casework import round_resolve

    complaint = world_complaint(world)
    round_resolve(actor=world.focal, round_id=complaint.rounds.get().pk, outcome="rejected",
                  resolved_on=datetime.date(2026, 11, 10))  # fmt: skip
    url = reverse("web:complaint_round_open", args=[complaint.pk])
    form = {"expected": 2, "accepted_on": "20/11/2026"}
    first, second = signed_in(world.focal), signed_in(world.focal)
    answers = together(lambda: first.post(url, form), lambda: second.post(url, form))
    assert [a.status_code for a in answers] == [302, 302], answers
    assert complaint.rounds.count() == 2
