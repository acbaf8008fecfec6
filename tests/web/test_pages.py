"""Pages: login, home, password change, agency directory, unit page; scoped and escaped."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World, signed_in


@pytest.fixture
def client_for(world: World):
    return signed_in


def test_home_requires_login(world: World, client: Client) -> None:
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_login_page_is_vietnamese_and_logs_in(world: World, client: Client) -> None:
    page = client.get(reverse("web:login"))
    assert page.status_code == 200
    assert '<html lang="vi">' in page.content.decode()
    assert "Đăng nhập" in page.content.decode()
    response = client.post(
        reverse("web:login"), {"username": "daumoi", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("web:home")).content.decode()
    assert "Công an huyện Sơn Dương" in home
    assert "Cán bộ đầu mối" in home
    assert "Huyện Sơn Dương, Tỉnh Tuyên Quang" in home


def test_wrong_password_is_refused_in_vietnamese(world: World, client: Client) -> None:
    response = client.post(reverse("web:login"), {"username": "daumoi", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account(world: World, client: Client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("web:login"), {"username": "daumoi", "password": "sai"})
    locked = client.post(reverse("web:login"), {"username": "daumoi", "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429
    assert "tạm khóa" in locked.content.decode()
    assert "30 phút" in locked.content.decode()
    assert client.get(reverse("web:home")).status_code == 302  # still not signed in


def test_logout_needs_post_and_ends_the_session(world: World, client_for) -> None:
    client = client_for(world.focal)
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_password_change(world: World, client: Client) -> None:
    client.post(reverse("web:login"), {"username": "canbo", "password": DEFAULT_PASSWORD})
    form = client.get(reverse("web:password_change"))
    assert "Mật khẩu cũ" in form.content.decode()
    weak = client.post(
        reverse("web:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 200  # refused, with Django's Vietnamese messages
    assert "quá ngắn" in weak.content.decode()
    new = "Mot-mat-khau-moi-2026"
    done = client.post(
        reverse("web:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("web:password_change_done")
    world.officer.refresh_from_db()
    assert world.officer.check_password(new)


def test_home_of_a_user_without_agency_says_so(world: World, client_for) -> None:
    page = client_for(world.nobody).get(reverse("web:home")).content.decode()
    assert "chưa được gán vào cơ quan nào" in page


def test_agency_directory_is_scoped(world: World, client_for) -> None:
    page = client_for(world.focal).get(reverse("web:agencies")).content.decode()
    assert "Phòng Tư pháp huyện Sơn Dương" in page
    assert "Công an huyện Yên Sơn" not in page
    assert "Công an tỉnh Trà Vinh" not in page


def test_agency_directory_search_with_htmx_returns_rows_only(world: World, client_for) -> None:
    response = client_for(world.focal).get(
        reverse("web:agencies"), {"q": "tư pháp"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Phòng Tư pháp huyện Sơn Dương" in body
    assert "Công an huyện Sơn Dương" not in body


def test_unit_page_in_scope_and_refused_out_of_scope(world: World, client_for) -> None:
    url = reverse("web:unit_detail", args=[world.son_duong.pk])
    page = client_for(world.focal).get(url)
    assert page.status_code == 200
    assert "Tòa án nhân dân huyện Sơn Dương" in page.content.decode()
    assert "Tỉnh Tuyên Quang" in page.content.decode()  # its successor
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.nobody).get(url).status_code == 404


def test_imported_text_is_escaped(world: World, client_for) -> None:
    world.justice_sd.name = '<script>alert("x")</script>Phòng Tư pháp'
    world.justice_sd.save()
    page = client_for(world.focal).get(reverse("web:agencies")).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_security_headers(world: World, client: Client) -> None:
    response = client.get(reverse("web:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_changes_are_audited_with_their_actor(world: World, client_for) -> None:
    from dondoc.org.services.users import membership_grant

    membership_grant(actor=world.admin, user=world.nobody, agency=world.court_sd, role="leader")
    entry = LogEntry.objects.filter(additional_data__action="membership.grant").get()
    assert entry.actor == world.admin
