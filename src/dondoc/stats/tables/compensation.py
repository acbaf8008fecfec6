"""State compensation (seeds 000/001 task 9.x): claims accepted and resolved, amounts
claimed, advanced and paid, claims of victims of torture, and the support given to victims;
by outcome, torture-related act or unit, for the claims accepted in a year."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from dondoc.org.models import AdminUnit
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.models import CompensationClaim, TortureAct, VictimSupport
from dondoc.registry.selectors import records_visible

from . import Column, Row, Table, TableSpec, by_child_unit

COLUMNS = [
    Column("claims", "Yêu cầu thụ lý", parts=("resolved", "pending")),
    Column("resolved", "Đã giải quyết"),
    Column("pending", "Đang giải quyết"),
    Column("torture_victims", "Của nạn nhân tra tấn"),
    Column("claimed", "Số tiền yêu cầu (triệu đồng)"),
    Column("advanced", "Đã tạm ứng (triệu đồng)"),
    Column("decided", "Được bồi thường theo quyết định (triệu đồng)"),
    Column("paid", "Đã chi trả (triệu đồng)"),
    Column("rate", "Tỷ lệ giải quyết (%)", rate=True),
]
BREAKDOWNS = {"outcome": "Kết quả", "torture_act": "Hành vi gây thiệt hại", "unit": "Đơn vị"}
MILLION = Decimal(1_000_000)


def _counts(rows: list[dict[str, Any]]) -> dict[str, float | int]:
    counts: Counter[str] = Counter()
    money: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        counts["claims"] += 1
        counts["pending" if row["outcome"] == "pending" else "resolved"] += 1
        counts["torture_victims"] += bool(row["torture_victim"])
        for key, field in (("claimed", "amount_claimed"), ("advanced", "amount_advanced"),
                           ("decided", "amount_decided"), ("paid", "amount_paid")):  # fmt: skip
            money[key] += row[field] or 0
    values: dict[str, float | int] = {k: counts[k] for k in ("claims", "resolved", "pending",
                                                            "torture_victims")}  # fmt: skip
    for key in ("claimed", "advanced", "decided", "paid"):
        values[key] = round(float(money[key] / MILLION), 1)
    values["rate"] = (
        round(100 * counts["resolved"] / counts["claims"], 1) if counts["claims"] else 0.0
    )
    return values


def _rows(user: Any, unit: AdminUnit, year: int, torture_only: bool) -> list[dict[str, Any]]:
    claims = records_visible(CompensationClaim, user=user).filter(
        unit_subtree_q(unit),
        accepted_on__year=year,
    )
    if torture_only:
        claims = claims.filter(torture_victim=True)
    return [
        dict(row)
        for row in claims.values(
            "outcome", "torture_act_id", "torture_victim", "unit__path", "amount_claimed",
            "amount_advanced", "amount_decided", "amount_paid", "synthetic",
        )
    ]  # fmt: skip


def compute(
    *,
    user: Any,
    unit: AdminUnit,
    year: int,
    breakdown: str = "outcome",
    child_abuse: bool = False,  # the focus filter: here, victims of torture only
    today: datetime.date | None = None,
) -> Table:
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"Không có cách chia “{breakdown}”: {', '.join(BREAKDOWNS)}.")
    rows = _rows(user, unit, year, child_abuse)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if breakdown == "outcome":
        for row in rows:
            groups[row["outcome"]].append(row)
        labels = {str(k): str(v) for k, v in CompensationClaim.Outcome.choices}
        keys = [k for k in labels if k in groups]
    elif breakdown == "torture_act":
        for row in rows:
            groups[str(row["torture_act_id"] or "none")].append(row)
        labels = {str(pk): name for pk, name in TortureAct.objects.values_list("pk", "name")}
        labels["none"] = "Hành vi khác"
        keys = sorted(groups, key=lambda k: (k == "none", k))
    else:
        found, labels, keys = by_child_unit(rows, unit)
        groups.update(found)
    supports = (
        records_visible(VictimSupport, user=user)
        .filter(
            unit_subtree_q(unit),
            provided_on__year=year,
        )
        .count()
    )
    return Table(
        name=SPEC.name,
        title=SPEC.title + (" — nạn nhân tra tấn" if child_abuse else ""),
        unit_name=unit.name,
        year=year,
        breakdown=breakdown,
        breakdown_label=BREAKDOWNS[breakdown],
        columns=COLUMNS,
        rows=[Row(k, labels.get(k, k), _counts(groups[k])) for k in keys],
        total=Row("total", "Tổng số", _counts(rows)),
        previous=Row(
            "previous", f"Năm {year - 1}", _counts(_rows(user, unit, year - 1, child_abuse))
        ),
        notes=[f"Lượt hỗ trợ nạn nhân trong năm: {supports}."],
        synthetic=any(r["synthetic"] for r in rows),
    )


SPEC = TableSpec(
    name="compensation",
    title="Bồi thường nhà nước và hỗ trợ nạn nhân",
    breakdowns=BREAKDOWNS,
    compute=compute,
    focus_label="Chỉ nạn nhân tra tấn",
)
