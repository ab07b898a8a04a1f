"""The structure a new installation needs before editors start: the standard sections
(资讯中心 and 通知公告 among them), the footer's link groups, the usual single pages and
the two roles. Safe to run again: only what is missing is created.

Each app that has a standard content keeps it in its own `initial.py` (`create()`), found
here by name, so portal imports no app.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "建立站点的基本结构：标准栏目、页脚链接分组、常用单页和两个角色（可重复运行）。"

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                if find_spec(f"{config.name}.initial"):
                    self.stdout.write(import_module(f"{config.name}.initial").create())
        self.stdout.write(self.style.SUCCESS("站点基本结构已就绪。"))
