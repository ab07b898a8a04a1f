from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backup and restore of the database and the uploads (`manage.py backup`, `restore`)."""

    name = "backups"
    verbose_name = "备份与恢复"
