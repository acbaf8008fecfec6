"""Upper-plan links reach only the plans of the plan's higher units (and of their predecessors
or successors on the other map): a number shared with a plan of another province links
nothing, and a link made before that rule is neither shown nor consolidated."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import AdminUnit, UnitSuccession
from dondoc.plans.models import Document, Task
from dondoc.plans.selectors import (
    cascade_for,
    lower_documents,
    upper_candidates,
    upper_unit_ids,
)
from dondoc.plans.services import document_set_upper, plan_import, plan_resolve
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.services import schedule_ensure

from ..org.factories import make_unit
from ..world import signed_in
from .conftest import seed_draft

pytestmark = pytest.mark.django_db

PRE, NEW = AdminUnit.Map.PRE2025, AdminUnit.Map.V2025


def _plan(unit: AdminUnit, number: str, day: datetime.date | None = None) -> Document:
    document = Document.objects.create(
        unit=unit,
        number=number,
        type_name="Kế hoạch",
        title=f"Kế hoạch {number} của {unit.name}",
        issued_on=day,
        issued_year=day.year if day else None,
    )
    Task.objects.create(document=document, position=0, code="1", path="1", title="Thống kê")
    return document


@pytest.fixture
def kien_giang(world):
    return make_unit(PRE, AdminUnit.Level.PROVINCE, "91", "Tỉnh Kiên Giang")


def _import_seed_000(world) -> Document:
    draft = plan_resolve(actor=SYSTEM, draft=seed_draft("000"), unit=world.son_duong)
    return plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong)


def test_higher_units_of_each_level_and_map(world) -> None:
    assert upper_unit_ids(world.son_duong) == {world.province.pk, world.new_province.pk}
    assert upper_unit_ids(world.commune_sd) == {
        world.son_duong.pk,
        world.province.pk,
        world.new_province.pk,
    }
    assert upper_unit_ids(world.province) == frozenset()
    assert upper_unit_ids(world.new_province) == frozenset()
    # A 2025 commune carries out the plans of its predecessor's district and provinces, not
    # those of the other districts its province absorbed.
    new_commune = make_unit(
        NEW, AdminUnit.Level.COMMUNE, "02185", "Xã Sơn Dương", world.new_province
    )
    UnitSuccession.objects.create(
        predecessor=world.commune_sd, successor=new_commune, kind=UnitSuccession.Kind.MERGED
    )
    UnitSuccession.objects.create(
        predecessor=world.yen_son, successor=world.new_province, kind=UnitSuccession.Kind.ABSORBED
    )
    assert upper_unit_ids(new_commune) == {
        world.new_province.pk,
        world.son_duong.pk,
        world.province.pk,
    }


def test_import_links_the_plan_of_its_province_not_one_of_another_province(
    world, kien_giang
) -> None:
    _plan(kien_giang, "125/KH-UBND", datetime.date(2023, 6, 1))
    assert _import_seed_000(world).upper is None  # Kiên Giang's 125/KH-UBND is not above it
    Document.objects.filter(unit=world.son_duong).delete()
    own = _plan(world.province, "125/KH-UBND", datetime.date(2023, 6, 1))
    _plan(world.province, "125/KH-UBND", datetime.date(2019, 3, 2))  # same number, other date
    assert _import_seed_000(world).upper == own


def test_only_a_higher_units_plan_can_be_chosen(world, kien_giang) -> None:
    document = _import_seed_000(world)
    for stranger in (_plan(kien_giang, "111/KH-CAT"), _plan(world.yen_son, "7/KH-UBND")):
        with pytest.raises(
            InvalidInput, match="không phải kế hoạch của đơn vị hành chính cấp trên"
        ):
            document_set_upper(actor=world.focal, document=document, upper=stranger)
    document.refresh_from_db()
    assert document.upper is None
    province, successor = _plan(world.province, "9/KH-UBND"), _plan(world.new_province, "3/KH")
    for upper in (province, successor):
        document_set_upper(actor=world.focal, document=document, upper=upper)
        assert document.upper == upper
    assert set(upper_candidates(user=None, document=document)) == {province, successor}
    # Offered to the district's officer: those it sees (the 2025 province's plans it does not).
    assert set(upper_candidates(user=world.focal, document=document)) == {province}


def test_a_link_to_another_province_is_neither_shown_nor_consolidated(
    world, kien_giang, client
) -> None:
    district_plan = _import_seed_000(world)
    foreign = _plan(kien_giang, "125/KH-UBND")
    Document.objects.filter(pk=district_plan.pk).update(upper=foreign)  # made before the rule
    district_plan.refresh_from_db()
    cascade = cascade_for(user=world.focal, document=district_plan)
    assert cascade.upper is None and not cascade.uncovered
    assert all(row.suggested is None for row in cascade.rows)
    page = signed_in(world.focal).get(reverse("web:plan_cascade", args=[district_plan.pk]))
    assert page.status_code == 200
    assert "Kiên Giang" not in page.content.decode()
    # Sơn Dương's plan, linked by mistake under a Trà Vinh plan, is not its lower unit.
    tra_vinh_plan = _plan(world.tra_vinh, "284/KH-UBND")
    Document.objects.filter(pk=district_plan.pk).update(upper=tra_vinh_plan)
    commune_plan = _plan(world.commune_sd, "5/KH-UBND")
    Document.objects.filter(pk=commune_plan.pk).update(upper=tra_vinh_plan)
    assert lower_documents(user=None, document=tra_vinh_plan) == []
    schedule_ensure(actor=SYSTEM, document=tra_vinh_plan)
    period = tra_vinh_plan.periods.first()
    if period is not None:
        content = consolidate(user=None, document=tra_vinh_plan, period=period, include_lower=True)
        assert content.lower_documents == []
    # The real lower unit's plan is kept.
    Document.objects.filter(pk=district_plan.pk).update(upper=None)
    Document.objects.filter(pk=commune_plan.pk).update(upper=district_plan)
    assert lower_documents(user=world.focal, document=district_plan) == [commune_plan]
    assert lower_documents(user=world.outsider, document=district_plan) == []
