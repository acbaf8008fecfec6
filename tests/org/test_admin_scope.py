"""Django admin cannot be used to climb out of one's scope: hand-made POSTs, as attackers send them.

The district administrator of the world (`quantri`, Ủy ban nhân dân huyện Sơn Dương) tries every
foreign key out of its subtree, every user with a membership elsewhere, and every admin page of
every app; each attempt is refused and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.hashers import check_password
from django.db.models import Model
from django.forms.models import model_to_dict
from django.urls import reverse

from dondoc.org.models import Agency, Membership, Role, UnitSuccession, User
from tests.org.factories import DEFAULT_PASSWORD, MembershipFactory
from tests.world import World, signed_in

NEW_PASSWORD = "mat-khau-moi-cua-quan-tri-2026"


def _agency_post(agency: Agency, **changes: Any) -> dict[str, Any]:
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "unit": agency.unit_id,
        "parent": agency.parent_id or "",
        "is_active": "on",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def _user_post(user: User, memberships: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    existing = list(user.memberships.order_by("pk"))
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(memberships):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
        data[f"memberships-{index}-user"] = user.pk
    data.update(changes)
    return data


def _membership_row(membership: Membership, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": membership.pk,
        "agency": membership.agency_id,
        "role": membership.role,
    }
    row.update(changes)
    return row


# --- Foreign keys out of scope ------------------------------------------------------------------


def test_an_agency_cannot_be_moved_into_another_province(world: World) -> None:
    url = reverse("admin:org_agency_change", args=[world.justice_sd.pk])
    response = signed_in(world.admin).post(
        url, _agency_post(world.justice_sd, unit=world.tra_vinh.pk)
    )
    world.justice_sd.refresh_from_db()
    assert world.justice_sd.unit == world.son_duong
    assert response.status_code in {200, 302}


def test_district_police_cannot_be_reparented_under_another_citys_police(world: World) -> None:
    url = reverse("admin:org_agency_change", args=[world.police_sd.pk])
    response = signed_in(world.admin).post(
        url, _agency_post(world.police_sd, parent=world.police_tv.pk)
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Hãy chọn" in response.content.decode() or "không hợp lệ" in response.content.decode()
    world.police_sd.refresh_from_db()
    assert world.police_sd.parent is None


def test_an_agency_cannot_be_added_to_a_unit_out_of_scope(world: World) -> None:
    url = reverse("admin:org_agency_add")
    data = _agency_post(
        Agency(name="Ban chỉ đạo giả", kind=Agency.Kind.OTHER, unit=world.tra_vinh), parent=""
    )
    response = signed_in(world.admin).post(url, data)
    assert response.status_code == 200
    assert not Agency.objects.filter(name="Ban chỉ đạo giả").exists()


def test_an_agency_in_scope_is_added_through_the_service_and_audited(world: World) -> None:
    url = reverse("admin:org_agency_add")
    data = _agency_post(
        Agency(
            name="Ban chỉ đạo 138 huyện Sơn Dương", kind=Agency.Kind.OTHER, unit=world.son_duong
        ),
        parent=world.police_sd.pk,
    )
    response = signed_in(world.admin).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agency = Agency.objects.get(name="Ban chỉ đạo 138 huyện Sơn Dương")
    assert agency.parent == world.police_sd
    entry = LogEntry.objects.get_for_object(agency).filter(additional_data__action="agency.create")
    assert entry.get().actor == world.admin


def test_a_membership_cannot_be_granted_in_an_agency_out_of_scope(world: World) -> None:
    officer = world.officer
    membership = officer.memberships.get()
    url = reverse("admin:org_user_change", args=[officer.pk])
    rows = [
        _membership_row(membership),
        {"id": "", "agency": world.police_tv.pk, "role": Role.ADMINISTRATOR},
    ]
    response = signed_in(world.admin).post(url, _user_post(officer, rows))
    assert response.status_code == 200
    assert not officer.memberships.filter(agency=world.police_tv).exists()


def test_the_autocomplete_offers_only_what_the_administrator_manages(world: World) -> None:
    client = signed_in(world.admin)
    for model, field, refused in (
        ("agency", "parent", "Công an tỉnh Trà Vinh"),
        ("agency", "unit", "Tỉnh Trà Vinh"),
        ("membership", "agency", "Công an huyện Yên Sơn"),
    ):
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "org", "model_name": model, "field_name": field, "term": ""},
        )
        assert response.status_code == 200, (model, field)
        assert refused not in response.content.decode(), (model, field)


# --- Users with a membership elsewhere ----------------------------------------------------------


@pytest.fixture
def shared_officer(world: World) -> User:
    """The provincial police officer, who also holds one membership in the district."""
    MembershipFactory(user=world.province_officer, agency=world.justice_sd, role=Role.LEADER)
    return world.province_officer


def test_a_user_with_a_membership_elsewhere_cannot_have_its_password_reset(
    world: World, shared_officer: User
) -> None:
    url = reverse("admin:auth_user_password_change", args=[shared_officer.pk])
    client = signed_in(world.admin)
    assert client.get(url).status_code in {302, 403, 404}
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code in {302, 403, 404}
    if response.status_code == 302:
        assert (
            reverse("admin:org_user_change", args=[shared_officer.pk]) not in response["Location"]
        )
    shared_officer.refresh_from_db()
    assert check_password(DEFAULT_PASSWORD, shared_officer.password)


def test_a_user_with_a_membership_elsewhere_keeps_its_other_memberships(
    world: World, shared_officer: User
) -> None:
    provincial, district = shared_officer.memberships.order_by("pk")
    url = reverse("admin:org_user_change", args=[shared_officer.pk])
    rows = [
        _membership_row(provincial, DELETE="on"),
        _membership_row(district),
    ]
    response = signed_in(world.admin).post(url, _user_post(shared_officer, rows))
    assert response.status_code in {302, 403, 404}
    assert Membership.objects.filter(pk=provincial.pk).exists()
    listed = signed_in(world.admin).get(reverse("admin:org_user_changelist")).content.decode()
    assert "canbo_tinh" not in listed


def test_an_administrator_cannot_touch_a_superuser_of_its_district(world: World) -> None:
    root = User.objects.create_superuser("goc", password=DEFAULT_PASSWORD)
    MembershipFactory(user=root, agency=world.justice_sd, role=Role.AGENCY_OFFICER)
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    response = signed_in(world.admin).post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code in {302, 403, 404}
    root.refresh_from_db()
    assert check_password(DEFAULT_PASSWORD, root.password)


def test_a_user_wholly_in_scope_has_its_password_reset_through_the_service(world: World) -> None:
    url = reverse("admin:auth_user_password_change", args=[world.officer.pk])
    response = signed_in(world.admin).post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    world.officer.refresh_from_db()
    assert check_password(NEW_PASSWORD, world.officer.password)
    entry = LogEntry.objects.get_for_object(world.officer).get(
        additional_data__action="user.password_set"
    )
    assert entry.actor == world.admin


def test_the_last_membership_of_a_user_cannot_be_deleted(world: World) -> None:
    membership = world.officer.memberships.get()
    url = reverse("admin:org_user_change", args=[world.officer.pk])
    response = signed_in(world.admin).post(
        url, _user_post(world.officer, [_membership_row(membership, DELETE="on")])
    )
    assert response.status_code == 200
    assert "ít nhất một cơ quan" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_role_changed_in_the_admin_is_a_revoke_and_a_grant_audited(world: World) -> None:
    membership = world.officer.memberships.get()
    url = reverse("admin:org_user_change", args=[world.officer.pk])
    response = signed_in(world.admin).post(
        url, _user_post(world.officer, [_membership_row(membership, role=Role.LEADER)])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(world.officer.memberships.values_list("role", flat=True)) == [Role.LEADER]
    actions = set(
        LogEntry.objects.filter(actor=world.admin).values_list("additional_data__action", flat=True)
    )
    assert {"membership.grant", "membership.revoke"} <= actions


# --- Creating users -----------------------------------------------------------------------------


def _add_user_post(**changes: Any) -> dict[str, Any]:
    data = {
        "username": "canbo_moi",
        "last_name": "Lan",
        "first_name": "Trần Thị",
        "email": "",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        # What the page sent when it had a membership inline with no row filled in.
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_user_cannot_be_created_without_a_membership(world: World) -> None:
    response = signed_in(world.admin).post(reverse("admin:org_user_add"), _add_user_post())
    assert response.status_code == 200
    assert not User.objects.filter(username="canbo_moi").exists()


def test_a_user_cannot_be_created_in_an_agency_out_of_scope(world: World) -> None:
    data = _add_user_post(agency=world.police_tv.pk, role=Role.ADMINISTRATOR)
    response = signed_in(world.admin).post(reverse("admin:org_user_add"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="canbo_moi").exists()


def test_a_user_is_created_with_its_membership_and_names_in_vietnamese_order(world: World) -> None:
    client = signed_in(world.admin)
    form = client.get(reverse("admin:org_user_add")).content.decode()
    assert form.index("Họ và tên đệm") < form.index(">Tên<") if ">Tên<" in form else True
    data = _add_user_post(agency=world.justice_sd.pk, role=Role.AGENCY_OFFICER)
    response = client.post(reverse("admin:org_user_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="canbo_moi")
    assert user.get_full_name() == "Trần Thị Lan"
    assert list(user.memberships.values_list("agency", "role")) == [
        (world.justice_sd.pk, Role.AGENCY_OFFICER)
    ]
    entry = LogEntry.objects.get_for_object(user).get(additional_data__action="user.create")
    assert entry.actor == world.admin


def test_a_password_shorter_than_twelve_characters_is_refused(world: World) -> None:
    data = _add_user_post(
        agency=world.justice_sd.pk,
        role=Role.AGENCY_OFFICER,
        password1="ngan-qua1",
        password2="ngan-qua1",
    )
    response = signed_in(world.admin).post(reverse("admin:org_user_add"), data)
    assert response.status_code == 200
    assert "ít nhất 12 ký tự" in response.content.decode()
    assert not User.objects.filter(username="canbo_moi").exists()


def test_the_user_pages_label_the_names_in_vietnamese_order(world: World) -> None:
    url = reverse("admin:org_user_change", args=[world.officer.pk])
    page = signed_in(world.admin).get(url).content.decode()
    assert page.index("Họ và tên đệm") < page.index('for="id_last_name"')
    assert "Tên:" in page or ">Tên<" in page


# --- Every admin of every app, refused out of scope ---------------------------------------------


def _out_of_scope_objects(world: World) -> dict[str, Callable[[], Model]]:
    """One object per registered model that the district administrator must not touch."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    from dondoc.registry import models as registry

    def person() -> Model:
        from dondoc.registry.services import person_create

        return person_create(
            actor=world.outsider, agency=world.police_tv, full_name="Nguyễn Thị Ngoài", sex="female"
        )

    def record(model: type[Model]) -> Callable[[], Model]:
        def build() -> Model:
            found = model._default_manager.exclude(
                unit__path__startswith=world.son_duong.path
            ).first()
            if found is None:
                pytest.skip(f"no {model.__name__} outside the district to try")
            return found

        return build

    def crime_report() -> Model:
        import datetime

        from dondoc.registry.services import crime_report_register

        return crime_report_register(
            actor=world.outsider,
            agency=world.police_tv,
            number="TB-TV-1",
            received_on=datetime.date(2024, 5, 6),
            source="denunciation",
            offence=registry.Offence.objects.get(article=146),
            involved=[(person(), "victim")],
            unit=world.tra_vinh,
        )

    def log_entry() -> Model:
        found = LogEntry.objects.first()
        assert found is not None
        return found

    def task_result() -> Model:
        from dondoc.tracking.tasks import send_reminders

        result = send_reminders.enqueue()  # queued only: nothing runs it here
        return DBTaskResult.objects.get(pk=result.id)

    builders: dict[str, Callable[[], Model]] = {
        "org.AdminUnit": lambda: world.tra_vinh,
        "org.Agency": lambda: world.police_tv,
        "org.User": lambda: world.outsider,
        "org.UnitSuccession": lambda: UnitSuccession.objects.get(
            successor=world.new_province, predecessor=world.province
        ),
        "org.ExportGrant": lambda: _foreign_export_grant(world),
        "registry.EthnicGroup": lambda: registry.EthnicGroup.objects.get_or_create(
            code="99", defaults={"name": "Thử"}
        )[0],
        "registry.Religion": lambda: registry.Religion.objects.get_or_create(
            code="99", defaults={"name": "Thử"}
        )[0],
        "registry.Offence": lambda: registry.Offence.objects.create(article="999", name="Tội thử"),
        "registry.TortureAct": lambda: registry.TortureAct.objects.create(
            code="99", name="Hành vi thử"
        ),
        "registry.Person": person,
        "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
            username="travinh",
            ip_address="10.0.0.9",
            user_agent="x",
            path_info="/",
            failures_since_start=1,
        ),
        "axes.AccessLog": lambda: AccessLog.objects.create(
            username="travinh", ip_address="10.0.0.9", user_agent="x", path_info="/"
        ),
        "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(
            username="travinh",
            ip_address="10.0.0.9",
            user_agent="x",
            path_info="/",
            locked_out=False,
        ),
        "auditlog.LogEntry": log_entry,
        "django_tasks_database.DBTaskResult": task_result,
        "knox.AuthToken": lambda: _foreign_token(world),
    }
    for name in (
        "CrimeReport",
        "Complaint",
        "CriminalCase",
        "CompensationClaim",
        "VictimSupport",
        "Activity",
        "LegalInstrument",
        "FriendlyInterviewRoom",
    ):
        builders[f"registry.{name}"] = record(getattr(registry, name))
    builders["registry.CrimeReport"] = crime_report
    return builders


