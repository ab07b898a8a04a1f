from django.apps import AppConfig


class RedirectsConfig(AppConfig):
    name = "redirects"
    verbose_name = "网址跳转"
    # Redirects decide where readers land, and an external one sends them off the site:
    # only 审核发布 manage them. 编辑 have no access at all.
    role_permissions = {
        "审核发布": ["view_redirect", "add_redirect", "change_redirect", "delete_redirect"],
    }

    def ready(self):
        from redirects import receivers  # noqa: F401 (connects the receivers)
