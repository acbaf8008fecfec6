"""Every child row of a registry record carries its parent's province (issue 18): a crime
report's persons and steps, a complaint's rounds and persons, a case's persons and steps, a
claim's payments. Rows already saved take their parent's province; then the column is
required, so a service that forgets to set it fails at once."""

import django.db.models.deletion
from django.db import migrations, models

# (child model, its parent's foreign key column, the parent's table)
CHILDREN = [
    ("crimereportperson", "report_id", "registry_crimereport"),
    ("crimereportstep", "report_id", "registry_crimereport"),
    ("complaintround", "complaint_id", "registry_complaint"),
    ("complaintperson", "complaint_id", "registry_complaint"),
    ("caseperson", "case_id", "registry_criminalcase"),
    ("casestep", "case_id", "registry_criminalcase"),
    ("compensationpayment", "claim_id", "registry_compensationclaim"),
]


def _field(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="org.adminunit",
    )


# The table names are this module's constants, never input.
FILL = [
    f"UPDATE registry_{child} SET province_id = (SELECT p.province_id FROM {parent} p"  # noqa: S608
    f" WHERE p.id = registry_{child}.{column})"
    for child, column, parent in CHILDREN
]


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("registry", "0014_compensation_decision_and_payments"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=child, name="province", field=_field(null=True))
            for child, _, _ in CHILDREN
        ],
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        *[
            migrations.AlterField(model_name=child, name="province", field=_field(null=False))
            for child, _, _ in CHILDREN
        ],
    ]
