"""Templates of the standard agency directory of a unit, per map edition, level and kind.

Pure data and naming, no database. A template name uses two placeholders: ``{L}`` is the
level word of the unit ("huyện", "thành phố", "tỉnh", "xã", "phường"…) and ``{U}`` its name
("Sơn Dương"). The canonical name an officer reads is the full one, as on a letterhead
("Phòng Tư pháp huyện Sơn Dương"); the short name is how the unit's own documents write it
("Phòng Tư pháp", "Công an huyện"). Aliases are the other spellings documents use:
abbreviations, older and newer names.

Sources: the district-level departments of Decree 37/2014/NĐ-CP as amended by Decree
108/2020/NĐ-CP (Phòng Tư pháp, Phòng Nội vụ, Phòng LĐ-TB&XH, Phòng Văn hóa và Thông tin…;
cities have Phòng Kinh tế and Phòng Quản lý đô thị instead of the rural Phòng Nông nghiệp và
PTNT and Phòng Kinh tế và Hạ tầng); for 1 July 2025, Decrees 150/2025/NĐ-CP (provincial
departments: Sở Nội vụ takes labour, Sở Dân tộc và Tôn giáo, Sở Nông nghiệp và Môi trường…) and
the commune apparatus (Văn phòng HĐND và UBND, Phòng Văn hóa - Xã hội, Phòng Kinh tế).
"""

from __future__ import annotations

from dataclasses import dataclass

K_POLICE = "police"
K_COURT = "court"
K_PROCURACY = "procuracy"
K_JUSTICE = "justice"
K_HOME = "home_affairs"
K_LABOUR = "labour"
K_CULTURE = "culture"
K_EDUCATION = "education"
K_HEALTH = "health"
K_FINANCE = "finance"
K_ETHNIC = "ethnic"
K_MILITARY = "military"
K_COMMITTEE = "peoples_committee"
K_FRONT = "fatherland_front"
K_MASS = "mass_organisation"
K_OTHER = "other"


@dataclass(frozen=True)
class Template:
    key: str  # stable slug, unique within a unit's directory
    kind: str  # Agency.Kind value
    short_name: str  # pattern with {L}/{U}
    name: str = ""  # pattern; default: short name + " {L} {U}" unless it already names {U}
    aliases: tuple[str, ...] = ()
    parent: str | None = None

    def render(self, level_word: str, unit_name: str) -> tuple[str, str, tuple[str, ...]]:
        """(name, short name, aliases) for a unit."""

        def fill(pattern: str) -> str:
            return " ".join(pattern.format(L=level_word, U=unit_name).split())

        short = fill(self.short_name)
        if self.name:
            name = fill(self.name)
        elif "{U}" in self.short_name:
            name = short
        elif "{L}" in self.short_name:
            name = f"{short} {unit_name}"
        else:
            name = f"{short} {level_word} {unit_name}"
        aliases = tuple(
            dict.fromkeys(fill(a) for a in self.aliases if fill(a) not in {name, short})
        )
        return name, short, aliases


T = Template

# --- Shared by district (pre-2025) and province levels --------------------------------------
_COMMON_TOP = [
    T("court", K_COURT, "Tòa án nhân dân {L}", aliases=("TAND {L}", "Tòa án nhân dân", "TAND")),
    T(
        "procuracy",
        K_PROCURACY,
        "Viện kiểm sát nhân dân {L}",
        aliases=("VKSND {L}", "Viện kiểm sát nhân dân", "VKSND", "Viện kiểm sát ND {L}"),
    ),
    T(
        "fatherland_front",
        K_FRONT,
        "Ủy ban Mặt trận Tổ quốc Việt Nam {L}",
        aliases=(
            "UBMTTQ Việt Nam {L}",
            "UBMTTQ {L}",
            "Mặt trận Tổ quốc Việt Nam {L}",
            "Mặt trận Tổ quốc {L}",
            "MTTQ {L}",
        ),
    ),
    T(
        "peoples_committee",
        K_COMMITTEE,
        "Ủy ban nhân dân {L}",
        aliases=("UBND {L}", "UBND {L} {U}"),
    ),
    T(
        "women_union",
        K_MASS,
        "Hội Liên hiệp Phụ nữ {L}",
        aliases=("Hội LHPN {L}", "Hội Phụ nữ {L}", "Hội Liên hiệp Phụ nữ Việt Nam {L}"),
    ),
    T("farmers_union", K_MASS, "Hội Nông dân {L}", aliases=("Hội ND {L}",)),
    T("veterans_union", K_MASS, "Hội Cựu chiến binh {L}", aliases=("Hội CCB {L}",)),
    T("labour_federation", K_MASS, "Liên đoàn Lao động {L}", aliases=("LĐLĐ {L}",)),
]

