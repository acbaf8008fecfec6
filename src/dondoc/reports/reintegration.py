"""The reintegration figures of a plan's report: the yearly report of a regulation on
criminal-sentence enforcement and community reintegration (seed 003, Art. 9: due 15/12 to the
provincial police) draws them from the reintegration registry instead of an officer's count.

A plan is about reintegration when its title says so; the figures cover the plan's territory
and the reporting period (counts only, never a name)."""

from __future__ import annotations

import unicodedata
from typing import Any

from dondoc.core.dates import vn_date
from dondoc.core.renderers.docx import Block
from dondoc.core.renderers.xlsx import Sheet
from dondoc.plans.models import Document
from dondoc.reintegration.selectors import FIGURES, unit_figures
from dondoc.tracking.models import ReportingPeriod

TOPICS = ("tái hòa nhập cộng đồng", "thi hành án hình sự")
HEADING = (
    "Kết quả quản lý, giúp đỡ người chấp hành án hình sự tại cộng đồng và người "
    "tái hòa nhập cộng đồng"
)


def is_reintegration_plan(document: Document) -> bool:
    title = unicodedata.normalize("NFC", document.title).casefold()
    return any(topic in title for topic in TOPICS)


def figures_for(document: Document, period: ReportingPeriod) -> dict[str, Any] | None:
    if not is_reintegration_plan(document):
        return None
    return unit_figures(unit=document.unit, start=period.starts_on, end=period.ends_on)


def _listing(pairs: list[tuple[str, int]]) -> str:
    shown = [f"{label} {count}" for label, count in pairs if count]
    return "; ".join(shown) if shown else "không có"


def reintegration_blocks(figures: dict[str, Any]) -> list[Block]:
    totals = figures["totals"]
    start, end = figures["start"], figures["end"]
    statuses = [(label.lower(), totals[f"status_{v}"]) for v, label in figures["statuses"]]
    groups = [(f"loại {value}", totals[f"group_{value}"]) for value, _ in figures["groups"]]
    ends = [(label.lower(), totals[f"end_{v}"]) for v, label in figures["ends"]]
    supports = [(label, times, people) for label, times, people in figures["supports"] if times]
    lines = [
        f"- Từ ngày {vn_date(start)} đến ngày {vn_date(end)}, trên địa bàn quản lý "
        f"{totals['total']} người (mới tiếp nhận {totals['new']}, kết thúc quản lý "
        f"{totals['ended']}, đang quản lý {totals['active']}); trong đó nữ {totals['female']}, "
        f"người dân tộc thiểu số {totals['minority']}.",
        f"- Theo diện quản lý: {_listing(statuses)}.",
        f"- Xếp loại gần nhất: {_listing(groups)}.",
        f"- Kết thúc quản lý: {_listing(ends)}.",
        "- Hỗ trợ tái hòa nhập cộng đồng: "
        + (
            "; ".join(
                f"{label.lower()} {times} lượt ({people} người)"
                for label, times, people in supports
            )
            if supports
            else "chưa có hỗ trợ nào được ghi nhận"
        )
        + ".",
        f"- Số người vi phạm pháp luật, tái phạm: {totals['reoffended']}; "
        f"chưa được phân công người giúp đỡ: {totals['no_helper']}.",
    ]
    return [
        Block(kind="heading2", text=HEADING),
        *(Block(kind="bullet", text=line) for line in lines),
        Block(
            kind="note",
            text=f"Số liệu tổng hợp từ cơ sở dữ liệu tái hòa nhập cộng đồng; chi tiết từng xã "
            f"tại phụ lục “Tái hòa nhập” ({len(figures['rows'])} đơn vị).",
        ),
    ]


COLUMNS = [("Đơn vị", 30), ("Quản lý trong kỳ", 12), *((label, 9) for _, label in FIGURES)]
_KEYS = ["total", *(key for key, _ in FIGURES)]


def reintegration_sheet(figures: dict[str, Any]) -> Sheet:
    rows: list[tuple[list[object], bool]] = [
        ([row.unit.full_name if row.unit else "", *(row.counts[k] for k in _KEYS)], False)
        for row in figures["rows"]
    ]
    rows.append((["Tổng cộng", *(figures["totals"][k] for k in _KEYS)], True))
    return Sheet(
        name="Tái hòa nhập",
        title="SỐ LIỆU QUẢN LÝ, GIÚP ĐỠ NGƯỜI TÁI HÒA NHẬP CỘNG ĐỒNG",
        subtitle=f"(Từ ngày {vn_date(figures['start'])} đến ngày {vn_date(figures['end'])})",
        columns=COLUMNS,
        rows=rows,
    )
