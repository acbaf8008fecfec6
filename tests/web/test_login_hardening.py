"""Sign-in hardening: idle sessions end, passwords of 12 characters, and a lockout that works
behind a reverse proxy without letting anyone lock an officer out."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.nowrite import no_writes
from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World

PROXY = "10.0.0.1"  # the reverse proxy: every request reaches Django from it
ATTACKER = "203.0.113.5"
OFFICER = "198.51.100.7"


def _sign_in(client: Client) -> None:
    response = client.post(
        reverse("web:login"), {"username": "daumoi", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_an_idle_session_ends_after_thirty_minutes(world: World, pinned_clock) -> None:
    client = Client()
    _sign_in(client)
    pinned_clock.shift(datetime.timedelta(minutes=29))
    assert client.get(reverse("web:home")).status_code == 200  # activity moves the end on
    pinned_clock.shift(datetime.timedelta(minutes=29))
    assert client.get(reverse("web:home")).status_code == 200
    pinned_clock.shift(datetime.timedelta(seconds=30))
    with no_writes(allow_read_audit=False):  # within the minute: the page writes nothing
        assert client.get(reverse("web:home")).status_code == 200
    pinned_clock.shift(datetime.timedelta(minutes=31))
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def _settings_with(**environ: str) -> dict[str, object]:
    """The settings module as a fresh process reads it from these environment variables."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k, None) for k in ("
        "'SESSION_COOKIE_AGE', 'SESSION_SAVE_EVERY_REQUEST', 'MIDDLEWARE', "
        "'AXES_IPWARE_META_PRECEDENCE_ORDER',"
        "'AXES_IPWARE_PROXY_COUNT')}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dondoc.settings", **environ}
    for name in ("DONDOC_SESSION_IDLE_MINUTES", "DONDOC_TRUSTED_PROXY_HEADER"):
        if name not in environ:
            env.pop(name, None)
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def test_the_idle_time_and_the_proxy_are_configured_by_environment() -> None:
    default = _settings_with()
    assert default["SESSION_COOKIE_AGE"] == 30 * 60
    # Activity moves the expiry on through our middleware, not a session write per request.
    assert default["SESSION_SAVE_EVERY_REQUEST"] is False
    assert "dondoc.web.middleware.SessionActivityMiddleware" in default["MIDDLEWARE"]
    assert default["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
    configured = _settings_with(
        DONDOC_SESSION_IDLE_MINUTES="15",
        DONDOC_TRUSTED_PROXY_HEADER="X-Forwarded-For",
        DONDOC_TRUSTED_PROXY_COUNT="2",
    )
    assert configured["SESSION_COOKIE_AGE"] == 15 * 60
    assert configured["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR"]
    assert configured["AXES_IPWARE_PROXY_COUNT"] == 1  # the nearest proxy is not in the header


def _password_change(client: Client, password: str) -> str:
    response = client.post(
        reverse("web:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": password, "new_password2": password},
    )
    return response.content.decode() if response.status_code == 200 else ""


def test_a_new_password_needs_twelve_characters(world: World) -> None:
    client = Client()
    _sign_in(client)
    page = _password_change(client, "Tq9#vx2!mPz")  # 11
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 12 ký tự." in page
    assert "tối thiểu 12 ký tự" in client.get(reverse("web:password_change")).content.decode()
    assert _password_change(client, "Tq9#vx2!mPzk") == ""  # 12: accepted, redirected


# --- The lockout behind a reverse proxy ---------------------------------------------------------


@pytest.fixture
def behind_proxy(settings) -> None:
    """What DONDOC_TRUSTED_PROXY_HEADER=X-Forwarded-For (one proxy) sets."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_PROXY_ORDER = "left-most"
    settings.IPWARE_STRICT = False


def _post_login(client: Client, password: str, forwarded_for: str) -> int:
    response = client.post(
        reverse("web:login"),
        {"username": "daumoi", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


def _attack(settings, forwarded_for: str = ATTACKER) -> Client:
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(attacker, "sai", forwarded_for) == 200
    assert _post_login(attacker, "sai", forwarded_for) == 429  # the last failure locks
    assert _post_login(attacker, DEFAULT_PASSWORD, forwarded_for) == 429
    return attacker


def test_an_attacker_behind_the_proxy_locks_out_only_itself(
    world: World, settings, behind_proxy: None
) -> None:
    _attack(settings)
    assert _post_login(Client(), DEFAULT_PASSWORD, OFFICER) == 302  # the officer signs in


def test_an_attacker_cannot_choose_its_address_with_its_own_header(
    world: World, settings, behind_proxy: None
) -> None:
    # The proxy appends the address it saw to what the client sent: "spoofed, real".
    _attack(settings, forwarded_for=f"{OFFICER}, {ATTACKER}")
    for spoofed in ("192.0.2.1", "192.0.2.2", OFFICER):
        assert _post_login(Client(), DEFAULT_PASSWORD, f"{spoofed}, {ATTACKER}") == 429
    assert _post_login(Client(), DEFAULT_PASSWORD, OFFICER) == 302


def test_unconfigured_behind_a_proxy_everyone_shares_the_proxys_address(
    world: World, settings
) -> None:
    """Why the setting exists: without it, one attacker locks the officer out for everyone."""
    _attack(settings)
    assert _post_login(Client(), DEFAULT_PASSWORD, OFFICER) == 429
