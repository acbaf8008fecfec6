"""Web tests: every HTML page Chromium loads is checked as served (no form inside a form)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.html_checks import nested_forms


@pytest.fixture
def page(page: Any) -> Iterator[Any]:
    """The shared Chromium page, with each HTML document it loads parsed as served: a test
    that walks through the pages fails if any of them nests a form in another."""
    from playwright.sync_api import Error as PlaywrightError

    problems: list[str] = []

    def check(response: Any) -> None:
        if response.request.resource_type != "document":
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            html = response.text()
        except PlaywrightError:  # a redirect or an aborted load has no body
            return
        problems.extend(f"{response.url} {found}" for found in nested_forms(html))

    page.on("response", check)
    yield page
    page.remove_listener("response", check)
    assert not problems, "form inside a form:\n" + "\n".join(problems)
