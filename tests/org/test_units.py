"""The administrative map: counts against the sources, idempotent load, lookups, successions."""

from __future__ import annotations

import datetime
import json
import lzma
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from vietnam_provinces import Province, Ward

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit, UnitSuccession
from dondoc.org.services.units import unit_map_load
from dondoc.org.unit_lookup import AmbiguousUnit, unit_current, unit_find, unit_successors
from dondoc.org.units import DATA, canonical_name, province_name_2025, split_kind

pytestmark = pytest.mark.django_db

# `loaded_map` (tests/world.py) loads the whole map once per module: a load takes seconds.


def count(map_: str, level: str) -> int:
    return AdminUnit.objects.filter(map=map_, level=level).count()


def vendored_pre2025() -> list[Any]:
    return json.loads(lzma.decompress((DATA / "units-pre2025.json.xz").read_bytes()))


def test_counts_match_the_sources(loaded_map) -> None:
    assert count("2025", "province") == len(list(Province.iter_all())) == 34
    assert count("2025", "commune") == len(list(Ward.iter_all())) == 3321
    assert count("2025", "district") == 0
    provinces = vendored_pre2025()
    assert count("pre2025", "province") == len(provinces) == 63
    assert count("pre2025", "district") == sum(len(p[2]) for p in provinces) == 696
    communes = sum(len(d[2]) for p in provinces for d in p[2])
    assert count("pre2025", "commune") == communes == 10051
    # Both maps' 14,165 units and the one national unit.
    assert loaded_map.created.total() == AdminUnit.objects.count() == 14166
    assert count("national", "national") == 1


def test_second_load_changes_nothing(loaded_map, django_assert_max_num_queries) -> None:
    before = (AdminUnit.objects.count(), UnitSuccession.objects.count())
    audit_rows = LogEntry.objects.count()
    # Bulk reads and writes: a query per row would show here as thousands.
    with django_assert_max_num_queries(10):
        again = unit_map_load(actor=SYSTEM)
    assert not again.changed
    assert again.created.total() == again.updated.total() == 0
    assert again.unchanged.total() == before[0]
    assert again.successions_created == again.successions_updated == 0
    assert again.successions_unchanged == before[1]
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == before
    assert LogEntry.objects.count() == audit_rows


def test_load_repairs_names_and_links(loaded_map) -> None:
    unit = AdminUnit.objects.get(path="pre2025/08/076")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Huyện Sơn Dương (sai)")
    link = UnitSuccession.objects.get(predecessor=unit, successor__path="2025/08")
    UnitSuccession.objects.filter(pk=link.pk).update(kind="merged", is_default=False)
    result = unit_map_load(actor=SYSTEM)
    assert result.updated == {("pre2025", "district"): 1}
    assert result.successions_updated == 1
    unit.refresh_from_db()
    link.refresh_from_db()
    assert unit.name == "Huyện Sơn Dương"
    assert (link.kind, link.is_default) == ("absorbed", True)


def test_links_not_in_the_data_are_kept_unless_pruned(loaded_map) -> None:
    UnitSuccession.objects.create(
        predecessor=AdminUnit.objects.get(path="pre2025/91"),
        successor=AdminUnit.objects.get(path="2025/08"),
        kind="merged",
    )
    assert unit_map_load(actor=SYSTEM).successions_extra == 1
    result = unit_map_load(actor=SYSTEM, prune=True)
    assert (result.successions_deleted, result.successions_extra) == (1, 0)
    assert not UnitSuccession.objects.filter(
        predecessor__path="pre2025/91", successor__path="2025/08"
    ).exists()


# The seeds' issuers, and their provinces after 1 July 2025 as underthesea's mapping gives
# them: Tuyên Quang absorbed Hà Giang; Trà Vinh and Bến Tre joined Vĩnh Long; Kiên Giang
# joined An Giang; Đắk Nông and Bình Thuận joined Lâm Đồng.
SEED_ISSUERS = [
    ("Huyện Sơn Dương, Tỉnh Tuyên Quang", "pre2025/08/076", "2025/08", "Tỉnh Tuyên Quang"),
    ("huyện Sơn Dương", "pre2025/08/076", "2025/08", "Tỉnh Tuyên Quang"),
    ("H. Sơn Dương", "pre2025/08/076", "2025/08", "Tỉnh Tuyên Quang"),
    ("thành phố Trà Vinh", "pre2025/84/842", "2025/86", "Tỉnh Vĩnh Long"),
    ("TP. Trà Vinh", "pre2025/84/842", "2025/86", "Tỉnh Vĩnh Long"),
    ("Thành phố Trà Vinh, tỉnh Trà Vinh", "pre2025/84/842", "2025/86", "Tỉnh Vĩnh Long"),
    ("tỉnh Kiên Giang", "pre2025/91", "2025/91", "Tỉnh An Giang"),
    ("Đắk Nông", "pre2025/67", "2025/68", "Tỉnh Lâm Đồng"),
    ("TỈNH ĐẮK NÔNG", "pre2025/67", "2025/68", "Tỉnh Lâm Đồng"),
    ("Tỉnh Đăk Nông", "pre2025/67", "2025/68", "Tỉnh Lâm Đồng"),
]


