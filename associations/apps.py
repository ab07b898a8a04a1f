from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = "名录与友情链接"
    # Permissions of this app's models for the roles 编辑 / 审核发布 (see editorial.roles).
    # 编辑 add and edit unpublished zones and associations and add footer links and
    # groups switched off; what readers see (published entries, enabled links) is
    # theirs to view only. Industries are named on every zone page and in the /zones/
    # facet, so 编辑 only pick existing ones. 审核发布 also publish, withdraw, switch
    # links on, keep the industries and delete.
    role_permissions: dict[str, list[str]] = {
        "编辑": [
            f"{action}_{model}"
            for model in ("zone", "association", "linkgroup", "link")
            for action in ("view", "add", "change")
        ]
        + ["view_industry"],
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
