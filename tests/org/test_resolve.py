"""resolve_agency on every agency mention of seeds 000 and 001, and on the hard cases."""

from __future__ import annotations

import pytest

from dondoc.core.actors import SYSTEM
from dondoc.org.mentions import split_agency_mentions
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.names import match_key
from dondoc.org.resolve import AgencyResolver, resolve_agency
from dondoc.org.services.agencies import agency_directory_ensure
from tests.org.factories import make_unit
from tests.org.seed_tables import assignment_cells

pytestmark = pytest.mark.django_db

COLLECTIVE = "collective"

# Every distinct mention of the lead and coordinating columns → the template key of the agency
# it must resolve to in the issuing unit's directory (or COLLECTIVE).
SEED_000 = {
    "Phòng Tư pháp": "justice",
    "Công an huyện": "police",
    "Viện Kiểm sát nhân dân huyện": "procuracy",
    "Viện kiểm sát nhân huyện": "procuracy",  # the seed's typo
    "Tòa án nhân dân huyện": "court",
    "Ban Chỉ huy Quân sự huyện": "military",
    "Phòng Nội vụ": "home_affairs",
    "Phòng Y tế": "health",
    "Phòng Nông nghiệp và Phát triển nông thôn": "agriculture",
    "Phòng Tài chính": "finance",
    "Phòng Lao động Thương binh và Xã hội": "labour",
    "Phòng Lao động Thương binh và Xã hội huyện": "labour",
    "Phòng Văn hóa thông tin": "culture",
    "Phòng Văn hóa và Thông tin": "culture",
    "Phòng Dân tộc": "ethnic",
    "Mặt trận Tổ quốc Việt Nam huyện Sơn Dương": "fatherland_front",
    "Trung tâm Văn hóa - Truyền thông và Thể thao huyện": "culture_centre",
    "các cơ quan có liên quan theo đề xuất của cơ quan chủ trì": COLLECTIVE,
    "Các cơ quan, ban, ngành, đơn vị thực hiện theo chức năng, nhiệm vụ được giao": COLLECTIVE,
    "Ủy ban nhân dân các xã, thị trấn thực hiện theo thẩm quyền": COLLECTIVE,
    "các cơ quan, ban, ngành, đơn vị, địa phương có liên quan": COLLECTIVE,
    "cơ quan, ban, ngành, đơn vị có liên quan": COLLECTIVE,
}
SEED_001 = {
    "Phòng Tư pháp": "justice",
    "Công an thành phố": "police",
    "Viện Kiểm sát nhân dân thành phố": "procuracy",
    "Viện Kiểm sát nhân dân": "procuracy",
    "Tòa án nhân dân thành phố": "court",
    "Ban Chỉ huy Quân sự thành phố": "military",
    "Phòng Lao động - Thương binh và Xã hội": "labour",
    "Phòng Nội vụ": "home_affairs",
    "Phòng Dân tộc thành phố": "ethnic",
    "Phòng Dân tộc": "ethnic",
    "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Trà Vinh": "fatherland_front",
    "Trung tâm chính trị": "political_centre",
    "Trung tâm chính trị thành phố": "political_centre",
    "Phòng Giáo dục và Đào tạo": "education",
    "Phòng Y tế": "health",
    "Phòng Văn hóa - Thông tin": "culture",
    "Trung tâm Văn hóa Thông tin và thể thao": "culture_centre",
    "Trung tâm Văn hóa - Thông tin và Thể thao thành phố": "culture_centre",
    "các ban, ngành thành phố có liên quan": COLLECTIVE,
    "Các cơ quan, đơn vị, địa phương": COLLECTIVE,
    "Các cơ quan, đơn vị địa phương": COLLECTIVE,
    "Trạm truyền thanh phường, xã": COLLECTIVE,
}


def _district_with_directories(province: tuple[str, str], district: tuple[str, str]) -> AdminUnit:
    """A district of the earlier map and its province, both with their standard directory."""
    parent = make_unit("pre2025", "province", *province)
    unit = make_unit("pre2025", "district", *district, parent)
    for each in (parent, unit):
        agency_directory_ensure(actor=SYSTEM, unit=each)
    return unit


@pytest.fixture
def son_duong() -> AdminUnit:
    return _district_with_directories(("08", "Tỉnh Tuyên Quang"), ("076", "Huyện Sơn Dương"))


@pytest.fixture
def tra_vinh() -> AdminUnit:
    return _district_with_directories(("84", "Tỉnh Trà Vinh"), ("842", "Thành phố Trà Vinh"))