@pytest.mark.parametrize(("text", "path", "successor_path", "successor_name"), SEED_ISSUERS)
def test_seed_issuers_and_their_successors(
    loaded_map, text: str, path: str, successor_path: str, successor_name: str
) -> None:
    unit = unit_find(text, map="pre2025")
    assert unit is not None and unit.path == path
    assert unit.valid_to == datetime.date(2025, 6, 30) and unit.valid_from is None
    chain = unit_successors(unit)
    assert [u.path for u in chain] == [successor_path]
    current = unit_current(unit)
    assert current is not None and current.path == successor_path
    assert (current.map, current.level, current.name) == ("2025", "province", successor_name)


def test_full_names_and_kinds(loaded_map) -> None:
    son_duong = AdminUnit.objects.select_related("parent").get(path="pre2025/08/076")
    assert (son_duong.name, son_duong.short_name, son_duong.kind) == (
        "Huyện Sơn Dương",
        "Sơn Dương",
        "huyện",
    )
    assert son_duong.full_name == "Huyện Sơn Dương, Tỉnh Tuyên Quang"
    hanoi = AdminUnit.objects.get(path="2025/01")
    assert (hanoi.name, hanoi.short_name, hanoi.kind) == ("Thành phố Hà Nội", "Hà Nội", "thành phố")
    tuyen_quang = AdminUnit.objects.get(path="2025/08")
    assert (tuyen_quang.name, tuyen_quang.short_name) == ("Tỉnh Tuyên Quang", "Tuyên Quang")
    communes = AdminUnit.objects.filter(map="2025", level="commune")
    assert set(communes.values_list("kind", flat=True)) == {"xã", "phường", "đặc khu"}
    assert not AdminUnit.objects.filter(kind="").exists()


def test_without_a_map_the_current_unit_wins(loaded_map) -> None:
    unit = unit_find("tỉnh Tuyên Quang")
    assert unit is not None and unit.path == "2025/08"
    assert unit_current(unit) == unit and unit_successors(unit) == []
    old = unit_find("tỉnh Tuyên Quang", map="pre2025")
    assert old is not None and old.path == "pre2025/08"


def test_ancestors_narrow_and_ambiguity_is_refused(loaded_map) -> None:
    with pytest.raises(AmbiguousUnit) as error:
        unit_find("xã Tân Thành", map="pre2025")
    assert "nhiều đơn vị hành chính" in error.value.message
    assert "Hãy ghi thêm đơn vị cấp trên" in error.value.message
    town = unit_find("Thị trấn Sơn Dương, huyện Sơn Dương, tỉnh Tuyên Quang")
    assert town is not None and town.path == "pre2025/08/076/02536"
    assert unit_find("Nơi Không Có", map="pre2025") is None
    assert unit_find("huyện Sơn Dương, tỉnh Trà Vinh") is None
    assert unit_find("") is None


def test_commune_successions(loaded_map) -> None:
    # Merged: the town of Sơn Dương is the core of the new commune of that name.
    town = AdminUnit.objects.get(path="pre2025/08/076/02536")
    assert [u.path for u in unit_successors(town)] == ["2025/08/02536"]
    assert UnitSuccession.objects.get(predecessor=town).kind == "merged"
    # Divided: Phường Cống Vị (Ba Đình) went mostly to Ngọc Hà, partly to Giảng Võ.
    cong_vi = AdminUnit.objects.get(map="pre2025", name="Phường Cống Vị")
    links = {
        link.successor.name: (link.kind, link.is_default)
        for link in UnitSuccession.objects.filter(predecessor=cong_vi).select_related("successor")
    }
    assert links == {
        "Phường Ngọc Hà": ("divided", True),
        "Phường Giảng Võ": ("divided", False),
    }
    current = unit_current(cong_vi)
    assert current is not None and current.name == "Phường Ngọc Hà"
    # Spelled "Quý Quân" in the mapping, "Quí Quân" in the January list (see data/SOURCES.md).
    qui_quan = AdminUnit.objects.get(map="pre2025", name="Xã Quí Quân")
    current = unit_current(qui_quan)
    assert current is not None and current.path == "2025/08/02434"
    # No record names Xã Chiềng Ly: no successor rather than a guess.
    assert unit_current(AdminUnit.objects.get(path="pre2025/14/119/03751")) is None


