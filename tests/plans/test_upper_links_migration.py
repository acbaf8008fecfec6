"""Migration plans 0007: upper-plan and upper-task links stored before links were limited to
the plan's higher units are removed, with a warning on the plan; the right ones stay."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from dondoc.org.models import AdminUnit, UnitSuccession
from dondoc.plans.models import Document, Task
from dondoc.plans.selectors import upper_unit_ids

from ..org.factories import make_unit
from .test_upper_links import NEW, PRE, _plan

pytestmark = pytest.mark.django_db

NAME = "0007_clear_foreign_upper_links"
migration = importlib.import_module(f"dondoc.plans.migrations.{NAME}")


def run_migration() -> None:
    """The migration's function on the models as its migration state has them."""
    state = MigrationLoader(connection).project_state(("plans", NAME))
    migration.clear_foreign_upper_links(state.apps, None)


def _link(document: Document, upper: Document) -> None:
    """A link as the importer stored it before the rule: the plan and its first task."""
    Document.objects.filter(pk=document.pk).update(upper=upper)
    Task.objects.filter(document=document).update(upper_task=upper.tasks.get())


def _warnings(document: Document) -> list[dict[str, object]]:
    document.refresh_from_db()
    return document.warnings


def test_links_outside_the_higher_units_are_removed_with_a_warning(world) -> None:
    kien_giang = make_unit(PRE, AdminUnit.Level.PROVINCE, "91", "Tỉnh Kiên Giang")
    foreign = _plan(kien_giang, "125/KH-UBND", datetime.date(2023, 6, 1))
    district = _plan(world.son_duong, "284/KH-UBND", datetime.date(2023, 7, 4))
    Document.objects.filter(pk=district.pk).update(
        warnings=[{"code": "appendix_number", "message": "Phụ lục ghi 224/KH-UBND", "path": None}]
    )
    _link(district, foreign)
    neighbour = _plan(world.yen_son, "7/KH-UBND")  # same level, not above Sơn Dương
    commune_wrong = _plan(world.commune_sd, "5/KH-UBND")
    _link(commune_wrong, neighbour)
    # Kept: the commune under its district, the district under the 2025 province that absorbed
    # it, a task of the district under a task of its old province's plan.
    commune = _plan(world.commune_sd, "6/KH-UBND")
    _link(commune, district)
    successor_plan = _plan(world.new_province, "3/KH-UBND")
    district_2 = _plan(world.son_duong, "12/KH-UBND")
    _link(district_2, successor_plan)
    province_plan = _plan(world.province, "125/KH-UBND", datetime.date(2023, 6, 1))
    Task.objects.filter(document=district_2).update(upper_task=province_plan.tasks.get())

    run_migration()

    district.refresh_from_db()
    assert district.upper is None and district.tasks.get().upper_task is None
    assert [w["code"] for w in district.warnings] == [
        "appendix_number",
        "upper_removed",
        "upper_task_removed",
    ]
    assert district.warnings[1]["message"] == (
        "Đã gỡ liên kết với kế hoạch cấp trên “Kế hoạch 125/KH-UBND” của Tỉnh Kiên Giang: kế "
        "hoạch đó không phải của đơn vị hành chính cấp trên của Huyện Sơn Dương (liên kết được "
        "tạo trước khi dondoc giới hạn kế hoạch cấp trên theo địa bàn, có thể do trùng số văn "
        "bản). Hãy chọn lại kế hoạch cấp trên nếu cần."
    )
    assert district.warnings[2]["message"].startswith("Đã gỡ liên kết của 1 nhiệm vụ (1) với ")
    commune_wrong.refresh_from_db()
    assert commune_wrong.upper is None and commune_wrong.tasks.get().upper_task is None
    for kept, upper in ((commune, district), (district_2, successor_plan)):
        kept.refresh_from_db()
        assert kept.upper == upper and _warnings(kept) == []
    assert district_2.tasks.get().upper_task == province_plan.tasks.get()
    assert commune.tasks.get().upper_task == district.tasks.get()

    run_migration()  # a second run finds nothing more to remove, and says nothing twice
    assert len(_warnings(district)) == 3 and len(_warnings(commune_wrong)) == 2


def test_the_migration_applies_the_rule_of_upper_unit_ids(world) -> None:
    new_commune = make_unit(
        NEW, AdminUnit.Level.COMMUNE, "02185", "Xã Sơn Dương", world.new_province
    )
    UnitSuccession.objects.create(
        predecessor=world.commune_sd, successor=new_commune, kind=UnitSuccession.Kind.MERGED
    )
    UnitSuccession.objects.create(
        predecessor=world.yen_son, successor=world.new_province, kind=UnitSuccession.Kind.ABSORBED
    )
    state = MigrationLoader(connection).project_state(("plans", NAME)).apps
    units = list(AdminUnit.objects.all())
    assert len(units) > 6
    for unit in units:
        historical = state.get_model("org", "AdminUnit").objects.get(pk=unit.pk)
        assert migration.higher_unit_ids(state, historical) == upper_unit_ids(unit), unit.name
