"""The reintegration registry: registering, the events that move the clocks, support, the end
of supervision, the hand-over between communes, scope, the worklist and the overview."""

from __future__ import annotations

import datetime

import pytest

from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.registry.services import person_create
from dondoc.reintegration import selectors, services
from dondoc.reintegration.clocks import clocks, quarter_due
from dondoc.reintegration.models import ReintegrationSubject, SubjectEvent, SubjectTransfer

from .factories import SUBJECT_NAME, world_communes, world_subject

D = datetime.date
TODAY = D(2026, 11, 30)


def _codes(subject: ReintegrationSubject, today: datetime.date = TODAY) -> dict[str, str]:
    return {clock.code: clock.status for clock in clocks(subject, today=today)}


def test_register_keeps_the_name_encrypted_and_records_the_dated_events(world) -> None:
    subject = world_subject(world)
    assert subject.province == world.province and subject.unit == world.commune_sd
    kinds = list(subject.events.values_list("kind", flat=True))
    assert kinds == ["notice", "received"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM registry_person WHERE id = %s", [subject.person_id])
        assert SUBJECT_NAME not in cursor.fetchone()[0]


def test_clocks_follow_the_events(world) -> None:
    subject = world_subject(world)
    # Notified 10/11/2025 for a release on 15/01/2026: the notice was due 15/11/2025, on time.
    # Verification (3 working days from 10/11/2025) was never recorded; no helper yet;
    # the Q3 2026 report was due 05/10/2026.
    assert _codes(subject) == {
        "notice": "done_on_time",
        "verification": "overdue",
        "helper": "overdue",
        "assessment": "overdue",
    }
    services.event_record(actor=world.focal, subject=subject, kind="verified", on=D(2025, 11, 12))
    services.event_record(
        actor=world.focal, subject=subject, kind="helper", on=D(2026, 1, 26),
        helper="Bà Lý Thị Hoa, Chi hội trưởng Phụ nữ",
    )  # fmt: skip
    services.event_record(
        actor=world.focal, subject=subject, kind="assessment", on=D(2026, 10, 3), group="B"
    )
    subject.refresh_from_db()
    assert subject.assessed_quarter == "2026-Q3" and subject.group == "B"
    assert _codes(subject) == {
        "notice": "done_on_time",
        "verification": "done_on_time",
        "helper": "done_late",  # 16/01 + 3 working days = 21/01/2026
    }
    # On 01/01/2027 the Q4 report is owed, due 05/01/2027.
    assert quarter_due(subject, D(2027, 1, 2)) == (2026, 4)
    assert _codes(subject, D(2027, 1, 4))["assessment"] == "due_soon"


def test_a_late_prison_notice_and_an_arrival_are_flagged(world) -> None:
    communes = world_communes(world)
    person = person_create(actor=communes.officer_sd, agency=communes.police_sd, full_name="A B")
    subject = services.subject_register(
        actor=communes.officer_sd, agency=communes.police_sd, person=person,
        legal_status="pardoned", start_on=D(2027, 1, 10),
    )  # fmt: skip
    # Release on 10/01/2027: the notice was due 10/11/2026 and has not come.
    assert _codes(subject) == {"notice": "overdue"}
    work = selectors.worklist(user=communes.officer_sd, today=TODAY)
    assert [item.subject for item in work.arriving] == [subject]
    assert [item.clock.code for item in work.overdue if item.clock] == ["notice"]
    # A community sentence has no prison notice.
    other = services.subject_register(
        actor=communes.officer_sd, agency=communes.police_sd, person=person,
        legal_status="suspended", start_on=D(2026, 11, 20), received_on=D(2026, 11, 25),
    )  # fmt: skip
    # Its helper is due 30/11/2026 (today), and so is the person's report of November.
    assert _codes(other) == {"helper": "due_soon", "self_report": "due_soon"}


def test_assessment_rules(world) -> None:
    subject = world_subject(world)
    with pytest.raises(InvalidInput, match="A, B, C hoặc D"):
        services.event_record(
            actor=world.focal, subject=subject, kind="assessment", on=TODAY, group="E"
        )
    with pytest.raises(InvalidInput, match="2026-Q3"):
        services.event_record(
            actor=world.focal, subject=subject, kind="assessment", on=TODAY, group="A",
            quarter="Q3/2026",
        )  # fmt: skip
    # An older quarter's report does not move the latest assessed quarter back.
    services.event_record(
        actor=world.focal, subject=subject, kind="assessment", on=TODAY, group="A",
        quarter="2026-Q3",
    )  # fmt: skip
    services.event_record(
        actor=world.focal, subject=subject, kind="assessment", on=TODAY, group="C",
        quarter="2026-Q1",
    )  # fmt: skip
    subject.refresh_from_db()
    assert subject.assessed_quarter == "2026-Q3"
    history = list(subject.events.filter(kind="assessment").values_list("quarter", "group"))
    assert history == [("2026-Q3", "A"), ("2026-Q1", "C")]
    with pytest.raises(InvalidInput, match="tương lai"):
        services.event_record(
            actor=world.focal, subject=subject, kind="note", on=TODAY + datetime.timedelta(1)
        )


def test_only_the_keeping_agency_writes(world) -> None:
    subject = world_subject(world)
    communes = world_communes(world)
    with pytest.raises(NotAllowed):
        services.event_record(actor=communes.officer_tm, subject=subject, kind="note", on=TODAY)
    with pytest.raises(NotAllowed):
        services.support_give(actor=world.outsider, subject=subject, kind="loan", provided_on=TODAY)


def test_support_and_end_of_supervision(world) -> None:
    subject = world_subject(world)
    services.support_give(
        actor=world.focal, subject=subject, kind="loan", provided_on=D(2026, 5, 4),
        amount=30_000_000,
    )  # fmt: skip
    services.subject_end(
        actor=world.focal, subject=subject, ended_on=D(2026, 11, 2), reason="sentenced_again"
    )
    subject.refresh_from_db()
    assert subject.reoffended and not subject.active
    assert _codes(subject) == {"notice": "done_on_time"}  # nothing is owed any more
    with pytest.raises(InvalidInput, match="đã kết thúc"):
        services.event_record(
            actor=world.focal, subject=subject, kind="helper", on=TODAY, helper="X"
        )
    with pytest.raises(InvalidInput, match="đã kết thúc"):
        services.subject_end(actor=world.focal, subject=subject, ended_on=TODAY, reason="died")
    kinds = list(subject.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["support", "ended"]


def test_transfer_hands_the_record_over_and_both_communes_keep_reading_it(world) -> None:
    subject = world_subject(world)
    communes = world_communes(world)
    with pytest.raises(NotFound):
        selectors.access_subject(user=communes.officer_tm, subject_id=subject.pk)
    transfer = services.transfer_request(
        actor=world.focal, subject=subject, to_agency=communes.police_tm, moved_on=D(2026, 11, 20)
    )
    with pytest.raises(InvalidInput, match="đang chờ"):
        services.transfer_request(
            actor=world.focal, subject=subject, to_agency=communes.police_tm, moved_on=TODAY
        )
    # The receiving commune sees it before accepting (to decide), and only it may decide.
    assert selectors.access_subject(user=communes.officer_tm, subject_id=subject.pk) == subject
    assert selectors.worklist(user=communes.officer_tm, today=TODAY).incoming == [transfer]
    assert selectors.worklist(user=world.focal, today=TODAY).outgoing == [transfer]
    with pytest.raises(NotAllowed):
        services.transfer_decide(actor=world.focal, transfer=transfer, accept=True, on=TODAY)
    with pytest.raises(InvalidInput, match="lý do"):
        services.transfer_decide(
            actor=communes.officer_tm, transfer=transfer, accept=False, on=TODAY
        )
    services.transfer_decide(actor=communes.officer_tm, transfer=transfer, accept=True, on=TODAY)
    subject.refresh_from_db()
    assert (subject.agency, subject.unit) == (communes.police_tm, world.commune_ys)
    assert subject.received_on == TODAY and subject.helper_on is None
    assert transfer.state == SubjectTransfer.State.ACCEPTED
    # The new commune owes a helper within 3 working days; the old one may no longer write.
    assert _codes(subject)["helper"] == "open"
    with pytest.raises(NotAllowed):
        services.event_record(actor=world.focal, subject=subject, kind="note", on=TODAY)
    services.event_record(actor=communes.officer_tm, subject=subject, kind="note", on=TODAY)
    # Both read it, with the whole history; Trà Vinh does not.
    for user in (world.focal, communes.officer_tm):
        seen = selectors.access_subject(user=user, subject_id=subject.pk)
        assert SubjectEvent.Kind.TRANSFERRED in seen.events.values_list("kind", flat=True)
    with pytest.raises(NotFound):
        selectors.access_subject(user=world.outsider, subject_id=subject.pk)
    with pytest.raises(InvalidInput, match="đã được xử lý"):
        services.transfer_decide(
            actor=communes.officer_tm, transfer=transfer, accept=True, on=TODAY
        )


def test_refused_transfer_leaves_the_record_where_it_was(world) -> None:
    subject = world_subject(world)
    communes = world_communes(world)
    transfer = services.transfer_request(
        actor=world.focal, subject=subject, to_agency=communes.police_tm, moved_on=TODAY
    )
    services.transfer_decide(
        actor=communes.officer_tm, transfer=transfer, accept=False, on=TODAY,
        note="Không có người này tại địa bàn",
    )  # fmt: skip
    subject.refresh_from_db()
    assert subject.agency == world.police_sd
    assert subject.events.last().kind == SubjectEvent.Kind.TRANSFER_REFUSED
    with pytest.raises(NotFound):
        selectors.access_transfer(user=communes.officer_tm, transfer_id=transfer.pk)


def test_overview_counts_per_commune_and_support_by_kind(world) -> None:
    subject = world_subject(world)
    communes = world_communes(world)
    person = person_create(actor=communes.officer_tm, agency=communes.police_tm, full_name="C D",
                           sex="female")  # fmt: skip
    other = services.subject_register(
        actor=communes.officer_tm, agency=communes.police_tm, person=person,
        legal_status="non_custodial", start_on=D(2025, 6, 1), received_on=D(2025, 6, 2),
    )  # fmt: skip
    services.event_record(
        actor=communes.officer_tm, subject=other, kind="assessment", on=D(2026, 7, 2), group="C"
    )
    services.support_give(
        actor=world.focal, subject=subject, kind="vocational", provided_on=D(2026, 3, 1)
    )
    services.support_give(
        actor=world.focal, subject=subject, kind="vocational", provided_on=D(2026, 6, 1)
    )
    services.subject_end(
        actor=communes.officer_tm, subject=other, ended_on=D(2026, 9, 1), reason="term_ended"
    )
    # The focal officer of the 2025 province sees the whole province of the earlier map.
    view = selectors.overview(user=world.new_focal, year=2026)
    by_unit = {row.unit: row.counts for row in view["rows"]}
    assert by_unit[world.commune_sd]["status_released"] == 1
    assert by_unit[world.commune_sd]["new"] == 1 and by_unit[world.commune_sd]["active"] == 1
    assert by_unit[world.commune_ys]["ended"] == 1 and by_unit[world.commune_ys]["end_term_ended"]
    assert by_unit[world.commune_ys]["group_C"] == 1 and by_unit[world.commune_ys]["female"] == 1
    assert view["totals"]["total"] == 2 and view["totals"]["active"] == 1
    assert ("Đào tạo nghề", 2, 1) in view["supports"]
    # The Sơn Dương focal officer sees only Sơn Dương's commune; Trà Vinh sees nothing.
    assert [row.unit for row in selectors.overview(user=world.focal, year=2026)["rows"]] == [
        world.commune_sd
    ]
    assert selectors.overview(user=world.outsider, year=2026)["totals"]["total"] == 0
    # 2024: neither was under supervision yet.
    assert selectors.overview(user=world.new_focal, year=2024)["totals"]["total"] == 0
