"""Scope rules of org.scoping: who sees which units and agencies."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from dondoc.core.exceptions import NotFound
from dondoc.org.models import Agency, Role, User
from dondoc.org.scoping import (
    access_agency,
    access_unit,
    acting_for_q,
    agencies_acting_for,
    agencies_managed,
    agencies_visible,
    scope_for,
    units_visible,
)
from tests.world import World


def names(queryset) -> set[str]:
    return {str(row.name) for row in queryset}


def test_focal_officer_sees_the_subtree_of_its_district(world: World) -> None:
    units = set(units_visible(user=world.focal))
    assert units == {world.son_duong, world.commune_sd}
    assert set(agencies_visible(user=world.focal)) == {
        world.police_sd,
        world.justice_sd,
        world.court_sd,
        *[m.agency for m in world.admin.memberships.all()],
        *[m.agency for m in world.inspector.memberships.all()],
    }
    assert world.police_ys not in agencies_visible(user=world.focal)


@pytest.mark.parametrize("who", ["leader", "inspector", "admin"])
def test_wide_roles_see_the_same_subtree(world: World, who: str) -> None:
    assert set(units_visible(user=getattr(world, who))) == {world.son_duong, world.commune_sd}


def test_agency_officer_sees_only_its_agency_and_its_unit(world: World) -> None:
    assert list(agencies_visible(user=world.officer)) == [world.justice_sd]
    assert list(units_visible(user=world.officer)) == [world.son_duong]


def test_agency_officer_sees_the_departments_of_its_agency(world: World) -> None:
    assert set(agencies_visible(user=world.province_officer)) == {
        world.police_province,
        world.crime_dept,
    }


def test_province_of_2025_covers_its_predecessor_province_but_not_others(world: World) -> None:
    units = set(units_visible(user=world.new_focal))
    assert {world.new_province, world.province, world.son_duong, world.yen_son} <= units
    assert {world.commune_sd, world.commune_ys} <= units
    assert world.tra_vinh not in units
    assert world.police_sd in agencies_visible(user=world.new_focal)
    assert world.police_tv not in agencies_visible(user=world.new_focal)


def test_outsider_sees_nothing_of_son_duong(world: World) -> None:
    assert world.son_duong not in units_visible(user=world.outsider)
    assert not agencies_visible(user=world.outsider).filter(unit=world.son_duong).exists()
    with pytest.raises(NotFound):
        access_unit(user=world.outsider, unit_id=world.son_duong.pk)
    with pytest.raises(NotFound):
        access_agency(user=world.outsider, agency_id=world.police_sd.pk)


def test_not_found_and_not_allowed_answer_alike(world: World) -> None:
    with pytest.raises(NotFound) as absent:
        access_agency(user=world.focal, agency_id=999_999)
    with pytest.raises(NotFound) as hidden:
        access_agency(user=world.focal, agency_id=world.police_tv.pk)
    assert absent.value.message == hidden.value.message


@pytest.mark.parametrize("who", ["nobody", "anonymous", "inactive"])
def test_users_without_scope_see_nothing(world: World, who: str) -> None:
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "inactive":
        user = world.focal
        user.is_active = False
        user.save()
    else:
        user = world.nobody
    assert not units_visible(user=user).exists()
    assert not agencies_visible(user=user).exists()


def test_deactivated_agency_gives_no_scope(world: World) -> None:
    world.police_sd.is_active = False
    world.police_sd.save()
    assert not units_visible(user=world.focal).exists()


def test_superuser_sees_everything(world: World) -> None:
    world.nobody.is_superuser = True
    world.nobody.save()
    assert units_visible(user=world.nobody).count() == 7


def test_only_administrators_manage_agencies(world: World) -> None:
    assert world.police_sd in agencies_managed(user=world.admin)
    assert world.police_ys not in agencies_managed(user=world.admin)
    for user in (world.focal, world.leader, world.inspector, world.officer, world.outsider):
        assert not agencies_managed(user=user).exists()


def test_scope_costs_a_fixed_number_of_queries(world: World, django_assert_max_num_queries) -> None:
    from dondoc.org.models import User

    user = User.objects.get(pk=world.new_focal.pk)
    with django_assert_max_num_queries(3):
        list(agencies_visible(user=user))
    with django_assert_max_num_queries(1):  # cached on the user for the request
        list(units_visible(user=user))


@pytest.mark.parametrize(
    "roles",
    [frozenset({Role.AGENCY_OFFICER, Role.FOCAL_OFFICER}), frozenset({Role.LEADER})],
)
def test_acting_for_q_names_the_agencies_acting_for_reads(world: World, roles) -> None:
    """The condition built from the scope's memberships (registry.selectors' record scope)
    holds for the same agencies as agencies_acting_for's subqueries: their departments too,
    an ended agency kept, a switched-off one left out."""
    world.police_province.existed_until = datetime.date(2025, 6, 30)  # ended
    world.police_province.is_active = False
    world.police_province.save()
    world.justice_sd.is_active = False  # switched off by an administrator
    world.justice_sd.save()
    for user in User.objects.all():
        expected = set(agencies_acting_for(user=user, roles=roles))
        assert set(Agency.objects.filter(acting_for_q(scope_for(user), roles))) == expected
    assert world.police_province in agencies_acting_for(
        user=world.province_officer, roles=frozenset({Role.AGENCY_OFFICER})
    )  # the ended agency: the comparison covers it
