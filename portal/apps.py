from axes import apps as axes_apps
from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate

# Besides the portal's own config (the default for "portal"), this module holds the
# configs INSTALLED_APPS names for two other apps.


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin with the portal's site (`portal.sites.PortalAdminSite`)."""

    default = False
    default_site = "portal.sites.PortalAdminSite"


class LockoutConfig(axes_apps.AppConfig):
    """django-axes (admin log-in lock-out) with a Chinese name in the admin; its models'
    and fields' names are translated in locale/zh_Hans (the package ships no Chinese)."""

    default = False
    verbose_name = "登录锁定"


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "站点设置"
    # What the two editorial roles may do in this app; each app declares its own.
    # 编辑 write pages as drafts; 审核发布 publish them (portal.publish_page).
    role_permissions = {
        "编辑": ["view_sitesettings", "view_page", "add_page", "change_page"],
        "审核发布": [
            "view_sitesettings",
            "change_sitesettings",
            "view_page",
            "add_page",
            "change_page",
            "delete_page",
            "publish_page",
        ],
    }

    def ready(self):
        from django.core.signals import request_finished, request_started

        from editorial.roles import sync_roles
        from portal import connections, receivers  # noqa: F401 (connects the receivers)

        request_started.connect(connections.check_connections, dispatch_uid="portal.db")
        request_finished.connect(connections.mark_used, dispatch_uid="portal.db")

        # Permissions only exist after every app has migrated, so roles follow migrate.
        post_migrate.connect(sync_roles, dispatch_uid="portal.sync_roles")

        from portal import search_pages

        search_pages.register_kinds()
        name_link_rows()


def name_link_rows() -> None:
    """Readable names for the rows Django adds for each many-to-many field, which the
    delete confirmation lists: “文章的相关开发区：《标题》 — 某开发区” instead of
    “Article-zone关系: Article_zones object (18)”. Names only, nothing in the database."""
    for model in apps.get_models(include_auto_created=True):
        source = model._meta.auto_created
        if not source:
            continue
        field = next(f for f in source._meta.many_to_many if f.remote_field.through is model)
        model._meta.verbose_name = f"{source._meta.verbose_name}的{field.verbose_name}"
        model._meta.verbose_name_plural = model._meta.verbose_name
        model.__str__ = _link_str(field.m2m_field_name(), field.m2m_reverse_field_name())


def _link_str(from_name: str, to_name: str):
    def __str__(self):
        return f"{getattr(self, from_name)} — {getattr(self, to_name)}"

    return __str__