def _check_seed(seed: str, unit: AdminUnit, expected: dict[str, str]) -> dict[str, int]:
    resolver = AgencyResolver(unit)
    expected_by_key = {match_key(k): v for k, v in expected.items()}
    tally = {"exact": 0, "fuzzy": 0, "collective": 0}
    mentions = [m for cell in assignment_cells(seed) for m in split_agency_mentions(cell)]
    assert len(mentions) > 100
    for mention in mentions:
        match = resolver.resolve(mention)
        if match.collective:
            tally["collective"] += 1
            want = expected_by_key.get(match_key(match.text), COLLECTIVE)
            assert want == COLLECTIVE, f"{mention!r} is collective, expected {want}"
            continue
        assert match.agency is not None, f"{mention!r} resolved to nothing"
        assert match.agency.unit == unit, mention
        want = expected_by_key.get(match_key(match.mention))
        assert want is not None, f"{match.mention!r} is missing from the expectation table"
        assert match.agency.template_key == want, f"{mention!r} → {match.agency}"
        tally["exact" if match.confidence == 1.0 else "fuzzy"] += 1
    seen = {match_key(m) for m in mentions} | {
        match_key(resolver.resolve(m).mention) for m in mentions
    }
    for text in expected:  # every line of the table is exercised by the seed
        assert match_key(text) in seen, text
    return tally


def test_every_mention_of_seed_000_resolves_in_son_duong(son_duong: AdminUnit) -> None:
    tally = _check_seed("000", son_duong, SEED_000)
    assert tally["fuzzy"] == 1  # "Viện kiểm sát nhân huyện", the seed's typo
    assert tally["collective"] >= 20


def test_every_mention_of_seed_001_resolves_in_tra_vinh(tra_vinh: AdminUnit) -> None:
    tally = _check_seed("001", tra_vinh, SEED_001)
    assert tally["fuzzy"] == 0
    assert tally["collective"] >= 20


@pytest.mark.parametrize(
    ("text", "key", "exact"),
    [
        ("Đề nghị Viện Kiểm sát nhân dân huyện chủ trì", "procuracy", True),
        ("Toà án nhân dân huyện chủ trì thực hiện theo thẩm quyền", "court", True),
        ("Phòng Lao động Thương binh và Xã hội huyện", "labour", True),
        ("Phòng LĐ-TB&XH", "labour", True),
        ("Ban CHQS huyện", "military", True),
        ("UBND huyện Sơn Dương", "peoples_committee", True),
        ("TAND huyện", "court", True),
        ("- Công an huyện phối hợp.", "police", True),
        ("Phòng Tư phap", "justice", True),  # keys ignore diacritics: a missing one is exact
        ("Phòng Giáo dục Đào tạo", "education", False),
    ],
)
def test_prefixes_suffixes_abbreviations_typos(
    son_duong: AdminUnit, text: str, key: str, exact: bool
) -> None:
    match = resolve_agency(text, son_duong)
    assert match.agency is not None and match.agency.template_key == key
    assert match.agency.unit == son_duong
    assert (match.confidence == 1.0) is exact
    if not exact:
        assert 0.8 <= match.confidence < 1.0


def test_a_mention_of_the_province_resolves_in_the_province(son_duong: AdminUnit) -> None:
    match = resolve_agency("Công an tỉnh", son_duong)
    assert match.agency is not None
    assert match.agency.unit == son_duong.parent
    assert match.agency.template_key == "police"
    assert resolve_agency("Sở Tư pháp", son_duong).agency.unit == son_duong.parent


def test_unknown_name_is_kept_without_agency(son_duong: AdminUnit) -> None:
    match = resolve_agency("Hợp tác xã Nông nghiệp Thành Công", son_duong)
    assert match.agency is None and not match.collective
    assert match.confidence == 0.0
    assert match.mention == "Hợp tác xã Nông nghiệp Thành Công"


def test_inactive_agencies_are_not_matched(son_duong: AdminUnit) -> None:
    Agency.objects.filter(unit=son_duong, template_key="health").update(is_active=False)
    assert resolve_agency("Phòng Y tế", son_duong).agency is None


@pytest.mark.parametrize(
    "text",
    [
        "Các cơ quan, ban, ngành, đơn vị thực hiện theo chức năng, nhiệm vụ được giao",
        "Ủy ban nhân dân các xã, thị trấn",
        "UBND phường, xã",
        "Công an các đơn vị, địa phương chủ động phối hợp thực hiện",
        "các Sở, ban, ngành có liên quan",
    ],
)
def test_collective_assignees(son_duong: AdminUnit, text: str) -> None:
    match = resolve_agency(text, son_duong)
    assert match.collective and match.agency is None
