"""The national level: its directory after the 2025 reorganisation, the ministries that ended
and their receivers, resolution of central plans' wordings, scoping left as it was."""

from __future__ import annotations

import datetime

import pytest

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit, Agency, AgencySuccession, Role
from dondoc.org.resolve import AgencyResolver, resolve_agency
from dondoc.org.scoping import agencies_visible, units_visible
from dondoc.org.services.agencies import agency_directory_ensure
from dondoc.org.services.national import national_directory_ensure
from dondoc.org.unit_lookup import is_central_issuer, is_central_symbol
from dondoc.plans.importers.drafts import DocumentHeader
from dondoc.plans.issuing_unit import infer_unit
from tests.org.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)
BEFORE = datetime.date(2023, 7, 4)

# Resolution 176/2025/QH15: the Government of the XVth National Assembly.
MINISTRIES = {
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
}
MINISTRY_LEVEL = {"Ngân hàng Nhà nước Việt Nam", "Thanh tra Chính phủ", "Văn phòng Chính phủ"}
ENDED = {
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Thông tin và Truyền thông",
    "Bộ Giao thông vận tải",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Tài nguyên và Môi trường",
    "Ủy ban Dân tộc",
}


@pytest.fixture
def national() -> AdminUnit:
    return national_directory_ensure(actor=SYSTEM).unit


def ministries_on(unit: AdminUnit, day: datetime.date) -> set[str]:
    from dondoc.org.models import existing_on

    return set(
        unit.agencies.filter(existing_on(day), name__startswith="Bộ ").values_list(
            "name", flat=True
        )
    )


def test_the_national_directory_loads_and_a_second_load_changes_nothing(national) -> None:
    assert (national.map, national.level, national.path, national.parent) == (
        "national",
        "national",
        "national/00",
        None,
    )
    assert ministries_on(national, TODAY) == MINISTRIES
    names = set(national.agencies.values_list("name", flat=True))
    assert names >= MINISTRY_LEVEL | ENDED
    assert {
        "Tòa án nhân dân tối cao",
        "Viện kiểm sát nhân dân tối cao",
        "Kiểm toán nhà nước",
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "Trung ương Hội Nông dân Việt Nam",
        "Trung ương Hội Cựu chiến binh Việt Nam",
        "Tổng Liên đoàn Lao động Việt Nam",
    } <= names
    # Before the reorganisation: the ministries of 2023, not the merged ones.
    before = ministries_on(national, BEFORE)
    assert "Bộ Lao động - Thương binh và Xã hội" in before
    assert "Bộ Nông nghiệp và Môi trường" not in before
    for name in ENDED:
        agency = national.agencies.get(name=name)
        assert agency.existed_until == datetime.date(2025, 2, 28) and not agency.is_active
    # The socio-political organisations under the Front (Resolution 203/2025/QH15).
    front = national.agencies.get(template_key="fatherland_front")
    assert set(front.children.values_list("template_key", flat=True)) == {
        "women_union",
        "youth_union",
        "farmers_union",
        "veterans_union",
        "labour_federation",
    }
    counts = (Agency.objects.count(), AgencySuccession.objects.count())
    again = national_directory_ensure(actor=SYSTEM)
    assert again.successions_created == 0
    assert (Agency.objects.count(), AgencySuccession.objects.count()) == counts


