"""Two officers at once on PostgreSQL, with real connections: a file removed while the report
is being sent either goes before the sending or is refused after it, never from a sent report."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from dondoc.tracking.models import Evidence, ProgressReport
from dondoc.tracking.services import InvalidTransition, evidence_remove, progress_report_save
from tests.tracking.factories import world_tracking
from tests.world import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between two connections: SQLite has one writer and no row locks",
    ),
]


def test_a_file_is_not_removed_from_a_report_being_sent(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    tracked = world_tracking(world)
    assignment = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    draft = progress_report_save(
        actor=world.officer, assignment=assignment, period=tracked.period, version=None,
        task_status="in_progress", done_text="Đã tổ chức hội nghị",
        evidence=[("bien-ban.pdf", b"%PDF-1.7\n%%EOF\n")],
    )  # fmt: skip
    evidence = draft.evidence.get()
    locked, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def send() -> None:  # the officer sends; the transaction stays open until `release`
        try:
            with transaction.atomic():
                progress_report_save(
                    actor=world.officer, assignment=assignment, period=tracked.period,
                    version=draft.version, task_status="in_progress",
                    done_text="Đã tổ chức hội nghị", submit=True,
                )  # fmt: skip
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def remove() -> None:  # a colleague removes the file meanwhile
        try:
            evidence_remove(actor=world.officer, evidence=Evidence.objects.get(pk=evidence.pk))
            outcome["removed"] = True
        except InvalidTransition as refused:
            outcome["refused"] = refused.message
        finally:
            connections.close_all()

    sender = threading.Thread(target=send)
    sender.start()
    assert locked.wait(timeout=30)
    remover = threading.Thread(target=remove)
    remover.start()
    time.sleep(0.5)  # ordering, not speed: let the removal read the report before the commit
    release.set()
    sender.join(timeout=30)
    remover.join(timeout=30)
    report = ProgressReport.objects.get(pk=draft.pk)
    assert report.state == ProgressReport.State.SUBMITTED
    assert outcome == {"refused": "Báo cáo đã gửi: không xóa tài liệu được nữa."}
    assert report.evidence.count() == 1
