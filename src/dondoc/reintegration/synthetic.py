"""Synthetic people back in the community, for demonstrations: every legal status, people due
to arrive in the next 60 days, late verifications and helpers, quarterly classifications A–D,
support given, a few whose supervision ended (one at least sentenced again), and a hand-over
between two communes. Pure and seeded: the same arguments give the same subjects.

Names are Vietnamese, of three parts (the crime-report victims of registry.synthetic have
four, so the two never meet), chosen by sex; identity numbers follow the index as there.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from dondoc.registry import deadlines
from dondoc.registry.synthetic import ETHNIC_SHARES, FAMILY, identity_of

MALE_MIDDLE = ["Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Trọng", "Thế", "Đình"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Thanh", "Bích", "Hồng", "Kim", "Diệu", "Mỹ", "Hương"]
MALE_GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khoa", "Kiên",
    "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến",
    "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vượng", "Lộc",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hiền", "Hoa", "Hương", "Lan", "Liên",
    "Linh", "Loan", "Mai", "Nga", "Nhung", "Oanh", "Phương", "Thảo", "Thủy", "Trang", "Yến",
]  # fmt: skip
HELPER_ROLES = [
    "Trưởng thôn",
    "Bí thư Chi đoàn thanh niên",
    "Công an viên",
    "Tổ trưởng tổ dân phố",
    "Chi hội trưởng Nông dân",
]
MEN_HELPER_ROLES = [*HELPER_ROLES, "Chi hội trưởng Cựu chiến binh"]
WOMEN_HELPER_ROLES = [*HELPER_ROLES, "Chi hội trưởng Phụ nữ"]
PRISONS = [
    "Trại giam Quyết Tiến",
    "Trại giam Phú Sơn 4",
    "Trại giam Hoàng Tiến",
    "Trại giam Ninh Khánh",
    "Trại tạm giam Công an tỉnh",
]
# Offences of the catalogue (registry) the subjects were sentenced for, with rough weights.
ARTICLES = ((185, 30), (140, 15), (157, 15), (146, 15), (141, 10), (137, 10), (150, 5))
GROUPS = (("A", 55), ("B", 25), ("C", 15), ("D", 5))
# The latest group of the subjects reported on, in turn: every group shows in a small demo.
GROUP_TURNS = "ABACADABAC"
END_REASONS = (("term_ended", 50), ("expunged", 20), ("moved_away", 15), ("died", 5), ("other", 10))
NEEDS = ("vocational", "job", "loan", "counselling", "legal_aid", "social_protection")
FROM_PRISON = ("released", "pardoned", "conditional")
IN_COMMUNITY = ("suspended", "non_custodial", "exempted")

# The situations, in the order the subjects take them (16: every commune gets each in turn).
PLAN = (
    "arriving",
    "active",
    "late_verification",
    "community",
    "late_helper",
    "active",
    "arriving_no_notice",
    "ended",
    "community",
    "active",
    "late_helper",
    "ended_sentenced_again",
    "arriving",
    "community",
    "active",
    "late_assessment",
)


@dataclass
class SyntheticSubject:
    index: int
    unit_index: int  # which of the given units (communes)
    name: str
    identity: str
    sex: str
    birth_date: datetime.date
    ethnic_code: str
    legal_status: str
    article: int
    judgment: str
    sentence: str
    prison: str
    start_on: datetime.date
    supervision_until: datetime.date | None
    notice_on: datetime.date | None = None
    verified_on: datetime.date | None = None
    received_on: datetime.date | None = None
    helper: str = ""
    helper_on: datetime.date | None = None
    assessments: list[tuple[datetime.date, str, str]] = field(default_factory=list)  # on, Q, group
    needs: list[str] = field(default_factory=list)
    supports: list[tuple[str, datetime.date, int | None]] = field(default_factory=list)
    reoffended_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    end_reason: str = ""
    moves_to: int | None = None  # a unit index: a pending hand-over to that commune
    moved_on: datetime.date | None = None
    # Community sentences: summoned after the decision, a self-report every month, the
    # supervisor's review every quarter, the certificate at the end of the term.
    summoned_on: datetime.date | None = None
    self_reports: list[tuple[datetime.date, str]] = field(default_factory=list)  # on, month
    reviews: list[tuple[datetime.date, str]] = field(default_factory=list)  # on, quarter
    certificate_on: datetime.date | None = None


T = TypeVar("T")


def _pick(rng: random.Random, shares: tuple[tuple[T, int], ...]) -> T:
    return rng.choices([k for k, _ in shares], weights=[w for _, w in shares])[0]


def subject_name(index: int, sex: str) -> str:
    """The index-th name for `sex`: distinct for distinct indexes below 20 × 22 × 10 (and
    never a woman's name for a man: the middle names differ)."""
    middles, givens = (
        (FEMALE_MIDDLE, FEMALE_GIVEN) if sex == "female" else (MALE_MIDDLE, MALE_GIVEN)
    )
    capacity = len(FAMILY) * len(givens) * len(middles)
    index = index * 7919 % capacity  # a prime: a permutation, so that names vary from the first
    index, family = divmod(index, len(FAMILY))
    index, given = divmod(index, len(givens))
    return f"{FAMILY[family]} {middles[index % len(middles)]} {givens[given]}"


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _months_later(day: datetime.date, months: int) -> datetime.date:
    return deadlines.add_months(day, months)


def _quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, quarter * 3 - 2, 1)


