"""The main menu of a site `init_site` made leads to the two directories and 通知公告
from every reader page, in the order editors give the sections; an installation made
before they were in the menu gets them from its migration."""

import importlib
import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from news.models import Article, Section

pytestmark = pytest.mark.django_db

MENU_LINKS = {"/news/notices/": "通知公告", "/zones/": "中国开发区", "/associations/": "协会名录"}
migration = importlib.import_module("news.migrations.0013_menu_directories")


def _menu(client, url) -> list[tuple[str, str]]:
    html = client.get(url).content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def _site_with_an_article_and_an_event():
    call_command("init_site", stdout=io.StringIO())
    now = timezone.now()
    article = Article.objects.create(
        title="园区招商新政",
        section=Section.objects.get(slug="policy"),
        body="<p>正文。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(hours=1),
    )
    event = Event.objects.create(
        title="园区发展论坛",
        body="<p>议程。</p>",
        place="北京",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=4),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=6),
        capacity=30,
        status=Event.Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
    )
    return article, event


def test_article_section_event_and_services_pages_link_the_directories_and_notices(client):
    article, event = _site_with_an_article_and_an_event()
    for url in (
        article.get_absolute_url(),
        "/news/policy/",
        event.get_absolute_url(),
        "/pages/services/",
    ):
        menu = dict(_menu(client, url))
        for href, label in MENU_LINKS.items():
            assert menu.get(href) == label, (url, href)
        assert menu["/magazine/"] == "《中国开发区》"  # not a second 中国开发区


def test_an_editor_reorders_the_menu(client):
    call_command("init_site", stdout=io.StringIO())
    hrefs = [href for href, _ in _menu(client, "/")]
    assert hrefs.index("/news/") < hrefs.index("/zones/") < hrefs.index("/associations/")
    associations = Section.objects.get(slug="associations")
    associations.order = 1
    associations.save()
    Section.objects.filter(slug="notices-menu").update(show_in_nav=False)
    Section.objects.get(slug="news").save()  # what the admin's save does to the cache
    hrefs = [href for href, _ in _menu(client, "/")]
    assert hrefs[:3] == ["/", "/associations/", "/news/"]
    assert "/news/notices/" not in hrefs


def test_an_upgraded_installation_gets_the_menu_links_once():
    Section.objects.create(name="资讯中心", slug="news", show_in_nav=True)
    Section.objects.create(
        name="中国开发区", slug="magazine", kind="link", external_url="/magazine/", show_in_nav=True
    )
    Section.objects.create(
        name="开发区地图", slug="zones", kind="link", external_url="/zones/?map=1", order=3
    )  # an editor's own section with that address name is kept as it is
    migration.add_menu_links(apps, None)
    migration.add_menu_links(apps, None)
    rows = dict(Section.objects.values_list("slug", "name"))
    assert rows == {
        "news": "资讯中心",
        "magazine": "《中国开发区》",
        "zones": "开发区地图",
        "notices-menu": "通知公告",
        "associations": "协会名录",
    }
    assert Section.objects.get(slug="associations").get_absolute_url() == "/associations/"


def test_a_new_database_is_left_to_init_site():
    migration.add_menu_links(apps, None)
    assert not Section.objects.exists()
