"""Two officers record steps of one subject at once (PostgreSQL, two real connections): the
later month's report recorded first is not overwritten by an earlier month's report that
started from a stale copy of the record."""

from __future__ import annotations

import datetime
import threading
import time

from django.db import connections, transaction

from dondoc.registry.services import person_create
from dondoc.reintegration import services
from dondoc.reintegration.models import ReintegrationSubject
from tests.concurrency.conftest import on_postgresql

pytestmark = on_postgresql

D = datetime.date


def test_a_stale_copy_does_not_move_the_latest_month_back(world) -> None:
    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Lê Văn Đồng")
    subject = services.subject_register(
        actor=world.focal, agency=world.police_sd, person=person, legal_status="suspended",
        start_on=D(2026, 5, 4), received_on=D(2026, 5, 6), unit=world.commune_sd,
    )  # fmt: skip
    stale = ReintegrationSubject.objects.get(pk=subject.pk)  # read before either write
    holding = threading.Event()
    errors: list[BaseException] = []

    def october_then_wait() -> None:
        try:
            with transaction.atomic():
                services.event_record(
                    actor=world.focal, subject=ReintegrationSubject.objects.get(pk=subject.pk),
                    kind="self_report", on=D(2026, 11, 2), month="2026-10",
                )  # fmt: skip
                holding.set()
                time.sleep(1.0)  # the other officer's write arrives meanwhile
        except BaseException as error:
            errors.append(error)
            holding.set()
        finally:
            connections.close_all()

    def september_from_the_stale_copy() -> None:
        try:
            holding.wait(10)
            services.event_record(
                actor=world.focal, subject=stale, kind="self_report", on=D(2026, 10, 2),
                month="2026-09",
            )  # fmt: skip
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=october_then_wait),
        threading.Thread(target=september_from_the_stale_copy),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    subject.refresh_from_db()
    assert subject.self_reported_month == "2026-10"
    months = sorted(subject.events.filter(kind="self_report").values_list("month", flat=True))
    assert months == ["2026-09", "2026-10"]
