"""`manage.py init_site` gives an empty installation a working site: the standard
sections, footer groups with links, the usual pages (marked for editing) and the roles;
running it again changes nothing and keeps what editors wrote."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from associations.models import Link, LinkGroup
from editorial.roles import EDITOR, PUBLISHER
from news.models import Section
from portal.initial import PLACEHOLDER
from portal.models import Page

pytestmark = pytest.mark.django_db

READER_PAGES = [
    "/",
    "/news/",
    "/news/association/",
    "/news/notices/",
    "/news/policy/",
    "/news/cases/",
    "/magazine/",
    "/zones/",
    "/associations/",
    "/pages/about/",
    "/pages/membership-rules/",
    "/pages/contact/",
    "/messages/",
    "/messages/new/",
    "/messages/lookup/",
    "/contribute/",
    "/contribute/status/",
    "/search/?q=协会",
    "/feeds/latest/",
    "/feeds/notices/",
    "/sitemap.xml",
    "/robots.txt",
]


def _init():
    out = io.StringIO()
    call_command("init_site", stdout=out)
    return out.getvalue()


def test_an_empty_site_answers_every_reader_page_with_menu_footer_and_pages(client):
    Group.objects.all().delete()  # as if the roles had never been made
    assert not Section.objects.exists() and not Page.objects.exists()
    _init()
    for url in READER_PAGES:
        assert client.get(url).status_code == 200, url
    home = client.get("/").content.decode()
    for item in ("资讯中心", "园区案例", "中国开发区", "协会简介", "联系我们"):
        assert item in home, item
    assert "政府部门" in home and "https://www.gov.cn/" in home
    about = client.get("/pages/about/").content.decode()
    assert PLACEHOLDER in about  # visibly waiting for an editor
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITOR, PUBLISHER}
    assert Group.objects.get(name=PUBLISHER).permissions.filter(codename="publish_article")


def test_running_it_again_creates_nothing_and_keeps_editors_work():
    _init()
    counts = (Section.objects.count(), Page.objects.count(), LinkGroup.objects.count())
    links = Link.objects.count()
    about = Page.objects.get(slug="about")
    about.body = "<p>本会简介，已由编辑改写。</p>"
    about.save()
    Link.objects.filter(name="商务部").delete()
    _init()
    assert (Section.objects.count(), Page.objects.count(), LinkGroup.objects.count()) == counts
    assert Link.objects.count() == links - 1  # a link an editor removed stays removed
    assert Page.objects.get(slug="about").body == "<p>本会简介，已由编辑改写。</p>"
