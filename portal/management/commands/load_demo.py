"""Fills an empty database with a believable demo site; safe to run again.

Each app contributes a `demo.py` module with a `load(stdout)` function; they run in
INSTALLED_APPS order so later apps can refer to what earlier ones created.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import freshness


class Command(BaseCommand):
    help = "载入演示内容（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(self.stdout)
        freshness.bump()  # the loaders bulk_create rows, which sends no signals
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
