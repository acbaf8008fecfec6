"""The reminder letter (công văn đôn đốc) to agencies that owe reports and have no account
in dondoc: a Decree 30/2020/NĐ-CP công văn in the name of the plan's focal agency, listing
what each agency owes (task, period, deadline)."""

from __future__ import annotations

import datetime
from collections import Counter

from dondoc.core.dates import vn_date
from dondoc.core.renderers.docx import AdministrativeDocument, Block, render_docx
from dondoc.org.letterhead import full_name, letterhead
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingPeriod
from dondoc.tracking.office import check_issuable, recipient_for
from dondoc.tracking.reminders import Owing
from dondoc.tracking.selectors import due_assignments

from .consolidated import (
    _lower_first,
    _symbol,
    _upper,
    default_signer,
    owed_items,
    section_level,
    signature,
    top_of,
)
from .options import Signer

ANSWER_WITHIN_DAYS = 5  # the date the letter asks the reports by: the officer corrects it
# Up to this many agencies are named after "Kính gửi:"; more are addressed to the list.
MAX_NAMED = 4


def _plan_reference(document: Document) -> str:
    kind = document.type_name or "Văn bản"
    number = f" số {document.number}" if document.number else ""
    day = f" ngày {vn_date(document.issued_on)}" if document.issued_on else ""
    return f"{kind}{number}{day}"


def reminder_letter(
    *,
    document: Document,
    period: ReportingPeriod,
    owing: list[Owing],
    on: datetime.date,
    answer_by: datetime.date | None = None,
    signer: Signer | None = None,
) -> AdministrativeDocument:
    """The letter to the agencies of `owing`, issued on `on` (the year of issue is printed;
    the day and month are left for the clerk) in the name of the focal agency in office that
    day (tracking.office): HandoverNeeded, with the reason, when it had ended by then."""
    focal = check_issuable(document, period, day=on)
    head = letterhead(focal, on) if focal else None
    focal_name = head.issuer if head else "Cơ quan đầu mối"
    answer_by = answer_by or on + datetime.timedelta(days=ANSWER_WITHIN_DAYS)
    reference = _plan_reference(document)
    unit = document.unit
    issuer = document.issuer or f"Ủy ban nhân dân {unit.kind.lower()} {unit.short_name}"
    # Reported to: the plan's issuing body as in office now (its successor when it has ended);
    # a plan without an issuer line, its unit's People's Committee.
    to_report = recipient_for(document, period, focal) if document.issuer else issuer
    leaves = list({a.task for a in due_assignments(period=period) if a.task.is_leaf})
    level = section_level(leaves)
    tasks_due = Counter(top_of(t, level).pk for t in leaves)
    several = len(owing) > MAX_NAMED
    blocks = [
        Block(
            kind="paragraph",
            text=f"Thực hiện {reference} của {issuer} "
            f"về {_lower_first(document.title).strip().removeprefix('về ')}, {focal_name} "
            "được giao theo dõi, tổng hợp báo cáo kết quả thực hiện. "
            f"Đến ngày {vn_date(on)}, {focal_name} chưa "
            f"nhận được báo cáo {_lower_first(period.title)} (số liệu từ ngày "
            f"{vn_date(period.starts_on)} đến ngày {vn_date(period.ends_on)}, hạn báo cáo ngày "
            f"{vn_date(period.due_on)}) của "
            + (f"{len(owing)} cơ quan, đơn vị sau:" if several else "các cơ quan, đơn vị sau:"),
        ),
        owing_table(owing, tasks_due, level),
        Block(
            kind="paragraph",
            text=f"Để bảo đảm thời gian tổng hợp, báo cáo {to_report} theo quy định, {focal_name} "
            f"đề nghị các cơ quan, đơn vị nêu trên khẩn trương gửi báo cáo về {focal_name} "
            f"trước ngày {vn_date(answer_by)}./.",
        ),
    ]
    authority, title, name = signature(signer or default_signer(focal))
    symbol = _symbol(focal).removeprefix("BC-").removeprefix("BC") if focal else ""
    return AdministrativeDocument(
        superior=_upper(head.superior) if head else "",
        issuer=_upper(focal_name),
        symbol=symbol or "CV",
        place=(head.place if head else document.place) or document.place,
        date=None,
        year=on.year,
        type_name="",
        summary=f"V/v đôn đốc báo cáo {_lower_first(period.title)}\nthực hiện {reference}",
        addressees=(
            ["Các cơ quan, đơn vị có tên tại danh sách dưới đây"]
            if several
            else [full_name(o.agency) for o in owing]
        ),
        blocks=blocks,
        recipients=[
            "Như trên;",
            f"{to_report} (để báo cáo);",
            f"Lưu: VT, {symbol}." if symbol else "Lưu: VT.",
        ],
        signer_authority=authority,
        signer_title=title,
        signer_name=name,
    )


def owing_table(owing: list[Owing], tasks_due: Counter[int], level: int) -> Block:
    """One row per agency: how many reports it owes, which items of the plan it leads and
    which it coordinates."""
    rows: list[tuple[str, ...]] = [
        ("STT", "Cơ quan, đơn vị", "Số nhiệm vụ", "Nhiệm vụ chưa báo cáo (mục của Kế hoạch)")
    ]
    for number, item in enumerate(owing, start=1):
        parts = []
        for role, label in (("lead", "chủ trì"), ("coordinating", "phối hợp")):
            tasks = [a.task for a in item.tasks if a.role == role]
            if tasks:
                parts.append(f"{label}: {owed_items(tasks, tasks_due, level)}")
        rows.append((str(number), full_name(item.agency), str(len(item.tasks)), "; ".join(parts)))
    return Block(kind="table", cells=tuple(rows), widths=(1.4, 5.0, 2.4, 7.7))


def reminder_letter_docx(
    *, document: Document, period: ReportingPeriod, owing: list[Owing], on: datetime.date
) -> bytes:
    """The letter as a Word file."""
    return render_docx(reminder_letter(document=document, period=period, owing=owing, on=on))
