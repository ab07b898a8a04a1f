"""`manage.py backup DEST`: the database (pg_dump custom format) and both media roots,
with a manifest of SHA-256 checksums and row counts, into the new directory DEST
(see backups/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from backups import backup


class Command(BaseCommand):
    help = "备份整个网站：数据库（pg_dump 自定义格式）和两个上传目录，附校验清单，写入一个新目录。"
    path_help = "备份写入的新目录（须不存在或为空）"
    done = "已备份到 {path}"

    def run(self, path, **options):
        return backup.backup(path, **options)

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.path_help)
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")
        parser.add_argument(
            "--pg-bin", help="pg_dump / pg_restore 所在目录（默认自动寻找与服务器同版本的）"
        )

    def handle(self, *args, path, database, pg_bin, **options):
        try:
            manifest = self.run(path, using=database, pg_bin=pg_bin)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            self.done.format(path=path)
            + f"：{len(manifest['tables'])} 张表共 {rows} 行，上传文件 {files} 个；"
            "每个文件的 SHA-256 和每张表的行数见 manifest.json。"
        )
