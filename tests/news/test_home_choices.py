"""Editors choose what the home page shows in 站点设置 and per section."""

import pytest

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_switching_off_home_parts_removes_them_at_once(client, make_article):
    make_article(title="头条新闻", is_headline=True)
    html = client.get("/").content.decode()
    assert "头条新闻" in html and 'id="home-magazine"' in html and 'id="home-quick"' in html
    site = SiteSettings.load()
    site.home_show_headline = False
    site.home_show_magazine = False
    site.home_show_quick_links = False
    site.save()
    html = client.get("/").content.decode()
    assert 'id="home-headline"' not in html
    assert 'id="home-magazine"' not in html and 'id="home-quick"' not in html


def test_block_size_setting_limits_each_section_block(client, make_article, section):
    for i in range(12):
        make_article(title=f"区块文章{i:02d}", section=section)
    html = client.get("/").content.decode()
    assert html.count("区块文章") == 8
    site = SiteSettings.load()
    site.home_block_size = 5
    site.save()
    assert client.get("/").content.decode().count("区块文章") == 5


def test_section_can_be_left_off_the_home_page(client, make_article, section):
    make_article(title="不上首页的文章", section=section)
    assert "不上首页的文章" in client.get("/").content.decode()
    section.show_on_home = False
    section.save()
    assert "不上首页的文章" not in client.get("/").content.decode()


def test_block_size_outside_the_range_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    site = SiteSettings.load()
    site.home_block_size = 50
    with pytest.raises(IntegrityError), transaction.atomic():
        site.save()
