"""/healthz: the database answers and the worker beats; three words, no sign-in, no details."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dondoc.core.models import WorkerHeartbeat
from tests.core.factories import worker_beats

pytestmark = pytest.mark.django_db


def _health() -> tuple[int, dict[str, str]]:
    response = Client().get(reverse("web:healthz"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_healthy_with_a_recent_heartbeat() -> None:
    worker_beats()
    assert _health() == (200, {"status": "ok", "database": "ok", "worker": "ok"})


def test_no_worker_is_not_healthy() -> None:
    assert _health() == (503, {"status": "error", "database": "ok", "worker": "error"})


def test_a_stale_heartbeat_is_not_healthy(pinned_clock, settings) -> None:
    settings.WORKER_STALE_SECONDS = 120
    worker_beats()
    pinned_clock.shift(datetime.timedelta(seconds=100))
    assert _health()[0] == 200
    pinned_clock.shift(datetime.timedelta(seconds=30))  # 130 s since the last beat
    assert _health() == (503, {"status": "error", "database": "ok", "worker": "error"})
    worker_beats()  # the worker is back
    assert _health()[0] == 200


def test_the_answer_names_nothing_else() -> None:
    worker_beats()
    _, body = _health()
    assert set(body) == {"status", "database", "worker"}
    response = Client().get(reverse("web:healthz"))
    assert b"test-worker" not in response.content and b"pid" not in response.content


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_leaves_a_heartbeat() -> None:
    """`dondoc db_worker` is django-tasks-db's worker with a heartbeat (core.worker)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w1")
    beat = WorkerHeartbeat.objects.get(worker_id="w1")
    assert beat.pid > 0 and beat.seen_at >= beat.started_at
