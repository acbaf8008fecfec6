"""core.dbstats: each `migrate` ends with the planner's statistics of every table PostgreSQL
had never analysed, so that an empty table is planned as empty, not as ten pages of rows."""

from __future__ import annotations

import pytest
from django.db import connection

from dondoc.core.dbstats import analyse_never_analysed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics"),
]


def _reltuples(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return float(cursor.fetchone()[0])


def test_migrate_left_no_table_unanalysed_and_a_new_one_is_analysed() -> None:
    # The test database was made by `migrate`: its empty tables were analysed then.
    assert _reltuples("plans_taskrequest") >= 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE core_never_analysed_probe (id integer)")
        cursor.execute("INSERT INTO core_never_analysed_probe SELECT generate_series(1, 500)")
    assert _reltuples("core_never_analysed_probe") < 0  # never analysed yet
    analysed = analyse_never_analysed()
    assert "core_never_analysed_probe" in analysed
    assert _reltuples("core_never_analysed_probe") == 500  # counted in this transaction
    assert "core_never_analysed_probe" not in analyse_never_analysed()  # once is enough
