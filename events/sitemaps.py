"""The events list and every published event, for /sitemap.xml (portal/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        events = Event.objects.published().only("id", "updated_at").order_by("-starts_at", "-id")
        return ["events:list", *events]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


SITEMAPS = {"events": EventSitemap}
