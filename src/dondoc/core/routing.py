"""Reporting reads served by a PostgreSQL streaming replica, when one is configured.

With ``DONDOC_REPLICA_URL`` set, the settings add a second database alias, ``replica``: a hot
standby of the primary (``pg_basebackup -R``; README, "Triển khai"). The pages that only read
figures (statistics, targets, timeliness) are wrapped in :func:`reporting`; while such a GET runs,
the router sends the reads of the business tables to the replica, so a province's dashboards do
not take the primary's CPU from the officers who write.

What never goes to the replica:
- writes (Django routes them to ``default``: the router has no ``db_for_write``);
- anything outside a reporting GET (a form's page reads what it is about to change);
- reads inside a transaction on the primary (they must see that transaction's own writes);
- the tables of sessions, users, logins and tokens, audit, background jobs and the privacy
  registers: a user who has just logged in
  must be recognised at once, whatever the replica's lag.

A standby lags the primary by the time its WAL takes to arrive (milliseconds on a LAN): a figure
written a moment ago may show on the next reload. The statistics already say when their facts were
built, so the page tells the reader how current it is.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"  # the alias the settings give the standby (settings.REPORTING_DATABASE)

# Tables read from the primary only (see the module's docstring).
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "axes",
        "knox",
        "admin",
        "auditlog",
        "django_tasks_database",
        "core",
        "privacy",
    }
)

_reporting: contextvars.ContextVar[bool] = contextvars.ContextVar("dondoc_reporting", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return bool(getattr(settings, "REPORTING_DATABASE", None))


@contextmanager
def reporting_reads() -> Iterator[None]:
    """Within this block, reads of the business tables may go to the replica."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reporting(view: F) -> F:
    """A page that only reads figures: its GET and HEAD read from the replica when configured.
    Any other method (a "Tính lại ngay" POST) runs on the primary as usual."""

    @functools.wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return view(request, *args, **kwargs)
        with reporting_reads():
            return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _primary_only(model: Any) -> bool:
    meta = model._meta
    if meta.app_label in PRIMARY_ONLY_APPS:
        return True
    return f"{meta.app_label}.{meta.object_name}".lower() == settings.AUTH_USER_MODEL.lower()


class ReportingRouter:
    """Django database router (settings.DATABASE_ROUTERS); see the module's docstring."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _reporting.get() or not replica_configured() or _primary_only(model):
            return None
        if connections["default"].in_atomic_block:
            return None
        return str(settings.REPORTING_DATABASE)

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is the primary's copy: objects read from either may be related.
        aliases = {"default", REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A standby is read-only and receives the schema with the WAL.
        return False if db == REPLICA else None