def test_the_labour_ministry_passed_its_parts_to_their_receivers(national) -> None:
    labour = national.agencies.get(name="Bộ Lao động - Thương binh và Xã hội")
    rows = {
        s.successor.name: s
        for s in AgencySuccession.objects.filter(predecessor=labour).select_related("successor")
    }
    assert set(rows) == {"Bộ Nội vụ", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Dân tộc và Tôn giáo"}
    assert "việc làm" in rows["Bộ Nội vụ"].part and "bảo hiểm xã hội" in rows["Bộ Nội vụ"].part
    assert "trẻ em" in rows["Bộ Y tế"].part and "bảo trợ xã hội" in rows["Bộ Y tế"].part
    assert rows["Bộ Giáo dục và Đào tạo"].part == "giáo dục nghề nghiệp"
    for row in rows.values():
        assert row.effective == datetime.date(2025, 3, 1)
        assert "176/2025/QH15" in row.source and not row.is_suggestion
    planning = national.agencies.get(name="Bộ Kế hoạch và Đầu tư")
    (whole,) = AgencySuccession.objects.filter(predecessor=planning)
    assert whole.successor.name == "Bộ Tài chính" and whole.is_whole


# Wordings of the Prime Minister's and national plans (tests/fixtures/real/national-*.md).
NATIONAL_WORDINGS = {
    "Bộ Công an": "Bộ Công an",
    "Bộ Y tế": "Bộ Y tế",
    "Bộ Quốc phòng": "Bộ Quốc phòng",
    "Bộ Ngoại giao": "Bộ Ngoại giao",
    "Bộ GD&ĐT": "Bộ Giáo dục và Đào tạo",
    "Bộ Văn hóa, Thể thao và Du lịch": "Bộ Văn hóa, Thể thao và Du lịch",
    "Ủy ban TW Mặt trận Tổ quốc Việt Nam": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Trung ương MTTQ Việt Nam": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Trung ương Hội Cựu chiến binh Việt Nam": "Trung ương Hội Cựu chiến binh Việt Nam",
    "Ban Tuyên giáo Trung ương": "Ban Tuyên giáo và Dân vận Trung ương",
    "Tòa án nhân dân tối cao": "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao": "Viện kiểm sát nhân dân tối cao",
    "Kiểm toán Nhà nước": "Kiểm toán nhà nước",
    "Đề nghị Trung ương Hội Liên hiệp Phụ nữ Việt Nam phối hợp": (
        "Trung ương Hội Liên hiệp Phụ nữ Việt Nam"
    ),
}
COLLECTIVE = [
    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
    "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    "các bộ, ngành",
    "Các Bộ, ngành, địa phương",
    "Các Bộ",
    "cơ quan ngang Bộ",
    "cơ quan thuộc CP",
    "Cơ quan Lao động - Thương binh và Xã hội ở địa phương",
    "Ủy ban nhân dân tỉnh",  # in a plan of the Government: every province's
    "Công an cấp tỉnh",
    "Hội Cựu chiến binh các cấp",
]


def test_a_plan_of_the_government_resolves_its_agencies(national) -> None:
    resolver = AgencyResolver(national, on=TODAY)
    for text, expected in NATIONAL_WORDINGS.items():
        match = resolver.resolve(text)
        assert match.agency is not None and match.agency.name == expected, text
        assert match.confidence == 1.0, text
    for text in COLLECTIVE:
        assert resolver.resolve(text).collective, text


def test_an_ended_ministry_is_offered_with_its_receivers_for_the_plans_date(national) -> None:
    labour = "Bộ Lao động - Thương binh và Xã hội"
    # A plan of 2023: the ministry as it was.
    then = resolve_agency(labour, national, on=BEFORE)
    assert then.agency is not None and then.agency.name == labour and then.ended is None
    # A plan of 2026: no single body took everything; the officer chooses among the receivers.
    now = resolve_agency("Bộ LĐ-TB&XH", national, on=TODAY)
    assert now.agency is None and now.ended is not None and now.ended.name == labour
    assert [(r.agency.name, bool(r.part)) for r in now.receivers] == [
        ("Bộ Nội vụ", True),
        ("Bộ Y tế", True),
        ("Bộ Giáo dục và Đào tạo", True),
        ("Bộ Dân tộc và Tôn giáo", True),
    ]
    # One body took everything: it is taken, to be confirmed.
    merged = resolve_agency("Bộ Kế hoạch và Đầu tư", national, on=TODAY)
    assert merged.agency is not None and merged.agency.name == "Bộ Tài chính"
    assert merged.confidence < 1 and merged.ended is not None
    # One body took all but a named part: it is taken, and both are listed.
    split = resolve_agency("Bộ Thông tin và Truyền thông", national, on=TODAY)
    assert split.agency is not None and split.agency.name == "Bộ Khoa học và Công nghệ"
    assert [(r.agency.name, r.part) for r in split.receivers] == [
        ("Bộ Khoa học và Công nghệ", ""),
        ("Bộ Văn hóa, Thể thao và Du lịch", "báo chí, xuất bản"),
    ]


def test_a_district_plan_can_name_a_ministry_and_keeps_its_own_agencies(world, national) -> None:
    for unit in (world.province, world.son_duong):
        agency_directory_ensure(actor=SYSTEM, unit=unit)
    resolver = AgencyResolver(world.son_duong, on=BEFORE)
    assert resolver.resolve("Bộ Công an").agency.unit == national
    assert resolver.resolve("Công an huyện").agency.unit == world.son_duong
    assert resolver.resolve("Sở Y tế").agency.unit == world.province
    # A local body whose name a central one shares ("Hội Liên hiệp Phụ nữ Việt Nam huyện").
    local = resolver.resolve("Hội Liên hiệp Phụ nữ huyện")
    assert local.agency.unit == world.son_duong


def test_central_issuers_are_the_national_unit(national) -> None:
    for issuer in ("THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ", "BỘ CÔNG AN", "Bộ Y tế"):
        assert is_central_issuer(issuer), issuer
        header = DocumentHeader(issuer=issuer, place="Hà Nội", date="2026-03-02", year=2026)
        assert infer_unit(header) == national
    # No issuer line read, but the symbol names the Prime Minister (Decree 30/2020, Annex I).
    header = DocumentHeader(symbol="KH-TTg", place="Hà Nội", date="2026-03-10", year=2026)
    assert infer_unit(header) == national
    for symbol in ("KH-UBND", "KH-CAT-CSHS", "KH-BCĐQG1237"):
        assert not is_central_symbol(symbol), symbol
    for issuer in (
        "BỘ CÔNG AN CÔNG AN TỈNH KIÊN GIANG",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
        "Bộ Chỉ huy quân sự tỉnh Đắk Nông",
    ):
        assert not is_central_issuer(issuer), issuer


def test_the_national_unit_widens_nobodys_scope(world, national) -> None:
    before = {
        user.username: (
            set(units_visible(user=user).values_list("pk", flat=True)),
            set(agencies_visible(user=user).values_list("pk", flat=True)),
        )
        for user in (world.focal, world.officer, world.leader, world.new_focal, world.outsider)
    }
    assert all(national.pk not in units for units, _ in before.values())
    national_agencies = set(national.agencies.values_list("pk", flat=True))
    assert all(not agencies & national_agencies for _, agencies in before.values())
    # A focal officer of a ministry sees the national unit and its agencies, no province.
    ministry = national.agencies.get(name="Bộ Công an")
    officer = UserFactory(username="bo_cong_an")
    MembershipFactory(user=officer, agency=ministry, role=Role.FOCAL_OFFICER)
    assert set(units_visible(user=officer)) == {national}
    assert not agencies_visible(user=officer).exclude(unit=national).exists()


def test_a_real_national_plan_resolves_its_ministries(national) -> None:
    """Plan 252/KH-BCĐQG1237 (2013) of the national steering committee, from the real corpus."""
    from pathlib import Path

    from dondoc.plans.importers import parse_plan
    from dondoc.plans.services import plan_resolve

    path = Path(__file__).parents[1] / "fixtures/real/national-252-kh-bcdqg1237-2013-liet-si.md"
    draft = parse_plan(path.read_bytes(), file=path.name)
    assert infer_unit(draft.document) == national
    plan_resolve(actor=SYSTEM, draft=draft, unit=national)
    resolved = {
        a.mention: a.agency for t in draft.tasks for a in t.assignments if a.agency is not None
    }
    expected = {
        "Bộ Quốc phòng": "Bộ Quốc phòng",
        "Bộ Ngoại giao": "Bộ Ngoại giao",
        "Bộ Tài chính": "Bộ Tài chính",
        # 2013: the ministries as they were then, not their 2025 receivers.
        "Bộ Lao động - Thương binh và Xã hội": "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Thông tin và Truyền thông": "Bộ Thông tin và Truyền thông",
        "Trung ương Hội Cựu chiến binh Việt Nam": "Trung ương Hội Cựu chiến binh Việt Nam",
        "Ban Tuyên giáo Trung ương": "Ban Tuyên giáo và Dân vận Trung ương",
    }
    for mention, name in expected.items():
        assert resolved.get(mention) == name, mention
    assert not [w for w in draft.warnings if w.code == "agency_ended"]


PM_PLAN = (
    "Số: 12/KH-TTg\n\nHà Nội, ngày 10 tháng 3 năm 2026\n\nKẾ HOẠCH\n\n"
    "Thực hiện Nghị quyết số 05/NQ-CP ngày 02 tháng 01 năm 2026 của Chính phủ\n\n"
    "Căn cứ Nghị quyết số 05/NQ-CP ngày 02 tháng 01 năm 2026 của Chính phủ;\n\n"
    "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời hạn hoàn thành\n"
    "I\tTuyên truyền\t\t\t\t\n"
    "1\tTuyên truyền Công ước chống tra tấn\tBộ Công an\tBộ Tư pháp, Bộ Văn hóa, Thể thao và "
    "Du lịch\tTin, bài\tHàng năm\n"
    "2\tHỗ trợ nạn nhân là trẻ em\tBộ Lao động - Thương binh và Xã hội\tỦy ban nhân dân các "
    "tỉnh, thành phố trực thuộc trung ương\tBáo cáo\tHàng năm\n"
    "3\tThống kê\tBộ Kế hoạch và Đầu tư\tcác bộ, ngành\tBảng\t2026 - 2027\n"
)
PROVINCE_PLAN = (
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH TUYÊN QUANG\n\n"
    "Số: 30/KH-UBND\n\nTuyên Quang, ngày 20 tháng 4 năm 2026\n\nKẾ HOẠCH\n\n"
    "Thực hiện Kế hoạch số 12/KH-TTg ngày 10/3/2026 của Thủ tướng Chính phủ\n\n"
    "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời hạn hoàn thành\n"
    "1\tTuyên truyền\tCông an tỉnh\tSở Tư pháp, Bộ Công an\tTin, bài\tHàng năm\n"
)


def test_a_prime_ministers_plan_imports_and_a_province_plan_carries_it_out(world) -> None:
    from dondoc.org.services.national import national_unit_ensure
    from dondoc.plans.importers.text import parse_text
    from dondoc.plans.services import plan_import, plan_resolve

    draft = parse_text(PM_PLAN)
    national, _ = national_unit_ensure(actor=SYSTEM)
    unit = infer_unit(draft.document)
    assert unit == national
    plan_resolve(actor=SYSTEM, draft=draft, unit=unit)
    codes = {w.code for w in draft.warnings}
    assert "agency_ended" in codes
    pm_plan = plan_import(actor=SYSTEM, draft=draft, unit=unit)
    leads = {
        t.path: t.assignments.get(role="lead").agency for t in pm_plan.tasks.filter(is_leaf=True)
    }
    assert leads["I/1"].name == "Bộ Công an"
    assert leads["I/2"] is None  # the officer chooses among Bộ LĐ-TB&XH's receivers
    assert leads["I/3"].name == "Bộ Tài chính"

    draft = parse_text(PROVINCE_PLAN)
    assert infer_unit(draft.document) == world.new_province
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.new_province)
    plan = plan_import(actor=SYSTEM, draft=draft, unit=world.new_province)
    assert plan.upper == pm_plan
    ministry = plan.tasks.get(path="1").assignments.get(mention="Bộ Công an").agency
    assert ministry is not None and ministry.unit == national
