from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = "名录与友情链接"
    # Permissions of this app's models for the roles 编辑 / 审核发布 (see portal.roles).
    role_permissions: dict[str, list[str]] = {}
