"""The statistics table's reads of the crime-report facts (issue 18): one index serves them on
PostgreSQL (a unit's subtree, one year, one kind and dimension; migration stats 0005), and
the table's total is summed from the rows it is broken down from, not read a second time."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.core.dbstats import analyse
from dondoc.stats.models import CrimeReportFact
from dondoc.stats.tables import crime_reports

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 11, 30)
YEARS = range(2019, 2027)


def _facts(world) -> None:
    """Facts of several years, of reports and of victims under each person dimension, as a
    province holds after some years (the reads keep one year, one kind, one dimension)."""
    rows = [
        CrimeReportFact(
            kind=kind,
            province=world.province,
            unit=unit,
            agency=world.police_sd,
            year=year,
            decision=decision,
            due_on=ON - datetime.timedelta(days=n) if decision == "pending" else None,
            offence_group="other",
            dimension=dimension,
            value=value,
            count=1 + n,
        )
        for year in YEARS
        for unit in (world.commune_sd, world.commune_ys)
        for kind, dimension, value in (
            ("report", "", ""),
            ("victim", "sex", "male"),
            ("victim", "sex", "female"),
            ("victim", "age_group", "adult"),
            ("victim", "ethnic", "kinh"),
        )
        for decision in ("prosecute", "pending")
        for n in range(1 if decision == "prosecute" else 40)
    ]
    CrimeReportFact.objects.bulk_create(rows)
    analyse(CrimeReportFact)


def _fact_reads(world, **table) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        computed = crime_reports.compute(user=world.focal, unit=world.province, today=ON, **table)
    assert computed.total.values["received"] > 0  # the facts were read
    return [q["sql"] for q in queries.captured_queries if "stats_crimereportfact" in q["sql"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans are measured")
def test_each_read_of_the_facts_is_served_by_the_read_index(world) -> None:
    _facts(world)
    reads = _fact_reads(world, year=2026, breakdown="unit")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # which index can serve it
        for sql in reads:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            used = set(
                re.findall(r"(?:Index|Index Only|Bitmap Index) Scan (?:on|using) (\w+)", plan)
            )
            assert "crimereportfact_read" in used, plan


def test_the_total_is_summed_from_the_rows_it_breaks_down(world) -> None:
    _facts(world)
    for breakdown in ("unit", "offence"):
        reads = _fact_reads(world, year=2026, breakdown=breakdown)
        assert len(reads) == 2, reads  # the year's rows (the total summed), the previous year
    assert len(_fact_reads(world, year=2026, breakdown="sex")) == 3  # victims, reports, before
    table = crime_reports.compute(user=world.focal, unit=world.province, year=2026, today=ON)
    received = sum(row.values["received"] for row in table.rows)
    assert table.total.values["received"] == received == 2 * (1 + sum(1 + n for n in range(40)))
    assert table.total.values["overdue"] == 2 * sum(1 + n for n in range(1, 40))  # due before ON
