"""Permission to export personal data: explicit, per agency, given and revoked by an administrator
in scope, audited; `can_export_personal_data` is what the export helpers ask."""

from __future__ import annotations

import threading
import time

import pytest
from auditlog.models import LogEntry
from django.db import connection, connections, transaction
from django.urls import reverse

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.org.models import ExportGrant, Role
from dondoc.org.scoping import can_export_personal_data
from dondoc.org.services.exports import export_grant_give, export_grant_revoke
from tests.org.factories import MembershipFactory
from tests.world import World, build_world, signed_in


def test_seeing_records_is_not_enough_to_export_them(world: World) -> None:
    assert not can_export_personal_data(world.focal, world.police_sd)
    assert not can_export_personal_data(world.admin, world.police_sd)


def test_a_grant_allows_that_user_for_that_agency_only(world: World) -> None:
    grant = export_grant_give(actor=world.admin, user=world.focal, agency=world.police_sd)
    assert can_export_personal_data(world.focal, world.police_sd)
    assert not can_export_personal_data(world.focal, world.justice_sd)
    assert not can_export_personal_data(world.officer, world.police_sd)
    entry = LogEntry.objects.get_for_object(grant).get(additional_data__action="export_grant.give")
    assert entry.actor == world.admin
    assert export_grant_give(actor=world.admin, user=world.focal, agency=world.police_sd) == grant


def test_a_revoked_grant_allows_nothing_and_stays_on_record(world: World) -> None:
    grant = export_grant_give(actor=world.admin, user=world.focal, agency=world.police_sd)
    export_grant_revoke(actor=world.admin, grant=grant)
    assert not can_export_personal_data(world.focal, world.police_sd)
    grant.refresh_from_db()
    assert grant.revoked_by == world.admin and grant.revoked_at is not None
    again = export_grant_give(actor=world.admin, user=world.focal, agency=world.police_sd)
    assert again.pk != grant.pk and can_export_personal_data(world.focal, world.police_sd)


def test_a_grant_lapses_when_the_user_no_longer_sees_the_agency(world: World) -> None:
    export_grant_give(actor=world.admin, user=world.officer, agency=world.justice_sd)
    world.officer.is_active = False
    world.officer.save()
    assert not can_export_personal_data(world.officer, world.justice_sd)


def test_an_administrator_grants_only_in_its_scope(world: World) -> None:
    with pytest.raises(NotAllowed):
        export_grant_give(actor=world.admin, user=world.outsider, agency=world.police_tv)
    with pytest.raises(NotAllowed):  # a user with a membership elsewhere
        export_grant_give(actor=world.admin, user=world.province_officer, agency=world.police_sd)
    with pytest.raises(NotAllowed):  # not an administrator
        export_grant_give(actor=world.focal, user=world.focal, agency=world.police_sd)
    with pytest.raises(InvalidInput):  # an agency officer of Tư pháp does not see the police
        export_grant_give(actor=world.admin, user=world.officer, agency=world.police_sd)
    assert not ExportGrant.objects.exists()


def test_the_admin_gives_and_revokes_grants_in_scope(world: World) -> None:
    client = signed_in(world.admin)
    add = reverse("admin:org_exportgrant_add")
    refused = client.post(add, {"user": world.outsider.pk, "agency": world.police_tv.pk})
    assert refused.status_code == 200
    assert not ExportGrant.objects.exists()
    given = client.post(add, {"user": world.focal.pk, "agency": world.police_sd.pk})
    assert given.status_code == 302, given.content.decode()[:2000]
    grant = ExportGrant.objects.get()
    assert grant.granted_by == world.admin
    listed = client.get(reverse("admin:org_exportgrant_changelist")).content.decode()
    assert "Quyền xuất dữ liệu cá nhân" in listed or "quyền xuất dữ liệu cá nhân" in listed
    client.post(
        reverse("admin:org_exportgrant_changelist"),
        {"action": "revoke_selected", "_selected_action": [grant.pk]},
    )
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert not can_export_personal_data(world.focal, world.police_sd)


def test_another_districts_administrator_cannot_revoke(world: World) -> None:
    grant = export_grant_give(actor=world.admin, user=world.focal, agency=world.police_sd)
    other = MembershipFactory(agency=world.police_ys, role=Role.ADMINISTRATOR).user
    other.is_staff = True
    other.save()
    with pytest.raises(NotAllowed):
        export_grant_revoke(actor=other, grant=grant)
    signed_in(other).post(
        reverse("admin:org_exportgrant_changelist"),
        {"action": "revoke_selected", "_selected_action": [grant.pk]},
    )
    grant.refresh_from_db()
    assert grant.revoked_at is None


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="two concurrent connections need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_administrators_granting_at_once_make_one_grant(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    second_admin = MembershipFactory(agency=world.police_sd, role=Role.ADMINISTRATOR).user
    first_inserted = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        # Gives the grant and keeps its transaction open while the second administrator tries.
        try:
            with transaction.atomic():
                export_grant_give(actor=world.admin, user=world.focal, agency=world.police_sd)
                first_inserted.set()
                time.sleep(1)
        except BaseException as error:
            errors.append(error)
        finally:
            first_inserted.set()
            connections.close_all()

    def second() -> None:
        try:
            first_inserted.wait(timeout=10)
            export_grant_give(actor=second_admin, user=world.focal, agency=world.police_sd)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert ExportGrant.objects.filter(revoked_at__isnull=True).count() == 1
    assert can_export_personal_data(world.focal, world.police_sd)
