from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "留言与投稿"
    # Permissions of this app's models for the roles 编辑 / 审核发布 (see portal.roles).
    role_permissions: dict[str, list[str]] = {}
