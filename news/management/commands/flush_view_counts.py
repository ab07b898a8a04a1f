"""Write the article visits pending in Redis to PostgreSQL now (news.visits). Visits are
written by the first visit that finds the batch old; this is for the moments when no
visit may come: before stopping or emptying Redis, before a backup, and hourly from the
housekeeping timer, so a quiet site's last visits are not left in Redis."""

from django.core.management.base import BaseCommand

from news import visits


class Command(BaseCommand):
    help = "把 Redis 中暂存的文章阅读数立即写入数据库（无 Redis 时无事可做）。"

    def handle(self, *args, **options):
        written = visits.flush()
        self.stdout.write(f"已写入 {written} 次阅读。")
