"""The administrative map: counts against the packages, idempotent load, lookups, successions."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from vietnam_provinces import Province, Ward

from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import AdminUnit, UnitSuccession
from dondoc.org.services.units import unit_map_load
from dondoc.org.unit_lookup import unit_current, unit_find
from dondoc.org.units import canonical_name, split_kind

pytestmark = pytest.mark.django_db


def count(map_: str, level: str) -> int:
    return AdminUnit.objects.filter(map=map_, level=level).count()


def test_counts_match_the_sources(loaded_map) -> None:
    assert count("2025", "province") == len(list(Province.iter_all())) == 34
    assert count("2025", "commune") == len(list(Ward.iter_all())) == 3321
    assert count("2025", "district") == 0
    assert count("pre2025", "province") == 63
    assert count("pre2025", "district") == 696
    assert count("pre2025", "commune") == 10051


def test_second_load_changes_nothing(loaded_map) -> None:
    before = (AdminUnit.objects.count(), UnitSuccession.objects.count())
    again = unit_map_load(actor=None)
    assert not again.changed
    assert sum(again.created.values()) == sum(again.updated.values()) == 0
    assert sum(again.unchanged.values()) == before[0]
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == before


def test_load_repairs_a_changed_name(loaded_map) -> None:
    unit = AdminUnit.objects.get(path="pre2025/08/076")
    unit.name = "Huyện Sơn Dương (sai)"
    unit.save()
    result = unit_map_load(actor=None)
    assert result.updated == {("pre2025", "district"): 1}
    unit.refresh_from_db()
    assert unit.name == "Huyện Sơn Dương"


@pytest.mark.parametrize(
    ("text", "path", "successor"),
    [
        ("Huyện Sơn Dương, Tỉnh Tuyên Quang", "pre2025/08/076", "Tỉnh Tuyên Quang"),
        ("huyện Sơn Dương", "pre2025/08/076", "Tỉnh Tuyên Quang"),
        ("TP. Trà Vinh", "pre2025/84/842", "Tỉnh Vĩnh Long"),
        ("Thành phố Trà Vinh, tỉnh Trà Vinh", "pre2025/84/842", "Tỉnh Vĩnh Long"),
        ("tỉnh Kiên Giang", "pre2025/91", "Tỉnh An Giang"),
        ("Đắk Nông", "pre2025/67", "Tỉnh Lâm Đồng"),
        ("TỈNH ĐẮK NÔNG", "pre2025/67", "Tỉnh Lâm Đồng"),
    ],
)
def test_seed_issuers_and_their_successors(
    loaded_map, text: str, path: str, successor: str
) -> None:
    unit = unit_find(text, map="pre2025")
    assert unit is not None and unit.path == path
    current = unit_current(unit)
    assert current.map == "2025" and current.level == "province"
    assert current.name == successor


def test_without_a_map_the_current_unit_wins(loaded_map) -> None:
    unit = unit_find("tỉnh Tuyên Quang")
    assert unit is not None and unit.map == "2025"


def test_ambiguous_name_is_refused_with_the_candidates(loaded_map) -> None:
    with pytest.raises(InvalidInput) as error:
        unit_find("xã Tân Thành", map="pre2025")
    assert "nhiều đơn vị hành chính" in error.value.message
    assert unit_find("Nơi Không Có", map="pre2025") is None


def test_commune_successions(loaded_map) -> None:
    old = AdminUnit.objects.get(map="pre2025", name="Thị trấn Sơn Dương", parent__code="076")
    links = UnitSuccession.objects.filter(predecessor=old, is_default=True)
    assert links.count() == 1
    new = links.get().successor
    assert new.map == "2025" and new.level == "commune" and new.parent.name == "Tỉnh Tuyên Quang"
    # Every old district has exactly one default successor: its new province.
    defaults = UnitSuccession.objects.filter(predecessor__level="district", is_default=True)
    assert defaults.count() == 696
    assert not defaults.exclude(successor__level="province").exists()
    # Most old communes have a successor (see org/data/SOURCES.md for the rest).
    linked = (
        UnitSuccession.objects.filter(predecessor__level="commune")
        .values("predecessor")
        .distinct()
        .count()
    )
    assert linked >= 9800


def test_paths_nest(loaded_map) -> None:
    district = AdminUnit.objects.get(path="pre2025/08/076")
    children = AdminUnit.objects.filter(path__startswith=district.path + "/")
    assert children.count() == district.children.count() > 10
    assert not children.exclude(parent=district).exists()
    assert AdminUnit.objects.filter(map="2025", level="commune", parent__isnull=True).count() == 0


def test_validity_dates(loaded_map) -> None:
    import datetime

    son_duong = AdminUnit.objects.get(path="pre2025/08/076")
    assert son_duong.is_valid_on(datetime.date(2023, 7, 4))
    assert not son_duong.is_valid_on(datetime.date(2025, 7, 1))
    assert AdminUnit.objects.get(path="2025/08").is_valid_on(datetime.date(2025, 7, 1))


def test_command_output(loaded_map, capsys) -> None:
    call_command("load_units")
    out = capsys.readouterr().out
    assert "Không có gì thay đổi." in out
    assert "Tổng cộng 14165 đơn vị hành chính" in out


def test_names_of_kinds() -> None:
    assert split_kind("Thị xã Duyên Hải") == ("thị xã", "Duyên Hải")
    assert canonical_name("Thành Phố Bắc Kạn") == "Thành phố Bắc Kạn"
    assert canonical_name("Phường Phố Huế") == "Phường Phố Huế"
