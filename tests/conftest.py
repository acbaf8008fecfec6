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
        help="run only the tests that use the database or a browser (make test's SQLite pass: "
        "a test that never opens the database gives the same answer on every backend, so it "
        "runs once, in the pass with the clock moved)",
    )

    parser.addoption(
        "--database-free-only",
        action="store_true",
        help="run only the tests that never open the database nor a browser (make test's "
        "clock-ahead pass)",
    )


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's, which reads the groups
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
    only_database = config.getoption("--database-tests-only")
    if not only_database and not config.getoption("--database-free-only"):
        return
    kept, dropped = [], []
    for item in items:
        browser = item.get_closest_marker("browser") is not None
        wanted = browser or uses_database(item)
        (kept if wanted == only_database else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


_GROUPS_LOST = pytest.StashKey[str]()


@pytest.hookimpl(trylast=True)  # after pytest-xdist's, which writes the groups into the ids
def pytest_collection_finish(session: pytest.Session) -> None:
    # pytest-xdist hands a group to one worker only when it finds the group's name in the test's
    # id, which it writes there itself on each worker; pytest 9.2's ids ignore that write and
    # every test went alone: a scanned plan OCR'd on both workers, two browsers at once
    # (pytest-xdist#1386). Should it happen again, every test fails saying so.
    if not getattr(session.config.option, "loadgroup", False):
        return  # not a worker of --dist loadgroup
    lost = [
        item.nodeid
        for item in session.items
        if item.get_closest_marker("xdist_group") is not None and "@" not in item.nodeid
    ]
    if lost:
        session.config.stash[_GROUPS_LOST] = (
            f"pytest-xdist lost the group of {len(lost)} tests ({lost[0]}, ...): see the pins "
            "of pytest and pytest-xdist in pyproject.toml"
        )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _GROUPS_LOST in item.config.stash:
        pytest.fail(item.config.stash[_GROUPS_LOST], pytrace=False)


# Test settings only: demo passwords need no key stretching (PBKDF2's million rounds cost
# 0.3 s of CPU a user, and the suite makes thousands). The production setup's test gives its
# servers a PBKDF2 hash of its own (tests/test_production_setup.py).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> Iterator[None]:
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


# What the migrations leave in each test database (content types, permissions, and the rows
# the data migrations load: the Penal Code's offences, the 54 ethnic groups, religions, torture
# acts, indicators), read once per database when it is created. A transactional test's flush
# empties every table; instead of re-running post_migrate (content types and permissions,
# ~100 queries) and the test's `reference_data` reload (~1,000 queries), the flush puts these
# rows back as they were, ids included, in one transaction: the next test starts from the
# migrated database, as the first one did.
_MIGRATED_ROWS: dict[str, list[tuple[Any, list[dict[str, Any]]]]] = {}


def _snapshot_migrated_rows(alias: str) -> None:
    from django.apps import apps

    rows = []
    for model in apps.get_models(include_auto_created=True):
        values = list(model._base_manager.using(alias).order_by("pk").values())
        if values:
            rows.append((model, values))
    _MIGRATED_ROWS[alias] = rows


def _restore_migrated_rows(alias: str) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    # Foreign keys are deferred (Django creates them so): one transaction, any order.
    with transaction.atomic(using=alias):
        for model, values in _MIGRATED_ROWS[alias]:
            model._base_manager.using(alias).bulk_create(model(**row) for row in values)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    from django.core.management.commands import flush
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            _snapshot_migrated_rows(alias)
    emit_post_migrate = getattr(flush, "emit_post_migrate_signal")  # noqa: B009 - untyped

    def restore_after_flush(verbosity: int, interactive: bool, db: str, **kwargs: Any) -> None:
        if db in _MIGRATED_ROWS:
            _restore_migrated_rows(db)
        else:
            emit_post_migrate(verbosity, interactive, db, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "emit_post_migrate_signal", restore_after_flush)
        if connections["default"].vendor == "postgresql":
            from django.db.backends.postgresql.operations import DatabaseOperations

            patch.setattr(
                DatabaseOperations, "sql_flush", _deleting_flush(DatabaseOperations.sql_flush)
            )
        yield


def _deleting_flush(truncating: Any) -> Any:
    """PostgreSQL's flush with DELETE: TRUNCATE of the ~100 tables gives each table and index
    a new file, twice the server time of DELETE on the few rows a test leaves. Same end state:
    sequences are not reset either way; the foreign keys are deferred, checked when the
    flush's transaction commits. A flush that resets sequences or cascades keeps TRUNCATE."""

    def sql_flush(
        self: Any, style: Any, tables: Any, *, reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:  # fmt: skip
        if reset_sequences or allow_cascade:
            return truncating(  # type: ignore[no-any-return]
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608

    return sql_flush


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """A transactional test finds the catalogues the data migrations load (offences, ethnic
    groups, indicators): the flush after an earlier transactional test put them back
    (`django_db_setup`); loaded again here should anything have emptied them since."""
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


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A Chromium page of its own; the test fails if the server answered any of its requests
    with an error (5xx), which the page alone may not show: a form that posts into a 500
    only times out waiting for the page after it. When the test failed, what the page showed
    then (its address, its error lists, the start of its text) is printed with the failure."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    failed: list[str] = []

    def check(response: Any) -> None:
        if response.status >= 500:
            failed.append(f"{response.status} {response.request.method} {response.url}")

    page.on("response", check)
    yield page
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is not None and report.failed:
        _print_page(page)
    context.close()
    assert not failed, "the server failed:\n" + "\n".join(failed)


def _print_page(page: Any) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        errors = page.locator(".errorlist, .errornote, .messages").all_inner_texts()
        text = page.locator("body").inner_text(timeout=2_000)
    except PlaywrightError as error:  # a page gone or hung: say so, keep the failure
        print(f"the page at the failure: {page.url} (unreadable: {error})")
        return
    print(f"the page at the failure: {page.url}\nerrors shown: {errors}\n{text[:1500]}")