def _assess(
    rng: random.Random, item: SyntheticSubject, today: datetime.date, *, skip_last: bool,
    latest: str,
) -> None:  # fmt: skip
    """A report for every quarter from the reception to the last one ended (the last left
    out when `skip_last`), each within the first days of the next quarter; `latest`: the
    group of the last report."""
    if item.received_on is None:
        return
    last = deadlines.previous_quarter(*deadlines.quarter_of(today))
    year, quarter = deadlines.quarter_of(item.received_on)
    group = _pick(rng, GROUPS)
    while (year, quarter) <= last:
        following = deadlines.quarter_of(_months_later(_quarter_start(year, quarter), 3))
        on = min(_quarter_start(*following) + _days(rng, 0, 4), today)
        end = item.ended_on or today
        if on > end or ((year, quarter) == last and skip_last):
            break
        if rng.random() < 0.3:  # most keep their group from one quarter to the next
            group = _pick(rng, GROUPS)
        item.assessments.append((on, f"{year}-Q{quarter}", group))
        year, quarter = following
    if item.assessments:
        on, label, _ = item.assessments[-1]
        item.assessments[-1] = (on, label, latest)


def _received(
    rng: random.Random, item: SyntheticSubject, received: datetime.date, *, helper: bool
) -> None:
    """Notice (for a release), verification, reception and, if `helper`, a helper in time."""
    if item.legal_status in FROM_PRISON:
        item.notice_on = min(_months_later(item.start_on, -2) - _days(rng, 0, 12), received)
        verified = deadlines.add_working_days(item.notice_on, rng.randint(1, 3))
        item.verified_on = min(verified, received)
    item.received_on = received
    if helper:
        family = FAMILY[rng.randrange(len(FAMILY))]
        woman = rng.random() < 0.4
        given = rng.choice(FEMALE_GIVEN if woman else MALE_GIVEN)
        middle = rng.choice(FEMALE_MIDDLE if woman else MALE_MIDDLE)
        title = "Bà" if woman else "Ông"
        role = rng.choice(WOMEN_HELPER_ROLES if woman else MEN_HELPER_ROLES)
        item.helper = f"{title} {family} {middle} {given}, {role}"
        item.helper_on = deadlines.add_working_days(received, rng.randint(1, 3))


COMMUNITY = ("suspended", "non_custodial")


def _community(item: SyntheticSubject, today: datetime.date) -> None:
    """A community sentence's own steps, all in time (no random draw: the seeded sequence of
    the other fields stays as it was): the decision received a week before the start, the
    summons two working days later, a self-report on the 25th of every month from the
    reception to last month, a review with every quarterly report, the certificate on the
    day a term that ran out ended."""
    if item.legal_status not in COMMUNITY or item.received_on is None:
        return
    item.notice_on = min(item.start_on - datetime.timedelta(days=7), item.received_on)
    item.summoned_on = min(deadlines.add_working_days(item.notice_on, 2), item.received_on)
    end = min(item.ended_on or today, today)
    year, month = item.received_on.year, item.received_on.month
    while True:
        on = datetime.date(year, month, 25)
        if (year, month) >= (today.year, today.month) or on > end:
            break
        item.self_reports.append((max(on, item.received_on), f"{year}-{month:02d}"))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    item.reviews = [(on, quarter) for on, quarter, _ in item.assessments]
    if item.ended_on is not None and item.end_reason == "term_ended":
        item.certificate_on = item.ended_on


def _supports(rng: random.Random, item: SyntheticSubject, today: datetime.date) -> None:
    item.needs = sorted(rng.sample(NEEDS, rng.randint(1, 2)), key=NEEDS.index)
    if item.received_on is None:
        return
    end = item.ended_on or today
    for kind in item.needs:
        if rng.random() < 0.5 or (end - item.received_on).days < 20:
            continue
        on = item.received_on + _days(rng, 10, (end - item.received_on).days)
        amount = rng.choice((20_000_000, 30_000_000, 50_000_000)) if kind == "loan" else None
        item.supports.append((kind, on, amount))


