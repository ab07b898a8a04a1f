from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "资讯中心"
    # Permissions of this app's models for the roles 编辑 / 审核发布 (see portal.roles).
    role_permissions: dict[str, list[str]] = {}
