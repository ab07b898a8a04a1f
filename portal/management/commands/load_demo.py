"""Fills an empty database with a believable demo site; safe to run again.

The content and its loaders live in the top-level `demo/` folder of the repository
(beside manage.py, not an installed package): `demo.load` runs each part in its own
transaction.
"""

from django.core.management.base import BaseCommand, CommandError

from portal import freshness


class Command(BaseCommand):
    help = "载入演示内容（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        try:
            import demo
        except ModuleNotFoundError as error:
            if error.name != "demo":
                raise
            message = "演示内容在仓库根目录的 demo/ 文件夹：请在仓库中运行 manage.py。"
            raise CommandError(message) from error
        demo.load(self.stdout)
        freshness.bump()  # the loaders bulk_create rows, which sends no signals
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
