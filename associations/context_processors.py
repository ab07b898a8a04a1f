from django.core.cache import cache
from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject

from associations.models import FOOTER_CACHE_KEY, FOOTER_CACHE_SECONDS, Link, LinkGroup


def _footer_link_groups() -> list[dict]:
    groups = cache.get(FOOTER_CACHE_KEY)
    if groups is None:
        links = Prefetch(
            "links", queryset=Link.objects.filter(is_enabled=True).order_by("order", "id")
        )
        groups = [
            {
                "name": group.name,
                "links": [
                    {
                        "name": link.name,
                        "url": link.url,
                        "logo_url": link.logo.url if link.logo else "",
                    }
                    for link in group.links.all()
                ],
            }
            for group in LinkGroup.objects.active().prefetch_related(links)
        ]
        groups = [group for group in groups if group["links"]]
        # Cleared whenever an editor changes a group or link (models and admin actions).
        cache.set(FOOTER_CACHE_KEY, groups, FOOTER_CACHE_SECONDS)
    return groups


def footer_links(request):
    """The enabled footer link groups, each with its enabled links, from cache."""
    return {"footer_link_groups": SimpleLazyObject(_footer_link_groups)}
