"""Shared fixtures: the small scoped world (tests/world.py) and a real headless Chromium."""

from __future__ import annotations

import datetime
import os
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

pytest_plugins = ["tests.world"]

# Every test runs on this day: rules that read today's date (deadlines, overdue, "not in the
# future", the year range of a query) give the same answer whatever the calendar says. The clock
# still ticks from there, so timeouts and expiries behave. `make test` also runs the suite with the
# system clock moved 400 days ahead (faketime): anything that escapes this pin (a database's own
# clock, a subprocess) shows up there.
PINNED_NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


_session_pin = time_machine.travel(PINNED_NOW, tick=True)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Before any fixture: module-scoped data is built on the pinned day too.
    _session_pin.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _session_pin.stop()


# Fixtures through which a test reaches the database (pytest-django's; the world's ask for db).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (make test's PostgreSQL pass: a test "
        "that never opens the database gives the same answer on every backend, so it runs once)",
    )


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # make test runs two pytest-xdist workers with --dist loadgroup. A test that uses the database
    # is its own unit, handed out in pytest-django's order (database tests, then transactional
    # ones, which empty the tables the migrations filled): each worker runs its share in that
    # order, so no database test runs after a flush on its worker. The tests of a file that never
    # opens the database go as one unit, so its module fixtures (a scanned PDF, a typeset plan)
    # are built once.
    # The Chromium tests go as one unit too, on one worker: two browsers and their live servers
    # at once on two cores made a page miss its 15-second navigation limit.
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif not uses_database(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    if not config.getoption("--database-tests-only"):
        return
    kept, dropped = [], []
    for item in items:
        (kept if uses_database(item) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """A transactional test finds the catalogues the data migrations load (offences, ethnic
    groups, indicators), which the flush after an earlier transactional test removed."""
    if _transactional(request.node):
        request.getfixturevalue("transactional_db")
        from tests.core.factories import ensure_catalogues

        ensure_catalogues()


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[Any]:
    """Each test starts at the pinned instant; `time_machine.move_to` moves it within a test."""
    with time_machine.travel(PINNED_NOW, tick=True) as traveller:
        yield traveller


CHROMIUM = Path("/usr/bin/chromium")
# The network is closed here: without these flags Chromium keeps calling home and waits.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium).")
    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM
    # calls from the test body, which are safe here (one thread, test database).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
