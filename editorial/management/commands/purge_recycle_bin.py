"""Really delete what has been in the recycle bin (回收站) longer than --days (default
30), with its files; `housekeeping` runs it on every pass (editorial.recyclebin)."""

from django.core.management.base import BaseCommand, CommandError

from editorial import recyclebin


class Command(BaseCommand):
    help = "彻底删除在回收站中超过指定天数的文章、单页和会刊（连同文件）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=recyclebin.DEFAULT_DAYS,
            help=f"回收站保留的天数（默认 {recyclebin.DEFAULT_DAYS}）",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days 不能是负数。")
        self.stdout.write(report(recyclebin.purge(days), days))


def report(counts: dict[str, int], days: int) -> str:
    found = "，".join(f"{name} {n} 条" for name, n in counts.items()) or "无"
    return f"回收站中超过 {days} 天的内容已彻底删除：{found}。"
