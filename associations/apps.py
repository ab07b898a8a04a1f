from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = "名录与友情链接"
    # Permissions of this app's models for the roles 编辑 / 审核发布 (see portal.roles).
    # 编辑 keep the directories current (new entries start unpublished) and add footer
    # links and groups switched off; 审核发布 also publish, withdraw, switch links on and
    # delete.
    role_permissions: dict[str, list[str]] = {
        "编辑": [
            f"{action}_{model}"
            for model in ("zone", "industry", "association", "linkgroup", "link")
            for action in ("view", "add", "change")
        ],
        "审核发布": [
            f"{action}_{model}"
            for model in ("zone", "industry", "association", "linkgroup", "link")
            for action in ("view", "add", "change", "delete")
        ]
        + ["publish_zone", "publish_association", "publish_link"],
    }

    def ready(self):
        from associations import receivers  # noqa: F401 (connects the receivers)
        from associations import search as associations_search

        associations_search.register_kinds()

    def init_site(self) -> str:
        """The standard content of a new installation (`manage.py init_site`)."""
        from associations import initial

        return initial.create()
