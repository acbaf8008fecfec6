"""The database holds a child row's province equal to its parent's (issue 18).

PostgreSQL: each parent gets a unique key (id, province_id), and each child a composite
foreign key (parent_id, province_id) → parent (id, province_id), ON UPDATE CASCADE (a parent
moved to another province takes its children along) and deferred to the commit, as Django's
own foreign keys are (a transaction may write in any order; the tests' flush deletes table
by table). Django 5.2
cannot declare a foreign key to two columns, so these are written in SQL; Django's own
foreign key on parent_id stays beside them (until the parent is partitioned, migration 0017).

SQLite cannot add a foreign key to an existing table: triggers refuse a child whose province
is not its parent's and carry a parent's new province to its children. A later migration
that rebuilds one of these tables on SQLite drops its triggers: the test
tests/registry/test_child_province.py then fails (it writes a wrong province to every child).
"""

from django.db import migrations

# (child table, its parent's foreign key column, the parent's table)
CHILDREN = [
    ("registry_crimereportperson", "report_id", "registry_crimereport"),
    ("registry_crimereportstep", "report_id", "registry_crimereport"),
    ("registry_complaintround", "complaint_id", "registry_complaint"),
    ("registry_complaintperson", "complaint_id", "registry_complaint"),
    ("registry_caseperson", "case_id", "registry_criminalcase"),
    ("registry_casestep", "case_id", "registry_criminalcase"),
    ("registry_compensationpayment", "claim_id", "registry_compensationclaim"),
]
Children = list[tuple[str, str, str]]


def parents(children: Children) -> list[str]:
    return sorted({parent for _, _, parent in children})


def postgresql_install(children: Children = CHILDREN) -> list[str]:
    sql = [
        f"ALTER TABLE {parent} ADD CONSTRAINT {parent}_id_province UNIQUE (id, province_id)"
        for parent in parents(children)
    ]
    sql += [
        f"ALTER TABLE {child} ADD CONSTRAINT {child}_parent_province FOREIGN KEY"
        f" ({column}, province_id) REFERENCES {parent} (id, province_id) ON UPDATE CASCADE"
        " DEFERRABLE INITIALLY DEFERRED"
        for child, column, parent in children
    ]
    return sql


def postgresql_remove(children: Children = CHILDREN) -> list[str]:
    sql = [
        f"ALTER TABLE {child} DROP CONSTRAINT {child}_parent_province" for child, _, _ in children
    ]
    sql += [f"ALTER TABLE {p} DROP CONSTRAINT {p}_id_province" for p in parents(children)]
    return sql


def sqlite_install(children: Children = CHILDREN) -> list[str]:
    sql = []
    for child, column, parent in children:
        check = (
            f"FOR EACH ROW WHEN NEW.province_id IS NOT"  # noqa: S608 (constants, not input)
            f" (SELECT province_id FROM {parent} WHERE id = NEW.{column})"
            f" BEGIN SELECT RAISE(ABORT, '{child}_parent_province: province_id must be"
            f" the province of {parent} {column}'); END"
        )
        sql.append(f"CREATE TRIGGER {child}_province_insert BEFORE INSERT ON {child} {check}")
        sql.append(
            f"CREATE TRIGGER {child}_province_update BEFORE UPDATE OF province_id, {column}"
            f" ON {child} {check}"
        )
        sql.append(
            f"CREATE TRIGGER {child}_province_follow AFTER UPDATE OF province_id ON {parent}"  # noqa: S608
            f" FOR EACH ROW BEGIN UPDATE {child} SET province_id = NEW.province_id"
            f" WHERE {column} = NEW.id; END"
        )
    return sql


def sqlite_remove(children: Children = CHILDREN) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {child}_province_{what}"
        for child, _, _ in children
        for what in ("insert", "update", "follow")
    ]


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_install())
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_install())


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_remove())
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_remove())


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_child_rows_carry_province")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
