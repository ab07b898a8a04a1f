"""The one 站点设置 row exists from the start, so reading it never writes
(SiteSettings.load used to INSERT … ON CONFLICT on a cold cache, from a reader's GET)."""

from django.db import migrations


def create_row(apps, schema_editor):
    SiteSettings = apps.get_model("portal", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_review_queue")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
