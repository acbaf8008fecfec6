"""`dondoc org reforms` on the real map: the agencies of the seeds' map end on the days the texts
say, with receivers (stated or suggested, always with a source); a second run changes nothing."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from dondoc.core.actors import SYSTEM
from dondoc.org.lifecycle import in_office, receivers
from dondoc.org.models import AdminUnit, Agency, AgencySuccession
from dondoc.org.services.agencies import agency_directory_ensure
from dondoc.org.services.reforms import REFORMS_FILE, reforms, reforms_load
from dondoc.org.unit_lookup import unit_find
from dondoc.org.units import DATA

pytestmark = pytest.mark.django_db

D = datetime.date


def old(name: str) -> AdminUnit:
    unit = unit_find(name, map=AdminUnit.Map.PRE2025)
    assert unit is not None, name
    return unit


def new(name: str) -> AdminUnit:
    unit = unit_find(name, map=AdminUnit.Map.V2025)
    assert unit is not None, name
    return unit


def agency(unit: AdminUnit, key: str) -> Agency:
    return Agency.objects.get(unit=unit, template_key=key)


@pytest.fixture
def son_duong(loaded_map) -> AdminUnit:
    district = old("huyện Sơn Dương, tỉnh Tuyên Quang")
    agency_directory_ensure(actor=SYSTEM, unit=district)
    agency_directory_ensure(actor=SYSTEM, unit=district.parent)
    return district


def test_the_data_file_is_whole_and_every_rule_has_a_source() -> None:
    raw = json.loads((DATA / REFORMS_FILE).read_text(encoding="utf-8"))
    data = reforms()
    assert len(data.ends) == len(raw["ends"]) and len(data.successions) == len(raw["successions"])
    assert all(rule.source for rule in (*data.ends, *data.successions))
    police = next(r for r in data.ends if r.templates == frozenset({"police"}))
    assert (police.level, police.until) == ("district", D(2025, 2, 28))


def test_district_police_ends_on_28_february_and_passes_its_parts(son_duong) -> None:
    result = reforms_load(actor=SYSTEM)
    assert result.changed and result.ended and result.successions_created
    police = agency(son_duong, "police")
    assert police.existed_until == D(2025, 2, 28)
    assert police.is_active is False  # today (2026-11-30) it has ended
    rows = receivers(police)
    stated = [r for r in rows if not r.is_suggestion]
    assert [(r.successor, r.effective) for r in stated] == [
        (agency(son_duong.parent, "police"), D(2025, 3, 1))
    ]
    assert "thi hành án hình sự" in stated[0].part
    assert "02/2025/NĐ-CP" in stated[0].source
    communes = [r for r in rows if r.is_suggestion]
    assert communes and all(r.successor.unit.map == "2025" for r in communes)
    assert all("cư trú" in r.part for r in communes)
    assert "Công an xã Sơn Dương" in {r.successor.name for r in communes}
    # Every succession written says where it comes from.
    assert not AgencySuccession.objects.filter(source="").exists()
    # The provincial police of the earlier map took the sentence enforcement on 1 March and
    # passed everything to the police of the new Tuyên Quang on 1 July.
    province = new("tỉnh Tuyên Quang")
    assert in_office(police, D(2025, 4, 1), part="thi hành án hình sự") == agency(
        son_duong.parent, "police"
    )
    assert in_office(police, D(2025, 11, 30), part="thi hành án hình sự") == agency(
        province, "police"
    )


def test_district_bodies_end_on_30_june_with_commune_and_province_receivers(son_duong) -> None:
    reforms_load(actor=SYSTEM)
    justice = agency(son_duong, "justice")
    assert justice.existed_until == D(2025, 6, 30) and not justice.is_active
    rows = receivers(justice)
    assert rows and all(r.is_suggestion and r.effective == D(2025, 7, 1) for r in rows)
    province = new("tỉnh Tuyên Quang")
    assert agency(province, "justice") in {r.successor for r in rows}
    commune_units = {r.successor.unit for r in rows if r.successor.unit.level == "commune"}
    assert new("xã Sơn Dương, tỉnh Tuyên Quang") in commune_units
    committee = receivers(agency(son_duong, "peoples_committee"))
    assert {r.successor.template_key for r in committee} == {"peoples_committee"}
    # The new map's bodies start on 1 July 2025.
    assert agency(province, "police").existed_from == D(2025, 7, 1)
    assert agency(province, "police").is_active


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("tỉnh Kiên Giang", "tỉnh An Giang"),
        ("tỉnh Trà Vinh", "tỉnh Vĩnh Long"),
        ("tỉnh Đắk Nông", "tỉnh Lâm Đồng"),
        ("tỉnh Hà Giang", "tỉnh Tuyên Quang"),
    ],
)
def test_merged_provinces_departments_pass_to_the_same_department(
    loaded_map, before: str, after: str
) -> None:
    """Resolution 202/2025/QH15: the departments of a merged province end on 30 June 2025; the
    same department of the new province receives all of their work."""
    agency_directory_ensure(actor=SYSTEM, unit=old(before))
    reforms_load(actor=SYSTEM)
    for key in ("justice", "police", "education"):
        ended = agency(old(before), key)
        assert ended.existed_until == D(2025, 6, 30)
        whole = [r for r in receivers(ended) if r.is_whole and not r.is_suggestion]
        assert [r.successor for r in whole] == [agency(new(after), key)], key
        assert "202/2025/QH15" in whole[0].source
    # A department that merged into another is a suggestion: labour went to home affairs.
    labour = receivers(agency(old(before), "labour"))
    assert {(r.successor.template_key, r.is_suggestion) for r in labour} == {
        ("home_affairs", True),
        ("health", True),
    }


def test_second_run_changes_nothing_and_keeps_confirmations(son_duong) -> None:
    reforms_load(actor=SYSTEM)
    counts = (Agency.objects.count(), AgencySuccession.objects.count())
    # An officer confirms one suggestion and removes another: a rerun leaves both as they are.
    confirmed, removed = receivers(agency(son_duong, "justice"))[:2]
    AgencySuccession.objects.filter(pk=confirmed.pk).update(is_suggestion=False)
    removed.delete()
    audit_rows = LogEntry.objects.count()
    out = StringIO()
    call_command("org", "reforms", stdout=out)
    assert "Quan hệ tiếp nhận: thêm 1," in out.getvalue()  # the deleted row comes back…
    again = reforms_load(actor=SYSTEM)
    assert not again.changed  # …once, and after that nothing changes
    assert again.successions_unchanged == counts[1]
    assert (Agency.objects.count(), AgencySuccession.objects.count()) == counts
    assert AgencySuccession.objects.get(pk=confirmed.pk).is_suggestion is False
    assert LogEntry.objects.count() == audit_rows + 1  # the one re-added succession's audit row
    call_command("org", "reforms", stdout=(out := StringIO()))
    assert "Không có gì thay đổi." in out.getvalue()


def test_every_old_map_agency_gets_its_last_day(son_duong) -> None:
    hand_made = Agency.objects.create(
        name="Đội Cảnh sát điều tra", kind=Agency.Kind.POLICE, unit=son_duong
    )
    steering = Agency.objects.create(
        name="Ban Chỉ đạo 138 huyện", kind=Agency.Kind.OTHER, unit=son_duong
    )
    reforms_load(actor=SYSTEM)
    hand_made.refresh_from_db()
    steering.refresh_from_db()
    assert (hand_made.existed_until, steering.existed_until) == (D(2025, 2, 28), D(2025, 6, 30))
    assert not receivers(steering)  # made by hand: the hand-over says who takes it
    old_map = Agency.objects.filter(unit__map="pre2025")
    assert old_map.exists() and not old_map.filter(existed_until__isnull=True).exists()
    assert not old_map.filter(is_active=True).exists()
    assert not Agency.objects.filter(unit__map="2025", existed_from__isnull=True).exists()


def test_a_plan_of_the_earlier_map_imported_after_the_reforms_names_the_bodies_of_its_day(
    son_duong,
) -> None:
    from dondoc.plans.models import Assignment
    from tests.plans.conftest import seed_path

    reforms_load(actor=SYSTEM)
    assert not agency(son_duong, "justice").is_active
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    lead = Assignment.objects.get(
        task__document__number="284/KH-UBND", task__path="A/I", role="lead"
    )
    assert lead.agency == agency(son_duong, "justice")


def test_a_start_date_set_after_the_reform_end_is_reported_and_the_rest_is_applied(
    son_duong,
) -> None:
    """An administrator dated the district police's first day after its last day under the
    reform (a typing slip, 2025 for 2015): that agency keeps its dates and is named in the
    result and the command's output; every other agency is still dated, so one slip does not
    stop the reforms for the whole country (they also run, silently, after a plan's import)."""
    police = agency(son_duong, "police")
    Agency.objects.filter(pk=police.pk).update(existed_from=D(2025, 3, 15))
    out = StringIO()
    call_command("org", "reforms", stdout=out)
    police.refresh_from_db()
    assert (police.existed_from, police.existed_until) == (D(2025, 3, 15), None)
    justice = agency(son_duong, "justice")
    assert justice.existed_until == D(2025, 6, 30)
    said = out.getvalue()
    assert f"{police.name}: tồn tại từ 15/03/2025 nhưng theo" in said
    assert "kết thúc ngày 28/02/2025" in said

    again = reforms_load(actor=SYSTEM)
    assert [c.agency_id for c in again.conflicts] == [police.pk]  # until the date is mended
    Agency.objects.filter(pk=police.pk).update(existed_from=D(2015, 3, 15))
    mended = reforms_load(actor=SYSTEM)
    police.refresh_from_db()
    assert (mended.conflicts, police.existed_until) == ([], D(2025, 2, 28))


def test_loading_the_map_leaves_the_planner_its_row_counts(loaded_map) -> None:
    """The unit map is 14,000 rows written at once: the load analyses them, so that the next
    query (the reforms' first) is not planned on the counts of an empty table (which made a
    join over the units run for minutes in a full test run)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's row counts are PostgreSQL's (pg_class.reltuples)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [AdminUnit._meta.db_table]
        )
        (counted,) = cursor.fetchone()
    assert counted >= 0.9 * AdminUnit.objects.count() > 10_000
