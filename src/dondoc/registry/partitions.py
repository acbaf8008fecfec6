"""The crime reports' partitions by province on PostgreSQL (migration 0017 says why and how):
which exist, and `partitions_ensure`, which gives every province of the unit map its own
partition, moving the rows that waited for it in the default partition. SQLite has no
partitions: everything here answers "nothing to do" there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import audit_record
from dondoc.org.models import AdminUnit

# The partitioned tables, parent first (migration 0017).
TABLES = ("registry_crimereport", "registry_crimereportperson", "registry_crimereportstep")
# One lock for whoever changes the partitions (two runs at once wait for each other).
LOCK = 0x18_0017


@dataclass(frozen=True)
class PartitionAdded:
    province_id: int
    province: str  # the unit's name, for the command's report
    rows_moved: int  # rows of the three tables taken out of the default partition


def partitioned() -> bool:
    """Whether the crime reports are partitioned here (PostgreSQL after migration 0017)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLES[0]])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def provinces_partitioned() -> set[int]:
    """The provinces that have a partition of their own."""
    if not partitioned():
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
            [TABLES[0]],
        )
        bounds = [row[0] for row in cursor.fetchall()]
    # "FOR VALUES IN ('12')" or "FOR VALUES IN (12)"; the default partition says "DEFAULT".
    return {
        int(bound.split("(", 1)[1].rstrip(")").strip("'")) for bound in bounds if "IN (" in bound
    }


@transaction.atomic
def partitions_ensure(*, actor: Actor) -> list[PartitionAdded]:
    """A partition of each table for every province unit that has none (a province added to
    the unit map after migration 0017), in one transaction. Rows of that province already in
    the default partition move into the new one: PostgreSQL checks a foreign key to a
    partitioned table against the partition that held the row, so the children's keys to
    the reports are dropped while rows move and added again after (checking every row:
    run it at a quiet hour when a province has many rows waiting; right after
    `dondoc load_units` there are none, and nothing moves)."""
    require_actor(actor, system=True)
    if not partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        # Deferred checks still pending in this transaction run now: PostgreSQL alters no
        # table that has some (and a partition added checks the default partition).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        have = provinces_partitioned()
        missing = list(
            AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE)
            .exclude(pk__in=have)
            .order_by("pk")
        )
        if not missing:
            return []
        cursor.execute(
            f"SELECT province_id, count(*) FROM {TABLES[0]}_default"  # noqa: S608
            " WHERE province_id = ANY(%s) GROUP BY province_id",
            [[unit.pk for unit in missing]],
        )
        waiting = dict(cursor.fetchall())
        keys = _child_keys(cursor) if waiting else []
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        added = []
        for unit in missing:
            moved = 0
            for table in TABLES:
                moved += _add(cursor, table, unit.pk, move=unit.pk in waiting)
            added.append(PartitionAdded(province_id=unit.pk, province=unit.name, rows_moved=moved))
            audit_record(actor=actor, action="registry.partition_add", target=unit,
                         data={"rows_moved": moved})  # fmt: skip
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    return added


def _child_keys(cursor: Any) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the foreign keys to the partitioned crime reports."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conparentid = 0 AND confrelid = to_regclass(%s)",
        [TABLES[0]],
    )
    return list(cursor.fetchall())


def _add(cursor: Any, table: str, province_id: int, *, move: bool) -> int:
    """Give `table` the partition of `province_id`; with `move`, take its rows out of the
    default partition into it first. Returns the rows moved."""
    part, default, values = f"{table}_p{int(province_id)}", f"{table}_default", int(province_id)
    if not move:
        cursor.execute(f"CREATE TABLE {part} PARTITION OF {table} FOR VALUES IN ({values})")
        return 0
    cursor.execute(
        f"CREATE TABLE {part} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
        " INCLUDING STORAGE)"
    )
    cursor.execute(
        f"WITH moved AS (DELETE FROM {default} WHERE province_id = %s RETURNING *)"  # noqa: S608
        f" INSERT INTO {part} SELECT * FROM moved",
        [province_id],
    )
    moved = int(cursor.rowcount)
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the moved rows' deferred checks, now
    cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {part} FOR VALUES IN ({values})")
    return moved
