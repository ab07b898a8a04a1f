from django.apps import AppConfig


def zone_snippet(zone) -> str:
    """A search hit's text: where and what the zone is, its industries, its introduction."""
    from portal.sanitize import html_to_text

    facts = [
        f"{zone.province}{zone.city}",
        f"{zone.get_level_display()}{zone.get_zone_type_display()}",
    ]
    industries = "、".join(i.name for i in zone.industries.all())
    if industries:
        facts.append(f"主导产业：{industries}")
    return " · ".join([*facts, html_to_text(zone.introduction)])


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = "名录与友情链接"
    # Permissions of this app's models for the roles 编辑 / 审核发布 (see portal.roles).
    # 编辑 keep the directories and links current (new entries start unpublished);
    # 审核发布 also publish, withdraw and delete.
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
        + ["publish_zone", "publish_association"],
    }

    def ready(self):
        from associations.models import Association, Zone
        from portal import search

        search.register(
            Zone,
            kind="zone",
            label="开发区",
            queryset=lambda: Zone.objects.visible(),
            date_field="updated_at",
            title=lambda zone: zone.name,
            snippet=zone_snippet,
            prefetch_related=("industries",),
            meta=lambda zone: f"{zone.province} {zone.city}".strip(),
            order=30,
        )
        search.register(
            Association,
            kind="association",
            label="协会",
            queryset=lambda: Association.objects.visible(),
            date_field="updated_at",
            title=lambda association: association.name,
            meta=lambda a: " ".join(filter(None, [a.get_kind_display(), a.province])),
            order=40,
        )
