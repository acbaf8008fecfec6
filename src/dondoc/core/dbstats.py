"""The planner's statistics after a bulk write (PostgreSQL).

PostgreSQL plans each query from the row counts ANALYZE last recorded. A table filled in bulk
(the unit map by `dondoc load_units`, an import's first batch) keeps the counts of when it was
small until autovacuum comes round, a minute or more later, and never for rows an open
transaction wrote. A query planned in between takes the table for a few rows: a join over
the 14,000 units planned as nested sequential scans ran for more than nine minutes where it
takes milliseconds. Whoever writes in bulk analyses what it wrote, in its own transaction
(ANALYZE there counts the rows it cannot yet see from outside). SQLite: nothing to do."""

from __future__ import annotations

from django.db import connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper


def execute_raw(wrapper: BaseDatabaseWrapper, *statements: str) -> None:
    """Run `statements` on `wrapper`'s raw connection, which works from any thread (a writer
    thread sharing the caller's connection and transaction), and log them as Django would."""
    with wrapper.wrap_database_errors, wrapper.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    if wrapper.queries_logged:
        wrapper.queries_log.extend({"sql": sql, "time": "0.000"} for sql in statements)


def analyse(*models_: type[models.Model], using: BaseDatabaseWrapper | None = None) -> None:
    """ANALYZE `models_`' tables inside the caller's transaction (PostgreSQL only): the
    planner scales those statistics with the table's size from then on, so once after a bulk
    write is enough. `using`: a connection wrapper held by another thread (default: this
    thread's connection)."""
    wrapper = using if using is not None else connections[connection.alias]
    if wrapper.vendor != "postgresql" or not models_:
        return
    if using is None:
        wrapper.ensure_connection()
    quote = wrapper.ops.quote_name
    execute_raw(wrapper, *(f"ANALYZE {quote(model._meta.db_table)}" for model in models_))
