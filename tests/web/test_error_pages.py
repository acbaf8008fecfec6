"""Error pages speak Vietnamese, keep the menu, say why; pages offer only what opens."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import MATRIX
from tests.tracking.factories import world_tracking
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

MENU = "Báo cáo kỳ này"  # an item of the menu of base.html


def test_404_in_vietnamese_with_the_menu_and_the_reason(world: World) -> None:
    client = signed_in(world.officer)
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "Không tìm thấy trang" in html and MENU in html and "Not Found" not in html
    assert '<html lang="vi">' in html
    # A plan out of scope: the reason our code gave (Vietnamese) is shown.
    plan = world_tracking(world).plan
    out_of_scope = signed_in(world.outsider).get(reverse("web:plan_detail", args=[plan.pk]))
    assert out_of_scope.status_code == 404
    assert "Không tìm thấy hoặc bạn không có quyền truy cập." in out_of_scope.content.decode()


def test_403_in_vietnamese_with_the_reason(world: World) -> None:
    response = signed_in(world.officer).get(reverse("web:plan_upload"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không có quyền truy cập" in html and MENU in html
    assert "Chỉ cán bộ đầu mối hoặc quản trị mới nhập kế hoạch." in html
    assert "Forbidden" not in html


def test_a_stale_form_gets_a_vietnamese_403(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    response = client.post(reverse("web:logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã cũ" in html and "CSRF" not in html


@pytest.mark.urls("tests.web.urls_boom")
def test_500_in_vietnamese_with_the_menu(world: World) -> None:
    client = signed_in(world.officer)
    client.raise_request_exception = False
    response = client.get("/hong/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html and MENU in html
    assert "a bug" not in html and "RuntimeError" not in html  # nothing of the internals


@pytest.mark.urls("tests.web.urls_boom")
def test_500_still_answers_when_the_page_cannot_be_drawn(world: World, monkeypatch) -> None:
    import dondoc.web.views as views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(views, "render", broken)
    client = signed_in(world.officer)
    client.raise_request_exception = False
    response = client.get("/hong/")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()


def test_an_agency_officer_is_not_offered_the_follow_up_board(world: World) -> None:
    plan = world_tracking(world).plan
    url = reverse("web:plan_detail", args=[plan.pk])
    assert 'id="to-board"' not in signed_in(world.officer).get(url).content.decode()
    assert 'id="to-board"' in signed_in(world.focal).get(url).content.decode()


HREF = re.compile(r'href="(/[^"#]*)"')


def test_no_page_links_to_what_the_user_may_not_open(world: World) -> None:
    """Every link of every page of the access matrix, followed by every role of the world:
    none answers 403 or 404 (a button that cannot be opened is not shown)."""
    world_tracking(world)
    pages = [
        reverse(name, args=route.args(world))
        for name, route in sorted(MATRIX.items())
        if route.method == "get" and not route.binary and name.startswith("web:")
    ]
    users = (world.officer, world.focal, world.leader, world.inspector, world.admin)
    broken = []
    for user in users:
        client = signed_in(user)
        seen: set[str] = set()
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for href in HREF.findall(response.content.decode()):
                link = urlsplit(href.replace("&amp;", "&"))
                target = link.path + (f"?{link.query}" if link.query else "")
                if target in seen or link.path.startswith(("/static/", "/admin/")):
                    continue
                seen.add(target)
                status = client.get(target).status_code
                if status in (403, 404):
                    broken.append(f"{user.username}: {page} → {target} ({status})")
    assert not broken, "\n".join(broken)
