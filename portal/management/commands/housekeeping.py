"""All periodic work in one command, safe to run as often as you like (deploy/ has a
systemd timer that runs it hourly): expired sessions (every reader who sends a form gets
one), expired captchas (every form page makes one), expired files kept across a refused
form (`editorial.stash`), admin log-in records older than `--login-days`, and what has
been in the recycle bin longer than `--bin-days` (`purge_recycle_bin`)."""

from importlib import import_module

from axes.handlers.proxy import AxesProxyHandler
from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from editorial import recyclebin, stash
from editorial.management.commands.purge_recycle_bin import report


class Command(BaseCommand):
    help = (
        "例行清理：过期会话、过期验证码、过期的暂存文件、较早的后台登录记录、回收站中到期的内容"
        "（可随时重复运行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--login-days", type=int, default=90, help="后台登录记录保留的天数（默认 90）"
        )
        parser.add_argument(
            "--bin-days",
            type=int,
            default=recyclebin.DEFAULT_DAYS,
            help=f"回收站保留的天数（默认 {recyclebin.DEFAULT_DAYS}）",
        )

    def handle(self, *args, login_days, bin_days, **options):
        now = timezone.now()
        sessions = Session.objects.filter(expire_date__lt=now).count()
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        captchas = CaptchaStore.objects.filter(expiration__lte=now).count()
        CaptchaStore.remove_expired()
        kept = stash.purge()
        logins = AxesProxyHandler.reset_logs(age_days=login_days)
        self.stdout.write(
            f"已清理：过期会话 {sessions} 个，过期验证码 {captchas} 个，过期的暂存文件 {kept} 个，"
            f"{login_days} 天前的后台登录记录 {logins} 条。"
        )
        self.stdout.write(report(recyclebin.purge(max(bin_days, 0)), bin_days))
