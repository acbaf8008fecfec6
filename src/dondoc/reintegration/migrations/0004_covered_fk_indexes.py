"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_covered_fk_indexes"),
        ("reintegration", "0003_child_rows_carry_province"),
    ]

    operations = [
        IndexDropped(
            model_name="reintegrationsubject",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.agency",
                verbose_name="cơ quan quản lý",
            ),
            index="reintegration_reintegrationsubject_agency_id_54d90116",
        ),
        IndexDropped(
            model_name="reintegrationsubject",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
            ),
            index="reintegration_reintegrationsubject_province_id_fd9eebb3",
        ),
    ]
