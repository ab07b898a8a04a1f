"""The editorial roles 编辑 (writes drafts) and 审核发布 (reviews and publishes).

Each app lists the permissions of its models on its AppConfig as `role_permissions`
({group name: [codename, …]}); after every `migrate` the groups are brought in line.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

EDITOR = "编辑"
PUBLISHER = "审核发布"
ROLES = (EDITOR, PUBLISHER)


def sync_roles(sender=None, *, using="default", **kwargs) -> None:
    wanted: dict[str, set[tuple[str, str]]] = {role: set() for role in ROLES}
    for config in global_apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            wanted.setdefault(role, set()).update((config.label, c) for c in codenames)
    for role, pairs in wanted.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        perms = [
            p
            for p in Permission.objects.using(using).select_related("content_type")
            if (p.content_type.app_label, p.codename) in pairs
        ]
        group.permissions.set(perms)
