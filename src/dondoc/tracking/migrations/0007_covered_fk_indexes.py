"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_covered_fk_indexes"),
        ("tracking", "0006_report_figure_parts_and_report_evidence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        IndexDropped(
            model_name="agencyreport",
            name="period",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agency_reports",
                to="tracking.reportingperiod",
            ),
            index="tracking_agencyreport_period_id_c1606eab",
        ),
        IndexDropped(
            model_name="notification",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
            ),
            index="tracking_notification_user_id_efea45c9",
        ),
        IndexDropped(
            model_name="nudge",
            name="period",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="nudges",
                to="tracking.reportingperiod",
            ),
            index="tracking_nudge_period_id_8aad9a77",
        ),
        IndexDropped(
            model_name="progressreport",
            name="assignment",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="progress_reports",
                to="plans.assignment",
            ),
            index="tracking_progressreport_assignment_id_c6c8ced0",
        ),
        IndexDropped(
            model_name="progressreport",
            name="period",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="progress_reports",
                to="tracking.reportingperiod",
            ),
            index="tracking_progressreport_period_id_94c20d92",
        ),
        IndexDropped(
            model_name="reportingperiod",
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="periods",
                to="plans.document",
            ),
            index="tracking_reportingperiod_document_id_b428d32d",
        ),
    ]
