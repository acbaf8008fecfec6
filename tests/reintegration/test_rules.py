"""The versioned rules of community supervision: which version governs a duty (the one in force
on the day it arose), a subject registered in 2025 whose duties span 1 July 2026, the
community-sentence clocks, and the agencies the worklist names under each version."""

from __future__ import annotations

import datetime

import pytest

from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import Agency
from dondoc.registry.services import person_create
from dondoc.reintegration import rules, selectors, services
from dondoc.reintegration.clocks import Clock, clocks
from dondoc.reintegration.models import ReintegrationSubject

from .factories import world_communes, world_subject

D = datetime.date


def test_the_version_in_force_on_a_day() -> None:
    assert rules.ruleset_on(D(2019, 6, 1)).code == "2019"  # before every version: the first
    assert rules.ruleset_on(D(2025, 2, 28)).code == "2019"
    assert rules.ruleset_on(D(2025, 3, 1)).code == "2025-03"  # no district police
    assert rules.ruleset_on(D(2026, 6, 30)).code == "2025-03"
    assert rules.ruleset_on(D(2026, 7, 1)).code == "2026-07"  # Law 127/2025/QH15
    assert D(2026, 7, 1) == rules.LAW_2025_IN_FORCE
    # Every version has every rule, and says who is responsible for it.
    codes = set(rules.RULESETS[0].rules)
    assert {"summons", "self_report", "supervision_review", "certificate"} <= codes
    for ruleset in rules.RULESETS:
        assert set(ruleset.rules) == codes, ruleset.code
    # Who runs a community sentence, version by version.
    responsible = [r.rules["summons"].responsible for r in rules.RULESETS]
    assert responsible == [
        rules.DISTRICT_ENFORCEMENT,
        rules.COMMUNE_POLICE,
        rules.COMMUNE_COMMITTEE,
    ]
    reports_to = [r.rules["supervision_review"].reports_to for r in rules.RULESETS]
    assert reports_to == [
        rules.DISTRICT_ENFORCEMENT,
        rules.PROVINCE_ENFORCEMENT,
        rules.PROVINCE_ENFORCEMENT,
    ]
    law_2025 = rules.RULESETS[-1].rules
    assert law_2025["supervision_review"].assisting == rules.COMMUNE_POLICE
    # The one rule compared with the text itself: 2019 law Art. 85(1), 03 working days.
    summons = rules.RULESETS[0].rules["summons"]
    assert summons.checked and summons.amount == 3 and "Điều 85 khoản 1" in summons.source
    assert not law_2025["summons"].checked  # Law 127/2025/QH15's article not at hand


def _agencies(world, communes) -> dict[str, Agency]:
    """The bodies of Thị trấn Sơn Dương as they were: the district police until 28/02/2025,
    the commune People's Committee and police, the provincial police."""
    world.police_sd.existed_until = D(2025, 2, 28)
    world.police_sd.save(update_fields=["existed_until"])
    committee = Agency.objects.create(
        name="Ủy ban nhân dân thị trấn Sơn Dương",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        unit=world.commune_sd,
    )
    return {
        "district": world.police_sd,
        "committee": committee,
        "police": communes.police_sd,
        "province": world.police_province,
    }


def _suspended(world, communes, **fields) -> ReintegrationSubject:
    """A suspended sentence of 2025 in Thị trấn Sơn Dương: the decision received on
    10/02/2025, while the district police still existed; two years' probation."""
    person = person_create(
        actor=communes.officer_sd, agency=communes.police_sd, full_name="Đặng Văn Thử",
        sex="male", birth_year=1995, residence_unit=world.commune_sd,
    )  # fmt: skip
    values = {
        "legal_status": "suspended",
        "start_on": D(2025, 2, 14),
        "supervision_until": D(2027, 2, 14),
        "notice_on": D(2025, 2, 10),
        "received_on": D(2025, 2, 20),
        "sentence": "12 tháng tù cho hưởng án treo",
        "unit": world.commune_sd,
    } | fields
    return services.subject_register(
        actor=communes.officer_sd, agency=communes.police_sd, person=person, **values
    )


def _by_code(found: list[Clock]) -> dict[str, Clock]:
    return {clock.code: clock for clock in found}


def test_a_2025_subject_keeps_the_2019_clocks_and_gets_the_2025_law_after_1_july_2026(
    world,
) -> None:
    communes = world_communes(world)
    subject = _suspended(world, communes)
    # On 11/02/2025: the summons, under the 2019 law (Art. 85(1)): 03 working days from the
    # decision received on Monday 10/02/2025, so by Thursday 13/02/2025.
    then = _by_code(clocks(subject, today=D(2025, 2, 11)))
    assert then["summons"].ruleset.code == "2019"
    assert then["summons"].deadline.due == D(2025, 2, 13)
    assert then["summons"].status == "due_soon"  # two days left
    # Twenty months later the same clock has not been rewritten by the later versions.
    now = _by_code(clocks(subject, today=D(2026, 11, 30)))
    assert now["summons"].ruleset.code == "2019"
    assert (now["summons"].deadline, now["summons"].status) == (then["summons"].deadline, "overdue")
    # A prison's pre-release notice and the residence check are not a community sentence's.
    assert "notice" not in now and "verification" not in now
    # 03/07/2026: the June report and the second quarter arose before 1/7/2026 (no district
    # police: Joint Circular 02/2025); July's report arises under Law 127/2025/QH15.
    july = _by_code(clocks(subject, today=D(2026, 7, 3)))
    assert july["self_report"].label == "Người chấp hành án báo cáo tháng 6/2026"
    assert july["self_report"].ruleset.code == "2025-03"
    assert (july["self_report"].deadline.due, july["self_report"].status) == (
        D(2026, 6, 30),
        "overdue",
    )
    assert july["supervision_review"].label == "Nhận xét quá trình chấp hành án quý 2/2026"
    assert july["supervision_review"].ruleset.code == "2025-03"
    assert july["supervision_review"].deadline.due == D(2026, 7, 5)  # due after the change
    services.event_record(
        actor=communes.officer_sd, subject=subject, kind="self_report", on=D(2026, 6, 25)
    )
    subject.refresh_from_db()
    assert subject.self_reported_month == "2026-06"
    july = _by_code(clocks(subject, today=D(2026, 7, 3)))
    assert july["self_report"].label == "Người chấp hành án báo cáo tháng 7/2026"
    assert july["self_report"].ruleset.code == "2026-07"
    assert july["self_report"].deadline.due == D(2026, 7, 31)
    # Today (30/11/2026): October was never reported, the third quarter not reviewed; both
    # arose under Law 127/2025/QH15.
    now = _by_code(clocks(subject, today=D(2026, 11, 30)))
    assert now["self_report"].label == "Người chấp hành án báo cáo tháng 10/2026"
    assert (now["self_report"].ruleset.code, now["self_report"].status) == ("2026-07", "overdue")
    assert now["supervision_review"].ruleset.code == "2026-07"
    assert "127/2025/QH15" in now["supervision_review"].deadline.rule
    assert "certificate" not in now  # the probation runs to 14/02/2027


