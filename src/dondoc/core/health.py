"""Is dondoc able to work? The database answers, and a worker has beaten recently. Read by the
health endpoint (web `healthz`); it writes nothing and names no one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone


@dataclass(frozen=True)
class Health:
    database: bool
    worker: bool

    @property
    def ok(self) -> bool:
        return self.database and self.worker

    def as_json(self) -> dict[str, str]:
        """Three words, nothing more: an anonymous caller learns only whether it works."""
        return {
            "status": "ok" if self.ok else "error",
            "database": "ok" if self.database else "error",
            "worker": "ok" if self.worker else "error",
        }


def health_check(*, now: datetime.datetime | None = None) -> Health:
    from .worker import newest_heartbeat

    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        seen = newest_heartbeat()
    except DatabaseError:
        return Health(database=False, worker=False)
    stale = datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return Health(database=True, worker=seen is not None and now - seen <= stale)
