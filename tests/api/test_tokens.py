"""API tokens (django-rest-knox): stored as digests, expiring, revoked by logout, password change
and deactivation, listed and revoked by their owner."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from dondoc.org.models import User
from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World, signed_in

NEW_PASSWORD = "mat-khau-moi-hoan-toan-2026"


def _token(username: str = "daumoi") -> str:
    response = APIClient().post(
        reverse("api:token"), {"username": username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _works(token: str) -> bool:
    status = _client(token).get(reverse("api:me")).status_code
    assert status in {200, 401}
    return status == 200


def test_the_secret_is_not_stored_anywhere_in_the_token_table(world: World) -> None:
    token = _token()
    table = connection.ops.quote_name(AuthToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table name
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert not any(token in str(value) for value in rows[0])


def test_a_token_expires_after_twelve_hours_by_default(world: World, pinned_clock) -> None:
    token = _token()
    stored = AuthToken.objects.get()
    assert stored.expiry is not None and stored.created is not None
    assert stored.expiry - stored.created == pytest.approx(
        datetime.timedelta(hours=12), abs=datetime.timedelta(seconds=5)
    )
    pinned_clock.shift(datetime.timedelta(hours=11, minutes=59))
    assert _works(token)
    pinned_clock.shift(datetime.timedelta(minutes=2))
    assert not _works(token)


def test_the_lifetime_is_configurable(world: World, settings) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(hours=1)}
    response = APIClient().post(
        reverse("api:token"), {"username": "daumoi", "password": DEFAULT_PASSWORD}
    )
    stored = AuthToken.objects.get(token_key=response.json()["token_key"])
    assert stored.expiry is not None
    assert stored.expiry - stored.created == pytest.approx(
        datetime.timedelta(hours=1), abs=datetime.timedelta(seconds=5)
    )


def test_logout_revokes_the_token_it_was_sent_with_and_no_other(world: World) -> None:
    first, second = _token(), _token()
    response = _client(first).post(reverse("api:logout"))
    assert response.status_code == 200
    assert not _works(first)
    assert _works(second)


def test_logout_all_revokes_every_token_of_the_user(world: World) -> None:
    first, second = _token(), _token()
    other = _token("canbo")
    assert _client(first).post(reverse("api:logout_all")).json() == {"revoked": 2}
    assert not _works(first) and not _works(second)
    assert _works(other)


def test_the_owner_lists_its_tokens_without_their_secrets_and_revokes_one(world: World) -> None:
    first, second = _token(), _token()
    _token("canbo")
    listed = _client(first).get(reverse("api:token_list")).json()["results"]
    assert len(listed) == 2  # not canbo's
    assert not any(first in str(row) or second in str(row) for row in listed)
    assert [row["current"] for row in listed].count(True) == 1
    key_of_second = next(row["token_key"] for row in listed if not row["current"])
    revoke = _client(first).delete(reverse("api:token_revoke", args=[key_of_second]))
    assert revoke.status_code == 204
    assert not _works(second)
    assert _works(first)


def test_nobody_revokes_another_users_token(world: World) -> None:
    mine, theirs = _token(), _token("canbo")
    key = AuthToken.objects.get(user=world.officer).token_key
    response = _client(mine).delete(reverse("api:token_revoke", args=[key]))
    assert response.status_code == 404
    assert _works(theirs)


def test_changing_ones_password_revokes_every_token(world: World) -> None:
    token = _token()
    response = signed_in(world.focal).post(
        reverse("web:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not _works(token)


def test_an_administrator_setting_the_password_revokes_every_token(world: World) -> None:
    token = _token("canbo")
    response = signed_in(world.admin).post(
        reverse("admin:auth_user_password_change", args=[world.officer.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not _works(token)


def test_deactivation_revokes_every_token(world: World) -> None:
    token = _token("canbo")
    membership = world.officer.memberships.get()
    response = signed_in(world.admin).post(
        reverse("admin:org_user_change", args=[world.officer.pk]),
        {
            "username": "canbo",
            "first_name": world.officer.first_name,
            "last_name": world.officer.last_name,
            "email": "",
            # is_active unticked
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-user": world.officer.pk,
            "memberships-0-agency": membership.agency_id,
            "memberships-0-role": membership.role,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=world.officer.pk).is_active
    assert not AuthToken.objects.filter(user=world.officer).exists()
    assert not _works(token)


def test_a_wrong_password_gets_no_token_and_a_vietnamese_message(world: World) -> None:
    response = APIClient().post(reverse("api:token"), {"username": "daumoi", "password": "sai"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert not AuthToken.objects.exists()


def test_failed_token_requests_count_for_the_lockout(world: World, settings) -> None:
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("api:token"), {"username": "daumoi", "password": "sai"})
    locked = client.post(reverse("api:token"), {"username": "daumoi", "password": DEFAULT_PASSWORD})
    assert locked.status_code in {403, 429}
    assert not AuthToken.objects.exists()
