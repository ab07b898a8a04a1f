from axes import apps as axes_apps
from django.apps import AppConfig
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
        from portal import receivers  # noqa: F401 (connects the receivers)
        from portal.roles import sync_roles

        # Permissions only exist after every app has migrated, so roles follow migrate.
        post_migrate.connect(sync_roles, dispatch_uid="portal.sync_roles")

        from portal import search_pages

        search_pages.register_kinds()

    def init_site(self) -> str:
        """The standard content of a new installation (`manage.py init_site`)."""
        from portal import initial

        return initial.create()
