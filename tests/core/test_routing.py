"""Reporting reads go to the replica only where it is safe (dondoc.core.routing).

The router is checked on its own here; bench/replica.py starts a real primary and hot standby on
loopback and shows the statistics pages served by the standby."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import RequestFactory, override_settings

from dondoc.core.models import Job
from dondoc.core.routing import ReportingRouter, reporting, reporting_reads
from dondoc.org.models import User
from dondoc.registry.models import CrimeReport
from dondoc.stats.models import CrimeReportFact

router = ReportingRouter()


def with_replica() -> Any:
    # The alias is only named here: the router never opens it.
    return override_settings(REPORTING_DATABASE="replica")


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    with reporting_reads():
        assert router.db_for_read(CrimeReportFact) is None


def test_a_reporting_read_of_the_business_tables_goes_to_the_replica() -> None:
    assert not connections["default"].in_atomic_block
    with with_replica():
        assert router.db_for_read(CrimeReportFact) is None  # outside a reporting page
        with reporting_reads():
            assert router.db_for_read(CrimeReportFact) == "replica"
            assert router.db_for_read(CrimeReport) == "replica"
            # Who is logged in, their session the audit trail and the jobs: always the primary.
            assert router.db_for_read(User) is None
            assert router.db_for_read(Session) is None
            assert router.db_for_read(LogEntry) is None
            assert router.db_for_read(Job) is None
        assert router.db_for_read(CrimeReportFact) is None


def test_the_replica_is_never_migrated() -> None:
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is None


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary() -> None:
    # The test runs in a transaction (pytest-django's db): what it wrote is only on the primary.
    assert connections["default"].in_atomic_block
    with with_replica(), reporting_reads():
        assert router.db_for_read(CrimeReportFact) is None


def test_only_a_reporting_pages_get_reads_from_the_replica() -> None:
    seen: list[str | None] = []

    @reporting
    def page(request: Any) -> None:
        seen.append(router.db_for_read(CrimeReportFact))

    factory = RequestFactory()
    with with_replica():
        page(factory.get("/thong-ke/"))
        page(factory.head("/thong-ke/"))
        page(factory.post("/thong-ke/"))  # "Tính lại ngay" writes: the primary
    page(factory.get("/thong-ke/"))  # no replica configured
    assert seen == ["replica", "replica", None, None]
