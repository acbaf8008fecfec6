"""The registry's tables partitioned by LIST of province on PostgreSQL (issue 18): the
mechanism, shared by the migrations that partition (0017, 0019) and by the upkeep.

A *family* is a parent table and its child tables, each child with the column that points
at the parent: the rows of a family live in the same province's partition, the children's
keys to the parent are (parent_id, province_id) → parent (id, province_id). A new family is a
line in `FAMILIES` and a migration that calls `family_partition` / `family_unpartition` with
it (migration 0017 says why the tables are rebuilt so: keys widened by province_id, a
sequence owned by the id column, a DEFAULT partition, the children's composite keys).

`partitions_ensure` gives every province of the unit map its own partition of every
partitioned table, moving the rows that waited for it in the default partition;
`dondoc load_units` and `dondoc registry partitions` run it. SQLite has no partitions:
everything here answers "nothing to do" there.

The two migration functions are called by applied migrations: change them only in ways that
leave the schema they build as it is (tests/registry/test_partitions.py migrates both ways).
Each parent also carries migration 0020's triggers, which keep the (agency, province) pairs
of registry.models.AgencyRecordProvince: a new family, or a later migration that rebuilds a
parent with these functions, creates them again (a test compares the triggers to FAMILIES).
Rows `partitions_ensure` moves go straight into a partition and fire none of them: their
pairs were added when the rows were first written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from django.db import connection, transaction

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import audit_record
from dondoc.org.models import AdminUnit


@dataclass(frozen=True)
class Family:
    """A parent table and its children, each as (table, column pointing at the parent)."""

    parent: str
    children: tuple[tuple[str, str], ...] = field(default=())

    @property
    def tables(self) -> tuple[str, ...]:
        """The family's tables, the parent first."""
        return (self.parent, *(table for table, _ in self.children))


# Every partitioned family, with the migration that partitions it.
FAMILIES: Final = (
    Family("registry_crimereport", (("registry_crimereportperson", "report_id"),
                                    ("registry_crimereportstep", "report_id"))),  # 0017
    Family("registry_complaint", (("registry_complaintround", "complaint_id"),
                                  ("registry_complaintperson", "complaint_id"))),  # 0019
    Family("registry_criminalcase", (("registry_caseperson", "case_id"),
                                     ("registry_casestep", "case_id"))),  # 0019
    Family("registry_compensationclaim", (("registry_compensationpayment", "claim_id"),)),  # 0019
    Family("registry_referral"),  # 0019
    Family("registry_victimsupport"),  # 0019
)  # fmt: skip
CRIME_REPORTS: Final = FAMILIES[0]
# The crime reports' tables, parent first (migration 0017), as before families.
TABLES: Final = CRIME_REPORTS.tables
# Every table partitioned once the migrations ran.
PARTITIONED_TABLES: Final = frozenset(table for family in FAMILIES for table in family.tables)
# One lock for whoever changes the partitions (two runs at once wait for each other).
LOCK = 0x18_0017


@dataclass(frozen=True)
class PartitionAdded:
    province_id: int
    province: str  # the unit's name, for the command's report
    rows_moved: int  # rows of every partitioned table taken out of the default partitions


def _rows(cursor: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params or [])
    return list(cursor.fetchall())


def is_partitioned(table: str) -> bool:
    """Whether `table` is a partitioned table here (PostgreSQL after its migration)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        rows = _rows(cursor, "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
    return bool(rows) and rows[0][0] == "p"


def partitioned() -> bool:
    """Whether the registry is partitioned here (the crime reports, migration 0017)."""
    return is_partitioned(CRIME_REPORTS.parent)


def prunes(model: type[Any]) -> bool:
    """Whether a read of `model` should name its provinces so that PostgreSQL reads only
    their partitions (its table is partitioned by province once the migrations ran; on a
    database migrated only part of the way the condition still holds, it just prunes
    nothing). No query."""
    return connection.vendor == "postgresql" and model._meta.db_table in PARTITIONED_TABLES


def families_partitioned() -> list[Family]:
    """The families partitioned here (all of them once the migrations ran)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        done = {
            name
            for (name,) in _rows(
                cursor,
                "SELECT relname FROM pg_class WHERE relkind = 'p' AND relname = ANY(%s)"
                " AND relnamespace = current_schema()::regnamespace",
                [[family.parent for family in FAMILIES]],
            )
        }
    return [family for family in FAMILIES if family.parent in done]


