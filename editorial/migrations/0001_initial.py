# The framework's one concrete model moved here from `portal`; its table keeps its name,
# so this changes Django's idea of where the model lives and nothing in the database.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0010_sitesettings_row"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingRevision",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("values", models.JSONField(verbose_name="恢复的内容")),
                        ("source_date", models.DateTimeField(verbose_name="来自版本的时间")),
                        ("requested_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="恢复时间")),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                        ("requested_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="恢复人")),
                    ],
                    options={
                        "verbose_name": "待发布的恢复版本",
                        "verbose_name_plural": "待发布的恢复版本",
                        "db_table": "portal_pendingrevision",
                        "constraints": [models.UniqueConstraint(fields=("content_type", "object_id"), name="pendingrevision_one_per_row")],
                    },
                ),
            ],
        ),
    ]