def subjects(
    count: int,
    *,
    units: int,
    today: datetime.date,
    start: int = 0,
    province_code: str = "08",
    court: str = "Tòa án nhân dân huyện",
    transfer: bool = True,
    seed: int = 7,
) -> Iterator[SyntheticSubject]:
    """`count` subjects spread over `units` communes, as of `today`; `start` is the index of
    the first (a second run continues the first: names stay distinct). With `transfer` and
    two communes at least, one of the second commune's subjects is being handed over to the
    first."""
    rng = random.Random(seed)  # noqa: S311 - demonstration data, not secrets
    pending_transfer = transfer and units > 1
    reported = 0
    for index in range(start, start + count):
        plan = PLAN[index % len(PLAN)]
        sex = "female" if rng.random() < 0.12 else "male"
        age = rng.randint(19, 58)
        birth = today - datetime.timedelta(days=age * 365 + rng.randrange(365))
        # Statuses in turn (PLAN's length is not a multiple of 3: each plan meets all).
        status = (IN_COMMUNITY if plan == "community" else FROM_PRISON)[index % 3]
        # When the sentence starts (community) or the person leaves prison.
        if plan.startswith("arriving"):
            start_on = today + _days(rng, 5, 58)
        elif plan == "late_verification":
            start_on = today + _days(rng, 20, 58)
        elif plan == "late_helper":
            start_on = today - _days(rng, 18, 30)  # late even across the Tết holiday
        elif plan == "late_assessment":
            start_on = today - _days(rng, 150, 400)
        elif plan.startswith("ended"):
            start_on = today - _days(rng, 400, 1100)
        else:
            start_on = today - _days(rng, 30, 700)
        if status in FROM_PRISON:
            years = rng.randint(1, 7)
            months = rng.choice((0, 0, 6))
            sentence = f"{years:02d} năm{f' {months:02d} tháng' if months else ''} tù"
            prison = rng.choice(PRISONS)
            term = {"released": 24, "pardoned": 12, "conditional": rng.randint(6, 24)}[status]
            judged = start_on - datetime.timedelta(days=years * 365 + months * 30)
        else:
            months = rng.choice((6, 9, 12, 18, 24, 36))
            sentence = {
                "suspended": f"{months:02d} tháng tù cho hưởng án treo",
                "non_custodial": f"{months:02d} tháng cải tạo không giam giữ",
                "exempted": f"{months:02d} tháng tù, được miễn chấp hành hình phạt",
            }[status]
            prison = ""
            term = months * 2 if status == "suspended" else months
            judged = start_on - _days(rng, 15, 45)
        judgment = (
            f"Bản án số {rng.randint(5, 180):02d}/{judged.year}/HS-ST ngày "
            f"{judged:%d/%m/%Y} của {court}"
        )
        item = SyntheticSubject(
            index=index,
            unit_index=index % units,
            name=subject_name(index, sex),
            identity=identity_of(900_000 + index, province_code, sex, birth.year),
            sex=sex,
            birth_date=birth,
            ethnic_code=_pick(rng, ETHNIC_SHARES),
            legal_status=status,
            article=_pick(rng, ARTICLES),
            judgment=judgment,
            sentence=sentence,
            prison=prison,
            start_on=start_on,
            supervision_until=_months_later(start_on, term),
        )
        if plan == "arriving":  # notified in time, residence verified
            item.notice_on = min(_months_later(start_on, -2) - _days(rng, 0, 10), today)
            item.verified_on = deadlines.add_working_days(item.notice_on, rng.randint(1, 3))
        elif plan == "late_verification":  # notified, residence not verified yet
            # Late even across the Tết holiday (03 working days from the notice).
            item.notice_on = today - _days(rng, 14, 25)
        elif plan == "late_helper":  # received, no helper yet
            _received(rng, item, start_on + _days(rng, 0, 2), helper=False)
        elif plan in ("active", "community", "late_assessment"):
            _received(rng, item, min(start_on + _days(rng, 0, 4), today), helper=True)
        elif plan.startswith("ended"):
            _received(rng, item, start_on + _days(rng, 0, 4), helper=True)
            item.ended_on = today - _days(rng, 10, 300)
            if plan == "ended_sentenced_again":
                item.end_reason = "sentenced_again"
                item.reoffended_on = item.ended_on - _days(rng, 10, 60)
            else:
                item.end_reason = _pick(rng, END_REASONS)
        if item.helper_on is not None and item.helper_on > today:
            item.helper, item.helper_on = "", None
        if item.verified_on is not None and item.verified_on > today:
            item.verified_on = None
        if item.ended_on is None and item.supervision_until is not None:
            # Still supervised: the term has not run out.
            item.supervision_until = max(item.supervision_until, today + _days(rng, 30, 300))
        _assess(
            rng, item, today, skip_last=plan == "late_assessment",
            latest=GROUP_TURNS[reported % len(GROUP_TURNS)],
        )  # fmt: skip
        reported += bool(item.assessments)
        _community(item, today)
        _supports(rng, item, today)
        if pending_transfer and plan == "active" and item.unit_index == 1:
            item.moves_to, item.moved_on = 0, today - _days(rng, 2, 10)
            pending_transfer = False
        yield item
