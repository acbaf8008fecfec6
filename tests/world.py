"""A small administrative world shared by the scoping, page and API tests.

Tỉnh Tuyên Quang (old map) with two districts (Sơn Dương, Yên Sơn) and a commune of
each; the 2025 Tỉnh Tuyên Quang that succeeded it; Tỉnh Trà Vinh elsewhere. One user per
role, in Sơn Dương unless said otherwise, and the outsiders who must be refused.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from dondoc.org.models import AdminUnit, Agency, Role, UnitSuccession, User

from .org.factories import AgencyFactory, MembershipFactory, UserFactory, make_unit

PRE, NEW = AdminUnit.Map.PRE2025, AdminUnit.Map.V2025
PROVINCE, DISTRICT, COMMUNE = (
    AdminUnit.Level.PROVINCE,
    AdminUnit.Level.DISTRICT,
    AdminUnit.Level.COMMUNE,
)


@dataclass
class World:
    province: AdminUnit
    son_duong: AdminUnit
    yen_son: AdminUnit
    commune_sd: AdminUnit
    commune_ys: AdminUnit
    new_province: AdminUnit
    tra_vinh: AdminUnit
    police_sd: Agency
    justice_sd: Agency
    court_sd: Agency
    police_ys: Agency
    police_province: Agency
    crime_dept: Agency  # a department of the provincial police
    police_tv: Agency
    new_police: Agency
    admin: User
    focal: User
    officer: User
    leader: User
    inspector: User
    outsider: User  # focal officer of Trà Vinh
    officer_ys: User  # agency officer of Yên Sơn police
    province_officer: User  # agency officer of the provincial police
    new_focal: User  # focal officer of the 2025 province
    nobody: User  # signed in, no membership


def signed_in(user: User) -> Any:
    """A Django test client with `user` signed in."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def view_queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    """The queries one view of a page makes: its second view, both at one instant. The first
    view warms what a session caches; the clock stands still so that the session middleware,
    which saves a session at most once a minute (SESSION_TOUCH_SECONDS: three more queries on
    the page that crosses the minute), makes its decision on the first view and not on the one
    counted, however slowly the machine runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
    return len(queries.captured_queries)


