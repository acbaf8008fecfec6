"""The standard agency directory: templates per level, idempotent creation, audit, permission."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import NotAllowed
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.resolve import resolve_agency
from dondoc.org.services.agencies import (
    agency_alias_add,
    agency_create,
    agency_directory_ensure,
    agency_update,
)
from tests.org.factories import make_unit
from tests.world import World

pytestmark = pytest.mark.django_db


def names(unit: AdminUnit) -> set[str]:
    return set(unit.agencies.values_list("name", flat=True))


def test_district_directory_has_the_standard_agencies() -> None:
    province = make_unit("pre2025", "province", "08", "Tỉnh Tuyên Quang")
    district = make_unit("pre2025", "district", "076", "Huyện Sơn Dương", province)
    agency_directory_ensure(actor=SYSTEM, unit=district)
    expected = {
        "Công an huyện Sơn Dương",
        "Phòng Tư pháp huyện Sơn Dương",
        "Phòng Nội vụ huyện Sơn Dương",
        "Phòng Lao động - Thương binh và Xã hội huyện Sơn Dương",
        "Phòng Văn hóa và Thông tin huyện Sơn Dương",
        "Phòng Giáo dục và Đào tạo huyện Sơn Dương",
        "Phòng Y tế huyện Sơn Dương",
        "Phòng Tài chính - Kế hoạch huyện Sơn Dương",
        "Phòng Dân tộc huyện Sơn Dương",
        "Tòa án nhân dân huyện Sơn Dương",
        "Viện kiểm sát nhân dân huyện Sơn Dương",
        "Ban Chỉ huy quân sự huyện Sơn Dương",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Sơn Dương",
        "Trung tâm Văn hóa - Thông tin và Thể thao huyện Sơn Dương",
        "Ủy ban nhân dân huyện Sơn Dương",
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Sơn Dương",
        "Ban Tuyên giáo Huyện ủy Sơn Dương",
    }
    assert expected <= names(district)
    police = Agency.objects.get(unit=district, template_key="police")
    assert police.short_name == "Công an huyện" and police.kind == Agency.Kind.POLICE


def test_a_city_has_urban_departments_and_its_own_level_word() -> None:
    province = make_unit("pre2025", "province", "84", "Tỉnh Trà Vinh")
    city = make_unit("pre2025", "district", "842", "Thành phố Trà Vinh", province)
    agency_directory_ensure(actor=SYSTEM, unit=city)
    assert {"Công an thành phố Trà Vinh", "Phòng Kinh tế thành phố Trà Vinh"} <= names(city)
    assert "Phòng Nông nghiệp và Phát triển nông thôn thành phố Trà Vinh" not in names(city)


def test_communes_and_the_2025_map() -> None:
    new_province = make_unit("2025", "province", "08", "Tỉnh Tuyên Quang")
    commune = make_unit("2025", "commune", "02536", "Xã Sơn Dương", new_province)
    agency_directory_ensure(actor=SYSTEM, unit=new_province)
    agency_directory_ensure(actor=SYSTEM, unit=commune)
    assert {"Sở Nội vụ tỉnh Tuyên Quang", "Sở Dân tộc và Tôn giáo tỉnh Tuyên Quang"} <= names(
        new_province
    )
    assert "Sở Lao động - Thương binh và Xã hội tỉnh Tuyên Quang" not in names(new_province)
    assert {"Công an xã Sơn Dương", "Ủy ban nhân dân xã Sơn Dương"} <= names(commune)


# Agencies that seeds 002 (Kiên Giang provincial police) and 003 (Đắk Nông regulation) name.
SEED_002_KIEN_GIANG = [
    "Công an tỉnh",
    "Phòng Cảnh sát hình sự",
    "Văn phòng cơ quan Cảnh sát điều tra",
    "Phòng Tham mưu",
    "Phòng Công tác đảng và công tác chính trị",
    "phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc",
    "phòng Cảnh sát quản lý hành chính về trật tự xã hội",
    "Phòng An ninh đối ngoại",
    "Phòng Hậu cần",
    "Hội Phụ nữ Công an tỉnh",
    "Ban Tuyên giáo tỉnh",
    "Hội liên hiệp Phụ nữ Việt Nam tỉnh",
    "Sở Lao động - Thương binh và Xã hội tỉnh",
    "Ủy ban Mặt trận tổ quốc Việt Nam tỉnh",
    "Mặt trận Tổ quốc Việt Nam tỉnh Kiên Giang",
]
SEED_003_DAK_NONG = [
    "Công an tỉnh",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Tư pháp",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Cục Thi hành án dân sự tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "UBND tỉnh",
]


@pytest.mark.parametrize(
    ("code", "name", "mentions"),
    [("91", "Tỉnh Kiên Giang", SEED_002_KIEN_GIANG), ("67", "Tỉnh Đắk Nông", SEED_003_DAK_NONG)],
)
def test_agencies_of_seeds_002_and_003_exist(code: str, name: str, mentions: list[str]) -> None:
    province = make_unit("pre2025", "province", code, name)
    agency_directory_ensure(actor=SYSTEM, unit=province)
    for mention in mentions:
        match = resolve_agency(mention, province)
        assert match.agency is not None, mention
        assert match.confidence == 1.0, (mention, match.agency, match.confidence)
    criminal = Agency.objects.get(unit=province, template_key="police_criminal")
    assert criminal.parent == Agency.objects.get(unit=province, template_key="police")


def test_ensure_is_idempotent_and_keeps_the_administrators_edits() -> None:
    province = make_unit("pre2025", "province", "08", "Tỉnh Tuyên Quang")
    district = make_unit("pre2025", "district", "076", "Huyện Sơn Dương", province)
    first = agency_directory_ensure(actor=SYSTEM, unit=district)
    justice = Agency.objects.get(unit=district, template_key="justice")
    agency_update(actor=SYSTEM, agency=justice, name="Phòng Tư pháp Sơn Dương", is_active=False)
    count = Agency.objects.count()
    second = agency_directory_ensure(actor=SYSTEM, unit=district)
    assert Agency.objects.count() == count
    assert {a.pk for a in first} == {a.pk for a in second}
    justice.refresh_from_db()
    assert justice.name == "Phòng Tư pháp Sơn Dương" and not justice.is_active


def test_hand_made_agency_with_the_template_name_is_adopted() -> None:
    province = make_unit("pre2025", "province", "08", "Tỉnh Tuyên Quang")
    district = make_unit("pre2025", "district", "076", "Huyện Sơn Dương", province)
    own = agency_create(
        actor=SYSTEM, unit=district, name="Phòng Y tế huyện Sơn Dương", kind=Agency.Kind.HEALTH
    )
    agency_directory_ensure(actor=SYSTEM, unit=district)
    own.refresh_from_db()
    assert own.template_key == "health"
    assert Agency.objects.filter(unit=district, name="Phòng Y tế huyện Sơn Dương").count() == 1


def test_writes_are_audited_with_the_actor_and_refused_out_of_scope(world: World) -> None:
    agency_alias_add(actor=world.admin, agency=world.police_sd, name="CAH Sơn Dương")
    entry = LogEntry.objects.filter(content_type__model="agencyalias").latest("timestamp")
    assert entry.actor == world.admin
    assert resolve_agency("CAH Sơn Dương", world.son_duong).agency == world.police_sd
    with pytest.raises(NotAllowed):
        agency_alias_add(actor=world.admin, agency=world.police_tv, name="CA Trà Vinh")
    with pytest.raises(NotAllowed):
        agency_directory_ensure(actor=world.focal, unit=world.son_duong)


def test_a_2025_province_has_its_full_set_of_departments() -> None:
    province = make_unit("2025", "province", "08", "Tỉnh Tuyên Quang")
    agency_directory_ensure(actor=SYSTEM, unit=province)
    # Decree 150/2025/NĐ-CP, and the boards and media a province has besides.
    assert {
        "Văn phòng Ủy ban nhân dân tỉnh Tuyên Quang",
        "Sở Nội vụ tỉnh Tuyên Quang",
        "Sở Tư pháp tỉnh Tuyên Quang",
        "Sở Tài chính tỉnh Tuyên Quang",
        "Sở Công Thương tỉnh Tuyên Quang",
        "Sở Xây dựng tỉnh Tuyên Quang",
        "Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang",
        "Sở Khoa học và Công nghệ tỉnh Tuyên Quang",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Tuyên Quang",
        "Sở Giáo dục và Đào tạo tỉnh Tuyên Quang",
        "Sở Y tế tỉnh Tuyên Quang",
        "Sở Dân tộc và Tôn giáo tỉnh Tuyên Quang",
        "Thanh tra tỉnh Tuyên Quang",
        "Ban Quản lý các khu công nghiệp tỉnh Tuyên Quang",
        "Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang",
        "Báo và Phát thanh, Truyền hình Tuyên Quang",
        "Công an tỉnh Tuyên Quang",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
    } <= names(province)
    assert "Sở Kế hoạch và Đầu tư tỉnh Tuyên Quang" not in names(province)
    # Plans written before the merges still name the old departments.
    for old, new in (
        ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ tỉnh Tuyên Quang"),
        ("Sở Giao thông vận tải", "Sở Xây dựng tỉnh Tuyên Quang"),
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang"),
        ("Sở TT&TT", "Sở Khoa học và Công nghệ tỉnh Tuyên Quang"),
        ("Đài Phát thanh và Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình Tuyên Quang"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Tuyên Quang"),
    ):
        match = resolve_agency(old, province)
        assert match.agency is not None and match.agency.name == new, old


def test_a_province_of_the_earlier_map_has_the_departments_it_lacked() -> None:
    province = make_unit("pre2025", "province", "84", "Tỉnh Trà Vinh")
    agency_directory_ensure(actor=SYSTEM, unit=province)
    assert {
        "Văn phòng Ủy ban nhân dân tỉnh Trà Vinh",
        "Sở Xây dựng tỉnh Trà Vinh",
        "Sở Công Thương tỉnh Trà Vinh",
        "Sở Giao thông vận tải tỉnh Trà Vinh",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Trà Vinh",
        "Sở Tài nguyên và Môi trường tỉnh Trà Vinh",
        "Ban Quản lý các khu công nghiệp tỉnh Trà Vinh",
        "Sở Kế hoạch và Đầu tư tỉnh Trà Vinh",
        "Sở Lao động - Thương binh và Xã hội tỉnh Trà Vinh",
    } <= names(province)


def test_communes_and_wards_of_the_2025_map_have_the_decree_150_apparatus() -> None:
    province = make_unit("2025", "province", "08", "Tỉnh Tuyên Quang")
    commune = make_unit("2025", "commune", "02536", "Xã Sơn Dương", province)
    ward = make_unit("2025", "commune", "02509", "Phường Minh Xuân", province)
    for unit in (commune, ward):
        agency_directory_ensure(actor=SYSTEM, unit=unit)
    assert {
        "Ủy ban nhân dân xã Sơn Dương",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Sơn Dương",
        "Phòng Kinh tế xã Sơn Dương",
        "Phòng Văn hóa - Xã hội xã Sơn Dương",
        "Trung tâm Phục vụ hành chính công xã Sơn Dương",
        "Công an xã Sơn Dương",
        "Ban Chỉ huy quân sự xã Sơn Dương",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Sơn Dương",
    } <= names(commune)
    assert "Phòng Kinh tế, Hạ tầng và Đô thị phường Minh Xuân" in names(ward)
    assert "Phòng Kinh tế phường Minh Xuân" not in names(ward)
    assert resolve_agency("Phòng Kinh tế", ward).agency.template_key == "economy"
