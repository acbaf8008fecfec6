"""PostgreSQL: the crime reports and their child rows (persons named, steps) are partitioned
by LIST of province (issue 18). SQLite: nothing changes.

Why these tables, and why so:
- The crime reports are the registry's big table (a million rows at a province's scale, with
  about as many person links and steps); the other kinds are a few thousand rows a year and
  stay plain tables, ready (their child rows carry their province since migration 0015).
- LIST by province, one partition per province of the unit map (both maps: records keep the
  province they were made in) and a DEFAULT partition, so a province added later never
  refuses a row; `dondoc registry partitions` (registry.partitions.partitions_ensure) gives
  a new province its partition and moves its rows out of the default one. One province per
  partition is what a distributed PostgreSQL (Citus) or a per-province archive takes as is;
  HASH would need no upkeep but mixes provinces in each partition.
- PostgreSQL puts the partition key in every primary key and unique constraint of a
  partitioned table: the primary key becomes (id, province_id) and the unique link
  (report, person, role) gets province_id too, which changes nothing since a report has one
  province. Django keeps `id` as the models' primary key: ids still come from one sequence
  per table, so they stay unique alone (Django 5.2's CompositePrimaryKey would make every
  foreign key to these models impossible; Django cannot point a ForeignKey at two columns).
- A foreign key to a partitioned table must name its whole primary key, so the child rows'
  foreign keys become (report_id, province_id) → crime report (id, province_id), written
  here in SQL, ON UPDATE CASCADE (a report moved to another province takes its rows along)
  and deferred to the commit as Django's own are. Django's one-column foreign keys from the
  children go.
- A criminal case's and a referral's `crime_report` (SET NULL) lose their database foreign
  key: they carry their own province, which may differ from the report's, so no two-column
  key fits them; Django's ORM keeps them (on_delete runs in Python, as for every foreign key
  here) — the same limit Citus sets on references between distributed tables.
- Identity columns cannot be on a partitioned table before PostgreSQL 17: `id` takes its
  default from a sequence owned by the column (what `serial` was), which Django reads with
  pg_get_serial_sequence as it reads an identity's.
- Later migrations: a unique constraint on these tables must include province_id, and a
  change to the children's foreign keys to the report must be written in SQL, as here.

Going back rebuilds the plain tables as migration 0016 left them (Django's one-column keys
from Django's own names, the identity column, 0016's two-column keys).
"""

from django.db import migrations

PARENT = "registry_crimereport"
# Partitioned tables, the parent first, with the column of each child pointing at it.
TABLES = [(PARENT, None), ("registry_crimereportperson", "report_id"),
          ("registry_crimereportstep", "report_id")]  # fmt: skip


def _rows(cursor, sql: str, params: list | None = None) -> list[tuple]:
    cursor.execute(sql, params or [])
    return cursor.fetchall()


def _partition(cursor, table: str, provinces: list[int]) -> None:
    """Rebuild `table` as a table partitioned by LIST (province_id), with the same columns,
    rows, constraints (keys widened by province_id) and indexes, under the same names."""
    oid = _rows(cursor, "SELECT %s::regclass::oid", [table])[0][0]
    constraints = _rows(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s ORDER BY contype, conname",
        [oid],
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


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        provinces = [
            row[0] for row in _rows(cursor, "SELECT id FROM org_adminunit WHERE level = 'province'")
        ]
        # Every foreign key to the tables rebuilt: the children's, the cases' and referrals'.
        for name, table in _rows(
            cursor,
            "SELECT conname, conrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = ANY(%s::regclass[])",
            [[t for t, _ in TABLES]],
        ):
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for table, _ in TABLES:
            _partition(cursor, table, provinces)
        for table, column in TABLES[1:]:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_parent_province FOREIGN KEY"
                f" ({column}, province_id) REFERENCES {PARENT} (id, province_id)"
                " ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"
            )


def _unpartition(cursor, table: str) -> None:
    """Rebuild the partitioned `table` as a plain table, as it was before `_partition`."""
    oid = _rows(cursor, "SELECT %s::regclass::oid", [table])[0][0]
    constraints = _rows(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s AND conparentid = 0 ORDER BY contype, conname",
        [oid],
    )
    backing = {name for name, kind, _ in constraints if kind in ("p", "u")}
    indexes = [
        (name, definition.replace(" ON ONLY ", " ON "))
        for name, definition in _rows(
            cursor,
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s ORDER BY indexname",
            [table],
        )
        if name not in backing
    ]
    top = _rows(cursor, f"SELECT coalesce(max(id), 0) FROM {table}")[0][0]  # noqa: S608
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


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, table in _rows(
            cursor,
            "SELECT conname, conrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
            " AND conparentid = 0 AND confrelid = ANY(%s::regclass[])",
            [[t for t, _ in TABLES]],
        ):
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for table, _ in reversed(TABLES):
            _unpartition(cursor, table)
        cursor.execute(
            f"ALTER TABLE {PARENT} ADD CONSTRAINT {PARENT}_id_province UNIQUE (id, province_id)"
        )
        for table, column in TABLES[1:]:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_parent_province FOREIGN KEY"
                f" ({column}, province_id) REFERENCES {PARENT} (id, province_id) ON UPDATE CASCADE"
                " DEFERRABLE INITIALLY DEFERRED"
            )
    # Django's one-column foreign keys to the reports, under the names Django gives them.
    for model, field in (("crimereportperson", "report"), ("crimereportstep", "report"),
                         ("criminalcase", "crime_report"), ("referral", "crime_report")):  # fmt: skip
        model_class = apps.get_model("registry", model)
        schema_editor.execute(
            schema_editor._create_fk_sql(
                model_class, model_class._meta.get_field(field), "_fk_%(to_table)s_%(to_column)s"
            )
        )


class Migration(migrations.Migration):
    # Each ALTER/CREATE in one transaction: a failure leaves the tables as they were.
    atomic = True

    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
        ("registry", "0016_child_province_integrity"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
