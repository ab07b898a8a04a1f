"""Sitemaps of published articles, sections, magazine issues and the portal's pages.

portal/urls.py serves them behind the /sitemap.xml index with the directories' ones."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import Article, MagazineIssue, Section
from portal.models import Page


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000  # small pages: each one is a cheap indexed range scan

    def items(self):
        return (
            Article.objects.published()
            .only("id", "updated_at", "publish_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Section.objects.exclude(kind=Section.Kind.LINK).only(
            "id", "slug", "kind", "updated_at"
        )

    def lastmod(self, item):
        return item.updated_at


class MagazineSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return MagazineIssue.objects.published().only("id", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    """The portal's single pages (协会简介, 章程 …)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("id", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["news:home", "news:magazine"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "static": StaticSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "magazine": MagazineSitemap,
    "pages": PageSitemap,
}
