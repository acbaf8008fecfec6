"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_covered_fk_indexes"),
        ("registry", "0020_agency_record_provinces"),
    ]

    operations = [
        IndexDropped(
            model_name="caseperson",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="involved",
                to="registry.criminalcase",
            ),
            index="registry_caseperson_case_id_19882a9f",
        ),
        IndexDropped(
            model_name="compensationclaim",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.agency",
                verbose_name="cơ quan quản lý",
            ),
            index="registry_compensationclaim_agency_id_abc8f4ce",
        ),
        IndexDropped(
            model_name="complaint",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
            ),
            index="registry_complaint_province_id_bdcab325",
        ),
        IndexDropped(
            model_name="complaintperson",
            name="complaint",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="involved",
                to="registry.complaint",
            ),
            index="registry_complaintperson_complaint_id_6e78db77",
        ),
        IndexDropped(
            model_name="complaintround",
            name="complaint",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rounds",
                to="registry.complaint",
            ),
            index="registry_complaintround_complaint_id_e16a7bd4",
        ),
        IndexDropped(
            model_name="crimereport",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.agency",
                verbose_name="cơ quan quản lý",
            ),
            index="registry_crimereport_agency_id_5abff070",
        ),
        IndexDropped(
            model_name="crimereport",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
            ),
            index="registry_crimereport_province_id_74741c15",
        ),
        IndexDropped(
            model_name="criminalcase",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
            ),
            index="registry_criminalcase_province_id_23d9b667",
        ),
        IndexDropped(
            model_name="friendlyinterviewroom",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.agency",
                verbose_name="cơ quan quản lý",
            ),
            index="registry_friendlyinterviewroom_agency_id_26aed0ce",
        ),
        IndexDropped(
            model_name="person",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
            ),
            index="registry_person_province_id_bafd5c2f",
        ),
        IndexDropped(
            model_name="stalestats",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.adminunit",
            ),
            index="registry_stalestats_province_id_45d67898",
        ),
    ]
