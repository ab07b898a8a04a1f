"""`make demo` serves the demo content from PostgreSQL: every page type must answer 200."""

import io

import pytest
from django.core.management import call_command

from associations.models import Association, Zone
from news.models import Article, MagazineIssue

pytestmark = pytest.mark.django_db


def test_every_page_type_of_the_demo_site_answers(client):
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.published().order_by("-publish_at").first()
    urls = [
        "/",
        "/news/",
        "/news/notices/",
        f"/articles/{article.pk}/",
        f"/articles/{article.pk}/qr.svg",
        "/magazine/",
        f"/magazine/{MagazineIssue.objects.first().pk}/",
        "/zones/",
        "/zones/?level=national",
        f"/zones/{Zone.objects.published().first().pk}/",
        "/associations/",
        f"/associations/{Association.objects.published().first().pk}/",
        "/pages/about/",
        "/search/?q=开发区",
        "/search/?q=協會",
        "/messages/",
        "/messages/new/",
        "/messages/lookup/",
        "/contribute/",
        "/contribute/status/",
        "/feeds/latest/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/robots.txt",
        "/healthz",
    ]
    statuses = {url: client.get(url).status_code for url in urls}
    assert {url: code for url, code in statuses.items() if code != 200} == {}
