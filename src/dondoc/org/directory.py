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

import datetime
from dataclasses import dataclass, replace

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
class Handover:
    """What an agency that ended passed to another agency of the same directory."""

    successor: str  # template key of the receiving agency
    part: str = ""  # empty: all its functions and tasks
    source: str = ""  # the legal text that says so
    effective: datetime.date | None = None  # default: the day after the agency ended


@dataclass(frozen=True)
class Template:
    key: str  # stable slug, unique within a unit's directory
    kind: str  # Agency.Kind value
    short_name: str  # pattern with {L}/{U}
    name: str = ""  # pattern; default: short name + " {L} {U}" unless it already names {U}
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    # The agency's life where a text states it (the national reorganisation of 2025); empty:
    # "as far as the records go". An agency with `existed_until` has `handovers`.
    existed_from: datetime.date | None = None
    existed_until: datetime.date | None = None
    handovers: tuple[Handover, ...] = ()

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
    # The other departments of Decree 24/2014/NĐ-CP as amended by Decree 107/2020/NĐ-CP.
    T("industry_trade", K_OTHER, "Sở Công Thương", aliases=("Sở Công thương", "Sở CT")),
    T("construction", K_OTHER, "Sở Xây dựng", aliases=("Sở XD",)),
    T("transport", K_OTHER, "Sở Giao thông vận tải", aliases=("Sở GTVT",)),
    T(
        "agriculture",
        K_OTHER,
        "Sở Nông nghiệp và Phát triển nông thôn",
        aliases=("Sở NN&PTNT", "Sở Nông nghiệp và PTNT", "Sở Nông nghiệp"),
    ),
    T("environment", K_OTHER, "Sở Tài nguyên và Môi trường", aliases=("Sở TN&MT", "Sở TNMT")),
    T("science", K_OTHER, "Sở Khoa học và Công nghệ", aliases=("Sở KH&CN", "Sở KHCN")),
    T("foreign_affairs", K_OTHER, "Sở Ngoại vụ"),
    T(
        "industrial_zones",
        K_OTHER,
        "Ban Quản lý các khu công nghiệp {L}",
        aliases=(
            "Ban Quản lý các khu công nghiệp",
            "BQL các KCN {L}",
            "Ban Quản lý Khu kinh tế {L}",
            "Ban Quản lý các khu kinh tế {L}",
            "Ban Quản lý Khu kinh tế",
        ),
    ),
    T(
        "public_service",
        K_OTHER,
        "Trung tâm Phục vụ hành chính công {L}",
        aliases=("Trung tâm PVHCC {L}", "Trung tâm Phục vụ hành chính công"),
    ),
]