# --- A district of the earlier map (huyện, quận, thị xã, thành phố thuộc tỉnh) ------------------
_DISTRICT = [
    T("police", K_POLICE, "Công an {L}", aliases=("CA {L}", "Công an {L} {U}")),
    T("justice", K_JUSTICE, "Phòng Tư pháp", aliases=("Phòng TP", "Phòng Tư pháp {L}")),
    T("home_affairs", K_HOME, "Phòng Nội vụ", aliases=("Phòng Nội vụ {L}",)),
    T(
        "labour",
        K_LABOUR,
        "Phòng Lao động - Thương binh và Xã hội",
        aliases=(
            "Phòng LĐ-TB&XH",
            "Phòng LĐTBXH",
            "Phòng Lao động Thương binh và Xã hội",
            "Phòng Lao động - Thương binh và Xã hội {L}",
        ),
    ),
    T(
        "culture",
        K_CULTURE,
        "Phòng Văn hóa và Thông tin",
        aliases=(
            "Phòng Văn hóa - Thông tin",
            "Phòng Văn hóa thông tin",
            "Phòng VH-TT",
            "Phòng VHTT",
        ),
    ),
    T(
        "culture_centre",
        K_CULTURE,
        "Trung tâm Văn hóa - Thông tin và Thể thao",
        aliases=(
            "Trung tâm Văn hóa - Truyền thông và Thể thao",
            "Trung tâm Văn hóa Thông tin và Thể thao",
            "Trung tâm VH-TT&TT",
            "Trung tâm Văn hóa - Thể thao và Truyền thông",
        ),
    ),
    T(
        "education",
        K_EDUCATION,
        "Phòng Giáo dục và Đào tạo",
        aliases=("Phòng GD&ĐT", "Phòng GDĐT", "Phòng Giáo dục"),
    ),
    T("health", K_HEALTH, "Phòng Y tế"),
    T(
        "finance",
        K_FINANCE,
        "Phòng Tài chính - Kế hoạch",
        aliases=("Phòng Tài chính", "Phòng TC-KH", "Phòng Tài chính Kế hoạch"),
    ),
    T("ethnic", K_ETHNIC, "Phòng Dân tộc", aliases=("Phòng Dân tộc {L}",)),
    T(
        "military",
        K_MILITARY,
        "Ban Chỉ huy quân sự {L}",
        aliases=("Ban CHQS {L}", "BCHQS {L}", "Ban Chỉ huy quân sự"),
    ),
    T("inspectorate", K_OTHER, "Thanh tra {L}", aliases=("Thanh tra",)),
    T(
        "office",
        K_OTHER,
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {L}",
        aliases=("Văn phòng HĐND và UBND {L}", "Văn phòng HĐND và UBND", "VP HĐND-UBND {L}"),
    ),
    T(
        "environment",
        K_OTHER,
        "Phòng Tài nguyên và Môi trường",
        aliases=("Phòng TN&MT", "Phòng TNMT"),
    ),
    T(
        "party_propaganda",
        K_OTHER,
        "Ban Tuyên giáo {P}",
        name="Ban Tuyên giáo {P} {U}",
        aliases=("Ban Tuyên giáo", "Ban TG {P}"),
    ),
    T(
        "political_centre",
        K_EDUCATION,
        "Trung tâm Chính trị {L}",
        aliases=("Trung tâm chính trị",),
    ),
    T(
        "youth_union",
        K_MASS,
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh {L}",
        aliases=("{Y}", "Đoàn Thanh niên {L}"),
    ),
    T(
        "civil_judgment",
        K_JUSTICE,
        "Chi cục Thi hành án dân sự {L}",
        aliases=("Chi cục THADS {L}", "Chi cục Thi hành án dân sự"),
    ),
    T(
        "radio",
        K_CULTURE,
        "Đài Truyền thanh - Truyền hình {L}",
        aliases=("Đài Truyền thanh {L}", "Đài TT-TH {L}"),
    ),
]
_RURAL = [
    T(
        "agriculture",
        K_OTHER,
        "Phòng Nông nghiệp và Phát triển nông thôn",
        aliases=("Phòng NN&PTNT", "Phòng Nông nghiệp và PTNT", "Phòng Nông nghiệp"),
    ),
    T("infrastructure", K_OTHER, "Phòng Kinh tế và Hạ tầng", aliases=("Phòng KT&HT",)),
]
_URBAN = [
    T("economy", K_OTHER, "Phòng Kinh tế", aliases=("Phòng Kinh tế {L}",)),
    T("urban", K_OTHER, "Phòng Quản lý đô thị", aliases=("Phòng QLĐT",)),
]

