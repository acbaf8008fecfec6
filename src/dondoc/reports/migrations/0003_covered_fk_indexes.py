"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_covered_fk_indexes"),
        ("reports", "0002_issued_pdf_in_the_worker"),
    ]

    operations = [
        IndexDropped(
            model_name="consolidatedreport",
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="consolidated_reports",
                to="plans.document",
                verbose_name="kế hoạch",
            ),
            index="reports_consolidatedreport_document_id_034cb3ab",
        ),
    ]
