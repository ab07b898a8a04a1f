"""How the directories take part in site search (search): development zones and
associations, each with everything search knows of it. Registered from
AssociationsConfig.ready()."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.signals import post_delete, post_save, pre_delete

import search
from associations.models import Association, Industry, Zone
from editorial.sanitize import html_to_text, plain_text


def zone_fields(zone: Zone) -> dict[str, str]:
    # Industries are rows of their own: a new zone has none yet, and the admin and
    # the spreadsheet import call refresh_search_vector() after saving them.
    industries = [i.name for i in zone.industries.all()] if zone.pk else []
    facts = [
        zone.province,
        zone.city,
        zone.get_level_display(),
        zone.get_zone_type_display(),
        *industries,
    ]
    return {
        "A": zone.name,
        "B": " ".join(str(f) for f in facts if f),
        "C": f"{html_to_text(zone.introduction)} {zone.address}",
    }


# What get_level_display() and get_zone_type_display() give, without the dict Django
# builds from the choices on every call: a search hit's snippet reads both.
_LEVELS = dict(Zone._meta.get_field("level").flatchoices)
_TYPES = dict(Zone._meta.get_field("zone_type").flatchoices)


def zone_snippet(zone: Zone) -> str:
    """A search hit's text: where and what the zone is, its industries, its introduction."""
    facts = [
        f"{zone.province}{zone.city}",
        f"{_LEVELS.get(zone.level, zone.level)}{_TYPES.get(zone.zone_type, zone.zone_type)}",
    ]
    names = getattr(zone, "industry_names", None)  # a page of hits loads them (below)
    if names is None:
        names = [i.name for i in zone.industries.all()]
    industries = "、".join(names)
    if industries:
        facts.append(f"主导产业：{industries}")
    return " · ".join([*facts, plain_text(zone.introduction)])


def _industry_names() -> dict:
    """A zone hit's industries, read with the zone's row."""
    names = Industry.objects.filter(zones=OuterRef("pk")).order_by("order", "name").values("name")
    return {"industry_names": ArraySubquery(names)}


def association_fields(association: Association) -> dict[str, str]:
    facts = [association.get_kind_display(), association.province, association.contact]
    return {
        "A": association.name,
        "B": " ".join(str(f) for f in facts if f),
        "C": f"{html_to_text(association.introduction)} {association.address}",
    }


def _industry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.reindex(instance.zones.prefetch_related("industries"))


def _industry_deleting(sender, instance, **kwargs):
    instance._zone_ids = list(instance.zones.values_list("pk", flat=True))


def _industry_deleted(sender, instance, **kwargs):
    zones = Zone.objects.filter(pk__in=getattr(instance, "_zone_ids", []))
    search.reindex(zones.prefetch_related("industries"))


def follow_industries() -> None:
    """Zones are found by their industries' names: a renamed industry re-indexes its
    zones, and a deleted one — alone or in the admin's bulk delete, which calls no
    model delete() — the zones that had it."""
    post_save.connect(_industry_saved, sender=Industry, dispatch_uid="search:industry-saved")
    pre_delete.connect(_industry_deleting, sender=Industry, dispatch_uid="search:industry-del")
    post_delete.connect(_industry_deleted, sender=Industry, dispatch_uid="search:industry-gone")


def register_kinds() -> None:
    follow_industries()
    search.register(
        Zone,
        kind="zone",
        label="开发区",
        queryset=lambda: Zone.objects.published(),
        date_field="updated_at",
        fields=zone_fields,
        title=lambda zone: zone.name,
        snippet=zone_snippet,
        prefetch_related=("industries",),
        annotations=_industry_names,
        meta=lambda zone: f"{zone.province} {zone.city}".strip(),
        order=30,
    )
    search.register(
        Association,
        kind="association",
        label="协会",
        queryset=lambda: Association.objects.published(),
        date_field="updated_at",
        fields=association_fields,
        title=lambda association: association.name,
        snippet=lambda a: f"{plain_text(a.introduction)} {a.address}",  # its fields' C
        meta=lambda a: " ".join(filter(None, [a.get_kind_display(), a.province])),
        order=40,
    )