# --- A province of the earlier map ----------------------------------------------------------------
_PROVINCE_POLICE = [
    T("police", K_POLICE, "Công an {L}", aliases=("CA {L}", "Công an {L} {U}")),
    # Departments of the provincial police (seeds 002 and 003 name them).
    T(
        "police_criminal",
        K_POLICE,
        "Phòng Cảnh sát hình sự",
        name="Phòng Cảnh sát hình sự Công an {L} {U}",
        aliases=("PC02", "Phòng CSHS"),
        parent="police",
    ),
    T(
        "police_investigation_office",
        K_POLICE,
        "Văn phòng Cơ quan Cảnh sát điều tra",
        name="Văn phòng Cơ quan Cảnh sát điều tra Công an {L} {U}",
        aliases=("PC01", "Văn phòng CQCSĐT"),
        parent="police",
    ),
    T(
        "police_staff",
        K_POLICE,
        "Phòng Tham mưu",
        name="Phòng Tham mưu Công an {L} {U}",
        aliases=("PV01",),
        parent="police",
    ),
    T(
        "police_party_work",
        K_POLICE,
        "Phòng Công tác đảng và công tác chính trị",
        name="Phòng Công tác đảng và công tác chính trị Công an {L} {U}",
        aliases=("PX03", "Phòng Công tác Đảng và Công tác chính trị"),
        parent="police",
    ),
    T(
        "police_administration",
        K_POLICE,
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội Công an {L} {U}",
        aliases=("PC06", "Phòng Cảnh sát QLHC về TTXH"),
        parent="police",
    ),
    T(
        "police_drugs",
        K_POLICE,
        "Phòng Cảnh sát điều tra tội phạm về ma túy",
        name="Phòng Cảnh sát điều tra tội phạm về ma túy Công an {L} {U}",
        aliases=("PC04",),
        parent="police",
    ),
    T(
        "police_sentence",
        K_POLICE,
        "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
        name="Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp Công an {L} {U}",
        aliases=("PC10", "Phòng Cảnh sát THAHS và HTTP"),
        parent="police",
    ),
    T(
        "police_detention",
        K_POLICE,
        "Phòng Cảnh sát quản lý trại tạm giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng",
        name=(
            "Phòng Cảnh sát quản lý trại tạm giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng"
            " Công an {L} {U}"
        ),
        aliases=("PC11",),
        parent="police",
    ),
    T(
        "police_detention_camp",
        K_POLICE,
        "Trại tạm giam Công an {L}",
        aliases=("Trại tạm giam",),
        parent="police",
    ),
    T(
        "police_security_movement",
        K_POLICE,
        "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        name="Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc Công an {L} {U}",
        aliases=("PV05",),
        parent="police",
    ),
    T(
        "police_foreign_security",
        K_POLICE,
        "Phòng An ninh đối ngoại",
        name="Phòng An ninh đối ngoại Công an {L} {U}",
        aliases=("PA01",),
        parent="police",
    ),
    T(
        "police_logistics",
        K_POLICE,
        "Phòng Hậu cần",
        name="Phòng Hậu cần Công an {L} {U}",
        aliases=("PH10",),
        parent="police",
    ),
    T(
        "police_women_union",
        K_MASS,
        "Hội Phụ nữ Công an {L}",
        parent="police",
    ),
    T(
        "police_legal",
        K_POLICE,
        "Phòng Pháp chế và quản lý khoa học",
        name="Phòng Pháp chế và quản lý khoa học Công an {L} {U}",
        aliases=("Phòng Pháp chế",),
        parent="police",
    ),
]
_PROVINCE_PRE2025 = [
    T("justice", K_JUSTICE, "Sở Tư pháp", aliases=("STP",)),
    T("home_affairs", K_HOME, "Sở Nội vụ"),
    T(
        "labour",
        K_LABOUR,
        "Sở Lao động - Thương binh và Xã hội",
        aliases=("Sở LĐ-TB&XH", "Sở LĐTBXH", "Sở Lao động Thương binh và Xã hội"),
    ),
    T(
        "culture",
        K_CULTURE,
        "Sở Văn hóa, Thể thao và Du lịch",
        aliases=("Sở VH-TT&DL", "Sở VHTTDL", "Sở Văn hóa Thể thao và Du lịch"),
    ),
    T(
        "information",
        K_CULTURE,
        "Sở Thông tin và Truyền thông",
        aliases=("Sở TT&TT", "Sở TTTT"),
    ),
    T("education", K_EDUCATION, "Sở Giáo dục và Đào tạo", aliases=("Sở GD&ĐT", "Sở GDĐT")),
    T("health", K_HEALTH, "Sở Y tế"),
    T("finance", K_FINANCE, "Sở Tài chính"),
    T("planning", K_FINANCE, "Sở Kế hoạch và Đầu tư", aliases=("Sở KH&ĐT", "Sở KHĐT")),
    T("ethnic", K_ETHNIC, "Ban Dân tộc {L}", aliases=("Ban Dân tộc",)),
    T(
        "military",
        K_MILITARY,
        "Bộ Chỉ huy Quân sự {L}",
        aliases=("Bộ CHQS {L}", "Bộ Chỉ huy quân sự"),
    ),
    T(
        "border_guard",
        K_MILITARY,
        "Bộ Chỉ huy Bộ đội Biên phòng {L}",
        aliases=("Bộ CHBĐBP {L}", "Bộ đội Biên phòng {L}"),
    ),
    T("inspectorate", K_OTHER, "Thanh tra {L}"),
    T(
        "office",
        K_OTHER,
        "Văn phòng Ủy ban nhân dân {L}",
        aliases=("Văn phòng UBND {L}", "VP UBND {L}"),
    ),
    T(
        "civil_judgment",
        K_JUSTICE,
        "Cục Thi hành án dân sự {L}",
        aliases=("Cục THADS {L}", "Cục Thi hành án dân sự"),
    ),
    T(
        "party_propaganda",
        K_OTHER,
        "Ban Tuyên giáo Tỉnh ủy",
        name="Ban Tuyên giáo Tỉnh ủy {U}",
        aliases=("Ban Tuyên giáo",),
    ),
    T(
        "youth_union",
        K_MASS,
        "Tỉnh đoàn",
        name="Tỉnh đoàn {U}",
        aliases=("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "Tỉnh Đoàn"),
    ),
    T(
        "radio",
        K_CULTURE,
        "Đài Phát thanh và Truyền hình {L}",
        aliases=("Đài PT-TH {L}", "Đài Phát thanh - Truyền hình {L}"),
    ),
    T("newspaper", K_CULTURE, "Báo {U}"),
    T("social_insurance", K_OTHER, "Bảo hiểm xã hội {L}", aliases=("BHXH {L}",)),
]

# --- The 2025 province (after the July 2025 reorganisation) ----------------------------
_PROVINCE_2025 = [
    T("justice", K_JUSTICE, "Sở Tư pháp"),
    T(
        "home_affairs",
        K_HOME,
        "Sở Nội vụ",
        aliases=("Sở Lao động - Thương binh và Xã hội",),  # took over labour and war invalids
    ),
    T("culture", K_CULTURE, "Sở Văn hóa, Thể thao và Du lịch", aliases=("Sở VH-TT&DL",)),
    T(
        "science",
        K_CULTURE,
        "Sở Khoa học và Công nghệ",
        aliases=("Sở KH&CN", "Sở Thông tin và Truyền thông"),  # took over information
    ),
    T("education", K_EDUCATION, "Sở Giáo dục và Đào tạo", aliases=("Sở GD&ĐT",)),
    T("health", K_HEALTH, "Sở Y tế"),  # took over social protection and children
    T("finance", K_FINANCE, "Sở Tài chính", aliases=("Sở Kế hoạch và Đầu tư",)),
    T("ethnic", K_ETHNIC, "Sở Dân tộc và Tôn giáo", aliases=("Ban Dân tộc {L}",)),
    T("agriculture", K_OTHER, "Sở Nông nghiệp và Môi trường", aliases=("Sở NN&MT",)),
    T("military", K_MILITARY, "Bộ Chỉ huy Quân sự {L}", aliases=("Bộ CHQS {L}",)),
    T("inspectorate", K_OTHER, "Thanh tra {L}"),
    T(
        "civil_judgment",
        K_JUSTICE,
        "Thi hành án dân sự {L}",
        aliases=("Cục Thi hành án dân sự {L}",),
    ),
]

# --- Communes -------------------------------------------------------------------------------------
_COMMUNE_COMMON = [
    T(
        "peoples_committee",
        K_COMMITTEE,
        "Ủy ban nhân dân {L}",
        aliases=("UBND {L}", "UBND {L} {U}"),
    ),
    T("police", K_POLICE, "Công an {L}", aliases=("CA {L}",)),
    T("military", K_MILITARY, "Ban Chỉ huy quân sự {L}", aliases=("Ban CHQS {L}",)),
    T(
        "fatherland_front",
        K_FRONT,
        "Ủy ban Mặt trận Tổ quốc Việt Nam {L}",
        aliases=("UBMTTQ {L}", "Mặt trận Tổ quốc {L}"),
    ),
    T("women_union", K_MASS, "Hội Liên hiệp Phụ nữ {L}", aliases=("Hội Phụ nữ {L}",)),
    T("farmers_union", K_MASS, "Hội Nông dân {L}"),
    T("veterans_union", K_MASS, "Hội Cựu chiến binh {L}"),
    T("youth_union", K_MASS, "Đoàn Thanh niên {L}", aliases=("Đoàn TNCS Hồ Chí Minh {L}",)),
]
_COMMUNE_PRE2025 = [
    T("justice", K_JUSTICE, "Công chức Tư pháp - Hộ tịch {L}", aliases=("Tư pháp - Hộ tịch {L}",)),
    T("culture", K_CULTURE, "Công chức Văn hóa - Xã hội {L}", aliases=("Văn hóa - Xã hội {L}",)),
    T("health", K_HEALTH, "Trạm Y tế {L}"),
    T(
        "radio",
        K_CULTURE,
        "Đài Truyền thanh {L}",
        aliases=("Trạm truyền thanh {L}", "Đài truyền thanh"),
    ),
]
_COMMUNE_2025 = [
    T(
        "office",
        K_OTHER,
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {L}",
        aliases=("Văn phòng HĐND và UBND {L}",),
    ),
    T(
        "culture",
        K_CULTURE,
        "Phòng Văn hóa - Xã hội",
        aliases=("Phòng Văn hóa Xã hội", "Phòng VH-XH"),  # also justice, labour, health, education
    ),
    T("economy", K_OTHER, "Phòng Kinh tế", aliases=("Phòng Kinh tế, Hạ tầng và Đô thị",)),
    T(
        "public_service",
        K_OTHER,
        "Trung tâm Phục vụ hành chính công {L}",
        aliases=("Trung tâm PVHCC {L}",),
    ),
    T("health", K_HEALTH, "Trạm Y tế {L}"),
]

_URBAN_DISTRICT_KINDS = {"thành phố", "thị xã", "quận"}


def templates_for(map_: str, level: str, kind: str) -> list[Template]:
    """The directory templates of a unit of this map edition, level and kind."""
    if level == "district":
        extra = _URBAN if kind in _URBAN_DISTRICT_KINDS else _RURAL
        return [*_DISTRICT, *_COMMON_TOP, *extra]
    if level == "province":
        own = _PROVINCE_PRE2025 if map_ == "pre2025" else _PROVINCE_2025
        return [*_PROVINCE_POLICE, *own, *_COMMON_TOP]
    own = _COMMUNE_PRE2025 if map_ == "pre2025" else _COMMUNE_2025
    return [*_COMMUNE_COMMON, *own]


# The party committee of a level: "Huyện ủy", "Thành ủy", "Thị ủy", "Quận ủy", "Tỉnh ủy".
_PARTY = {"huyện": "Huyện ủy", "thành phố": "Thành ủy", "thị xã": "Thị ủy", "quận": "Quận ủy"}
_YOUTH = {
    "huyện": "Huyện đoàn",
    "thành phố": "Thành đoàn",
    "thị xã": "Thị đoàn",
    "quận": "Quận đoàn",
}


def render(template: Template, *, kind: str, unit_name: str) -> tuple[str, str, tuple[str, ...]]:
    """Fill a template for a unit of this kind ("huyện") and name ("Sơn Dương")."""
    party = _PARTY.get(kind, "Tỉnh ủy")
    youth = _YOUTH.get(kind, "Tỉnh đoàn")
    filled = Template(
        key=template.key,
        kind=template.kind,
        short_name=template.short_name.replace("{P}", party).replace("{Y}", youth),
        name=template.name.replace("{P}", party).replace("{Y}", youth),
        aliases=tuple(a.replace("{P}", party).replace("{Y}", youth) for a in template.aliases),
        parent=template.parent,
    )
    return filled.render(kind, unit_name)
