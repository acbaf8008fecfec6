"""In a real Chromium: the district administrator adds a user with its first role, in Vietnamese,
and gives it the permission to export personal data."""

from __future__ import annotations

import os

import pytest

from dondoc.org.models import ExportGrant, User
from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("DONDOC_SCREENSHOTS", "")  # a folder: keep the pages to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_administrator_adds_a_user_and_grants_export(world: World, live_server, page) -> None:
    from playwright.sync_api import expect

    page.goto(live_server.url + "/admin/login/?next=/admin/org/user/add/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/org/user/add/")
    labels = page.locator("form label").all_inner_texts()
    names = [label.rstrip(":") for label in labels]
    assert names.index("Họ và tên đệm") < names.index("Tên")
    page.locator("#id_username").fill("canbo_moi")
    page.locator("#id_first_name").fill("Trần Thị")
    page.locator("#id_last_name").fill("Lan")
    page.locator("#id_agency").select_option(label="Phòng Tư pháp huyện Sơn Dương")
    page.locator("#id_role").select_option(label="Cán bộ cơ quan")
    page.locator("#id_password1").fill("ngan-qua1")
    page.locator("#id_password2").fill("ngan-qua1")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errorlist").first).to_contain_text("ít nhất 12 ký tự")
    body = page.locator("body").inner_text()
    for english in ("Please correct", "After you", "Password-based", "Enabled", "Welcome"):
        assert english not in body, english
    assert "Hãy sửa lỗi dưới đây." in body and "Đăng nhập bằng mật khẩu" in body
    _shot(page, "admin_user_add_error")
    # The form again, loaded to the end before it is typed in: once in a full run, the
    # confirmation typed while the page still loaded was gone when the form was sent.
    page.wait_for_load_state("load")
    for field in ("#id_password1", "#id_password2"):
        page.locator(field).fill("mat-khau-cua-lan-2026")
        expect(page.locator(field)).to_have_value("mat-khau-cua-lan-2026")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/org/user/*/change/")
    _shot(page, "admin_user_change")
    user = User.objects.get(username="canbo_moi")
    assert user.get_full_name() == "Trần Thị Lan"
    assert user.memberships.get().agency == world.justice_sd

    page.goto(live_server.url + "/admin/org/exportgrant/add/")
    _shot(page, "admin_export_grant_add")
    assert "Quyền xuất dữ liệu cá nhân" in page.locator("body").inner_text()
    page.goto(live_server.url + f"/admin/org/agency/{world.police_sd.pk}/change/")
    _shot(page, "admin_agency_change")
    assert page.locator("#id_unit").count() == 0  # the unit is shown, not editable
    assert "Huyện Sơn Dương" in page.locator("main").inner_text()
    page.goto(live_server.url + "/admin/")
    _shot(page, "admin_index")
    assert not ExportGrant.objects.exists()


def test_an_officer_changes_its_password_in_vietnamese(world: World, live_server, page) -> None:
    from playwright.sync_api import expect

    page.goto(live_server.url + "/dang-nhap/?next=/doi-mat-khau/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/doi-mat-khau/")
    assert page.title() == "Đổi mật khẩu · dondoc" or "Đổi mật khẩu" in page.title()
    page.locator("#id_old_password").fill(DEFAULT_PASSWORD)
    page.locator("#id_new_password1").fill("ngan-qua1")
    page.locator("#id_new_password2").fill("ngan-qua1")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator("main")).to_contain_text("ít nhất 12 ký tự")
    _shot(page, "password_change_error")
    page.locator("#id_old_password").fill(DEFAULT_PASSWORD)
    page.locator("#id_new_password1").fill("mat-khau-moi-cua-canbo-2026")
    page.locator("#id_new_password2").fill("mat-khau-moi-cua-canbo-2026")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url("**/doi-mat-khau/xong/")
    expect(page.get_by_role("heading", name="Đã đổi mật khẩu")).to_be_visible()