# --- The 2025 province ------------------------------------------------------------------------
# Decree 150/2025/NĐ-CP (12/6/2025) on the specialised agencies of provincial and commune People's
# Committees: Văn phòng UBND, Sở Nội vụ (which took labour, wages, social insurance, war
# invalids), Sở Tư pháp, Sở Tài chính (with planning and investment), Sở Công Thương, Sở Nông
# nghiệp và Môi trường, Sở Xây dựng (with transport), Sở Khoa học và Công nghệ (with information
# and communications), Sở Văn hóa, Thể thao và Du lịch, Sở Giáo dục và Đào tạo, Sở Y tế (with
# social protection and children), Thanh tra tỉnh; Sở Dân tộc và Tôn giáo and Sở Ngoại vụ where
# the province sets them up. The old names stay as aliases: plans written before the merge
# still name "Sở Lao động - Thương binh và Xã hội".
_PROVINCE_2025 = [
    T(
        "office",
        K_OTHER,
        "Văn phòng Ủy ban nhân dân {L}",
        aliases=("Văn phòng UBND {L}", "VP UBND {L}", "Văn phòng UBND"),
    ),
    T("justice", K_JUSTICE, "Sở Tư pháp", aliases=("STP",)),
    T(
        "home_affairs",
        K_HOME,
        "Sở Nội vụ",
        aliases=(
            "Sở Lao động - Thương binh và Xã hội",  # took over labour and war invalids
            "Sở LĐ-TB&XH",
            "Sở LĐTBXH",
            "Sở Lao động Thương binh và Xã hội",
        ),
    ),
    T(
        "culture",
        K_CULTURE,
        "Sở Văn hóa, Thể thao và Du lịch",
        aliases=("Sở VH-TT&DL", "Sở VHTTDL", "Sở Văn hóa Thể thao và Du lịch"),
    ),
    T(
        "science",
        K_CULTURE,
        "Sở Khoa học và Công nghệ",
        aliases=("Sở KH&CN", "Sở KHCN", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ),
    T("education", K_EDUCATION, "Sở Giáo dục và Đào tạo", aliases=("Sở GD&ĐT", "Sở GDĐT")),
    T("health", K_HEALTH, "Sở Y tế"),  # took over social protection and children
    T(
        "finance",
        K_FINANCE,
        "Sở Tài chính",
        aliases=("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Sở KHĐT"),
    ),
    T("industry_trade", K_OTHER, "Sở Công Thương", aliases=("Sở Công thương", "Sở CT")),
    T(
        "construction",
        K_OTHER,
        "Sở Xây dựng",
        aliases=("Sở XD", "Sở Giao thông vận tải", "Sở GTVT"),  # took over transport
    ),
    T(
        "agriculture",
        K_OTHER,
        "Sở Nông nghiệp và Môi trường",
        aliases=(
            "Sở NN&MT",
            "Sở NNMT",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở NN&PTNT",
            "Sở Tài nguyên và Môi trường",
            "Sở TN&MT",
        ),
    ),
    T(
        "ethnic",
        K_ETHNIC,
        "Sở Dân tộc và Tôn giáo",
        aliases=("Sở DT&TG", "Ban Dân tộc {L}", "Ban Dân tộc"),
    ),
    T("foreign_affairs", K_OTHER, "Sở Ngoại vụ"),
    T("inspectorate", K_OTHER, "Thanh tra {L}", aliases=("Thanh tra",)),
    T("military", K_MILITARY, "Bộ Chỉ huy Quân sự {L}", aliases=("Bộ CHQS {L}",)),
    T(
        "border_guard",
        K_MILITARY,
        "Bộ Chỉ huy Bộ đội Biên phòng {L}",
        aliases=("Bộ CHBĐBP {L}", "Bộ đội Biên phòng {L}"),
    ),
    T(
        "civil_judgment",
        K_JUSTICE,
        "Thi hành án dân sự {L}",
        aliases=("Cục Thi hành án dân sự {L}", "THADS {L}", "Cục THADS {L}"),
    ),
    T(
        "industrial_zones",
        K_OTHER,
        "Ban Quản lý các khu công nghiệp {L}",
        aliases=(
            "Ban Quản lý các khu công nghiệp",
            "BQL các KCN {L}",
            "Ban Quản lý Khu kinh tế {L}",
            "Ban Quản lý các khu kinh tế {L}",
            "Ban Quản lý Khu kinh tế",
        ),
    ),
    T(
        "public_service",
        K_OTHER,
        "Trung tâm Phục vụ hành chính công {L}",
        aliases=("Trung tâm PVHCC {L}", "Trung tâm Phục vụ hành chính công"),
    ),
    T(
        "party_propaganda",
        K_OTHER,
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy {U}",
        aliases=("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận", "Ban Tuyên giáo"),
    ),
    T(
        "youth_union",
        K_MASS,
        "Tỉnh đoàn",
        name="Tỉnh đoàn {U}",
        aliases=("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "Tỉnh Đoàn"),
    ),
    # Provinces merged their newspaper and their radio-television station in 2025 (Báo và
    # Phát thanh, Truyền hình …); the separate names stay as aliases.
    T(
        "media",
        K_CULTURE,
        "Báo và Phát thanh, Truyền hình {U}",
        aliases=(
            "Báo {U}",
            "Đài Phát thanh và Truyền hình {L}",
            "Đài PT-TH {L}",
            "Đài Phát thanh - Truyền hình {L}",
        ),
    ),
    T("social_insurance", K_OTHER, "Bảo hiểm xã hội {L}", aliases=("BHXH {L}",)),
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
# Decree 150/2025/NĐ-CP, Chapter III: a commune, ward or special zone of the 2025 map has the
# Văn phòng HĐND và UBND (office, justice, foreign affairs), the Phòng Kinh tế (communes and
# special zones) or the Phòng Kinh tế, Hạ tầng và Đô thị (wards), the Phòng Văn hóa - Xã hội
# (culture, education, health, labour, social affairs, ethnic and religious affairs), and the
# Trung tâm Phục vụ hành chính công; the commune police and military command are the police's
# and the army's (Law 72/2025/QH15 keeps them at the commune).
_COMMUNE_2025 = [
    T(
        "office",
        K_OTHER,
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {L}",
        aliases=(
            "Văn phòng HĐND và UBND {L}",
            "Văn phòng HĐND và UBND",
            "Văn phòng HĐND - UBND {L}",
            "VP HĐND và UBND {L}",
        ),
    ),
    T(
        "culture",
        K_CULTURE,
        "Phòng Văn hóa - Xã hội",
        aliases=(
            "Phòng Văn hóa Xã hội",
            "Phòng VH-XH",
            "Phòng VHXH",
            "Phòng Văn hóa - Xã hội {L}",
        ),  # also labour, health, education, ethnic affairs
    ),
    T(
        "public_service",
        K_OTHER,
        "Trung tâm Phục vụ hành chính công {L}",
        aliases=("Trung tâm PVHCC {L}", "Trung tâm Phục vụ hành chính công"),
    ),
    T("health", K_HEALTH, "Trạm Y tế {L}"),
]
_COMMUNE_ECONOMY = T(
    "economy",
    K_OTHER,
    "Phòng Kinh tế",
    aliases=("Phòng Kinh tế {L}", "Phòng Kinh tế, Hạ tầng và Đô thị"),
)
_WARD_ECONOMY = T(
    "economy",
    K_OTHER,
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    aliases=("Phòng Kinh tế - Hạ tầng - Đô thị", "Phòng KT-HT-ĐT", "Phòng Kinh tế"),
)

# --- The central level ----------------------------------------------------------------------------
# Resolution 176/2025/QH15 (18/02/2025) on the structure of the Government for the XVth National
# Assembly: 14 ministries and 3 ministry-level agencies; the ministries' decrees of February 2025
# took effect on 1 March 2025 (Decree 25/2025/NĐ-CP for the Ministry of Home Affairs). The
# ministries it merged ended on 28 February 2025 and pass their work on as the texts say
# (data/SOURCES.md lists the sources and what could not be checked against a decree's text).
NATIONAL_KIND = "trung ương"  # AdminUnit.kind of the national unit
REORGANISED = datetime.date(2025, 3, 1)
ENDED = datetime.date(2025, 2, 28)
SRC_176 = "Nghị quyết 176/2025/QH15 ngày 18/02/2025 của Quốc hội về cơ cấu tổ chức của Chính phủ"
SRC_HOME = f"{SRC_176}; Nghị định 25/2025/NĐ-CP (Bộ Nội vụ, hiệu lực 01/3/2025)"
SRC_PLAN = (
    f"{SRC_176}; phương án sắp xếp của Chính phủ (chuyển chức năng của Bộ Lao động - Thương binh"
    " và Xã hội)"
)
# Resolution 203/2025/QH15 (16/6/2025) amending Article 9 of the Constitution: the trade unions,
# the Farmers' Union, the Youth Union, the Women's Union and the Veterans' Association are
# socio-political organisations "trực thuộc Mặt trận Tổ quốc Việt Nam".
SRC_203 = "Nghị quyết 203/2025/QH15 ngày 16/6/2025 sửa đổi Điều 9 Hiến pháp"


def N(
    key: str,
    kind: str,
    name: str,
    *aliases: str,
    parent: str | None = None,
    existed_from: datetime.date | None = None,
    existed_until: datetime.date | None = None,
    handovers: tuple[Handover, ...] = (),
) -> Template:
    """A central body: its name as it stands, without level word or place."""
    return Template(
        key,
        kind,
        name,
        name=name,
        aliases=aliases,
        parent=parent,
        existed_from=existed_from,
        existed_until=existed_until,
        handovers=handovers,
    )


_NATIONAL = [
    N("government", K_OTHER, "Chính phủ", "Thủ tướng Chính phủ", "Chính phủ nước CHXHCN Việt Nam"),
    # The 14 ministries.
    N("defence", K_MILITARY, "Bộ Quốc phòng", "Bộ QP"),
    N("police", K_POLICE, "Bộ Công an", "Bộ CA"),
    N("foreign_affairs", K_OTHER, "Bộ Ngoại giao"),
    N(
        "home_affairs",
        K_HOME,
        "Bộ Nội vụ",
        # It continues; its Government Committee for Religious Affairs went to the new ministry.
        handovers=(
            Handover("ethnic_religion", "tín ngưỡng, tôn giáo", SRC_176, effective=REORGANISED),
        ),
    ),
    N("justice", K_JUSTICE, "Bộ Tư pháp"),
    N("finance", K_FINANCE, "Bộ Tài chính"),
    N("industry_trade", K_OTHER, "Bộ Công Thương", "Bộ Công thương"),
    N(
        "agriculture_environment",
        K_OTHER,
        "Bộ Nông nghiệp và Môi trường",
        "Bộ NN&MT",
        "Bộ NNMT",
        existed_from=REORGANISED,
    ),
    N("construction", K_OTHER, "Bộ Xây dựng"),
    N(
        "culture",
        K_CULTURE,
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ VH-TT&DL",
        "Bộ VHTTDL",
        "Bộ Văn hóa Thể thao và Du lịch",
    ),
    N("science", K_OTHER, "Bộ Khoa học và Công nghệ", "Bộ KH&CN", "Bộ KHCN"),
    N("education", K_EDUCATION, "Bộ Giáo dục và Đào tạo", "Bộ GD&ĐT", "Bộ GDĐT"),
    N("health", K_HEALTH, "Bộ Y tế"),
    N(
        "ethnic_religion",
        K_ETHNIC,
        "Bộ Dân tộc và Tôn giáo",
        "Bộ DT&TG",
        "Bộ DTTG",
        existed_from=REORGANISED,
    ),
    # The 3 ministry-level agencies.
    N("state_bank", K_FINANCE, "Ngân hàng Nhà nước Việt Nam", "NHNN", "Ngân hàng Nhà nước"),
    N("inspectorate", K_OTHER, "Thanh tra Chính phủ", "TTCP"),
    N("office", K_OTHER, "Văn phòng Chính phủ", "VPCP"),
    # The ministries and the ministry-level agency that ended on 28 February 2025.
    N(
        "planning_investment",
        K_FINANCE,
        "Bộ Kế hoạch và Đầu tư",
        "Bộ KH&ĐT",
        "Bộ KHĐT",
        existed_until=ENDED,
        handovers=(Handover("finance", source=SRC_176),),
    ),
    N(
        "labour",
        K_LABOUR,
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ LĐ-TB&XH",
        "Bộ LĐTBXH",
        "Bộ Lao động Thương binh và Xã hội",
        existed_until=ENDED,
        handovers=(
            Handover(
                "home_affairs",
                "lao động, tiền lương, việc làm, bảo hiểm xã hội, an toàn, vệ sinh lao động, "
                "người có công, bình đẳng giới",
                SRC_HOME,
            ),
            Handover(
                "health",
                "bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội",
                SRC_PLAN,
            ),
            Handover("education", "giáo dục nghề nghiệp", SRC_PLAN),
            Handover("ethnic_religion", "giảm nghèo", SRC_PLAN),
        ),
    ),
    N(
        "information",
        K_CULTURE,
        "Bộ Thông tin và Truyền thông",
        "Bộ TT&TT",
        "Bộ TTTT",
        existed_until=ENDED,
        handovers=(
            Handover("science", source=SRC_176),
            Handover("culture", "báo chí, xuất bản", SRC_176),
        ),
    ),
    N(
        "transport",
        K_OTHER,
        "Bộ Giao thông vận tải",
        "Bộ GTVT",
        existed_until=ENDED,
        handovers=(Handover("construction", source=SRC_176),),
    ),
    N(
        "agriculture",
        K_OTHER,
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "Bộ NN&PTNT",
        "Bộ Nông nghiệp và PTNT",
        existed_until=ENDED,
        handovers=(Handover("agriculture_environment", source=SRC_176),),
    ),
    N(
        "environment",
        K_OTHER,
        "Bộ Tài nguyên và Môi trường",
        "Bộ TN&MT",
        "Bộ TNMT",
        existed_until=ENDED,
        handovers=(Handover("agriculture_environment", source=SRC_176),),
    ),
    N(
        "ethnic",
        K_ETHNIC,
        "Ủy ban Dân tộc",
        "UBDT",
        existed_until=ENDED,
        handovers=(Handover("ethnic_religion", source=SRC_176),),
    ),
    # The Party's central commission for propaganda and mass mobilisation (the two commissions
    # merged in 2025; the old name stays as an alias).
    N(
        "party_propaganda",
        K_OTHER,
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Ban Tuyên giáo Trung ương",
        "Ban Dân vận Trung ương",
    ),
    # Courts, procuracy, audit.
    N("court", K_COURT, "Tòa án nhân dân tối cao", "TANDTC", "Tòa án tối cao"),
    N(
        "procuracy",
        K_PROCURACY,
        "Viện kiểm sát nhân dân tối cao",
        "VKSNDTC",
        "Viện kiểm sát tối cao",
    ),
    N("state_audit", K_OTHER, "Kiểm toán nhà nước", "KTNN", "Kiểm toán Nhà nước"),
    # The Fatherland Front and, since Resolution 203/2025/QH15, the socio-political
    # organisations under it.
    N(
        "fatherland_front",
        K_FRONT,
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "UBTƯ MTTQ Việt Nam",
        "UBTW MTTQ Việt Nam",
        "Ủy ban Trung ương MTTQ Việt Nam",
        "Ủy ban TW Mặt trận Tổ quốc Việt Nam",
        "Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Mặt trận Tổ quốc Việt Nam",
        "Ủy ban Mặt trận Tổ quốc Việt Nam",
    ),
    N(
        "women_union",
        K_MASS,
        "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Hội Liên hiệp Phụ nữ Việt Nam",
        "TW Hội LHPN Việt Nam",
        "Trung ương Hội LHPN Việt Nam",
        "Hội LHPN Việt Nam",
        # Bare, in a central plan; a local plan's own union comes first (nearest unit wins).
        "Hội Liên hiệp Phụ nữ",
        parent="fatherland_front",
    ),
    N(
        "youth_union",
        K_MASS,
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "Trung ương Đoàn TNCS Hồ Chí Minh",
        "Trung ương Đoàn",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        parent="fatherland_front",
    ),
    N(
        "farmers_union",
        K_MASS,
        "Trung ương Hội Nông dân Việt Nam",
        "Hội Nông dân Việt Nam",
        "TW Hội Nông dân Việt Nam",
        "Hội Nông dân",
        parent="fatherland_front",
    ),
    N(
        "veterans_union",
        K_MASS,
        "Trung ương Hội Cựu chiến binh Việt Nam",
        "Hội Cựu chiến binh Việt Nam",
        "TW Hội CCB Việt Nam",
        "Hội Cựu chiến binh",
        parent="fatherland_front",
    ),
    N(
        "labour_federation",
        K_MASS,
        "Tổng Liên đoàn Lao động Việt Nam",
        "Tổng LĐLĐ Việt Nam",
        "Công đoàn Việt Nam",
        parent="fatherland_front",
    ),
]

_URBAN_DISTRICT_KINDS = {"thành phố", "thị xã", "quận"}


def templates_for(map_: str, level: str, kind: str) -> list[Template]:
    """The directory templates of a unit of this map edition, level and kind."""
    if level == "national":
        return list(_NATIONAL)
    if level == "district":
        extra = _URBAN if kind in _URBAN_DISTRICT_KINDS else _RURAL
        return [*_DISTRICT, *_COMMON_TOP, *extra]
    if level == "province":
        own = _PROVINCE_PRE2025 if map_ == "pre2025" else _PROVINCE_2025
        return [*_PROVINCE_POLICE, *own, *_COMMON_TOP]
    if map_ == "pre2025":
        return [*_COMMUNE_COMMON, *_COMMUNE_PRE2025]
    economy = _WARD_ECONOMY if kind == "phường" else _COMMUNE_ECONOMY
    return [*_COMMUNE_COMMON, *_COMMUNE_2025, economy]


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
    if kind == NATIONAL_KIND:  # central bodies: the name as it stands, no level word
        name = " ".join(template.short_name.split())
        aliases = tuple(dict.fromkeys(a for a in template.aliases if a != name))
        return name, name, aliases
    filled = replace(
        template,
        short_name=template.short_name.replace("{P}", party).replace("{Y}", youth),
        name=template.name.replace("{P}", party).replace("{Y}", youth),
        aliases=tuple(a.replace("{P}", party).replace("{Y}", youth) for a in template.aliases),
    )
    return filled.render(kind, unit_name)
