"""Landlines stored before they kept their dashes (01068512345) get them back
(010-68512345), in every model that stores a phone in its one form (`editorial.fields.
PhoneField`). The split is certain for every number with a three-digit area code (010,
02x: 8 digits follow) and for a four-digit area code followed by 7 or 8 digits; only a
four-digit area code with an extension run into it (0571888866668001) cannot be split
and keeps its digits. Nothing else changes; digits only differ in dashes, so no two
rows come to hold the same number."""

from django.db import migrations

from editorial.contacts import dash_landlines

MODELS = [
    ("events", "Registration"),
    ("membership", "Application"),
    ("membership", "Contact"),
    ("submissions", "Submission"),
    ("submissions", "Message"),
]


def add_dashes(apps, schema_editor):
    for app_label, name in MODELS:
        dash_landlines(apps.get_model(app_label, name)._base_manager.all())


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_pending_revision_origin"),
        ("events", "0002_contact_normal_forms"),
        ("membership", "0003_member_area"),
        ("submissions", "0004_section_is_a_site_section"),
    ]

    operations = [migrations.RunPython(add_dashes, migrations.RunPython.noop)]
