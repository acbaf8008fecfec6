"""The provinces where each agency keeps records of a partitioned kind, kept by the database
(issue 18): registry.models.AgencyRecordProvince says what reads them and why.

PostgreSQL: on each partitioned parent table that has an agency (all six of 0017 and 0019),
an AFTER INSERT and an AFTER UPDATE trigger FOR EACH STATEMENT, with the statement's new rows
as a transition table, add the (agency, province) pairs they bring; then the pairs of the
rows already saved. A trigger of the database, not a service's write: every path that files a
record (the services, the import's COPY through registry.bulk, a hand-over's UPDATE of the
keeping agency, a record moved to another province) passes through it. Statement level, not
row level: the import COPYs a million rows in batches, and one DISTINCT over each batch's rows
costs far less than a call per row (measured: one INSERT … SELECT of 100,000 crime reports on
a bench database of 200,000 took 3.0-3.7 s with the trigger, 3.2-3.5 s with it disabled;
within the noise). What PostgreSQL 15 allows and refuses here:
- statement triggers with transition tables on a partitioned parent: allowed, and they see
  the rows routed to every partition (an UPDATE that moves a row to another partition too);
- COPY FROM fires the INSERT trigger, with its transition table, as INSERT does;
- `AFTER UPDATE OF agency_id, province_id`: refused ("transition tables cannot be specified
  for triggers with column lists"), so every UPDATE of a record runs the trigger, whose
  DISTINCT then finds pairs already there;
- a write straight into one partition fires none of the parent's statement triggers: only
  registry.partitions does that (`_add` moves rows out of the default partition), and those
  rows' pairs were added when the rows were first written.

The triggers belong to the tables: a later migration that rebuilds one of them
(registry.partitions.family_partition / family_unpartition) must create them again.
Going back drops the triggers, their function and the table. SQLite: the table only (empty;
nothing prunes there, selectors._record_scope reads no pairs).
"""

import django.db.models.deletion
from django.db import migrations, models

# The partitioned parents that have an agency: registry.partitions.FAMILIES' parents.
TABLES = [
    "registry_crimereport",
    "registry_complaint",
    "registry_criminalcase",
    "registry_compensationclaim",
    "registry_referral",
    "registry_victimsupport",
]
FUNCTION = "registry_agencyrecordprovince_add"
PAIRS = """INSERT INTO registry_agencyrecordprovince (agency_id, province_id)
    SELECT DISTINCT agency_id, province_id FROM {rows} WHERE agency_id IS NOT NULL
    ON CONFLICT DO NOTHING"""


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {PAIRS.format(rows='new_rows')}; RETURN NULL; END $$"
    )
    for table in TABLES:
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_agency_province_{event.lower()} AFTER {event} ON {table}"
                f" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        schema_editor.execute(PAIRS.format(rows=table))


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER {table}_agency_province_{event} ON {table}")
    schema_editor.execute(f"DROP FUNCTION {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
        ("registry", "0019_partition_other_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgencyRecordProvince",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.agency",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.adminunit",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "province"), name="agencyrecordprovince_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
