"""Synthetic records for demonstrations and benchmarks, with plausible distributions.

Every generated record is marked `synthetic`; screens and tables built from them say so.
Names and identity numbers are unique across a run: the n-th person gets the n-th name of a
mixed-radix enumeration (family × two middle names × given name: 3.8 million) and an identity
number whose last six digits and birth year follow n.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lò",
    "Hà",
    "Ma",
    "Triệu",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thu",
    "Thanh",
    "Quang",
    "Xuân",
    "Kim",
    "Bảo",
    "Gia",
    "Hoài",
    "Anh",
    "Mạnh",
    "Công",
    "Như",
    "Diệu",
    "Phúc",
    "Thế",
    "Trọng",
    "Quốc",
    "Tuấn",
    "Hồng",
    "Bích",
    "Khánh",
    "Hải",
    "Thành",
    "Duy",
    "Phương",
    "Tiến",
    "Đình",
    "Cẩm",
    "Tường",
    "Mỹ",
    "Hương",
    "Ái",
    "Vĩnh",
    "Trung",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiền",
    "Hiếu",
    "Hoa",
    "Hòa",
    "Hùng",
    "Hương",
    "Huy",
    "Khang",
    "Khoa",
    "Lan",
    "Linh",
    "Loan",
    "Long",
    "Mai",
    "Minh",
    "My",
    "Nam",
    "Nga",
    "Ngân",
    "Nghĩa",
    "Nhung",
    "Oanh",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thanh",
    "Thành",
    "Thủy",
    "Tiến",
    "Toàn",
    "Trang",
    "Trâm",
    "Trí",
    "Trinh",
    "Trung",
    "Tú",
    "Tuấn",
    "Tùng",
    "Uyên",
    "Vân",
    "Việt",
    "Vinh",
    "Vy",
    "Xuân",
    "Yến",
    "Ánh",
    "Bảo",
    "Cường",
    "Đạt",
    "Đông",
    "Hậu",
    "Hoàng",
    "Kiên",
    "Lâm",
    "Lộc",
    "Luân",
    "Mạnh",
    "Nguyên",
    "Nhân",
    "Phát",
    "Sang",
    "Tài",
    "Thái",
    "Thịnh",
    "Thuận",
    "Tín",
    "Trọng",
    "Tường",
    "Vũ",
    "Vượng",
    "Diệp",
    "Đào",
    "Gấm",
    "Huệ",
    "Khuê",
    "Lệ",
    "Liên",
    "Ly",
    "Mơ",
    "Nhi",
    "Quế",
    "Sen",
    "Thoa",
    "Thơ",
    "Thư",
    "Tuyết",
    "Xoan",
    "Yên",
    "Châu",
    "Cúc",
    "Duyên",
    "Hằng",
]

# Rough shares for a mountain province's records (demonstration only).
ETHNIC_SHARES = (("01", 70), ("02", 10), ("03", 5), ("06", 3), ("07", 4), ("08", 4), ("09", 4))
RELIGION_SHARES = (("00", 82), ("01", 9), ("02", 6), ("03", 3))
DECISIONS = (("prosecute", 45), ("not_prosecute", 30), ("suspend", 5), ("pending", 20))
SOURCES = (("denunciation", 50), ("report", 40), ("petition", 10))
CHILD_ARTICLES = (146, 142, 141, 145, 151, 140, 147, 185)
OTHER_ARTICLES = (373, 374, 157, 377, 137, 127, 384)


def name_of(index: int) -> str:
    """The index-th name of the enumeration: distinct for distinct indexes below 3.8 million."""
    radixes = (len(GIVEN), len(MIDDLE), len(MIDDLE), len(FAMILY))
    parts = []
    for radix in radixes:
        index, digit = divmod(index, radix)
        parts.append(digit)
    given, middle_2, middle_1, family = parts
    return f"{FAMILY[family]} {MIDDLE[middle_1]} {MIDDLE[middle_2]} {GIVEN[given]}"


def identity_of(index: int, province_code: str, sex: str, birth_year: int) -> str:
    """A 12-digit citizen identity number: province, century and sex, year, serial."""
    century_sex = (0 if birth_year < 2000 else 2) + (1 if sex == "female" else 0)
    return f"{int(province_code):03d}{century_sex}{birth_year % 100:02d}{index % 1_000_000:06d}"


def _pick(rng: random.Random, shares: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in shares], weights=[w for _, w in shares])[0]


@dataclass(frozen=True)
class SyntheticReport:
    index: int
    received_on: datetime.date
    source: str
    article: int
    decision: str
    decided_on: datetime.date | None
    victim_name: str
    victim_identity: str
    victim_sex: str
    victim_birth_date: datetime.date
    ethnic_code: str
    religion_code: str
    unit_index: int  # which of the given units


def crime_reports(
    count: int, *, units: int, years: tuple[int, int], province_code: str = "08", seed: int = 7
) -> Iterator[SyntheticReport]:
    """`count` crime reports spread over `units` units and the years given (inclusive)."""
    rng = random.Random(seed)  # noqa: S311 - demonstration data, not secrets
    first = datetime.date(years[0], 1, 1)
    days = (datetime.date(years[1], 12, 31) - first).days
    today = timezone.localdate()
    for index in range(count):
        received = min(first + datetime.timedelta(days=rng.randrange(days + 1)), today)
        child = rng.random() < 0.6
        article = rng.choice(CHILD_ARTICLES if child else OTHER_ARTICLES)
        sex = "female" if rng.random() < (0.8 if child else 0.35) else "male"
        age = rng.randrange(4, 16) if child and rng.random() < 0.8 else rng.randrange(16, 70)
        birth = received - datetime.timedelta(days=age * 365 + rng.randrange(365))
        decision = _pick(rng, DECISIONS)
        decided = None
        if decision != "pending":
            decided = min(received + datetime.timedelta(days=rng.randrange(5, 60)), today)
        yield SyntheticReport(
            index=index,
            received_on=received,
            source=_pick(rng, SOURCES),
            article=article,
            decision=decision,
            decided_on=decided,
            victim_name=name_of(index),
            victim_identity=identity_of(index, province_code, sex, birth.year),
            victim_sex=sex,
            victim_birth_date=birth,
            ethnic_code=_pick(rng, ETHNIC_SHARES),
            religion_code=_pick(rng, RELIGION_SHARES),
            unit_index=rng.randrange(units),
        )
