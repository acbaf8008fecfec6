"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
    ]

    operations = [
        IndexDropped(
            model_name="agency",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agencies",
                to="org.adminunit",
                verbose_name="đơn vị hành chính",
            ),
            index="org_agency_unit_id_47df97be",
        ),
        IndexDropped(
            model_name="agencyalias",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="aliases",
                to="org.agency",
            ),
            index="org_agencyalias_agency_id_a12f5c61",
        ),
        IndexDropped(
            model_name="agencysuccession",
            name="predecessor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="successions_out",
                to="org.agency",
                verbose_name="cơ quan kết thúc",
            ),
            index="org_agencysuccession_predecessor_id_40d04444",
        ),
        IndexDropped(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người dùng",
            ),
            index="org_membership_user_id_32c4162f",
        ),
        IndexDropped(
            model_name="unitsuccession",
            name="predecessor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="successions_out",
                to="org.adminunit",
            ),
            index="org_unitsuccession_predecessor_id_c717ea5c",
        ),
    ]
