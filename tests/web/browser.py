"""Shared steps of the Chromium walks."""

from __future__ import annotations

from typing import Any

from tests.org.factories import DEFAULT_PASSWORD


def sign_in(page: Any, base_url: str, username: str, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through the login page as an officer does (the previous user signed out first),
    and wait for the home page."""
    page.context.clear_cookies()
    page.goto(base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base_url + "/")