def _provinces_of(cursor: Any, tables: list[str]) -> dict[str, set[int]]:
    """For each of `tables`, the provinces that have a partition of their own."""
    found: dict[str, set[int]] = {table: set() for table in tables}
    for parent, bound in _rows(
        cursor,
        "SELECT i.inhparent::regclass::text, pg_get_expr(c.relpartbound, c.oid)"
        " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " WHERE i.inhparent = ANY(%s::regclass[])",
        [tables],
    ):
        # "FOR VALUES IN ('12')" or "FOR VALUES IN (12)"; the default partition says "DEFAULT".
        if "IN (" in bound:
            found[parent].add(int(bound.split("(", 1)[1].rstrip(")").strip("'")))
    return found


def provinces_partitioned() -> set[int]:
    """The provinces that have a partition of their own in every partitioned table."""
    tables = [table for family in families_partitioned() for table in family.tables]
    if not tables:
        return set()
    with connection.cursor() as cursor:
        found = _provinces_of(cursor, tables)
    return set.intersection(*found.values())


@transaction.atomic
def partitions_ensure(*, actor: Actor) -> list[PartitionAdded]:
    """A partition of each partitioned table for every province unit that has none (a
    province added to the unit map after the migrations), in one transaction. Rows of that
    province already in a default partition move into the new one: PostgreSQL checks a
    foreign key to a partitioned table against the partition that held the row, so a
    family's keys to its parent are dropped while rows move and added again after (checking
    every row: run it at a quiet hour when a province has many rows waiting; right after
    `dondoc load_units` there are none, and nothing moves)."""
    require_actor(actor, system=True)
    families = families_partitioned()
    if not families:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        # Deferred checks still pending in this transaction run now: PostgreSQL alters no
        # table that has some (and a partition added checks the default partition).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        provinces = {
            unit.pk: unit
            for unit in AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).order_by("pk")
        }
        have = _provinces_of(cursor, [table for family in families for table in family.tables])
        moved: dict[int, int] = {}
        for family in families:
            missing = {table: sorted(set(provinces) - have[table]) for table in family.tables}
            if not any(missing.values()):
                continue
            waiting = {
                table: dict(
                    _rows(
                        cursor,
                        f"SELECT province_id, count(*) FROM {table}_default"  # noqa: S608
                        " WHERE province_id = ANY(%s) GROUP BY province_id",
                        [missing[table]],
                    )
                )
                for table in family.tables
            }
            keys = _keys_to(cursor, family.parent) if any(waiting.values()) else []
            for table, name, _ in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            for table in family.tables:
                for province in missing[table]:
                    rows = _add(cursor, table, province, move=province in waiting[table])
                    moved[province] = moved.get(province, 0) + rows
            for table, name, definition in keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    added = []
    for province, rows in sorted(moved.items()):
        unit = provinces[province]
        added.append(PartitionAdded(province_id=unit.pk, province=unit.name, rows_moved=rows))
        audit_record(actor=actor, action="registry.partition_add", target=unit,
                     data={"rows_moved": rows})  # fmt: skip
    return added


def _keys_to(cursor: Any, parent: str) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the foreign keys to the partitioned `parent`."""
    return [
        (table, name, definition)
        for table, name, definition in _rows(
            cursor,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conparentid = 0"
            " AND confrelid = to_regclass(%s)",
            [parent],
        )
    ]


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
    rows = int(cursor.rowcount)
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the moved rows' deferred checks, now
    cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {part} FOR VALUES IN ({values})")
    return rows


# The migrations' side: rebuild a family's tables as partitioned tables and back.


def family_partition(apps: Any, schema_editor: Any, family: Family) -> None:
    """Rebuild `family`'s tables partitioned by LIST (province_id), one partition per
    province of the unit map and a DEFAULT one, with their rows, constraints (keys widened
    by province_id) and indexes under the same names; every foreign key to the family's
    tables goes (a key to a partitioned table must name (id, province_id)), and the
    children's composite keys to the parent come back. PostgreSQL only."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        provinces = [
            row[0] for row in _rows(cursor, "SELECT id FROM org_adminunit WHERE level = 'province'")
        ]
        for name, table in _rows(
            cursor,
            "SELECT conname, conrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = ANY(%s::regclass[])",
            [list(family.tables)],
        ):
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for table in family.tables:
            _partition(cursor, table, provinces)
        for table, column in family.children:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_parent_province FOREIGN KEY"
                f" ({column}, province_id) REFERENCES {family.parent} (id, province_id)"
                " ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"
            )


