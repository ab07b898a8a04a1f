"""`manage.py restore SRC`: a backup made by `manage.py backup` into an empty database
and empty media roots, checked against its manifest before and after (backups/backup.py)."""

from backups import backup
from backups.management.commands.backup import Command as BackupCommand


class Command(BackupCommand):
    help = "从 backup 命令生成的备份目录恢复到空数据库和空上传目录，并按清单逐一核对。"
    path_help = "备份目录（manage.py backup 生成）"
    done = "已从 {path} 恢复并核对无误"

    def run(self, path, **options):
        return backup.restore(path, **options)
