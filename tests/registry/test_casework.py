"""Casework (issue 17) on pinned dates: complaint rounds and their deadlines, a denunciation's
extensions, a case through its stages, corrections with their history, withdrawals leaving the
lists and the statistics, referrals with consent and their clocks. The clock is 30/11/2026."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.registry import casework, corrections, referrals, selectors
from dondoc.registry.models import Complaint, CrimeReport, RecordCorrection, Referral
from dondoc.stats.facts import facts_refresh
from dondoc.stats.models import CrimeReportFact
from tests.registry.factories import (
    world_case,
    world_complaint,
    world_crime_report,
    world_referral,
)

D = datetime.date


def test_first_round_resolved_then_second_opened_with_its_deadline(world) -> None:
    complaint = world_complaint(world)
    first = complaint.rounds.get()
    assert first.due_on == D(2026, 12, 2)  # 30 days after 02/11 (Luật Khiếu nại 2011, Art. 28)
    with pytest.raises(InvalidInput, match="chưa có kết quả"):
        casework.round_open(
            actor=world.focal, complaint=complaint, accepted_on=D(2026, 11, 20), expected=2
        )
    casework.round_resolve(
        actor=world.focal, round_id=first.pk, outcome="rejected", resolved_on=D(2026, 11, 18)
    )
    second = casework.round_open(
        actor=world.focal, complaint=complaint, accepted_on=D(2026, 11, 25), expected=2
    )
    assert (second.number, second.due_on) == (2, D(2027, 1, 9))  # 45 days (Art. 37)
    with pytest.raises(InvalidInput, match="tối đa hai lần"):
        casework.round_resolve(
            actor=world.focal, round_id=second.pk, outcome="upheld", resolved_on=D(2026, 11, 30)
        )
        casework.round_open(
            actor=world.focal, complaint=complaint, accepted_on=D(2026, 11, 30), expected=3
        )


def test_a_round_resolved_twice_tells_the_second_officer(world) -> None:
    round = world_complaint(world).rounds.get()
    casework.round_resolve(
        actor=world.focal, round_id=round.pk, outcome="upheld", resolved_on=D(2026, 11, 10)
    )
    with pytest.raises(casework.Conflict, match="đã có kết quả “Đúng” ngày 10/11/2026"):
        casework.round_resolve(
            actor=world.focal, round_id=round.pk, outcome="rejected", resolved_on=D(2026, 11, 11)
        )
    round.refresh_from_db()
    assert round.outcome == "upheld"


def test_resolution_dates_are_checked(world) -> None:
    round = world_complaint(world).rounds.get()
    with pytest.raises(InvalidInput, match="trước ngày thụ lý 02/11/2026"):
        casework.round_resolve(
            actor=world.focal, round_id=round.pk, outcome="upheld", resolved_on=D(2026, 11, 1)
        )
    with pytest.raises(InvalidInput, match="tương lai"):
        casework.round_resolve(
            actor=world.focal, round_id=round.pk, outcome="upheld", resolved_on=D(2026, 12, 1)
        )


def test_an_outsider_cannot_resolve(world) -> None:
    round = world_complaint(world).rounds.get()
    with pytest.raises(NotAllowed):
        casework.round_resolve(
            actor=world.outsider, round_id=round.pk, outcome="upheld", resolved_on=D(2026, 11, 10)
        )


def test_a_denunciation_is_extended_twice_at_most(world) -> None:
    denunciation = world_complaint(world, kind="denunciation")
    assert denunciation.rounds.get().due_on == D(2026, 12, 2)  # Luật Tố cáo 2018, Art. 30
    once = casework.denunciation_extend(actor=world.focal, complaint=denunciation, expected=1)
    assert once.due_on == D(2027, 1, 1)
    with pytest.raises(casework.Conflict):  # a page shown before the first extension
        casework.denunciation_extend(actor=world.focal, complaint=denunciation, expected=1)
    twice = casework.denunciation_extend(actor=world.focal, complaint=denunciation, expected=2)
    assert twice.due_on == D(2027, 1, 31)
    with pytest.raises(InvalidInput, match="tối đa hai lần"):
        casework.denunciation_extend(actor=world.focal, complaint=denunciation, expected=3)


def test_a_case_moves_through_its_stages(world) -> None:
    case = world_case(world)
    with pytest.raises(InvalidInput, match="chỉ chuyển được sang: Truy tố, Đã kết thúc"):
        casework.criminal_case_advance(
            actor=world.focal,
            case=case,
            expected_stage="investigation",
            stage="first_instance",
            on=D(2026, 11, 1),
        )
    casework.criminal_case_advance(
        actor=world.focal,
        case=case,
        expected_stage="investigation",
        stage="prosecution",
        on=D(2026, 11, 1),
        note="CT 12",
    )
    with pytest.raises(casework.Conflict, match="Truy tố"):
        casework.criminal_case_advance(
            actor=world.focal,
            case=case,
            expected_stage="investigation",
            stage="prosecution",
            on=D(2026, 11, 2),
        )
    with pytest.raises(InvalidInput, match="trước bước trước đó"):
        casework.criminal_case_advance(
            actor=world.focal,
            case=case,
            expected_stage="prosecution",
            stage="first_instance",
            on=D(2026, 10, 30),
        )
    casework.criminal_case_advance(
        actor=world.focal,
        case=case,
        expected_stage="prosecution",
        stage="first_instance",
        on=D(2026, 11, 20),
        outcome="convicted",
        sentence="3 năm tù",
        flags={"appealed": True},
    )
    casework.criminal_case_advance(
        actor=world.focal,
        case=case,
        expected_stage="first_instance",
        stage="appeal",
        on=D(2026, 11, 28),
        outcome="pending",
    )
    case.refresh_from_db()
    assert (case.stage, case.outcome, case.sentence, case.appealed) == (
        "appeal",
        "pending",
        "3 năm tù",
        True,
    )
    assert [s.stage for s in case.steps.all()] == ["prosecution", "first_instance", "appeal"]


def test_several_persons_per_complaint_and_case(world) -> None:
    from dondoc.registry.services import person_create

    complaint, case = world_complaint(world), world_case(world)
    people = [
        person_create(actor=world.focal, agency=world.police_sd, full_name=name)
        for name in ("Lê Văn A", "Lê Văn B")
    ]
    for person in people:
        casework.complaint_person_add(
            actor=world.focal, complaint=complaint, person=person, role="complainant"
        )
        casework.case_person_add(actor=world.focal, case=case, person=person, role="suspect")
    assert complaint.involved.count() == 2 and case.involved.count() == 2
    with pytest.raises(InvalidInput, match="đã có"):
        casework.case_person_add(actor=world.focal, case=case, person=people[0], role="suspect")


def test_a_correction_keeps_the_earlier_values(world) -> None:
    report = world_crime_report(world)
    old_due = report.due_on
    with pytest.raises(InvalidInput, match="Lý do sửa"):
        corrections.record_correct(actor=world.focal, record=report, reason=" ", complex=True)
    correction = corrections.record_correct(
        actor=world.focal,
        record=report,
        reason="Nhập sai ngày tiếp nhận",
        received_on=D(2024, 5, 8),
        summary="Tóm tắt đã sửa",
    )
    assert correction is not None
    assert correction.fields == ["received_on", "summary"]
    assert json.loads(correction.before) == {"received_on": "2024-05-06", "summary": ""}
    with connection.cursor() as cursor:
        table = RecordCorrection._meta.db_table
        cursor.execute(f"SELECT before FROM {table} WHERE id = %s", [correction.pk])  # noqa: S608
        raw = cursor.fetchone()[0]
    assert "2024-05-06" not in raw  # stored encrypted
    report.refresh_from_db()
    assert report.received_on == D(2024, 5, 8) and report.due_on == old_due + datetime.timedelta(2)
    history = corrections.correction_history(report)
    assert history[0]["reason"] == "Nhập sai ngày tiếp nhận"
    with pytest.raises(InvalidInput, match="Không sửa được: agency"):
        corrections.record_correct(actor=world.focal, record=report, reason="x", agency=None)


def _reports_counted(world, year: int) -> int:
    rows = CrimeReportFact.objects.filter(
        province=world.province, year=year, kind="report"
    ).values_list("count", flat=True)
    return sum(rows)


def test_a_withdrawal_leaves_lists_and_every_count(world) -> None:
    report = world_crime_report(world)
    facts_refresh(province_id=world.province.pk, year=2024)
    assert _reports_counted(world, 2024) == 1
    corrections.record_withdraw(actor=world.focal, record=report, reason="duplicate")
    assert _reports_counted(world, 2024) == 0  # the delta, in the withdrawal's transaction
    facts_refresh(province_id=world.province.pk, year=2024, force=True)
    assert _reports_counted(world, 2024) == 0  # and a rebuild agrees
    assert not selectors.records_visible(CrimeReport, user=world.focal).exists()
    assert CrimeReport.objects.filter(pk=report.pk, withdrawn_reason="duplicate").exists()
    with pytest.raises(InvalidInput, match="đã được loại bỏ"):
        corrections.record_withdraw(actor=world.focal, record=report, reason="duplicate")
    with pytest.raises(InvalidInput, match="không sửa được"):
        corrections.record_correct(actor=world.focal, record=report, reason="x", complex=True)


def test_a_person_still_named_cannot_be_withdrawn(world) -> None:
    report = world_crime_report(world)
    victim = report.involved.get(role="victim").person
    with pytest.raises(InvalidInput, match="còn được dùng trong tin báo"):
        corrections.record_withdraw(actor=world.focal, record=victim, reason="duplicate")
    with pytest.raises(InvalidInput, match="ghi rõ lý do"):
        corrections.record_withdraw(actor=world.focal, record=report, reason="other")


def test_a_withdrawn_complaint_leaves_the_complaint_table(world) -> None:
    complaint = world_complaint(world)
    corrections.record_withdraw(actor=world.focal, record=complaint, reason="template_row")
    assert not selectors.records_visible(Complaint, user=world.focal).exists()
    with pytest.raises(InvalidInput, match="loại bỏ"):
        casework.round_resolve(
            actor=world.focal,
            round_id=complaint.rounds.get().pk,
            outcome="upheld",
            resolved_on=D(2026, 11, 10),
        )


def test_a_child_is_referred_with_a_parents_consent(world) -> None:
    report = world_crime_report(world)
    child = report.involved.get(role="victim").person  # born 03/02/2013: 13 years old
    values = dict(
        agency=world.police_sd,
        person=child,
        origin="victim",
        service="health",
        provider_name="Bệnh viện huyện",
        referred_on=D(2026, 11, 20),
        consent_on=D(2026, 11, 20),
    )
    with pytest.raises(InvalidInput, match=r"13 tuổi .* cha, mẹ hoặc người giám hộ"):
        referrals.referral_create(actor=world.focal, consent_by="self", **values)
    with pytest.raises(InvalidInput, match="Họ tên cha, mẹ"):
        referrals.referral_create(actor=world.focal, consent_by="parent", **values)
    with pytest.raises(InvalidInput, match="cần có sự đồng ý trước"):
        referrals.referral_create(
            actor=world.focal,
            consent_by="parent",
            consent_name="Mẹ",
            **(values | {"consent_on": D(2026, 11, 21)}),
        )
    referral = referrals.referral_create(
        actor=world.focal, consent_by="guardian", consent_name="Bà Nội", **values
    )
    assert referral.respond_by == D(2026, 11, 23)  # REFERRAL_RESPONSE_DAYS, 3 by default


def test_a_referral_is_accepted_then_closed_by_its_feedback(world) -> None:
    referral = world_referral(world)  # referred 20/11/2026, answer due 23/11
    today = D(2026, 11, 30)
    assert referrals.referral_status(referral, today=today) == "overdue"
    assert referrals.referrals_overdue(user=world.focal, today=today) == [referral]
    assert referrals.referrals_overdue(user=world.outsider, today=today) == []
    with pytest.raises(InvalidInput, match="Lý do từ chối"):
        referrals.referral_respond(
            actor=world.focal, referral=referral, accepted=False, responded_on=D(2026, 11, 22)
        )
    referrals.referral_respond(
        actor=world.focal, referral=referral, accepted=True, responded_on=D(2026, 11, 22)
    )
    referral.refresh_from_db()
    assert (referral.status, referral.feedback_by) == ("accepted", D(2026, 12, 22))
    assert referrals.referrals_overdue(user=world.focal, today=today) == []
    assert referrals.referrals_overdue(user=world.focal, today=D(2026, 12, 23)) == [referral]
    referrals.referral_feedback(
        actor=world.focal, referral=referral, feedback="Đã tiếp nhận", feedback_on=D(2026, 11, 29)
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    with pytest.raises(InvalidInput, match="đã được trả lời"):
        referrals.referral_respond(
            actor=world.focal, referral=referral, accepted=True, responded_on=D(2026, 11, 29)
        )
    with pytest.raises(NotAllowed):
        referrals.referral_feedback(
            actor=world.outsider, referral=referral, feedback="x", feedback_on=D(2026, 11, 29)
        )


IMPORTED = (
    "Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Kết quả giải quyết,Ngày quyết định,"
    "Họ tên bị hại,Giới tính bị hại,Năm sinh bị hại,Dân tộc bị hại\n"
    "01/03/2024,Tố giác về tội phạm,146,Đang giải quyết,,Nguyễn Thị Bình,Nữ,2012,Tày\n"
    "02/04/2024,Tin báo về tội phạm,,Đang giải quyết,,,,,\n"
)


def _import(world):
    from dondoc.registry.transfer import registry_import

    result = registry_import(
        actor=world.focal,
        agency=world.police_sd,
        kind="crime_reports",
        data=IMPORTED.encode(),
        filename="tb.csv",
    )
    assert result.saved == 2
    [(_agency, made)] = corrections.imports_of(agency_ids=[world.police_sd.pk])
    return made


def test_an_import_is_undone_as_a_whole_and_leaves_the_statistics(world) -> None:
    from dondoc.registry.models import ImportedRow, Person

    made = _import(world)
    assert (made.kind, made.rows) == ("crime_reports", 2)
    facts_refresh(province_id=world.province.pk, year=2024)
    assert _reports_counted(world, 2024) == 2
    with pytest.raises(NotAllowed):
        corrections.import_undo(
            actor=world.outsider,
            agency_id=world.police_sd.pk,
            kind="crime_reports",
            imported_at=made.imported_at,
        )
    undone = corrections.import_undo(
        actor=world.focal,
        agency_id=world.police_sd.pk,
        kind="crime_reports",
        imported_at=made.imported_at,
    )
    assert undone == 2
    assert not selectors.records_visible(CrimeReport, user=world.focal).exists()
    assert not selectors.records_visible(Person, user=world.focal).exists()  # its victim too
    assert not ImportedRow.objects.exists()  # the corrected file can be imported again
    facts_refresh(province_id=world.province.pk, year=2024)  # the rebuild the task does
    assert _reports_counted(world, 2024) == 0
    assert corrections.imports_of(agency_ids=[world.police_sd.pk]) == []
    _import(world)  # the same file again: saved, not skipped as already imported


def test_an_import_something_depends_on_is_not_undone(world) -> None:
    made = _import(world)
    report = CrimeReport.objects.get(received_on=D(2024, 3, 1))
    corrections.record_correct(
        actor=world.focal, record=report, reason="Sai số thụ lý", number="TB-9"
    )
    with pytest.raises(InvalidInput, match="hồ sơ đã được sửa"):
        corrections.import_undo(
            actor=world.focal,
            agency_id=world.police_sd.pk,
            kind="crime_reports",
            imported_at=made.imported_at,
        )
    assert selectors.records_visible(CrimeReport, user=world.focal).count() == 2
