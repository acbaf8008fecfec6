"""Crime reports as the receiving register keeps them: the date and place of the offence, the
people named (found before they are created), the dated steps of BLTTHS 2015 Art. 147-149 and
the deadline each leaves, on pinned dates."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.org.models import AdminUnit
from dondoc.registry import crime, deadlines, overdue
from dondoc.registry.models import CrimeReport, CrimeReportStep, Offence, Person
from dondoc.registry.services import PersonInput
from tests.org.factories import make_unit

D = datetime.date
TODAY = D(2026, 11, 30)  # the pinned clock


def _receive(world, **extra):
    values = dict(
        actor=world.focal, agency=world.police_sd, received_on=D(2026, 11, 1),
        source="report", offence=Offence.objects.get(code="134"),
        named=[
            (PersonInput(full_name="Lê Văn Báo"), "reporter"),
            (PersonInput(full_name="Trần Văn Một", identity_number="008090000001"), "suspect"),
            (PersonInput(full_name="Trần Văn Hai"), "suspect"),
            (PersonInput(full_name="Hà Thị Bị", identity_number="008190000009"), "victim"),
        ],
        offence_on=D(2026, 10, 31),
    )  # fmt: skip
    values.update(extra)
    return crime.crime_report_receive_register(**values)


def test_a_tin_bao_for_article_134_with_a_reporter_and_two_suspects(world) -> None:
    report = _receive(world, offence_address="Tổ 7, thôn Đồng Tâm")
    report.refresh_from_db()
    roles = crime.named_by_role(report)
    assert [len(roles[r]) for r in ("reporter", "suspect", "victim")] == [1, 2, 1]
    assert report.offence_on == D(2026, 10, 31)
    assert report.offence_address == "Tổ 7, thôn Đồng Tâm"
    assert report.due_on == D(2026, 11, 21)  # 20 days (Art. 147(1))
    assert list(report.steps.values_list("kind", flat=True)) == ["received"]


def test_the_victim_already_on_record_is_linked_not_duplicated(world) -> None:
    first = _receive(world)
    second = _receive(world, received_on=D(2026, 11, 2))
    victim = first.involved.get(role="victim").person
    assert second.involved.get(role="victim").person == victim
    assert Person.objects.filter(identity_hash=victim.identity_hash).count() == 1


def test_the_steps_and_their_deadlines(world) -> None:
    report = _receive(world)
    report = crime.crime_report_extend(
        actor=world.focal, report=report, on=D(2026, 11, 20), number="05/QĐ-VKS"
    )
    assert report.due_on == D(2027, 1, 21)  # + 02 months (Art. 147(3))
    with pytest.raises(InvalidInput, match="một lần"):
        crime.crime_report_extend(actor=world.focal, report=report, on=D(2026, 11, 21))
    report = crime.crime_report_suspend(actor=world.focal, report=report, on=D(2026, 11, 25))
    assert report.decision == "suspend"
    assert not overdue.crime_report_overdue(
        decision=report.decision, due_on=report.due_on, decided_on=report.decided_on,
        today=D(2027, 6, 1),
    )  # fmt: skip
    report = crime.crime_report_resume(actor=world.focal, report=report, on=D(2026, 11, 28))
    assert (report.decision, report.due_on) == ("pending", D(2026, 12, 28))  # Art. 149(1)
    assert crime.steps_allowed(report)[0][0] == "suspended"  # no second extension
    report = crime.crime_report_conclude(
        actor=world.focal, report=report, kind="prosecute", on=D(2026, 11, 30)
    )
    assert (report.decision, report.decided_on) == ("prosecute", TODAY)
    kinds = list(report.steps.values_list("kind", flat=True))
    assert kinds == ["received", "extended", "suspended", "resumed", "prosecute"]
    entries = LogEntry.objects.filter(
        object_pk=str(report.pk), additional_data__action__isnull=False
    )
    actions = {e.additional_data["action"] for e in entries}
    assert {"crime_report.extended", "crime_report.resumed", "crime_report.prosecute"} <= actions


def test_a_report_not_decided_in_20_days_is_overdue(world) -> None:
    report = _receive(world)
    assert overdue.crime_report_status(report, today=D(2026, 11, 22)) == "overdue"
    assert CrimeReport.objects.filter(overdue.crime_reports_overdue_q(today=TODAY)).exists()


def test_refusals(world) -> None:
    report = _receive(world)
    with pytest.raises(InvalidInput, match="trước bước"):
        crime.crime_report_suspend(actor=world.focal, report=report, on=D(2026, 10, 1))
    with pytest.raises(InvalidInput, match="ghi tên cơ quan"):
        crime.crime_report_conclude(
            actor=world.focal, report=report, kind="transfer", on=D(2026, 11, 5)
        )
    with pytest.raises(InvalidInput, match="Chỉ phục hồi"):
        crime.crime_report_resume(actor=world.focal, report=report, on=D(2026, 11, 5))
    with pytest.raises(NotAllowed):
        crime.crime_report_suspend(actor=world.outsider, report=report, on=D(2026, 11, 5))
    with pytest.raises(InvalidInput, match="sau hạn"):
        crime.crime_report_extend(actor=world.focal, report=report, on=D(2026, 11, 25))
    with pytest.raises(InvalidInput, match="sau ngày tiếp nhận"):
        _receive(world, offence_on=D(2026, 11, 5))
    assert report.steps.count() == 1


def test_the_place_is_a_commune_of_the_current_map_existing_that_day(world) -> None:
    with pytest.raises(InvalidInput, match="bản đồ hành chính hiện hành"):
        _receive(world, offence_unit=world.commune_sd)  # a commune of the old map
    ward = make_unit(
        AdminUnit.Map.V2025, AdminUnit.Level.COMMUNE, "02200", "Xã Sơn Dương", world.new_province
    )
    ward.valid_from = D(2025, 7, 1)
    ward.save()
    report = _receive(world, offence_unit=ward)
    assert report.offence_unit == ward
    with pytest.raises(InvalidInput, match="không tồn tại"):
        _receive(world, offence_unit=ward, offence_on=D(2025, 6, 1))


def test_transfer_names_the_body(world) -> None:
    report = _receive(world)
    report = crime.crime_report_conclude(
        actor=world.focal, report=report, kind="transfer", on=D(2026, 11, 3),
        transferred_to="Cơ quan An ninh điều tra Công an tỉnh",
    )  # fmt: skip
    assert report.get_decision_display() == "Chuyển cơ quan có thẩm quyền giải quyết"
    assert CrimeReportStep.objects.filter(report=report, kind="transfer").exists()


def test_resumed_deadline_rule() -> None:
    rule = deadlines.crime_report_deadline(D(2026, 1, 31), resumed=D(2026, 3, 31))
    assert rule.due == D(2026, 4, 30)
    assert rule.source == "BLTTHS 2015, Điều 149"
