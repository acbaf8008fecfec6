"""Clear the upper-plan links made before they were limited to the plan's higher units.

Before that rule, an import linked a plan to any plan of the same number ("Thực hiện Kế hoạch số
125/KH-UBND …"), so a district plan of Tuyên Quang could sit under Kiên Giang's 125/KH-UBND,
and its tasks under that plan's tasks. The selectors ignore such links now; this removes them
(Document.upper and Task.upper_task) and writes on each plan a warning saying what was removed
and why, so that the focal officer can choose the right upper plan again.

The rule is plans.selectors.upper_unit_ids, restated here on the historical models (a
migration must not import code that later changes): the higher units of the plan's unit, of
its predecessors and successors, and their counterparts of the same level on the other map.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import Q

_RANK = {"province": 0, "district": 1, "commune": 2}
_LISTED = 10  # task paths named in a warning; the rest are counted


def higher_unit_ids(apps: Any, unit: Any) -> frozenset[int]:
    AdminUnit = apps.get_model("org", "AdminUnit")
    UnitSuccession = apps.get_model("org", "UnitSuccession")
    related = UnitSuccession.objects.filter(Q(predecessor=unit) | Q(successor=unit))
    ids = {unit.pk}
    for before, after in related.values_list("predecessor_id", "successor_id"):
        ids |= {before, after}
    own = list(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "path"))
    prefixes = {
        "/".join(parts[:i])
        for _, path in own
        for parts in [path.split("/")]
        for i in range(2, len(parts))
    }
    chain = dict(
        AdminUnit.objects.filter(
            Q(pk__in=[pk for pk, _ in own]) | Q(path__in=prefixes)
        ).values_list("pk", "level")
    )
    links = UnitSuccession.objects.filter(
        Q(predecessor_id__in=chain) | Q(successor_id__in=chain)
    ).values_list("predecessor_id", "predecessor__level", "successor_id", "successor__level")
    found = dict(chain)
    for before, before_level, after, after_level in links:
        if before_level == after_level:
            found[before], found[after] = before_level, after_level
    rank = _RANK[unit.level]
    return frozenset(pk for pk, level in found.items() if _RANK[level] < rank)


def _label(document: Any) -> str:
    return f"{document.type_name or 'Văn bản'} {document.number or '(chưa có số)'}"


def clear_foreign_upper_links(apps: Any, schema_editor: Any = None) -> None:
    Document = apps.get_model("plans", "Document")
    Task = apps.get_model("plans", "Task")
    higher: dict[int, frozenset[int]] = {}

    def higher_of(unit: Any) -> frozenset[int]:
        if unit.pk not in higher:
            higher[unit.pk] = higher_unit_ids(apps, unit)
        return higher[unit.pk]

    linked = Task.objects.filter(upper_task__isnull=False).values_list(
        "document_id", "path", "upper_task__document__unit_id"
    )
    candidates = set(Document.objects.filter(upper__isnull=False).values_list("pk", flat=True))
    candidates |= {document_id for document_id, _, _ in linked}
    documents = Document.objects.filter(pk__in=candidates).select_related("unit", "upper__unit")
    for document in documents.order_by("pk"):
        allowed = higher_of(document.unit)
        notes: list[dict[str, Any]] = []
        upper = document.upper
        if upper is not None and (upper.pk == document.pk or upper.unit_id not in allowed):
            notes.append(
                {
                    "code": "upper_removed",
                    "message": (
                        f"Đã gỡ liên kết với kế hoạch cấp trên “{_label(upper)}” của "
                        f"{upper.unit.name}: kế hoạch đó không phải của đơn vị hành chính cấp "
                        f"trên của {document.unit.name} (liên kết được tạo trước khi dondoc giới "
                        "hạn kế hoạch cấp trên theo địa bàn, có thể do trùng số văn bản). Hãy "
                        "chọn lại kế hoạch cấp trên nếu cần."
                    ),
                    "path": None,
                }
            )
            document.upper = None
        foreign = Task.objects.filter(document=document, upper_task__isnull=False).exclude(
            upper_task__document__unit_id__in=allowed
        )
        paths = list(foreign.order_by("position").values_list("path", flat=True))
        if paths:
            named = ", ".join(paths[:_LISTED]) + (
                f" và {len(paths) - _LISTED} nhiệm vụ khác" if len(paths) > _LISTED else ""
            )
            notes.append(
                {
                    "code": "upper_task_removed",
                    "message": (
                        f"Đã gỡ liên kết của {len(paths)} nhiệm vụ ({named}) với nhiệm vụ của "
                        "kế hoạch không thuộc đơn vị hành chính cấp trên của "
                        f"{document.unit.name}. Nếu cần, hãy liên kết lại ở “Đối chiếu nhiệm vụ "
                        "với kế hoạch cấp trên”."
                    ),
                    "path": None,
                }
            )
            foreign.update(upper_task=None, upper_confirmed_by=None, upper_confirmed_at=None)
        if notes:
            document.warnings = [*(document.warnings or []), *notes]
            document.save(update_fields=["upper", "warnings"])


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_user_names_export_grants"),
        ("plans", "0006_task_deadline_kinds"),
    ]

    operations = [
        migrations.RunPython(clear_foreign_upper_links, migrations.RunPython.noop, elidable=True),
    ]
