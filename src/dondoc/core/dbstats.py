"""The planner's statistics after a bulk write (PostgreSQL).

PostgreSQL plans each query from the row counts ANALYZE last recorded. A table filled in bulk
(the unit map by `dondoc load_units`, an import's first batch) keeps the counts of when it was
small until autovacuum comes round, a minute or more later, and never for rows an open
transaction wrote. A query planned in between takes the table for a few rows: a join over
the 14,000 units planned as nested sequential scans ran for more than nine minutes where it
takes milliseconds. Whoever writes in bulk analyses what it wrote, in its own transaction
(ANALYZE there counts the rows it cannot yet see from outside). SQLite: nothing to do.

A table PostgreSQL has never analysed is planned as if it held ten pages of rows, and
autovacuum analyses it only after 50 rows changed: a new installation's empty tables (its
task requests, its hand-overs) stay so for months. The task-request page then joined them
to every task of every plan in a parallel scan (18 ms of SQL, 6 ms once analysed). So each
`migrate` ends by analysing the tables never analysed (`analyse_never_analysed`)."""

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


# Plain tables and partitions of the current schema that ANALYZE has never reached
# (reltuples -1: PostgreSQL 14 and later); a partitioned parent keeps -1 whatever is done.
NEVER_ANALYSED = """
SELECT c.oid::regclass::text FROM pg_class c
WHERE c.relkind = 'r' AND c.reltuples < 0
  AND c.relnamespace = current_schema()::regnamespace
ORDER BY 1
"""


def analyse_never_analysed(using: str = "default") -> list[str]:
    """ANALYZE every table of the database `using` that PostgreSQL has never analysed (an
    empty table's is instant, and tells the planner it is empty); the tables analysed.
    Called after each `migrate` (core.apps). SQLite: nothing."""
    wrapper = connections[using]
    if wrapper.vendor != "postgresql":
        return []
    with wrapper.cursor() as cursor:
        cursor.execute(NEVER_ANALYSED)
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:  # each its own statement: ANALYZE of a list locks them all
            cursor.execute(f"ANALYZE {table}")  # a regclass text, quoted as needed by it
    return tables
