from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
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
