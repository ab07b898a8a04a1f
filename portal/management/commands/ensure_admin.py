import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


def admin_url(addrport: str) -> str:
    """The admin's address for runserver's ADDRPORT ("8001", "0.0.0.0:8001", "[::1]:8001")."""
    host, _, port = addrport.rpartition(":")
    if not host or host in ("0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}/admin/"


class Command(BaseCommand):
    help = "创建（或重置）一个超级管理员账户，并打印随机生成的密码。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.org")
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="where the demo's runserver listens (scripts/demo.sh passes DEMO_ADDRPORT)",
        )

    def handle(self, *args, username, email, addrport, **options):
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "已创建" if created else "已重置"
        self.stdout.write(
            self.style.SUCCESS(
                f"\n{verb}管理员账户  用户名：{username}  密码：{password}\n"
                f"后台地址：{admin_url(addrport)}\n"
            )
        )
