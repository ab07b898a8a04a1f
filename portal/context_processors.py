from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from portal.models import NAV_PAGES_CACHE_KEY, Page, SiteSettings


def _nav_pages():
    pages = cache.get(NAV_PAGES_CACHE_KEY)
    if pages is None:
        pages = list(Page.objects.published().filter(show_in_nav=True).only("title", "slug"))
        cache.set(NAV_PAGES_CACHE_KEY, pages, 3600)
    return pages


def site(request):
    """Site-wide data for every template; each value is cached and read only when used."""
    return {
        "site": SimpleLazyObject(SiteSettings.load),
        "nav_pages": SimpleLazyObject(_nav_pages),
        "site_url": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
    }
