"""Puts the two directories and 通知公告 in the main menu of an installation that already
has its sections: `init_site` only adds what a new installation lacks, and the README's
deployment runs `migrate`, so an upgrade gets them here. An empty database (a new
installation, a test) is left to `init_site`. Safe to run twice: a section whose 网址名
already exists is left as editors made it.

The rows are copied, not imported from news/initial.py, so this migration does the same
thing whatever that list becomes.
"""

from django.db import migrations

# (slug, name, order, description, link): link sections at the top level, in the menu.
MENU_LINKS = [
    ("notices-menu", "通知公告", 12, "协会的通知、公告与公示。", "/news/notices/"),
    ("zones", "中国开发区", 14, "全国开发区名录。", "/zones/"),
    ("associations", "协会名录", 16, "各地开发区协会与相关机构。", "/associations/"),
]


def add_menu_links(apps, schema_editor):
    Section = apps.get_model("news", "Section")
    if not Section.objects.filter(slug="news", parent=None).exists():
        return
    for slug, name, order, description, link in MENU_LINKS:
        Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "kind": "link",
                "show_in_nav": True,
                "show_on_home": False,
                "description": description,
                "external_url": link,
            },
        )
    # The magazine's link was named like the zone directory now is; two menu items with
    # one name would be ambiguous. Only the name init_site gave it is changed.
    Section.objects.filter(slug="magazine", name="中国开发区", external_url="/magazine/").update(
        name="《中国开发区》"
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0012_drop_view_count_batches")]

    operations = [migrations.RunPython(add_menu_links, migrations.RunPython.noop)]