def test_the_worklist_names_the_bodies_of_each_version(world) -> None:
    communes = world_communes(world)
    bodies = _agencies(world, communes)
    _suspended(world, communes)

    def owed(today: datetime.date) -> dict[str, selectors.WorkItem]:
        work = selectors.worklist(user=communes.officer_sd, today=today)
        return {item.clock.code: item for item in work.overdue + work.due if item.clock}

    # February 2025: the district police's enforcement office summons the person.
    summons = owed(D(2025, 2, 12))["summons"]
    assert summons.responsible == f"Cơ quan thi hành án hình sự {bodies['district'].name}"
    assert summons.assisting == bodies["committee"].name
    # Today: the commune People's Committee is responsible, the commune police assists, the
    # review goes to the provincial police's enforcement office.
    today = owed(D(2026, 11, 30))
    review = today["supervision_review"]
    assert review.responsible == "Ủy ban nhân dân thị trấn Sơn Dương"
    assert review.assisting == "Công an thị trấn Sơn Dương"
    assert review.reports_to == "Cơ quan thi hành án hình sự Công an tỉnh Tuyên Quang"
    assert today["self_report"].responsible == "Ủy ban nhân dân thị trấn Sơn Dương"
    # The summons of February 2025 is still the district office's clock (2019 law), and the
    # office has ended: dondoc names it as it was on the due day.
    assert today["summons"].responsible == "Cơ quan thi hành án hình sự Công an huyện Sơn Dương"
    # April 2026, no district police any more: the commune police ran the reviews (Joint
    # Circular 02/2025), sent to the provincial office.
    april = owed(D(2026, 4, 2))["supervision_review"]
    assert april.responsible == "Công an thị trấn Sơn Dương"
    assert april.reports_to == "Cơ quan thi hành án hình sự Công an tỉnh Tuyên Quang"


def test_the_worklist_without_the_agencies_in_the_directory_names_the_role(world) -> None:
    communes = world_communes(world)
    _suspended(world, communes)
    work = selectors.worklist(user=communes.officer_sd, today=D(2026, 11, 30))
    review = next(i for i in work.overdue if i.clock and i.clock.code == "supervision_review")
    assert review.responsible == "Ủy ban nhân dân cấp xã (chưa có trong danh mục cơ quan)"


def test_the_community_steps_and_their_refusals(world) -> None:
    communes = world_communes(world)
    subject = _suspended(world, communes, supervision_until=D(2026, 12, 20))
    record = services.event_record
    officer = communes.officer_sd
    with pytest.raises(InvalidInput, match="trước ngày nhận quyết định"):
        record(actor=officer, subject=subject, kind="summoned", on=D(2025, 2, 9))
    record(actor=officer, subject=subject, kind="summoned", on=D(2025, 2, 12))
    record(actor=officer, subject=subject, kind="review", on=D(2026, 10, 3))  # Q3 by default
    with pytest.raises(InvalidInput, match="cần dạng 2026-07"):
        record(actor=officer, subject=subject, kind="self_report", on=D(2026, 11, 2), month="11")
    record(actor=officer, subject=subject, kind="self_report", on=D(2026, 11, 2), month="2026-10")
    subject.refresh_from_db()
    assert subject.summoned_on == D(2025, 2, 12)
    assert (subject.reviewed_quarter, subject.self_reported_month) == ("2026-Q3", "2026-10")
    found = {clock.code: clock.status for clock in clocks(subject, today=D(2026, 11, 30))}
    # November's report runs to 30/11; the probation ends 20/12/2026: certificate within 03
    # working days of it.
    assert found == {
        "summons": "done_on_time",
        "helper": "overdue",
        "self_report": "due_soon",
        "certificate": "open",
    }
    with pytest.raises(InvalidInput, match="Chưa hết thời gian thử thách"):
        record(actor=officer, subject=subject, kind="certificate", on=D(2026, 11, 30))
    # Steps of a community sentence are refused for a person back from prison.
    released = world_subject(world)
    for kind in ("summoned", "self_report", "review", "certificate"):
        with pytest.raises(InvalidInput, match="án treo"):
            record(actor=world.focal, subject=released, kind=kind, on=D(2026, 11, 2))
    assert set(subject.events.values_list("kind", flat=True)) >= {
        "summoned",
        "review",
        "self_report",
    }
