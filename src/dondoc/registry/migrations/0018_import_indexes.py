"""The registry's indexes and foreign keys, cut to what reads them, for the import (issue 18).

Every index of a table costs each inserted row one more B-tree insertion: registry_person had
13 indexes and the import of a million crime reports writes a million persons, reports,
victim links and imported-row digests. What reads each index left (grep of the selectors,
lists, statistics and look-ups; EXPLAIN in tests/registry/test_import_indexes.py):

- registry_person: pkey (every join to a person); (identity_hash, province) unique where
  the number is given: persons.person_get_or_create and the import's look-up
  (bulk.rows_by_unique_key: province and hash) and the search by number across a user's
  provinces (selectors.persons_by_identity, persons.person_matches: hash alone), hence the
  hash first (it was (province, identity_hash)); (province, agency): the statistics and the
  lists by province; agency_id and unit_id: the scope (selectors.scope_q, `agency_id IN (…)
  OR unit_id IN (…)`, one index each); (name_hash, residence_unit): persons.person_matches.
  Province alone stays (Record's own key, shared by every kind: its index goes when Record's
  does).
- registry_crimereport: pkey; (received_on DESC, id DESC): the lists' order; (province,
  received_on): statistics by province and year; (agency, decision) and unit_id: the
  scope. agency_id and province_id alone stay with Record (see above).
- registry_crimereportperson: pkey; the unique link (report, person, role, province), which
  also serves "the people of a report" and the cascade from a report; person_id: "the
  reports of a person" and the PROTECT of a person.
- registry_crimereportstep: pkey; report_id (a report's steps).
- registry_importedrow: pkey; (agency, kind, digest) unique: the import's look-up;
  (agency, kind, imported_at): an undo's rows.

Dropped, as nothing reads them: the hash's plain and `varchar_pattern_ops` indexes (no one
searches a keyed hash by prefix), the indexes of the authors (created_by: a user is
deactivated, not deleted; a deletion scans the tables once), of the catalogues (ethnicity,
religion, offence: catalogue rows are never deleted, and every join goes from the record
to the catalogue's primary key), of the places (residence, place of the offence: no
query filters on them alone), a victim link's report_id (the unique link's leading
column), an imported row's agency_id (both its indexes lead with it) and province_id.

Foreign keys: each one costs a row one trigger call and one index probe, 2-4 µs a row
(bench/registry_fk_shares.py: each key dropped in turn on a throwaway database, 50,000
rows): about 45 µs of the import's ~240 µs a row for the 18 keys of the four tables. The
keys stay, the database's last defence, except a crime report's child rows' own key from
their province to the unit map (3.4 µs a row): the composite key (report, province) →
crime report (id, province), from migration 0017, already holds their province equal to
the report's, and the report's province has its key to the unit map. Not taken: checking
a key once per batch in one set-based query (PostgreSQL has no such mode for foreign keys;
a trigger of our own would be weaker), `session_replication_role` (superuser, and it
turns every trigger off). The checks of each batch already run after it (bulk.deferred_checks).

The index drops and the key drop are SQL (DROP INDEX, DROP CONSTRAINT) beside Django's
state: Django's own AlterField drops and adds back every foreign key whose field changes,
revalidating it over the whole table, and on SQLite rebuilds the child tables, which drops
migration 0016's triggers. A DROP INDEX on a partitioned table's index drops its
partitions' too. SQLite has no `_like` index nor the keys of PostgreSQL: there the drops
are the indexes of the same names (the key from the province stays in SQLite's table).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Keys to the unit map that the composite key to the crime report already implies.
KEYS = [
    ("registry_crimereportperson", "registry_crimereport_province_id_06e08b01_fk_org_admin"),
    ("registry_crimereportstep", "registry_crimereport_province_id_c64fcf53_fk_org_admin"),
]


def _drop(index: str, table: str, definition: str):
    def forward(apps, schema_editor):
        if "varchar_pattern_ops" in definition and schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')

    def backward(apps, schema_editor):
        if "varchar_pattern_ops" in definition and schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" ({definition})')

    return migrations.RunPython(forward, backward)


def _index_dropped(model: str, name: str, field, indexes):
    """The field's new state for Django, and the SQL that drops its indexes."""
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name=model, name=name, field=field)],
        database_operations=[_drop(*index) for index in indexes],
    )


