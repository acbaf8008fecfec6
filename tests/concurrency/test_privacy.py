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
