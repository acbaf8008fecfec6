"""Crime reports as the receiving register keeps them (date and place of the offence, the
Art. 147-149 steps), the whole special part of the Penal Code (data/penal_code.json, existing
offences keep their ids), one person per identity number in a province."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import dondoc.core.crypto


def load_offences(apps, schema_editor):
    from dondoc.registry.catalogues import load_penal_code

    load_penal_code(apps.get_model("registry", "Offence"))


def unload_lettered_articles(apps, schema_editor):
    """Going back: an article was one offence before ("điều" unique), so the lettered articles
    the code added later (Điều 217a) go; one a report names stops the way back (PROTECT)."""
    apps.get_model("registry", "Offence").objects.exclude(code__regex=r"^[0-9]+$").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_national_level_and_directory_names"),
        ("registry", "0009_casework_list_indexes_import_undo"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CrimeReportStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("received", "Tiếp nhận"),
                            ("extended", "Viện kiểm sát gia hạn thời hạn giải quyết"),
                            ("suspended", "Tạm đình chỉ việc giải quyết"),
                            ("resumed", "Phục hồi giải quyết"),
                            ("prosecute", "Quyết định khởi tố vụ án hình sự"),
                            ("not_prosecute", "Quyết định không khởi tố vụ án hình sự"),
                            ("transfer", "Chuyển cơ quan có thẩm quyền giải quyết"),
                        ],
                        max_length=16,
                        verbose_name="bước",
                    ),
                ),
                ("on", models.DateField(verbose_name="ngày")),
                (
                    "number",
                    models.CharField(blank=True, max_length=40, verbose_name="số quyết định"),
                ),
                ("note", dondoc.core.crypto.EncryptedTextField(blank=True, verbose_name="ghi chú")),
                (
                    "due_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="hạn giải quyết sau bước này"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "bước giải quyết tin báo",
                "verbose_name_plural": "bước giải quyết tin báo",
                "ordering": ["report", "on", "id"],
            },
        ),
        migrations.AlterModelOptions(
            name="offence",
            options={
                "ordering": ["article", "code"],
                "verbose_name": "tội danh",
                "verbose_name_plural": "tội danh",
            },
        ),
        migrations.AddField(
            model_name="crimereport",
            name="extended_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="ngày Viện kiểm sát gia hạn"
            ),
        ),
        migrations.AddField(
            model_name="crimereport",
            name="offence_address",
            field=dondoc.core.crypto.EncryptedTextField(
                blank=True, verbose_name="địa chỉ nơi xảy ra"
            ),
        ),
        migrations.AddField(
            model_name="crimereport",
            name="offence_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày xảy ra"),
        ),
        migrations.AddField(
            model_name="crimereport",
            name="offence_unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.adminunit",
                verbose_name="nơi xảy ra (xã, phường, đặc khu)",
            ),
        ),
        migrations.AddField(
            model_name="crimereport",
            name="resumed_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày phục hồi giải quyết"),
        ),
        migrations.AddField(
            model_name="crimereport",
            name="suspended_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày tạm đình chỉ"),
        ),
        migrations.AddField(
            model_name="crimereport",
            name="transferred_to",
            field=models.CharField(blank=True, max_length=255, verbose_name="cơ quan được chuyển"),
        ),
        migrations.AddField(
            model_name="offence",
            name="chapter",
            field=models.CharField(blank=True, max_length=8, verbose_name="chương"),
        ),
        migrations.AddField(
            model_name="offence",
            name="code",
            field=models.CharField(default="", max_length=8, verbose_name="số hiệu điều"),
        ),
        migrations.AddField(
            model_name="offence",
            name="note",
            field=models.CharField(blank=True, max_length=300, verbose_name="ghi chú"),
        ),
        migrations.AddField(
            model_name="offence",
            name="repealed",
            field=models.BooleanField(default=False, verbose_name="đã bị bãi bỏ"),
        ),
        migrations.AlterField(
            model_name="crimereport",
            name="decision",
            field=models.CharField(
                choices=[
                    ("pending", "Đang giải quyết"),
                    ("prosecute", "Quyết định khởi tố vụ án hình sự"),
                    ("not_prosecute", "Quyết định không khởi tố vụ án hình sự"),
                    ("suspend", "Quyết định tạm đình chỉ việc giải quyết"),
                    ("transfer", "Chuyển cơ quan có thẩm quyền giải quyết"),
                ],
                default="pending",
                max_length=16,
                verbose_name="kết quả giải quyết",
            ),
        ),
        migrations.AlterField(
            model_name="offence",
            name="article",
            field=models.PositiveSmallIntegerField(verbose_name="điều"),
        ),
        migrations.AddIndex(
            model_name="offence",
            index=models.Index(fields=["article"], name="offence_article"),
        ),
        migrations.RunPython(load_offences, unload_lettered_articles),
        migrations.AlterField(
            model_name="offence",
            name="code",
            field=models.CharField(max_length=8, unique=True, verbose_name="số hiệu điều"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("identity_hash", ""), _negated=True),
                fields=("province", "identity_hash"),
                name="person_unique_identity_in_province",
                violation_error_message=(
                    "Số định danh này đã có trong hồ sơ của tỉnh: chọn người đã có thay vì tạo mới."
                ),
            ),
        ),
        migrations.AddField(
            model_name="crimereportstep",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="crimereportstep",
            name="report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="steps",
                to="registry.crimereport",
            ),
        ),
    ]
