"""Retention on a schedule: the worker's beat queues the day's anonymisation by itself
(core.worker.daily_work, settings.WORKER_DAILY), once a day however often it beats, and the
worker runs it: records past their period anonymised, the run recorded and audited."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from dondoc.core.worker import daily_work
from dondoc.privacy.models import Anonymised, RetentionRun
from dondoc.privacy.retention import ANONYMISED, anonymise_expired, retention_daily
from dondoc.registry.models import Offence, Person
from dondoc.registry.services import crime_report_register, person_create

D = datetime.date
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def old_report(world) -> Person:
    """A crime report of 2004 (past its 20 years on 30/11/2026) and its victim."""
    victim = person_create(actor=world.focal, agency=world.police_sd, full_name="Hà Thị Cũ",
                           identity_number="001194000009")  # fmt: skip
    crime_report_register(
        actor=world.focal, agency=world.police_sd, received_on=D(2004, 3, 1),
        source="denunciation", summary="Nội dung cũ", offence=Offence.objects.get(article=146),
        involved=[(victim, "victim")],
    )  # fmt: skip
    return victim


@pytest.mark.django_db
def test_the_beat_queues_the_day_once_from_the_hour(world, settings) -> None:
    settings.WORKER_DAILY_HOUR = 2
    night = datetime.datetime(2026, 11, 30, 1, 30, tzinfo=HCM)
    assert daily_work(now=night) == [] and not RetentionRun.objects.exists()
    morning = night.replace(hour=2, minute=5)
    assert daily_work(now=morning) == ["dondoc.privacy.retention.retention_daily"]
    assert daily_work(now=morning.replace(hour=9)) == []  # the next beats of the day
    assert list(RetentionRun.objects.values_list("day", flat=True)) == [D(2026, 11, 30)]
    assert DBTaskResult.objects.filter(task_path__endswith="anonymise_expired_task").count() == 1
    assert daily_work(now=morning + datetime.timedelta(days=1))  # the next day, once more
    assert DBTaskResult.objects.filter(task_path__endswith="anonymise_expired_task").count() == 2


@pytest.mark.django_db
def test_a_second_run_finds_nothing_left(world) -> None:
    victim = old_report(world)
    first = anonymise_expired(today=D(2026, 11, 30))
    assert first.records["crime_reports"] == 1 and first.persons == 1
    again = anonymise_expired(today=D(2026, 11, 30))
    assert sum(again.records.values()) == 0 and again.persons == 0
    assert Person.objects.get(pk=victim.pk).full_name == ANONYMISED
    assert Anonymised.objects.filter(model="registry.person", object_id=victim.pk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_it_by_itself(world) -> None:
    """`dondoc db_worker` as deployed: its first beat queues the day's run, which it then
    runs; the records past retention are anonymised and the run is recorded and audited."""
    victim = old_report(world)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w1")
    person = Person.objects.get(pk=victim.pk)
    assert person.full_name == ANONYMISED and person.identity_hash == "" and person.name_hash == ""
    run = RetentionRun.objects.get()
    assert run.day == D(2026, 11, 30) and run.finished_at is not None
    assert "Đã ẩn danh 1 hồ sơ" in run.summary
    entry = LogEntry.objects.get(additional_data__action="privacy.retention_run")
    assert entry.actor is None and entry.object_pk == str(run.pk)
    assert LogEntry.objects.filter(
        additional_data__action="privacy.anonymise", object_pk=str(victim.pk)
    ).exists()
    assert retention_daily(today=D(2026, 11, 30)) is False  # done for the day
