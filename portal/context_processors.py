from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal import freshness, traditional
from portal.models import Page, SiteSettings


def _nav_pages():
    return freshness.cached(
        "portal:nav-pages",
        lambda: list(Page.objects.published().filter(show_in_nav=True).only("title", "slug")),
        3600,
    )


def site(request):
    """Site-wide data for every template; each value is cached and read only when used."""
    return {
        "site": SimpleLazyObject(SiteSettings.load),
        "nav_pages": SimpleLazyObject(_nav_pages),
        "site_url": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
        "traditional": traditional.script_of(request) == traditional.HANT,
        "script_switch_url": SimpleLazyObject(lambda: traditional.switch_url(request)),
    }