def family_unpartition(apps: Any, schema_editor: Any, family: Family) -> None:
    """Rebuild `family`'s partitioned tables as the plain tables they were: the identity
    column, one-column keys, migration 0016's (id, province_id) key of the parent and the
    children's composite keys, and Django's own foreign keys to the family's tables (every
    relation of `apps`' models to them, under the names Django gives them)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, table in _rows(
            cursor,
            "SELECT conname, conrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
            " AND conparentid = 0 AND confrelid = ANY(%s::regclass[])",
            [list(family.tables)],
        ):
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for table in reversed(family.tables):
            _unpartition(cursor, table)
        if family.children:
            cursor.execute(
                f"ALTER TABLE {family.parent} ADD CONSTRAINT {family.parent}_id_province"
                " UNIQUE (id, province_id)"
            )
        for table, column in family.children:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_parent_province FOREIGN KEY"
                f" ({column}, province_id) REFERENCES {family.parent} (id, province_id)"
                " ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"
            )
    for model in apps.get_models(include_auto_created=True):
        for relation in model._meta.local_fields:
            remote = getattr(relation, "remote_field", None)
            if (
                remote is not None
                and getattr(relation, "db_constraint", False)
                and remote.model._meta.db_table in family.tables
            ):
                schema_editor.execute(
                    schema_editor._create_fk_sql(model, relation, "_fk_%(to_table)s_%(to_column)s")
                )


def _shape(cursor: Any, table: str, *, own_only: bool = False) -> tuple[list, list, int]:
    """What rebuilding `table` must carry over: its constraints (name, kind, definition;
    `own_only`: not those a partitioned parent's constraint made on it), its indexes other than
    those backing a key (name, definition), and its largest id."""
    oid = _rows(cursor, "SELECT %s::regclass::oid", [table])[0][0]
    constraints = _rows(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s AND (conparentid = 0 OR NOT %s) ORDER BY contype, conname",
        [oid, own_only],
    )
    backing = {name for name, kind, _ in constraints if kind in ("p", "u")}
    indexes = [
        (name, definition)
        for name, definition in _rows(
            cursor,
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s ORDER BY indexname",
            [table],
        )
        if name not in backing
    ]
    top = _rows(cursor, f"SELECT coalesce(max(id), 0) FROM {table}")[0][0]  # noqa: S608
    return constraints, indexes, top


def _partition(cursor: Any, table: str, provinces: list[int]) -> None:
    """Rebuild `table` as a table partitioned by LIST (province_id), with the same columns,
    rows, constraints (keys widened by province_id) and indexes, under the same names."""
    constraints, indexes, top = _shape(cursor, table)
    old = f"{table}_unpartitioned"
    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    cursor.execute(f"ALTER TABLE {old} ALTER COLUMN id DROP IDENTITY IF EXISTS")
    cursor.execute(
        f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING STORAGE)"
        " PARTITION BY LIST (province_id)"
    )
    cursor.execute(f"CREATE SEQUENCE {table}_id_seq OWNED BY {table}.id")
    cursor.execute("SELECT setval(%s, %s, %s)", [f"{table}_id_seq", max(top, 1), top > 0])
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq')")
    for province in provinces:
        cursor.execute(
            f"CREATE TABLE {table}_p{int(province)} PARTITION OF {table}"
            f" FOR VALUES IN ({int(province)})"
        )
    cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")  # noqa: S608
    cursor.execute(f"DROP TABLE {old}")
    for name, kind, definition in constraints:
        if kind == "p":
            definition = "PRIMARY KEY (id, province_id)"
        elif kind == "u":
            if definition == "UNIQUE (id, province_id)":
                continue  # migration 0016's key for the children: the primary key now
            if "province_id" not in definition:
                definition = definition[:-1] + ", province_id)"
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for name, definition in indexes:
        if definition.startswith("CREATE UNIQUE") and "province_id" not in definition:
            raise RuntimeError(f"{name}: a unique index of {table} must include province_id")
        cursor.execute(definition)


def _unpartition(cursor: Any, table: str) -> None:
    """Rebuild the partitioned `table` as a plain table, as it was before `_partition`."""
    constraints, indexes, top = _shape(cursor, table, own_only=True)
    indexes = [(name, definition.replace(" ON ONLY ", " ON ")) for name, definition in indexes]
    old = f"{table}_partitioned"
    cursor.execute(f"ALTER SEQUENCE {table}_id_seq OWNED BY NONE")
    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    cursor.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING STORAGE)")
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")  # noqa: S608
    cursor.execute(f"DROP TABLE {old}")
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
    cursor.execute(f"DROP SEQUENCE {table}_id_seq")
    cursor.execute(
        f"ALTER TABLE {table} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"
        f" (START WITH {int(top) + 1})"
    )
    for name, kind, definition in constraints:
        if kind == "p":
            definition = "PRIMARY KEY (id)"
        elif kind == "u":
            definition = definition.replace(", province_id)", ")")
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for _, definition in indexes:
        cursor.execute(definition)
