"""`dondoc db_worker`: django-tasks-db's worker, which also leaves a heartbeat (core.worker)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from dondoc.core.worker import HeartbeatThread


class Command(db_worker.Command):
    help = (
        "Chạy việc nền (django-tasks): nhập, xuất tệp lớn, tính lại thống kê, nhắc việc; để "
        "lại nhịp sống mỗi vài giây cho trang /healthz. Ví dụ: dondoc db_worker "
        "--queue-name '*'"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        beat = HeartbeatThread(
            worker_id=str(options["worker_id"]), every=settings.WORKER_HEARTBEAT_SECONDS
        )
        beat.beat_once()  # in this thread, before the first task
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            beat.stop.set()
            beat.join(timeout=30)  # its last beat, and its connection closed
