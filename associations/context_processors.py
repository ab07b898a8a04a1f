from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject

from associations.models import Link, LinkGroup
from portal import freshness


def _build_groups() -> list[dict]:
    links = Prefetch("links", queryset=Link.objects.filter(is_enabled=True).order_by("order", "id"))
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
        for group in LinkGroup.objects.published().prefetch_related(links)
    ]
    return [group for group in groups if group["links"]]


def _footer_link_groups() -> list[dict]:
    return freshness.cached("associations:footer-links", _build_groups, 3600)


def footer_links(request):
    """The enabled footer link groups, each with its enabled links, from cache."""
    return {"footer_link_groups": SimpleLazyObject(_footer_link_groups)}
