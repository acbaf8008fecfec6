"""PostgreSQL: the other registry kinds that grow with a province's caseload are partitioned
by LIST of province, as the crime reports are (migration 0017, whose docstring says how and
why so; the mechanism is registry.partitions: `family_partition`). SQLite: nothing changes.

Partitioned, each family with its child rows (which carry their province since 0015):
- complaints, with their rounds and persons named;
- criminal cases, with their persons and steps;
- compensation claims, with their payments;
- referrals and victim supports, alone (no child rows): one per victim and service, they
  grow with the crime reports and are listed and counted per province.

Left plain, and why:
- persons (registry_person): the largest table after the reports, but eight tables of four
  apps point at it (privacy, reintegration, every person link) and would lose their database
  foreign key, and its indexes are being reworked (migration 0018): left for later, in its
  own migration.
- a case's offences (registry_criminalcase_offences, Django's many-to-many table): it has no
  province column; its database foreign key to the case goes (Django still deletes its rows
  with the case, in Python), as a case's `crime_report` key went in 0017.
- activities, legal instruments, friendly interview rooms: a few rows a year per agency; a
  partition per province would hold a handful of rows each and add planning time for
  nothing.
- lookups (ethnic groups, religions, offences, torture acts), the statistics' bookkeeping
  (stalestats), imports' fingerprints (importedrow) and corrections: not records of a
  province's caseload, or tiny.

Every key of these tables now includes province_id (a complaint's round number, a person's
role in a complaint or case): unchanged in meaning, since a child row has its parent's
province. Going back rebuilds the plain tables as migration 0016 left them.
"""

from django.db import migrations

from dondoc.registry.partitions import Family, family_partition, family_unpartition

FAMILIES = [
    Family("registry_complaint", (("registry_complaintround", "complaint_id"),
                                  ("registry_complaintperson", "complaint_id"))),
    Family("registry_criminalcase", (("registry_caseperson", "case_id"),
                                     ("registry_casestep", "case_id"))),
    Family("registry_compensationclaim", (("registry_compensationpayment", "claim_id"),)),
    Family("registry_referral"),
    Family("registry_victimsupport"),
]  # fmt: skip


def forward(apps, schema_editor) -> None:
    for family in FAMILIES:
        family_partition(apps, schema_editor, family)


def backward(apps, schema_editor) -> None:
    for family in reversed(FAMILIES):
        family_unpartition(apps, schema_editor, family)


class Migration(migrations.Migration):
    # Each ALTER/CREATE in one transaction: a failure leaves the tables as they were.
    atomic = True

    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
        ("registry", "0018_import_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
