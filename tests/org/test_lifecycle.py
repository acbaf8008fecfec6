"""org.lifecycle: in office on a day, receivers, the pro rata share, the issuing rule."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from dondoc.org.lifecycle import (
    AgencyEnded,
    NotInOffice,
    active_on,
    check_may_issue,
    expected_in,
    in_office,
    in_office_or_none,
    may_write_for,
    predecessor_in_office,
    receivers,
    share_of,
)
from dondoc.org.models import AdminUnit, Agency, AgencySuccession

from .factories import make_unit

pytestmark = pytest.mark.django_db

D = datetime.date
POLICE_END = D(2025, 2, 28)  # Decree 02/2025/NĐ-CP: district police ended, from 1/3/2025
MAP_END = D(2025, 6, 30)


@pytest.fixture
def world() -> dict[str, Agency]:
    old_province = make_unit("pre2025", "province", "08", "Tỉnh Tuyên Quang")
    district = make_unit("pre2025", "district", "076", "Huyện Sơn Dương", old_province)
    new_province = make_unit("2025", "province", "08", "Tỉnh Tuyên Quang")
    commune = make_unit("2025", "commune", "02182", "Xã Sơn Dương", new_province)

    def agency(name: str, unit: AdminUnit, until: datetime.date | None = None, **kw) -> Agency:
        return Agency.objects.create(
            name=name, kind=Agency.Kind.POLICE, unit=unit, existed_until=until, **kw
        )

    a = {
        "district_police": agency("Công an huyện Sơn Dương", district, POLICE_END),
        "old_province_police": agency("Công an tỉnh Tuyên Quang", old_province, MAP_END),
        "province_police": agency(
            "Công an tỉnh Tuyên Quang (mới)", new_province, existed_from=D(2025, 7, 1)
        ),
        "commune_police": agency("Công an xã Sơn Dương", commune, existed_from=D(2025, 7, 1)),
    }

    def link(pred: str, succ: str, effective: datetime.date, part: str = "", **kw) -> None:
        AgencySuccession.objects.create(
            predecessor=a[pred], successor=a[succ], effective=effective, part=part, **kw
        )

    link("district_police", "old_province_police", D(2025, 3, 1), "thi hành án hình sự")
    link("district_police", "commune_police", D(2025, 7, 1), "quản lý cư trú", is_suggestion=True)
    link("old_province_police", "province_police", D(2025, 7, 1))
    return a


def test_in_office_is_the_agency_itself_while_it_exists(world) -> None:
    police = world["district_police"]
    assert in_office(police, D(2024, 11, 30)) == police
    assert in_office(police, POLICE_END) == police
    assert active_on(police, POLICE_END) and not active_on(police, D(2025, 3, 1))


def test_in_office_follows_a_named_part_hop_by_hop(world) -> None:
    police = world["district_police"]
    part = "Thi hành án hình sự"
    assert in_office(police, D(2025, 3, 1), part=part) == world["old_province_police"]
    assert in_office(police, D(2025, 11, 30), part=part) == world["province_police"]
    assert in_office(police, D(2025, 11, 30), part="quản lý cư trú") == world["commune_police"]


def test_in_office_refuses_when_the_work_was_divided(world) -> None:
    police = world["district_police"]
    assert in_office_or_none(police, D(2025, 11, 30)) is None
    with pytest.raises(NotInOffice) as error:
        in_office(police, D(2025, 11, 30))
    assert "nhiều cơ quan" in error.value.message
    assert "Công an tỉnh Tuyên Quang (thi hành án hình sự)" in error.value.message


def test_in_office_does_not_follow_a_succession_before_it_takes_effect(world) -> None:
    police = world["district_police"]
    # 1/3–30/6/2025 the commune police of the new map did not exist yet.
    assert in_office_or_none(police, D(2025, 4, 1), part="quản lý cư trú") is None


def test_receivers_whole_and_parts(world) -> None:
    police = world["district_police"]
    assert [r.part for r in receivers(police)] == ["thi hành án hình sự", "quản lý cư trú"]
    assert [r.successor for r in receivers(police, part="quản lý cư trú")] == [
        world["commune_police"]
    ]
    assert [r.successor for r in receivers(world["old_province_police"], part="bất kỳ")] == [
        world["province_police"]
    ]
    assert receivers(police, on=D(2025, 5, 1))[0].successor == world["old_province_police"]
    assert len(receivers(police, on=D(2025, 5, 1))) == 1


def test_predecessor_in_office_prefers_the_plans_own_unit(world) -> None:
    district = world["district_police"].unit
    found = predecessor_in_office(world["province_police"], D(2024, 11, 30), within=district)
    assert found == world["district_police"]
    # Without the plan's unit two bodies held that work in 2024: no single answer.
    assert predecessor_in_office(world["province_police"], D(2024, 11, 30)) is None


def test_share_and_expected_pro_rata() -> None:
    agency = Agency(name="x", existed_until=POLICE_END)
    start, end = D(2024, 11, 30), D(2025, 11, 29)  # the 2025 period of Plan 284/KH-UBND
    assert share_of(agency, start, end) == Fraction(91, 365)
    assert expected_in(agency, start, end)
    assert not expected_in(agency, D(2025, 11, 30), D(2026, 11, 29))
    assert share_of(Agency(name="y"), start, end) == 1
    assert may_write_for(agency, start) and not may_write_for(agency, D(2025, 3, 1))


def test_no_document_dated_after_the_end() -> None:
    agency = Agency(name="Công an huyện Sơn Dương", existed_until=POLICE_END)
    check_may_issue(agency, D(2024, 11, 30))
    with pytest.raises(AgencyEnded) as error:
        check_may_issue(agency, D(2025, 11, 30))
    assert "đến hết 28/02/2025" in error.value.message