def signed_in_api(user: User) -> Any:
    """A DRF test client authenticated as `user`."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def _user(username: str, agency: Agency, role: Role) -> User:
    user = UserFactory(username=username, is_staff=role == Role.ADMINISTRATOR)
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def build_world() -> World:
    province = make_unit(PRE, PROVINCE, "08", "Tỉnh Tuyên Quang")
    son_duong = make_unit(PRE, DISTRICT, "076", "Huyện Sơn Dương", province)
    yen_son = make_unit(PRE, DISTRICT, "075", "Huyện Yên Sơn", province)
    commune_sd = make_unit(PRE, COMMUNE, "02182", "Thị trấn Sơn Dương", son_duong)
    commune_ys = make_unit(PRE, COMMUNE, "02131", "Xã Trung Môn", yen_son)
    new_province = make_unit(NEW, PROVINCE, "08", "Tỉnh Tuyên Quang")
    tra_vinh = make_unit(PRE, PROVINCE, "84", "Tỉnh Trà Vinh")
    UnitSuccession.objects.create(
        predecessor=province, successor=new_province, kind=UnitSuccession.Kind.MERGED
    )
    UnitSuccession.objects.create(
        predecessor=son_duong, successor=new_province, kind=UnitSuccession.Kind.ABSORBED
    )

    def agency(name: str, kind: str, unit: AdminUnit, parent: Agency | None = None) -> Agency:
        return AgencyFactory(name=name, kind=kind, unit=unit, parent=parent)

    K = Agency.Kind
    police_sd = agency("Công an huyện Sơn Dương", K.POLICE, son_duong)
    justice_sd = agency("Phòng Tư pháp huyện Sơn Dương", K.JUSTICE, son_duong)
    court_sd = agency("Tòa án nhân dân huyện Sơn Dương", K.COURT, son_duong)
    committee_sd = agency("Ủy ban nhân dân huyện Sơn Dương", K.PEOPLES_COMMITTEE, son_duong)
    procuracy_sd = agency("Viện kiểm sát nhân dân huyện Sơn Dương", K.PROCURACY, son_duong)
    police_ys = agency("Công an huyện Yên Sơn", K.POLICE, yen_son)
    police_province = agency("Công an tỉnh Tuyên Quang", K.POLICE, province)
    crime_dept = agency("Phòng Cảnh sát hình sự", K.POLICE, province, parent=police_province)
    police_tv = agency("Công an tỉnh Trà Vinh", K.POLICE, tra_vinh)
    new_police = agency("Công an tỉnh Tuyên Quang", K.POLICE, new_province)
    return World(
        province=province,
        son_duong=son_duong,
        yen_son=yen_son,
        commune_sd=commune_sd,
        commune_ys=commune_ys,
        new_province=new_province,
        tra_vinh=tra_vinh,
        police_sd=police_sd,
        justice_sd=justice_sd,
        court_sd=court_sd,
        police_ys=police_ys,
        police_province=police_province,
        crime_dept=crime_dept,
        police_tv=police_tv,
        new_police=new_police,
        admin=_user("quantri", committee_sd, Role.ADMINISTRATOR),
        focal=_user("daumoi", police_sd, Role.FOCAL_OFFICER),
        officer=_user("canbo", justice_sd, Role.AGENCY_OFFICER),
        leader=_user("lanhdao", committee_sd, Role.LEADER),
        inspector=_user("thanhtra", procuracy_sd, Role.INSPECTOR),
        outsider=_user("travinh", police_tv, Role.FOCAL_OFFICER),
        officer_ys=_user("canbo_ys", police_ys, Role.AGENCY_OFFICER),
        province_officer=_user("canbo_tinh", police_province, Role.AGENCY_OFFICER),
        new_focal=_user("daumoi_moi", new_police, Role.FOCAL_OFFICER),
        nobody=UserFactory(username="chuagan"),
    )


@pytest.fixture
def world(db: None, settings) -> World:
    # Demo passwords in tests need no key stretching; PBKDF2 would cost 0.3 s a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


@contextmanager
def module_transaction(django_db_blocker: Any) -> Iterator[None]:
    """A transaction of a module's own, rolled back after the module: what a module fixture
    writes inside it is shared by the module's tests (each runs in its own savepoint, the `db`
    fixture's) and costs nothing to remove. Not for modules of transactional tests, whose
    commits it would swallow."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextmanager
def world_for_module(
    django_db_blocker: Any, *prepare: Callable[[World], object]
) -> Iterator[World]:
    """One world for all the tests of a module, built once in the module's own transaction
    (`module_transaction`); each test runs inside it in its own savepoint, so what a test
    writes is gone for the next, as with `world`. `prepare` builds what every test of the
    module reads (a plan, a report) once too. Django's TestCase.setUpTestData, for pytest: for
    modules of many short tests over the same rows (the access matrix renders each route for
    several users).

    The rows are made at the pinned instant less ten minutes (the test's clock starts at the
    pinned instant): made before the test, on the same day, as `world` would make them."""
    from tests.conftest import PINNED_NOW

    with module_transaction(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            time_machine.travel(PINNED_NOW - datetime.timedelta(minutes=10), tick=True),
        ):
            world = build_world()
            for step in prepare:
                step(world)
        yield world


def world_copy(world: World) -> World:
    """A test's own copy of a module's world: a test may change an instance in memory (a user
    signed in, a field set) without the next test seeing it (TestCase.setUpTestData copies its
    attributes the same way)."""
    return copy.deepcopy(world)


@pytest.fixture(scope="module")
def loaded_map(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """The whole administrative map, loaded once for a module in the module's own transaction
    and rolled back after it. (Deleting its 14,000 units ran, on PostgreSQL, the check of each
    of the ~70 foreign keys that name a unit for every unit: 9-11 s a module.)"""
    from dondoc.core.actors import SYSTEM
    from dondoc.org.services.units import unit_map_load

    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            result = unit_map_load(actor=SYSTEM)
        yield result
