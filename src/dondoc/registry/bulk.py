"""Bulk inserts through PostgreSQL's COPY, for imports of a million rows.

The ORM's bulk insert builds one large INSERT per batch and parses it again in the server;
COPY streams the rows. Ids are allocated up front from the table's own sequence (one
`nextval` per row in a single query), so the rows that refer to a record (a report's victim
link, a complaint's rounds) get its id before anything is written, and the instances keep
their ids as `bulk_create` would leave them. Encrypted fields are encrypted here in one tight
loop under the current key (`core.crypto.field_encryptor`), with the same tokens the ORM would
write. SQLite has no COPY: `copy_supported()` is False there and the callers use the ORM.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from dondoc.core.crypto import EncryptedTextField, field_encryptor
from dondoc.core.dbstats import execute_raw
from dondoc.core.loading import bare_instance, skips_constructor

M = TypeVar("M", bound=models.Model)


@functools.cache
def _layout(
    model: type[models.Model],
) -> tuple[dict[str, str], frozenset[str], dict[str, Any], list[tuple[str, Callable[[], Any]]]]:
    """`model`'s fields by attribute name ("agency_id") and, for a relation, by name
    ("agency") → its attribute name; which names are relations; each field's default by
    attribute name (a callable default apart: it is called for each instance)."""
    fields = model._meta.concrete_fields
    attname = {f.attname: f.attname for f in fields} | {
        f.name: f.attname for f in fields if f.is_relation
    }
    relations = frozenset(f.name for f in fields if f.is_relation)
    computed = [f for f in fields if f.has_default() and callable(f.default)]
    fixed = {f.attname: f.get_default() for f in fields if f not in computed}
    called = [(f.attname, f.default) for f in computed]
    return attname, relations, fixed, called


def new_instance(model: type[M], values: dict[str, Any]) -> M:
    """`model(**values)`, several times faster, for a loop that builds a million unsaved
    records: each field given by attribute name ("agency_id") or, for a relation, by name
    with an instance or None ("agency"), missing ones at their default. The instance's
    attributes are written at once, as Django's constructor would set them one by one (each
    relation's descriptor checking its cache on the way), and without its pre_init/post_init
    signals, which no receiver listens to for these models (else, or for a model whose fields
    are not all Django's plain ones, the constructor is used: core.loading, as FastLoad
    reads rows). A relation given as an instance is not cached on it (it is read again if
    asked for)."""
    attname, relations, fixed, called = _layout(model)
    data = dict(fixed)
    for name, default in called:
        data[name] = default()
    for name, value in values.items():
        if name in relations and value is not None:
            value = value.pk
        data[attname[name]] = value
    if not skips_constructor(model):  # a receiver listens, or a field's own descriptor
        return model(**data)
    return bare_instance(model, data.items())


def copy_supported() -> bool:
    """Whether imports write with COPY: on PostgreSQL, unless settings.REGISTRY_COPY is off."""
    return connection.vendor == "postgresql" and settings.REGISTRY_COPY


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh ids from the sequence behind `model`'s primary key, in one query."""
    if count == 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How one field's Python value becomes what COPY writes; None: as it is (psycopg adapts
    dates, numbers, text, booleans and None itself)."""
    if isinstance(field, EncryptedTextField):
        encrypt = field_encryptor()
        return lambda value: None if value is None else encrypt(str(value))
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    if isinstance(field, models.DecimalField | models.UUIDField | models.DurationField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def copy_rows(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: BaseDatabaseWrapper | None = None,
) -> None:
    """COPY plain rows (values by the fields' attribute names `columns`, ready for the
    database: no encryption here) into `model`'s table, the ids taken from its sequence by
    the database; the caller holds the transaction. `using`: the connection of the thread
    that holds it, for a `Writer`'s thread (else this thread's)."""
    wrapper = using if using is not None else connections[connection.alias]
    meta = model._meta
    quote = wrapper.ops.quote_name
    column_of = {f.attname: f.column for f in meta.concrete_fields}
    names = ", ".join(quote(column_of[c]) for c in columns)
    sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
    if using is None:
        wrapper.ensure_connection()
    # wrap_database_errors: a unique violation is Django's IntegrityError, as for the ORM.
    # The raw connection's cursor: Django's own wrapper belongs to the thread that opened it.
    with (
        wrapper.wrap_database_errors,
        wrapper.connection.cursor() as cursor,
        cursor.copy(sql) as copy,
    ):
        write = copy.write_row
        for row in rows:
            write(row)
    if wrapper.queries_logged:  # as Django logs its own queries (tests count them)
        wrapper.queries_log.append({"sql": sql, "time": "0.000"})


class Writer:
    """Writes one batch in a thread while the caller prepares the next (PostgreSQL: the
    database's backend is another process, on another core): `submit(job)` runs `job(wrapper)`
    in the thread on this thread's connection, in its transaction, after the job before it;
    `wait()` returns when the job submitted last is done, and raises what it raised.

    The caller waits before each statement whose result depends on the rows written (a
    look-up of the persons a batch made) and before leaving the transaction (`close()`, in
    a `finally`), so a rollback never runs beside a COPY; statements that do not depend on
    them may run between the thread's (psycopg's connection lock keeps each whole). One job
    at a time, so at most two batches are held: the one written and the one prepared.
    Elsewhere than PostgreSQL, or with REGISTRY_COPY_THREAD off, the job runs at once."""

    def __init__(self) -> None:
        self.wrapper = connections[connection.alias]
        self.threaded = connection.vendor == "postgresql" and getattr(
            settings, "REGISTRY_COPY_THREAD", True
        )
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, job: Callable[[BaseDatabaseWrapper], None]) -> None:
        self.wait()
        if not self.threaded:
            job(self.wrapper)
            return
        self.wrapper.ensure_connection()

        def run() -> None:
            try:
                job(self.wrapper)
            except BaseException as error:  # handed to the caller's thread, raised there
                self._error = error

        self._thread = threading.Thread(target=run, name="dondoc-copy", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        error, self._error = self._error, None
        if error is not None:
            raise error

    def close(self) -> BaseException | None:
        """Wait for the last job and return what it raised, if anything, without raising it:
        for the caller's `finally` or its handler of a database error (a statement of the
        caller's thread fails once the thread's COPY failed: the error to report is the
        COPY's own, a unique or key violation, not "the transaction is aborted")."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        error, self._error = self._error, None
        return error