def _foreign_export_grant(world: World) -> Model:
    from dondoc.core.actors import SYSTEM
    from dondoc.org.services.exports import export_grant_give

    return export_grant_give(actor=SYSTEM, user=world.outsider, agency=world.police_tv)


def _foreign_token(world: World) -> Model:
    from knox.models import AuthToken

    token, _ = AuthToken.objects.create(user=world.outsider)
    return token


def _registered() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry)


def test_every_registered_admin_is_in_the_matrix(world: World) -> None:
    assert set(_registered()) == set(_out_of_scope_objects(world))


def _snapshot(obj: Model) -> dict[str, Any] | None:
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if fresh is None else model_to_dict(fresh)


REFUSED = {302, 403, 404}


@pytest.mark.parametrize("label", _registered())
def test_every_admin_refuses_an_out_of_scope_object(world: World, label: str) -> None:
    from tests.registry.factories import world_crime_report

    world_crime_report(world)  # a record of the district, so that the lists have something
    obj = _out_of_scope_objects(world)[label]()
    model_admin = admin.site._registry[type(obj)]
    info = (obj._meta.app_label, obj._meta.model_name)
    client = signed_in(world.admin)  # signing in writes an access log: before the count
    before = _snapshot(obj)
    count = type(obj)._default_manager.count()
    for name, method, data in (
        ("change", "get", None),
        ("change", "post", {}),
        ("delete", "get", None),
        ("delete", "post", {"post": "yes"}),
        ("history", "get", None),
    ):
        url = reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[obj.pk])
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code in REFUSED, (label, name, method, response.status_code)
        if response.status_code == 302:
            assert (
                reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk])
                not in response["Location"]
            )
    if model_admin.has_add_permission(_request_for(world.admin)):
        pass  # adding is allowed in scope; the foreign keys of the add form are tested above
    else:
        response = client.post(reverse(f"admin:{info[0]}_{info[1]}_add"), {})
        assert response.status_code in REFUSED, (label, "add")
    # Bulk actions on the list (delete_selected and any other) change nothing either.
    client.post(
        reverse(f"admin:{info[0]}_{info[1]}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert _snapshot(obj) == before, label
    assert type(obj)._default_manager.count() == count, label
    # An officer without the administrator role is sent to the admin's login page.
    for user in (world.focal, world.outsider):
        page = signed_in(user).get(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        assert page.status_code == 302 and "/admin/login/" in page["Location"], (label, user)


def _request_for(user: User) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
