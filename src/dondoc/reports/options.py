"""What the officer decides about a consolidated report before it is issued.

The consolidated report's writer (reports.consolidated) takes a `ReportOptions`; the stored
consolidated report (its draft, edits, approval and issue) keeps these choices and passes them in.
With the defaults the writer produces the generated first version: no number yet, the date left
for the day of signing, the recipients and signer worked out from the focal agency.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# The standard sections of a progress report an officer writes himself; the writer generates a
# first version of each (reports.consolidated.draft_texts) and prints the officer's text instead
# when he has edited it. Keys are stable: they are stored.
STANDARD_SECTIONS: dict[str, str] = {
    "direction": "Công tác chỉ đạo, triển khai",
    "strengths": "Ưu điểm",
    "weaknesses": "Hạn chế",
    "causes": "Nguyên nhân",
    "next_steps": "Phương hướng, nhiệm vụ kỳ tới",
    "proposals": "Đề xuất, kiến nghị",
}


@dataclass(frozen=True)
class Signer:
    """The signature block: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A".

    `mode` is "" (the head signs), "KT." (a deputy signs for the head), "TL." or "TM." (on
    behalf of the body); `authority` is the title signed for (with KT./TL.) or the body (TM.),
    `title` the signer's own title, `name` the signer's name.
    """

    mode: str = ""
    authority: str = ""
    title: str = ""
    name: str = ""


@dataclass(frozen=True)
class ReportOptions:
    number: str = ""  # the number of issue ("15"), empty until issued
    issued_on: datetime.date | None = None  # the date of issue, None: left for the signer
    addressees: tuple[str, ...] | None = None  # "Kính gửi"; None: worked out from the plan
    recipients: tuple[str, ...] | None = None  # "Nơi nhận"; None: worked out from the plan
    signer: Signer | None = None  # None: worked out from the focal agency
    texts: dict[str, str] = field(default_factory=dict)  # STANDARD_SECTIONS keys → edited text
    # "Lưu: VT, <drafting unit>.": the symbol of the unit that drafted the report; empty: the
    # focal agency's initials.
    drafting_unit: str = ""
