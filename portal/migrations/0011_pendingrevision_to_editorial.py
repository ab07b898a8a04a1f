# `PendingRevision` belongs to the editorial framework now (editorial 0001 takes it over);
# the table stays, only Django's state forgets it here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_sitesettings_row"),
        ("editorial", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingRevision")],
        ),
    ]
