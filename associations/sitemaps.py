"""Sitemaps of the two directories, for the project's /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from associations.models import Association, Zone


class ZoneSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Zone.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class AssociationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Association.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


sitemaps = {"zones": ZoneSitemap, "associations": AssociationSitemap}
