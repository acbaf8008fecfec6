"""The worker's heartbeat: `dondoc db_worker` keeps a row fresh so monitoring can tell a
stopped worker from an idle one (the health endpoint, core.health). Each beat also reruns the
jobs of a stopped worker and queues the day's recurring work (`daily_work`: the anonymisation
past retention), so that work runs by itself with the worker, with no cron.

The beat runs in a thread of its own, so a worker busy for minutes with one import still beats;
a beat that fails (the database away for a moment, SQLite's write lock held by that import) is
logged and tried again at the next one: the heartbeat never stops the worker.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

KEEP = datetime.timedelta(days=1)  # rows of workers gone longer than this are removed


def heartbeat_beat(*, worker_id: str, started_at: datetime.datetime) -> None:
    """Record that the worker `worker_id` is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id[:64],
        defaults={"seen_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "seen_at": now,
            "started_at": started_at,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def heartbeats_prune(*, now: datetime.datetime | None = None) -> int:
    """Forget the workers not seen for a day (restarted ones leave their old row)."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - KEEP).delete()
    return deleted


def daily_work(*, now: datetime.datetime | None = None) -> list[str]:
    """Start the day's recurring work once the local hour reaches WORKER_DAILY_HOUR: each
    hook of settings.WORKER_DAILY (a dotted path, a visible declaration) is called with the
    local day and queues its task unless queued already for that day (its own unique row makes
    two workers queue it once). Returns the hooks that queued something now."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.WORKER_DAILY_HOUR:
        return []
    started = []
    for path in settings.WORKER_DAILY:
        if import_string(path)(today=now.date()):
            started.append(path)
    return started


def newest_heartbeat() -> datetime.datetime | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


class HeartbeatThread(threading.Thread):
    """Beats every `every` seconds until `stop` is set (a daemon: it ends with the worker)."""

    def __init__(self, *, worker_id: str, every: float) -> None:
        super().__init__(name="dondoc-heartbeat", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.started_at = timezone.now()
        self.stop = threading.Event()

    def beat_once(self) -> None:
        """One beat: prune the gone workers' rows, record this one, rerun stopped workers' jobs.

        `dondoc db_worker` calls it once before it takes any work, so the worker is seen alive
        (and its first beat never races its first task for SQLite's write lock); the thread
        then beats every `every` seconds.
        """
        from .jobs import jobs_recover

        try:
            close_old_connections()
            heartbeats_prune()
            heartbeat_beat(worker_id=self.worker_id, started_at=self.started_at)
            # After the beat, so that this worker's own jobs count as alive.
            if jobs_recover():
                logger.warning("worker heartbeat: jobs of a stopped worker run again")
            for path in daily_work():
                logger.info("worker heartbeat: the day's %s queued", path)
        except DatabaseError:
            logger.warning("worker heartbeat: not recorded, next try later", exc_info=True)
            connection.close()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            self.beat_once()
        connection.close()
