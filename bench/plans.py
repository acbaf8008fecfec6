"""Shared by the benchmarks: generated plans, as tab-separated task tables the text importer
reads, assigned to the agencies every district and province directory has."""

from __future__ import annotations

DISTRICT_AGENCIES = [
    ("Phòng Tư pháp", "Công an huyện, Tòa án nhân dân huyện"),
    ("Công an huyện", "Viện kiểm sát nhân dân huyện, Phòng Tư pháp"),
    ("Tòa án nhân dân huyện", "Công an huyện, Viện kiểm sát nhân dân huyện"),
    ("Phòng Văn hóa và Thông tin", "Phòng Tư pháp, Công an huyện"),
]
PROVINCE_AGENCIES = [
    ("Sở Tư pháp", "Công an tỉnh, Tòa án nhân dân tỉnh"),
    ("Công an tỉnh", "Viện kiểm sát nhân dân tỉnh, Sở Tư pháp"),
]
# The 2025 map (issue 18: a province's plans in 2026): a province of Decree 150/2025/NĐ-CP and
# its communes and wards, each with the agencies org/directory.py gives it (a commune has no
# court or procuracy of its own; "{L}" is "xã" or "phường").
PROVINCE_2025_AGENCIES = [
    ("Công an tỉnh", "Sở Tư pháp, Viện kiểm sát nhân dân tỉnh"),
    ("Sở Tư pháp", "Công an tỉnh, Tòa án nhân dân tỉnh"),
    ("Viện kiểm sát nhân dân tỉnh", "Công an tỉnh, Sở Tư pháp"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp, Công an tỉnh"),
]
COMMUNE_2025_AGENCIES = [
    ("Công an {L}", "Ủy ban Mặt trận Tổ quốc Việt Nam {L}, Phòng Văn hóa - Xã hội"),
    ("Ủy ban nhân dân {L}", "Công an {L}, Đoàn Thanh niên {L}"),
    ("Phòng Văn hóa - Xã hội", "Hội Liên hiệp Phụ nữ {L}, Công an {L}"),
]


def commune_agencies(level_word: str) -> list[tuple[str, str]]:
    """COMMUNE_2025_AGENCIES of a commune ("xã") or a ward ("phường")."""
    return [
        (lead.replace("{L}", level_word), others.replace("{L}", level_word))
        for lead, others in COMMUNE_2025_AGENCIES
    ]


ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def plan_text(
    *,
    number: str,
    place: str,
    date: str,
    title: str,
    agencies: list[tuple[str, str]],
    tasks: int,
    per_section: int,
) -> str:
    """A plan of `tasks` tasks in sections of `per_section`, each task led by one agency of
    `agencies` and coordinated by the others named beside it; `date` as "10 tháng 3 năm 2024"."""
    rows = ["STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời hạn"]
    for index in range(tasks):
        section, item = divmod(index, per_section)
        if item == 0:
            label = ROMANS[section] if section < len(ROMANS) else f"{section + 1}"
            rows.append(f"{label}\tNhóm nhiệm vụ {section + 1}\t\t\t\t")
        lead, coordinating = agencies[index % len(agencies)]
        rows.append(
            f"{item + 1}\tNhiệm vụ số {index + 1}: tuyên truyền, thống kê, kiểm tra việc thực "
            f"hiện Công ước chống tra tấn, nội dung {index + 1}\t{lead}\t{coordinating}"
            "\tBáo cáo kết quả\tHàng năm"
        )
    header = f"Số: {number}\n\n{place}, ngày {date}\n\nKẾ HOẠCH\n\n{title}\n\n"
    return header + "\n".join(rows) + "\n"