def _keys_dropped(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, key in KEYS:
            schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{key}"')


def _keys_added(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, key in KEYS:
            schema_editor.execute(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{key}" FOREIGN KEY (province_id)'
                " REFERENCES org_adminunit (id) DEFERRABLE INITIALLY DEFERRED"
            )


def _province(model: str):
    field = models.ForeignKey(
        db_constraint=False, db_index=False, editable=False,
        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.adminunit",
    )  # fmt: skip
    return migrations.AlterField(model_name=model, name="province", field=field)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
        ("registry", "0017_partition_crime_reports_by_province"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="person",
            name="person_unique_identity_in_province",
        ),
        _index_dropped(
            "crimereport",
            "created_by",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
            [
                (
                    "registry_crimereport_created_by_id_5f693fcc",
                    "registry_crimereport",
                    "created_by_id",
                )
            ],
        ),
        _index_dropped(
            "crimereport",
            "offence",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.offence",
                verbose_name="tội danh",
            ),
            [("registry_crimereport_offence_id_351443f6", "registry_crimereport", "offence_id")],
        ),
        _index_dropped(
            "crimereport",
            "offence_unit",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
                verbose_name="nơi xảy ra (xã, phường, đặc khu)",
            ),
            [
                (
                    "registry_crimereport_offence_unit_id_a995e40a",
                    "registry_crimereport",
                    "offence_unit_id",
                )
            ],
        ),
        _index_dropped(
            "crimereportperson",
            "report",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="involved",
                to="registry.crimereport",
            ),
            [
                (
                    "registry_crimereportperson_report_id_a08fbb21",
                    "registry_crimereportperson",
                    "report_id",
                )
            ],
        ),
        _index_dropped(
            "crimereportstep",
            "created_by",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
            [
                (
                    "registry_crimereportstep_created_by_id_3e803ccc",
                    "registry_crimereportstep",
                    "created_by_id",
                )
            ],
        ),
        _index_dropped(
            "importedrow",
            "agency",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.agency",
            ),
            [("registry_importedrow_agency_id_b0876e06", "registry_importedrow", "agency_id")],
        ),
        _index_dropped(
            "importedrow",
            "province",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.adminunit",
            ),
            [("registry_importedrow_province_id_77fc4b88", "registry_importedrow", "province_id")],
        ),
        _index_dropped(
            "person",
            "created_by",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
            [("registry_person_created_by_id_193d8b6e", "registry_person", "created_by_id")],
        ),
        _index_dropped(
            "person",
            "ethnicity",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.ethnicgroup",
                verbose_name="dân tộc",
            ),
            [("registry_person_ethnicity_id_7af405af", "registry_person", "ethnicity_id")],
        ),
        _index_dropped(
            "person",
            "identity_hash",
            models.CharField(blank=True, editable=False, max_length=64),
            [
                ("registry_person_identity_hash_8a0db1d9", "registry_person", "identity_hash"),
                (
                    "registry_person_identity_hash_8a0db1d9_like",
                    "registry_person",
                    "identity_hash varchar_pattern_ops",
                ),
            ],
        ),
        _index_dropped(
            "person",
            "religion",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.religion",
                verbose_name="tôn giáo",
            ),
            [("registry_person_religion_id_7dc8bacd", "registry_person", "religion_id")],
        ),
        _index_dropped(
            "person",
            "residence_unit",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
                verbose_name="nơi cư trú (đơn vị hành chính)",
            ),
            [
                (
                    "registry_person_residence_unit_id_5424be5b",
                    "registry_person",
                    "residence_unit_id",
                )
            ],
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("identity_hash", ""), _negated=True),
                fields=("identity_hash", "province"),
                name="person_unique_identity_in_province",
                violation_error_message="Số định danh này đã có trong hồ sơ của tỉnh: chọn người đã có thay vì tạo mới.",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[_province("crimereportperson"), _province("crimereportstep")],
            database_operations=[migrations.RunPython(_keys_dropped, _keys_added)],
        ),
    ]
