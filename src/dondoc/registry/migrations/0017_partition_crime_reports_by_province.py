"""PostgreSQL: the crime reports and their child rows (persons named, steps) are partitioned
by LIST of province (issue 18). SQLite: nothing changes.

Why these tables, and why so:
- The crime reports are the registry's big table (a million rows at a province's scale, with
  about as many person links and steps); the other kinds are a few thousand rows a year and
  stay plain tables, ready (their child rows carry their province since migration 0015;
  migration 0019 partitions them the same way).
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

from dondoc.registry.partitions import Family, family_partition, family_unpartition

# The SQL of this migration is the registry's partitioning mechanism, since shared with the
# later families (registry.partitions, migration 0019).
FAMILY = Family("registry_crimereport", (("registry_crimereportperson", "report_id"),
                                         ("registry_crimereportstep", "report_id")))  # fmt: skip


def forward(apps, schema_editor) -> None:
    family_partition(apps, schema_editor, FAMILY)


def backward(apps, schema_editor) -> None:
    family_unpartition(apps, schema_editor, FAMILY)


class Migration(migrations.Migration):
    # Each ALTER/CREATE in one transaction: a failure leaves the tables as they were.
    atomic = True

    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
        ("registry", "0016_child_province_integrity"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
