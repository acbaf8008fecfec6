"""Two officers answer one data subject's request at once, and record one breach's notification
at once (PostgreSQL, two real connections): one wins, the other is told it is done already, and
the request's history has one closing step."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dondoc.core.exceptions import InvalidInput
from dondoc.privacy import services
from dondoc.privacy.models import Breach, SubjectRequest
from tests.concurrency.conftest import on_postgresql, together

pytestmark = on_postgresql

D = datetime.date


def test_one_request_is_closed_once(world) -> None:
    request = services.subject_request_register(
        actor=world.focal, agency=world.police_sd, kind="correction", subject_name="Lý Văn Bảy",
        received_on=D(2026, 11, 23),
    )  # fmt: skip

    def close(done: bool) -> object:
        return services.subject_request_close(
            actor=world.focal, request=SubjectRequest.objects.get(pk=request.pk),
            on=D(2026, 11, 27), done=done, answer="Đã xử lý" if done else "Từ chối",
        )  # fmt: skip

    results = together(lambda: close(True), lambda: close(False))
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert len(refused) == 1 and "đã được giải quyết xong" in refused[0].message
    closing = request.events.filter(action__in=["done", "refused"])
    assert closing.count() == 1


def test_one_breach_is_notified_once(world) -> None:
    now = timezone.now()
    breach = services.breach_register(
        actor=world.focal, agency=world.police_sd, discovered_at=now - datetime.timedelta(hours=3),
        description="Tài khoản bị truy cập trái phép",
    )  # fmt: skip

    def notify(number: str) -> object:
        return services.breach_notified(
            actor=world.focal, breach=Breach.objects.get(pk=breach.pk), notified_at=now,
            notice_number=number,
        )  # fmt: skip

    results = together(lambda: notify("1/CV"), lambda: notify("2/CV"))
    assert sum(isinstance(r, InvalidInput) for r in results) == 1
    assert Breach.objects.get(pk=breach.pk).notice_number in {"1/CV", "2/CV"}


def test_two_workers_anonymise_at_once_and_each_record_once(world) -> None:
    """Two workers run the day's anonymisation at the same moment: they wait for each other on
    the advisory lock; the second finds nothing left; one mark and one audit row a record."""
    from auditlog.models import LogEntry

    from dondoc.privacy.models import Anonymised
    from dondoc.privacy.retention import ANONYMISED, anonymise_expired
    from tests.privacy.test_retention_schedule import old_report

    victim = old_report(world)
    results = together(
        lambda: anonymise_expired(today=D(2026, 11, 30)),
        lambda: anonymise_expired(today=D(2026, 11, 30)),
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(r.persons for r in results) == [0, 1]  # type: ignore[union-attr]
    assert sorted(r.records["crime_reports"] for r in results) == [0, 1]  # type: ignore[union-attr]
    assert Anonymised.objects.filter(model="registry.person", object_id=victim.pk).count() == 1
    assert (
        LogEntry.objects.filter(
            additional_data__action="privacy.anonymise", object_pk=str(victim.pk)
        ).count()
        == 1
    )
    victim.refresh_from_db()
    assert victim.full_name == ANONYMISED


def test_two_workers_beating_at_once_queue_the_day_once(world) -> None:
    from django_tasks_db.models import DBTaskResult

    from dondoc.privacy.models import RetentionRun
    from dondoc.privacy.retention import retention_daily

    results = together(
        lambda: retention_daily(today=D(2026, 11, 30)),
        lambda: retention_daily(today=D(2026, 11, 30)),
    )
    assert sorted(results) == [False, True], results
    assert RetentionRun.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="anonymise_expired_task").count() == 1