def copy_columns(model: type[models.Model]) -> list[str]:
    """The attribute names of the columns `copy_prepare`'s rows hold, the id first."""
    pk = model._meta.pk
    return [pk.attname, *(f.attname for f in model._meta.concrete_fields if f is not pk)]


def copy_prepare(objs: Sequence[models.Model]) -> list[list[Any]]:
    """The rows COPY writes for unsaved instances of one model, as the database takes them
    (encrypted fields encrypted, in one tight loop), each with its id still to give (None,
    first: `copy_ids`); defaults are those the instances already carry (an instance gets
    every field's default when it is built), times auto_now(_add) set as `save()` would."""
    if not objs:
        return []
    meta = type(objs[0])._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    now = timezone.now()
    for field in fields:
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            for obj in objs:
                setattr(obj, field.attname, now)
    pairs = [(f.attname, _converter(f)) for f in fields]

    def row(obj: models.Model) -> list[Any]:
        values = obj.__dict__
        return [None, *[values[n] if c is None else c(values[n]) for n, c in pairs]]

    return list(map(row, objs))


def copy_ids(objs: Sequence[models.Model], rows: list[list[Any]]) -> None:
    """Give the instances (and their prepared rows) fresh ids, as bulk_create leaves them."""
    if not objs:
        return
    for obj, row, new_id in zip(objs, rows, allocate_ids(type(objs[0]), len(objs)), strict=True):
        obj.pk = row[0] = new_id
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_insert(objs: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model with COPY, giving each its id (as bulk_create
    does); the caller holds the transaction."""
    if not objs:
        return
    rows = copy_prepare(objs)
    copy_ids(objs, rows)
    copy_rows(type(objs[0]), copy_columns(type(objs[0])), rows)


def rows_by_unique_key(
    model: type[M],
    *,
    fixed: dict[str, Any],
    key: str,
    values: Iterable[str],
    only: Sequence[str] = (),
) -> list[M]:
    """The rows of `model` whose columns `fixed` (by attribute name) equal their values and
    whose `key` is one of `values` (never the empty text): an import's look-up of one batch
    (the digests already imported, the identity numbers on record in a province). `only`:
    the fields read (besides the id, `fixed` and `key`), the others deferred: a person on
    record is linked by its id, its encrypted fields never read (each one a decryption).

    On PostgreSQL each value is probed on its own (a lateral join over the batch's values,
    one index probe each). With the plain `key IN (…)`, while an import runs the planner
    knew nothing of the rows its open transaction wrote (autovacuum cannot see them): on a
    fresh database it read each batch's digests through the (agency, kind, imported_at)
    index, that is every row imported so far (at 200,000 rows, 30 ms a batch and growing),
    and after an ANALYZE it read them with a sequential scan: a million-row import was
    quadratic either way. The probes take the unique index when the statistics know the
    rows (the import runs `analyse` after its first batch)."""
    wanted = sorted({value for value in values if value})
    if not wanted:
        return []
    manager = model._default_manager
    read = [model._meta.pk.attname, *fixed, key, *only] if only else []
    if connection.vendor != "postgresql":
        found = manager.filter(**fixed, **{f"{key}__in": wanted})
        return list(found.only(*read) if read else found)
    quote = connection.ops.quote_name
    column_of = {f.attname: f.column for f in model._meta.concrete_fields}
    tests = " AND ".join(f"t.{quote(column_of[name])} = %s" for name in fixed)
    column = f"t.{quote(column_of[key])}"
    selected = ", ".join(f"t.{quote(column_of[name])}" for name in read) if read else "t.*"
    # Only quoted names of the model's own table and columns are put in the text; every value
    # is a parameter.
    sql = (
        f"SELECT {selected} FROM unnest(%s::text[]) AS probe(value) CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT * FROM {quote(model._meta.db_table)} t WHERE {tests} AND {column} = "
        f"probe.value AND {column} <> '' LIMIT 1) t"
    )
    return list(manager.raw(sql, [wanted, *fixed.values()]))


def deferred_checks() -> Callable[..., None]:
    """A function that runs now the foreign-key checks still deferred in this transaction,
    and leaves every key deferred or immediate as it was declared (PostgreSQL: `SET
    CONSTRAINTS ALL IMMEDIATE` checks the pending rows retroactively, then `… ALL DEFERRED`
    and, for the deferrable keys declared INITIALLY IMMEDIATE if any, their names back to
    IMMEDIATE); nothing elsewhere.

    Django declares every foreign key DEFERRABLE INITIALLY DEFERRED, so each inserted row
    queues one check per key until the commit: a million-row import held some sixteen million
    events in the backend's memory and ran them all at the end, each against indexes long
    out of cache (the commit took 21 s of 47 s in the backend at 300,000 rows, growing faster
    than the rows). Called after each batch, the same checks run while the batch's pages are
    hot and the queue stays one batch long. ALL, not the tables' key names: a named SET
    CONSTRAINTS lists every trigger of those keys on every partition, and PostgreSQL looks
    each pending event up in that list one by one (2 s a batch, against 0.1 s)."""
    if connection.vendor != "postgresql":
        return lambda using=None: None
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT conname FROM pg_constraint WHERE condeferrable AND NOT condeferred"
            " AND connamespace = current_schema()::regnamespace ORDER BY 1"
        )
        immediate = ", ".join(quote(name) for (name,) in cursor.fetchall())

    def check(using: BaseDatabaseWrapper | None = None) -> None:
        """`using`: as copy_rows."""
        wrapper = using if using is not None else connections[connection.alias]
        statements = ["SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED"]
        if immediate:
            statements.append(f"SET CONSTRAINTS {immediate} IMMEDIATE")
        execute_raw(wrapper, *statements)

    return check
