"""Propaganda and training activities (seeds 000/001 task 8.2): how many, with how many
participants by sex and materials handed out, by kind, subject, audience or unit."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from dondoc.org.models import AdminUnit
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.models import Activity
from dondoc.registry.selectors import records_visible

from . import Column, Row, Table, TableSpec, by_child_unit

COLUMNS = [
    Column("activities", "Số hoạt động"),
    Column("male", "Người tham dự: nam"),
    Column("female", "Người tham dự: nữ"),
    Column("participants", "Tổng số người tham dự", parts=("male", "female")),
    Column("materials", "Tài liệu phát hành"),
    Column("female_share", "Tỷ lệ nữ (%)", rate=True),
]
BREAKDOWNS = {
    "kind": "Hình thức",
    "subject": "Chủ đề",
    "audience": "Đối tượng",
    "unit": "Đơn vị hành chính",
}


def _counts(rows: list[dict[str, Any]]) -> dict[str, float | int]:
    male = sum(r["participants_male"] for r in rows)
    female = sum(r["participants_female"] for r in rows)
    return {
        "activities": len(rows),
        "male": male,
        "female": female,
        "participants": male + female,
        "materials": sum(r["materials"] for r in rows),
        "female_share": round(100 * female / (male + female), 1) if male + female else 0.0,
    }


def _rows(user: Any, unit: AdminUnit, year: int, cat_only: bool) -> list[dict[str, Any]]:
    activities = records_visible(Activity, user=user).filter(
        unit_subtree_q(unit), held_on__year=year
    )
    if cat_only:
        activities = activities.filter(subject=Activity.Subject.CAT)
    return [
        dict(row)
        for row in activities.values(
            "kind", "subject", "audiences", "unit__path", "participants_male",
            "participants_female", "materials", "synthetic",
        )
    ]  # fmt: skip


def compute(
    *,
    user: Any,
    unit: AdminUnit,
    year: int,
    breakdown: str = "kind",
    child_abuse: bool = False,  # the focus filter: here, the anti-torture convention only
    today: datetime.date | None = None,
) -> Table:
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"Không có cách chia “{breakdown}”: {', '.join(BREAKDOWNS)}.")
    rows = _rows(user, unit, year, child_abuse)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if breakdown == "audience":
        for row in rows:
            for audience in row["audiences"] or ["none"]:
                groups[audience].append(row)
        labels = dict(Activity.AUDIENCES) | {"none": "Chưa ghi đối tượng"}
        keys = [k for k in labels if k in groups]
    elif breakdown == "unit":
        found, labels, keys = by_child_unit(rows, unit)
        groups.update(found)
    else:
        for row in rows:
            groups[row[breakdown]].append(row)
        choices = (Activity.Kind if breakdown == "kind" else Activity.Subject).choices
        labels = {str(key): str(label) for key, label in choices}
        keys = [k for k in labels if k in groups]
    notes = []
    if breakdown == "audience":
        notes.append("Một hoạt động có nhiều đối tượng được tính ở mỗi đối tượng.")
    return Table(
        name=SPEC.name,
        title=SPEC.title + (" — Công ước chống tra tấn" if child_abuse else ""),
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
        notes=notes,
        synthetic=any(r["synthetic"] for r in rows),
    )


SPEC = TableSpec(
    name="activities",
    title="Hoạt động tuyên truyền, phổ biến, giáo dục, tập huấn",
    breakdowns=BREAKDOWNS,
    compute=compute,
    focus_label="Chỉ về Công ước chống tra tấn",
)
