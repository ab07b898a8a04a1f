from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal import freshness, processcache
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
        # Kept in the process per content version: read by every page, never changed by
        # templates (views that change the settings load their own copy).
        "site": SimpleLazyObject(lambda: processcache.cached("site", (), SiteSettings.load)),
        "nav_pages": SimpleLazyObject(_nav_pages),
        "site_url": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
    }
