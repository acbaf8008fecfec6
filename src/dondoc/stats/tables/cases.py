"""Criminal cases (seeds 000/001 B.IX): cases by stage and outcome, appeals and protests,
judgments changed or annulled, evidence excluded as obtained by torture, wrongful
convictions; by stage, offence group or unit, for the cases opened in a year."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Exists, OuterRef

from dondoc.org.models import AdminUnit
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.models import CriminalCase, Offence
from dondoc.registry.selectors import records_visible

from . import Column, Row, Table, TableSpec, by_child_unit

FLAGS = ("appealed", "protested", "judgment_changed", "judgment_annulled", "evidence_excluded",
         "wrongful_conviction")  # fmt: skip
COLUMNS = [
    Column("cases", "Số vụ"),
    Column("convicted", "Kết án"),
    Column("acquitted", "Tuyên không phạm tội"),
    Column("dismissed", "Đình chỉ"),
    Column("appealed", "Kháng cáo"),
    Column("protested", "Kháng nghị"),
    Column("judgment_changed", "Bản án bị sửa"),
    Column("judgment_annulled", "Bản án bị hủy"),
    Column("evidence_excluded", "Có chứng cứ bị loại do tra tấn"),
    Column("wrongful_conviction", "Oan, sai"),
]
BREAKDOWNS = {"stage": "Giai đoạn", "offence": "Nhóm tội danh", "unit": "Đơn vị hành chính"}
OFFENCE_GROUPS = {"child_abuse": "Xâm hại trẻ em", "torture": "Liên quan đến tra tấn",
                  "other": "Tội danh khác"}  # fmt: skip


def _counts(rows: list[dict[str, Any]]) -> dict[str, float | int]:
    counts: Counter[str] = Counter()
    for row in rows:
        counts["cases"] += 1
        counts[row["outcome"]] += 1
        for flag in FLAGS:
            counts[flag] += bool(row[flag])
    return {c.key: counts[c.key] for c in COLUMNS}


def _rows(user: Any, unit: AdminUnit, year: int, focus: bool) -> list[dict[str, Any]]:
    child = Offence.objects.filter(cases=OuterRef("pk"), child_abuse=True)
    torture = Offence.objects.filter(cases=OuterRef("pk"), torture_acts__isnull=False)
    cases = (
        records_visible(CriminalCase, user=user)
        .filter(
            unit_subtree_q(unit),
            opened_on__year=year,
        )
        .annotate(child=Exists(child), torture=Exists(torture))
    )
    if focus:
        cases = cases.filter(child=True)
    return list(cases.values("stage", "outcome", "unit__path", "child", "torture", "synthetic",
                             *FLAGS))  # fmt: skip


def compute(
    *,
    user: Any,
    unit: AdminUnit,
    year: int,
    breakdown: str = "stage",
    child_abuse: bool = False,
    today: datetime.date | None = None,
) -> Table:
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"Không có cách chia “{breakdown}”: {', '.join(BREAKDOWNS)}.")
    rows = _rows(user, unit, year, child_abuse)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if breakdown == "stage":
        for row in rows:
            groups[row["stage"]].append(row)
        labels = dict(CriminalCase.Stage.choices)
        keys = [k for k in labels if k in groups]
    elif breakdown == "offence":
        for row in rows:
            group = "child_abuse" if row["child"] else "torture" if row["torture"] else "other"
            groups[group].append(row)
        labels = dict(OFFENCE_GROUPS)
        keys = [k for k in labels if k in groups]
    else:
        found, labels, keys = by_child_unit(rows, unit)
        groups.update(found)
    return Table(
        name=SPEC.name,
        title=SPEC.title + (" — xâm hại trẻ em" if child_abuse else ""),
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
        notes=["Vụ án khởi tố trong năm; số liệu theo giai đoạn và kết quả hiện tại."],
        synthetic=any(r["synthetic"] for r in rows),
    )


SPEC = TableSpec(
    name="cases",
    title="Vụ án hình sự: điều tra, truy tố, xét xử",
    breakdowns=BREAKDOWNS,
    compute=compute,
)
