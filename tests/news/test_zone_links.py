"""Articles linked to development zones (Article.zones) and the zone pages' 相关资讯."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from associations.models import Zone
from news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(db):
    return Zone.objects.create(
        name="示范经济技术开发区",
        province="江苏省",
        city="苏州市",
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
    )


def _related(client, zone) -> list[str]:
    response = client.get(zone.get_absolute_url())
    assert response.status_code == 200
    return [a.title for a in response.context["related_articles"]]


def test_zone_page_lists_its_published_articles_newest_first(
    client, zone, make_article, hidden_articles
):
    now = timezone.now()
    older = make_article(title="园区签约项目十个", publish_at=now - timedelta(days=3))
    newer = make_article(title="园区新政发布", publish_at=now - timedelta(hours=1))
    make_article(title="别的园区的新闻")  # not linked
    for article in (older, newer, *hidden_articles.values()):
        article.zones.add(zone)
    assert _related(client, zone) == ["园区新政发布", "园区签约项目十个"]
    html = client.get(zone.get_absolute_url()).content.decode()
    assert "相关资讯" in html and f'href="{newer.get_absolute_url()}"' in html
    for hidden in hidden_articles.values():
        assert hidden.title not in html


def test_zone_page_shows_at_most_eight_and_no_block_without_news(client, zone, make_article):
    assert _related(client, zone) == []
    assert "相关资讯" not in client.get(zone.get_absolute_url()).content.decode()
    for i in range(10):
        make_article(title=f"动态{i}").zones.add(zone)
    assert len(_related(client, zone)) == 8


def test_publishing_a_linked_draft_shows_it_on_the_zone_page(client, zone, make_article):
    draft = make_article(title="待发布的园区新闻", status=Article.Status.DRAFT)
    draft.zones.add(zone)
    assert _related(client, zone) == []
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert _related(client, zone) == ["待发布的园区新闻"]


@pytest.mark.parametrize("n", [10, 200])
def test_zone_page_query_count_is_fixed(
    client, zone, make_article, django_assert_max_num_queries, n, forget_cached_page
):
    articles = [make_article(title=f"文章{i}") for i in range(n)]
    Article.zones.through.objects.bulk_create(
        Article.zones.through(article_id=a.pk, zone_id=zone.pk) for a in articles
    )
    client.get(zone.get_absolute_url())  # warms the site-wide caches
    forget_cached_page(zone.get_absolute_url())  # measure the view, not the page cache
    # the zone, its industries, nearby zones, its articles
    with django_assert_max_num_queries(4):
        assert len(_related(client, zone)) == 8


def test_article_admin_saves_zones_and_offers_zone_autocomplete(superuser_client, zone, section):
    now = timezone.localtime()
    response = superuser_client.post(
        reverse("admin:news_article_add"),
        {
            "title": "园区动态",
            "subtitle": "",
            "section": section.pk,
            "source": "本站",
            "author": "",
            "summary": "",
            "body": "<p>正文</p>",
            "status": "published",
            "publish_at_0": now.strftime("%Y-%m-%d"),
            "publish_at_1": now.strftime("%H:%M:%S"),
            "unpublish_at_0": "",
            "unpublish_at_1": "",
            "zones": [zone.pk],
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="园区动态")
    assert list(article.zones.all()) == [zone]
    change = superuser_client.get(reverse("admin:news_article_change", args=[article.pk]))
    html = change.content.decode()
    assert 'name="zones"' in html and 'data-field-name="zones"' in html  # autocomplete widget
    found = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "zones", "term": "示范"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["示范经济技术开发区"]
    assert _related(superuser_client, zone) == ["园区动态"]


@pytest.mark.slow
def test_demo_links_zone_news_to_directory_zones_once(client):
    import io

    from demo import directory as associations_demo
    from demo import news as news_demo

    call_command("init_site", stdout=io.StringIO())  # what demo.load runs first
    associations_demo.load(io.StringIO())
    news_demo.load(io.StringIO())
    links = set(Article.zones.through.objects.values_list("article_id", "zone_id"))
    assert len(links) >= 10
    news_demo.load(io.StringIO())
    assert set(Article.zones.through.objects.values_list("article_id", "zone_id")) == links
    zone = Zone.objects.filter(articles__isnull=False).first()
    assert _related(client, zone)


def test_article_page_links_its_published_zones(client, zone, make_article):
    hidden = Zone.objects.create(
        name="未发布的开发区",
        province="江苏省",
        level=Zone.Level.PROVINCIAL,
        zone_type=Zone.Type.OTHER,
        is_published=False,
    )
    article = make_article(title="两区联动")
    article.zones.add(zone, hidden)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a class="tag" href="{zone.get_absolute_url()}">示范经济技术开发区</a>' in html
    assert "未发布的开发区" not in html
    plain = make_article(title="无关联")
    assert "相关开发区" not in client.get(plain.get_absolute_url()).content.decode()


def test_editor_role_can_search_zones_for_an_article(client, editor, zone):
    client.force_login(editor)
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "zones", "term": "示范"},
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == ["示范经济技术开发区"]
