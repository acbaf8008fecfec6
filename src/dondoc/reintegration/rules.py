"""The rules of community supervision and reintegration, versioned by the day they took effect:
who must do each step, who assists, to whom it is reported, within which time, and which text
says so.

One table, `RULESETS`, holds every version; nothing else in dondoc carries these numbers. A duty
is computed by the version in force on the day it ARISES (the day the decision or notice was
received, the person was received, the end of the month or quarter reported on, the end of the
term), never by the version in force today: a duty that arose under the 2019 law keeps the
2019 law's clock after 1 July 2026, so the clocks of subjects registered earlier are not
rewritten (non-retroactivity; Law 127/2025/QH15's own transitional article was not at hand).

Versions:
- 2019: Law on Execution of Criminal Judgments 2019 (41/2019/QH14, in force 01/01/2020) and
  Circular 10/2024/TT-BCA; the district police's sentence-enforcement office (cơ quan thi hành
  án hình sự Công an cấp huyện) runs community sentences, the commune People's Committee
  supervises and educates.
- 2025-03: the district police ended on 01/03/2025 (Resolution 190/2025/QH15); Joint Circular
  02/2025/TTLT-BCA-VKSNDTC-TANDTC (27/02/2025, in force 01/03/2025) gives the provincial
  police's enforcement office the district office's powers and has the commune police directly
  supervise people on suspended and non-custodial sentences. The time limits stay the 2019
  law's.
- 2026-07: Law on Execution of Criminal Judgments 2025 (127/2025/QH15, in force 01/07/2026)
  abolishes the district office: the commune People's Committee manages and supervises, the
  commune police assists (receives the files, tracks the obligations, writes the assessments
  and reports, proposes measures), reporting to the provincial police's enforcement office.

`Rule.checked` says whether the rule was compared with the text of the law (README, "Tái hòa
nhập cộng đồng"); a rule not checked keeps the figure of the version before it, and is the
first place to correct when the implementing decree or circular is at hand. Pure: no Django.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from dondoc.registry import deadlines

Level = Literal["commune", "district", "province"]
Count = Literal["working_days_after", "days_after", "months_before"]


@dataclass(frozen=True)
class Role:
    """A body named by its place in the hierarchy, resolved to the agency of the subject's
    commune, district or province that existed on the day (reintegration.selectors)."""

    label: str  # "Ủy ban nhân dân cấp xã"
    kind: str  # org.Agency.Kind value
    level: Level


COMMUNE_COMMITTEE: Final = Role("Ủy ban nhân dân cấp xã", "peoples_committee", "commune")
COMMUNE_POLICE: Final = Role("Công an cấp xã", "police", "commune")
DISTRICT_ENFORCEMENT: Final = Role(
    "Cơ quan thi hành án hình sự Công an cấp huyện", "police", "district"
)
PROVINCE_ENFORCEMENT: Final = Role(
    "Cơ quan thi hành án hình sự Công an cấp tỉnh", "police", "province"
)
PRISON: Final = Role("Trại giam, trại tạm giam", "police", "province")


@dataclass(frozen=True)
class Rule:
    """One step: what is owed, counted how from the day it arises, by whom, on which text."""

    label: str  # the step, as the worklist names it
    text: str  # the rule as the user reads it; "{n}" is the amount written with two digits
    count: Count
    amount: int
    source: str  # "Luật Thi hành án hình sự 2019, Điều 85 khoản 1"
    checked: bool  # compared with the text itself (not a summary, not memory)
    responsible: Role
    assisting: Role | None = None
    reports_to: Role | None = None

    def due(self, arises: datetime.date) -> datetime.date:
        if self.count == "working_days_after":
            return deadlines.add_working_days(arises, self.amount)
        if self.count == "months_before":
            return deadlines.add_months(arises, -self.amount)
        return deadlines.add_days(arises, self.amount)

    def rule_text(self) -> str:
        text = self.text.replace("{n}", f"{self.amount:02d}")
        if self.reports_to is not None:
            text += f", gửi {self.reports_to.label}"
        return text


@dataclass(frozen=True)
class RuleSet:
    code: str  # "2019", "2025-03", "2026-07"
    name: str  # the texts, as the user reads them
    effective_from: datetime.date
    rules: Mapping[str, Rule]

    def deadline(self, code: str, arises: datetime.date) -> deadlines.Deadline:
        rule = self.rules[code]
        return deadlines.Deadline(
            due=rule.due(arises), rule=f"{rule.rule_text()} ({rule.source})", source=rule.source
        )


LAW_2019: Final = "Luật Thi hành án hình sự 2019"
LAW_2025: Final = "Luật Thi hành án hình sự 2025 (127/2025/QH15)"
CIRCULAR_10_2024: Final = deadlines.CIRCULAR_10_2024
JOINT_02_2025: Final = "Thông tư liên tịch 02/2025/TTLT-BCA-VKSNDTC-TANDTC"
TEXT_NOT_AT_HAND: Final = "chưa đối chiếu điều khoản"

# --- 2019: Law 41/2019/QH14 and Circular 10/2024/TT-BCA -------------------------------------

_RULES_2019: Final[dict[str, Rule]] = {
    # People back from prison (README: the Circular's article numbers to be checked).
    "notice": Rule(
        "Thông báo trước khi ra trại",
        "chậm nhất {n} tháng trước ngày chấp hành xong án phạt tù, trại giam thông báo cho "
        "Ủy ban nhân dân cấp xã nơi người đó về cư trú",
        "months_before",
        2,
        f"{LAW_2019}, Điều 45, 46",
        False,
        PRISON,
    ),
    "verification": Rule(
        "Xác minh nơi cư trú",
        "{n} ngày làm việc kể từ ngày nhận thông báo, Công an cấp xã xác minh nơi cư trú",
        "working_days_after",
        3,
        CIRCULAR_10_2024,
        False,
        COMMUNE_POLICE,
        COMMUNE_COMMITTEE,
    ),
    "helper": Rule(
        "Phân công người giúp đỡ",
        "{n} ngày làm việc kể từ ngày tiếp nhận người về cư trú, phân công người giúp đỡ",
        "working_days_after",
        3,
        CIRCULAR_10_2024,
        False,
        COMMUNE_POLICE,
        COMMUNE_COMMITTEE,
    ),
    "assessment": Rule(
        "Báo cáo, xếp loại quý",
        "{n} ngày đầu của quý tiếp theo, người giúp đỡ báo cáo kết quả quý và xếp loại",
        "days_after",
        5,
        CIRCULAR_10_2024,
        False,
        COMMUNE_POLICE,
        COMMUNE_COMMITTEE,
    ),
    # Suspended sentences and non-custodial reform (Chapter V of the 2019 law).
    # Art. 85(1): within 03 working days of receiving the decision, the district office
    # summons the person to fix when they report to the commune and to sign the commitment.
    "summons": Rule(
        "Triệu tập người chấp hành án, cam kết",
        "{n} ngày làm việc kể từ ngày nhận quyết định thi hành án, triệu tập người chấp hành "
        "án để cam kết và ấn định ngày có mặt tại Ủy ban nhân dân cấp xã",
        "working_days_after",
        3,
        f"{LAW_2019}, Điều 85 khoản 1",
        True,
        DISTRICT_ENFORCEMENT,
        COMMUNE_COMMITTEE,
    ),
    # The person's own written report on their obligations, every month.
    "self_report": Rule(
        "Người chấp hành án báo cáo tháng",
        "hằng tháng, người chấp hành án báo cáo bằng văn bản việc chấp hành nghĩa vụ, "
        "chậm nhất ngày cuối tháng",
        "days_after",
        0,
        f"{LAW_2019}, Chương V ({TEXT_NOT_AT_HAND})",
        False,
        COMMUNE_COMMITTEE,
        COMMUNE_POLICE,
    ),
    # The supervisor's written assessment of each quarter, sent to the enforcement office.
    "supervision_review": Rule(
        "Nhận xét quá trình chấp hành án quý",
        "{n} ngày đầu của quý tiếp theo, Ủy ban nhân dân cấp xã nhận xét bằng văn bản quá "
        "trình chấp hành án của quý",
        "days_after",
        5,
        f"{LAW_2019}, Chương V ({TEXT_NOT_AT_HAND})",
        False,
        COMMUNE_COMMITTEE,
        COMMUNE_POLICE,
        DISTRICT_ENFORCEMENT,
    ),
    # The certificate once the probation or the term is over.
    "certificate": Rule(
        "Cấp giấy chứng nhận chấp hành xong",
        "{n} ngày làm việc kể từ ngày hết thời gian thử thách hoặc chấp hành xong án, cấp "
        "giấy chứng nhận",
        "working_days_after",
        3,
        f"{LAW_2019}, Chương V ({TEXT_NOT_AT_HAND})",
        False,
        DISTRICT_ENFORCEMENT,
        COMMUNE_COMMITTEE,
    ),
}

# --- 2025-03: no district police (Joint Circular 02/2025), the 2019 law's time limits ------

_TRANSITION = f"{JOINT_02_2025} ({TEXT_NOT_AT_HAND})"

_RULES_2025_03: Final[dict[str, Rule]] = _RULES_2019 | {
    "summons": Rule(
        "Triệu tập người chấp hành án, cam kết",
        "{n} ngày làm việc kể từ ngày nhận quyết định thi hành án, triệu tập người chấp hành "
        "án để cam kết và ấn định ngày có mặt tại Ủy ban nhân dân cấp xã",
        "working_days_after",
        3,
        f"{LAW_2019}, Điều 85 khoản 1; {_TRANSITION}",
        False,
        COMMUNE_POLICE,
        COMMUNE_COMMITTEE,
    ),
    "self_report": Rule(
        "Người chấp hành án báo cáo tháng",
        "hằng tháng, người chấp hành án báo cáo bằng văn bản việc chấp hành nghĩa vụ, "
        "chậm nhất ngày cuối tháng",
        "days_after",
        0,
        f"{LAW_2019}, Chương V; {_TRANSITION}",
        False,
        COMMUNE_POLICE,
        COMMUNE_COMMITTEE,
    ),
    "supervision_review": Rule(
        "Nhận xét quá trình chấp hành án quý",
        "{n} ngày đầu của quý tiếp theo, Công an cấp xã nhận xét bằng văn bản quá trình chấp "
        "hành án của quý",
        "days_after",
        5,
        f"{LAW_2019}, Chương V; {_TRANSITION}",
        False,
        COMMUNE_POLICE,
        COMMUNE_COMMITTEE,
        PROVINCE_ENFORCEMENT,
    ),
    "certificate": Rule(
        "Cấp giấy chứng nhận chấp hành xong",
        "{n} ngày làm việc kể từ ngày hết thời gian thử thách hoặc chấp hành xong án, cấp "
        "giấy chứng nhận",
        "working_days_after",
        3,
        f"{LAW_2019}, Chương V; {_TRANSITION}",
        False,
        PROVINCE_ENFORCEMENT,
        COMMUNE_POLICE,
    ),
}

# --- 2026-07: Law 127/2025/QH15 -------------------------------------------------------------
# The figures of the 2025 law's articles were not at hand: each keeps the 2019 figure, marked
# not checked; who does what is as the Ministry of Public Security presents the law (the
# commune People's Committee responsible, the commune police assisting, reports to the
# provincial police's enforcement office).

_LAW_2025_UNCHECKED = f"{LAW_2025} ({TEXT_NOT_AT_HAND})"

_RULES_2026_07: Final[dict[str, Rule]] = {
    "notice": Rule(
        "Thông báo trước khi ra trại",
        "chậm nhất {n} tháng trước ngày chấp hành xong án phạt tù, trại giam thông báo cho "
        "Ủy ban nhân dân cấp xã nơi người đó về cư trú",
        "months_before", 2, _LAW_2025_UNCHECKED, False, PRISON,
    ),
    "verification": Rule(
        "Xác minh nơi cư trú",
        "{n} ngày làm việc kể từ ngày nhận thông báo, Công an cấp xã xác minh nơi cư trú",
        "working_days_after", 3, _LAW_2025_UNCHECKED, False, COMMUNE_COMMITTEE, COMMUNE_POLICE,
    ),
    "helper": Rule(
        "Phân công người giúp đỡ",
        "{n} ngày làm việc kể từ ngày tiếp nhận người về cư trú, phân công người giúp đỡ",
        "working_days_after", 3, _LAW_2025_UNCHECKED, False, COMMUNE_COMMITTEE, COMMUNE_POLICE,
    ),
    "assessment": Rule(
        "Báo cáo, xếp loại quý",
        "{n} ngày đầu của quý tiếp theo, người giúp đỡ báo cáo kết quả quý và xếp loại",
        "days_after", 5, _LAW_2025_UNCHECKED, False, COMMUNE_COMMITTEE, COMMUNE_POLICE,
    ),
    "summons": Rule(
        "Triệu tập người chấp hành án, cam kết",
        "{n} ngày làm việc kể từ ngày nhận quyết định thi hành án, Công an cấp xã giúp Ủy ban "
        "nhân dân cấp xã triệu tập người chấp hành án để cam kết",
        "working_days_after", 3, _LAW_2025_UNCHECKED, False, COMMUNE_COMMITTEE, COMMUNE_POLICE,
    ),
    "self_report": Rule(
        "Người chấp hành án báo cáo tháng",
        "hằng tháng, người chấp hành án báo cáo bằng văn bản việc chấp hành nghĩa vụ, "
        "chậm nhất ngày cuối tháng",
        "days_after", 0, _LAW_2025_UNCHECKED, False, COMMUNE_COMMITTEE, COMMUNE_POLICE,
    ),
    "supervision_review": Rule(
        "Nhận xét quá trình chấp hành án quý",
        "{n} ngày đầu của quý tiếp theo, Ủy ban nhân dân cấp xã (Công an cấp xã giúp lập) "
        "nhận xét bằng văn bản quá trình chấp hành án của quý",
        "days_after", 5, _LAW_2025_UNCHECKED, False,
        COMMUNE_COMMITTEE, COMMUNE_POLICE, PROVINCE_ENFORCEMENT,
    ),
    "certificate": Rule(
        "Cấp giấy chứng nhận chấp hành xong",
        "{n} ngày làm việc kể từ ngày hết thời gian thử thách hoặc chấp hành xong án, cấp "
        "giấy chứng nhận",
        "working_days_after", 3, _LAW_2025_UNCHECKED, False,
        PROVINCE_ENFORCEMENT, COMMUNE_POLICE,
    ),
}  # fmt: skip

RULESETS: Final[tuple[RuleSet, ...]] = (
    RuleSet(
        "2019",
        f"{LAW_2019} (41/2019/QH14) và {CIRCULAR_10_2024}",
        datetime.date(2020, 1, 1),
        _RULES_2019,
    ),
    RuleSet(
        "2025-03",
        f"{LAW_2019} (41/2019/QH14), {JOINT_02_2025} (không tổ chức Công an cấp huyện)",
        datetime.date(2025, 3, 1),
        _RULES_2025_03,
    ),
    RuleSet("2026-07", LAW_2025, datetime.date(2026, 7, 1), _RULES_2026_07),
)
LAW_2025_IN_FORCE: Final = RULESETS[-1].effective_from


def ruleset_on(day: datetime.date) -> RuleSet:
    """The version in force on `day` (the first one for a day before every version: the
    records go back before 2020, and the 2019 law's figures are the earliest dondoc keeps)."""
    found = RULESETS[0]
    for ruleset in RULESETS:
        if ruleset.effective_from <= day:
            found = ruleset
    return found