def test_every_old_unit_but_a_few_communes_has_one_default_successor(loaded_map) -> None:
    defaults = UnitSuccession.objects.filter(is_default=True)
    for level, expected in (("province", 63), ("district", 696)):
        links = defaults.filter(predecessor__level=level)
        assert links.count() == links.values("predecessor").distinct().count() == expected
        assert not links.exclude(successor__level="province").exists()
        assert not links.exclude(successor__map="2025").exists()
    communes = defaults.filter(predecessor__level="commune")
    assert communes.count() == communes.values("predecessor").distinct().count()
    # 18 communes have none; data/SOURCES.md lists them and why.
    assert communes.count() == 10051 - 18
    assert not communes.exclude(successor__level="commune").exists()
    # District → the new communes that received its communes, never the default.
    assert not UnitSuccession.objects.filter(
        predecessor__level="district", successor__level="commune", is_default=True
    ).exists()


def test_paths_and_subtrees(loaded_map) -> None:
    district = AdminUnit.objects.get(path="pre2025/08/076")
    subtree = AdminUnit.objects.filter(path__startswith=district.path + "/")
    assert subtree.count() == district.children.count() == 30
    assert not subtree.exclude(parent=district).exists()
    province = AdminUnit.objects.get(path="pre2025/08")
    subtree = AdminUnit.objects.filter(path__startswith=province.path + "/")
    assert (
        subtree.count()
        == province.children.count() + AdminUnit.objects.filter(parent__parent=province).count()
    )
    new = AdminUnit.objects.get(path="2025/08")
    assert AdminUnit.objects.filter(path__startswith="2025/08/").count() == new.children.count()
    # Every path is its parent's path and its own code; codes have 2, 3 or 5 digits.
    width = {"province": 2, "district": 3, "commune": 5, "national": 2}
    for unit in AdminUnit.objects.select_related("parent").iterator(chunk_size=2000):
        assert len(unit.code) == width[unit.level] and unit.code.isdigit()
        prefix = unit.parent.path if unit.parent else unit.map
        assert unit.path == f"{prefix}/{unit.code}"


def test_validity_dates(loaded_map) -> None:
    son_duong = AdminUnit.objects.get(path="pre2025/08/076")
    assert son_duong.is_valid_on(datetime.date(2023, 7, 4))
    assert not son_duong.is_valid_on(datetime.date(2025, 7, 1))
    new = AdminUnit.objects.get(path="2025/08")
    assert new.is_valid_on(datetime.date(2025, 7, 1))
    assert not new.is_valid_on(datetime.date(2025, 6, 30))


def test_command_output(loaded_map, capsys) -> None:
    call_command("load_units")
    out = capsys.readouterr().out
    assert "Đến 30/6/2025 · Cấp huyện" in out
    assert "Từ 01/7/2025 · Cấp xã" in out
    assert "Quan hệ kế thừa" in out
    assert "Không có gì thay đổi." in out
    assert "Tổng cộng 14.166 đơn vị hành chính" in out


def test_names_keep_their_spelling(loaded_map) -> None:
    assert AdminUnit.objects.filter(path="pre2025/60", name="Tỉnh Bình Thuận").exists()


def test_names_of_kinds() -> None:
    assert split_kind("Thị xã Duyên Hải") == ("thị xã", "Duyên Hải")
    assert split_kind("Đặc khu Côn Đảo") == ("đặc khu", "Côn Đảo")
    assert split_kind("Bắc Ninh") == ("", "Bắc Ninh")
    assert canonical_name("Thành Phố Bắc Kạn") == "Thành phố Bắc Kạn"
    assert canonical_name("Phường Phố Huế") == "Phường Phố Huế"
    assert canonical_name("Tỉnh Hoà Bình") == "Tỉnh Hòa Bình"
    assert province_name_2025("Tuyên Quang", "tỉnh") == "Tỉnh Tuyên Quang"
    assert province_name_2025("Thành phố Huế", "thành phố trung ương") == "Thành phố Huế"
