"""A second registered kind with sections, the way phase 2 adds news articles.

The models live in an isolated app registry and their tables are created inside the
test's transaction, so nothing leaks into migrations or other tests.
"""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.test.utils import isolate_apps
from django.utils import timezone

import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_kind(db):
    with isolate_apps("tests.search"):

        class FakeSection(models.Model):
            name = models.CharField(max_length=20)
            slug = models.SlugField()

            class Meta:
                app_label = "search"

            def __str__(self):
                return self.name

        class FakeArticle(search.Searchable):
            title = models.CharField(max_length=100)
            summary = models.CharField(max_length=200, blank=True)
            body = models.TextField(blank=True)
            section = models.ForeignKey(FakeSection, on_delete=models.CASCADE)
            published_at = models.DateTimeField()
            is_published = models.BooleanField(default=True)

            class Meta(search.Searchable.Meta):
                app_label = "search"

            def get_absolute_url(self):
                return f"/articles/{self.pk}/"

        with connection.schema_editor() as editor:
            editor.create_model(FakeSection)
            editor.create_model(FakeArticle)
        entry = search.register(
            FakeArticle,
            kind="news",
            label="资讯",
            queryset=lambda: FakeArticle.objects.filter(
                is_published=True, published_at__lte=timezone.now()
            ),
            date_field="published_at",
            fields=lambda article: {"A": article.title, "B": article.summary, "C": article.body},
            section_field="section",
            sections=lambda: [("zones", "园区资讯"), ("policy", "政策法规")],
            select_related=("section",),
            order=10,
        )
        sections = {
            slug: FakeSection.objects.create(slug=slug, name=name)
            for slug, name in [("zones", "园区资讯"), ("policy", "政策法规")]
        }

        def make(*, section="zones", days_ago=1, **fields):
            when = timezone.now() - datetime.timedelta(days=days_ago)
            return FakeArticle.objects.create(
                section=sections[section], published_at=when, **fields
            )

        yield entry, make
        search.unregister("news")


def test_abstract_gin_index_name_is_filled_per_model(news_kind):
    entry, _make = news_kind
    names = [index.name for index in entry.model._meta.indexes]
    assert names == ["search_fakearticle_search"]


def test_kinds_are_ranked_together_with_type_counts(client, news_kind, make_page):
    _entry, make = news_kind
    make(title="温州经济技术开发区招商引资新政", body="<p>正文</p>")
    make_page(title="协会简介", slug="about", body="<p>协会服务开发区招商引资。</p>")
    html = client.get("/search/", {"q": "招商引资"}).content.decode()
    assert html.index("/articles/") < html.index("/pages/about/")  # title above body
    assert '资讯<span class="count">（1）</span>' in html
    assert '单页<span class="count">（1）</span>' in html
    assert '<span class="badge badge-kind">资讯</span>' in html and "园区资讯" in html


def test_kind_filter_shows_only_that_kind(client, news_kind, make_page):
    _entry, make = news_kind
    make(title="开发区年报")
    make_page(title="开发区年报", slug="p")
    html = client.get("/search/", {"q": "年报", "kind": "news"}).content.decode()
    assert "/articles/" in html and "/pages/p/" not in html


def test_section_filter_keeps_only_kinds_and_rows_of_that_section(client, news_kind, make_page):
    _entry, make = news_kind
    make(title="综合保税区政策解读", section="policy")
    make(title="综合保税区建设动态", section="zones")
    make_page(title="综合保税区", slug="p")
    html = client.get("/search/", {"q": "综合保税区", "section": "policy"}).content.decode()
    assert html.count('class="search-hit"') == 1
    assert "政策解读" in html and "建设动态" not in html and "/pages/p/" not in html
    assert '<option value="policy" selected>政策法规</option>' in html


def test_scheduled_and_unpublished_articles_never_appear(client, news_kind):
    _entry, make = news_kind
    make(title="高新区排名发布", days_ago=-3)  # scheduled for the future
    make(title="高新区草稿", is_published=False)
    html = client.get("/search/", {"q": "高新区"}).content.decode()
    assert "没有找到与“高新区”相关的内容" in html


def test_a_model_is_registered_under_one_kind_only(news_kind):
    entry, _make = news_kind
    with pytest.raises(ValueError, match="already registered as 'news'"):
        search.register(
            entry.model,
            kind="news2",
            label="资讯二",
            queryset=entry.model.objects.all,
            date_field="published_at",
            fields=lambda article: {"A": article.title},
        )
    assert entry.model.search_kind is entry and search.get_kind("news2") is None


def test_an_unregistered_model_cannot_compute_its_vector():
    with isolate_apps("tests.search"):

        class Unregistered(search.Searchable):
            title = models.CharField(max_length=10)

            class Meta(search.Searchable.Meta):
                app_label = "search"

        with pytest.raises(ImproperlyConfigured, match="not registered"):
            Unregistered(title="协会").compute_search_vector()


def test_registering_a_model_without_the_gin_index_is_refused():
    with isolate_apps("tests.search"):

        class NoIndex(search.Searchable):
            title = models.CharField(max_length=10)

            class Meta:
                app_label = "search"

        with pytest.raises(ImproperlyConfigured, match="Searchable.Meta"):
            search.register(
                NoIndex,
                kind="noindex",
                label="无索引",
                queryset=NoIndex.objects.all,
                date_field="id",
                fields=lambda row: {"A": row.title},
            )
    assert search.get_kind("noindex") is None


@pytest.mark.parametrize("rows", [10, 200])
def test_two_kinds_keep_a_fixed_query_count(
    client, news_kind, make_page, django_assert_max_num_queries, rows
):
    _entry, make = news_kind
    for n in range(rows):
        make(title=f"开发区年报{n}", days_ago=n)
    make_page(title="开发区年报", slug="p")
    client.get("/search/", {"q": "年报"})
    # counts (one query for all kinds) + ranked page + one load per kind on the page
    with django_assert_max_num_queries(4):
        response = client.get("/search/", {"q": "年报"})
    assert response.content.decode().count('class="search-hit"') == min(rows + 1, 20)
