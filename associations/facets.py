"""The directories' filters: which facets /zones/ and /associations/ offer, over which
rows, searched in which fields. The reader pages (views.py) and the API (api/) both
build their `Directory` from here, so a facet added here reaches both."""

from django.db.models import Prefetch
from django.http import QueryDict

from associations.directory import Directory, Facet
from associations.models import Association, Industry, Zone
from associations.regions import PROVINCE_CHOICES, Region, normalize_province
from portal import freshness

PROVINCE_FACET_CHOICES = tuple(PROVINCE_CHOICES)
ZONE_SEARCH_FIELDS = ("name", "city", "address")
ASSOCIATION_SEARCH_FIELDS = ("name", "address", "contact")


def industry_choices() -> tuple[tuple[str, str], ...]:
    """(id, name) of every industry, cached under the content version."""
    return freshness.cached(
        "associations:industries",
        lambda: tuple((str(pk), name) for pk, name in Industry.objects.values_list("pk", "name")),
        3600,
    )


def zone_facets() -> list[Facet]:
    through = Zone.industries.through
    return [
        Facet("region", "地区", "region", tuple(Region.choices)),
        Facet("province", "省份", "province", PROVINCE_FACET_CHOICES, normalize=normalize_province),
        Facet("level", "级别", "level", tuple(Zone.Level.choices)),
        Facet("type", "类型", "zone_type", tuple(Zone.Type.choices)),
        Facet(
            "industry",
            "主导产业",
            "industries",
            industry_choices(),
            multiple=True,
            through=through,
            through_owner="zone_id",
            through_value="industry_id",
        ),
    ]


def zones():
    return (
        Zone.objects.published()
        .only("name", "level", "zone_type", "province", "city", "year_approved")
        .prefetch_related(Prefetch("industries", queryset=Industry.objects.only("name")))
    )


def association_facets() -> list[Facet]:
    return [
        Facet("kind", "类型", "kind", tuple(Association.Kind.choices)),
        Facet("region", "地区", "region", tuple(Region.choices)),
        Facet("province", "省份", "province", PROVINCE_FACET_CHOICES, normalize=normalize_province),
        Facet("member", "会员", "is_member", (("1", "会员单位"), ("0", "非会员单位"))),
    ]


def associations():
    return Association.objects.published().only(
        "name", "kind", "province", "website", "phone", "is_member", "logo"
    )


def zone_directory(params: QueryDict) -> Directory:
    return Directory(
        queryset=zones(),
        facets=zone_facets(),
        params=params,
        search_fields=ZONE_SEARCH_FIELDS,
        total_facet="level",
        cache_prefix="associations:zone",
    )


def association_directory(params: QueryDict) -> Directory:
    return Directory(
        queryset=associations(),
        facets=association_facets(),
        params=params,
        search_fields=ASSOCIATION_SEARCH_FIELDS,
        total_facet="kind",
        cache_prefix="associations:association",
    )
