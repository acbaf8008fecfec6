"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_covered_fk_indexes"),
        ("plans", "0011_agency_name_rejection"),
    ]

    operations = [
        IndexDropped(
            model_name="agencynamerejection",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.agency",
            ),
            index="plans_agencynamerejection_agency_id_56f6d68e",
        ),
        IndexDropped(
            model_name="assignment",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assignments",
                to="org.agency",
                verbose_name="cơ quan",
            ),
            index="plans_assignment_agency_id_4aab410d",
        ),
        IndexDropped(
            model_name="document",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="org.adminunit",
                verbose_name="địa bàn",
            ),
            index="plans_document_unit_id_3eacd0d7",
        ),
        IndexDropped(
            model_name="handoverline",
            name="handover",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="plans.handover",
            ),
            index="plans_handoverline_handover_id_7d06fc95",
        ),
        IndexDropped(
            model_name="task",
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tasks",
                to="plans.document",
            ),
            index="plans_task_document_id_87ba2b55",
        ),
    ]
