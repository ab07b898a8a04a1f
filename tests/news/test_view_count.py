"""点击量 is exact under concurrency: one atomic UPDATE … SET view_count = view_count + 1."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from news.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_concurrent_requests_raise_the_count_by_exactly_fifty(live_server, make_article):
    article = make_article(title="并发点击测试")
    Article.objects.filter(pk=article.pk).update(view_count=100)
    url = live_server.url + article.get_absolute_url()

    def fetch(_):
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(fetch, range(50)))
    assert statuses == [200] * 50
    article.refresh_from_db()
    assert article.view_count == 150


def test_staff_views_and_hidden_articles_are_not_counted(make_article, superuser):
    article = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    staff = Client()
    staff.force_login(superuser)
    staff.get(article.get_absolute_url())
    staff.get(draft.get_absolute_url())
    Client().get(draft.get_absolute_url())
    Client().head(article.get_absolute_url())
    article.refresh_from_db()
    draft.refresh_from_db()
    assert (article.view_count, draft.view_count) == (0, 0)
    Client().get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 1


def test_cached_article_page_shows_each_readers_own_exact_count(make_article):
    article = make_article(title="计数展示")
    Article.objects.filter(pk=article.pk).update(view_count=41)
    first = Client().get(article.get_absolute_url())
    second = Client().get(article.get_absolute_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "42" in first.content.decode() and "43" in second.content.decode()
    assert "private" in second["Cache-Control"] and "no-cache" in second["Cache-Control"]


def test_a_flash_message_cookie_never_reaches_another_readers_article_page(make_article):
    """A replayed signed `messages` cookie used to plant its text into the cached
    article HTML for every reader (security review, item 5)."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message as Flash
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    article = make_article()
    url = article.get_absolute_url()
    planted = CookieStorage(RequestFactory().get("/"))._encode(
        [Flash(constants.INFO, "本站已迁移，请访问 evil.example")]
    )
    attacker = Client()
    attacker.cookies["messages"] = planted
    for _ in range(2):
        attacker.get(url)
    assert "本站已迁移" not in Client().get(url).content.decode()
    assert "本站已迁移" not in Client().get(url).content.decode()


def test_only_the_count_commits_without_waiting_for_the_disk(transactional_db, make_article):
    """The count's own transaction skips the WAL flush; the connection's next writes (an
    editor's save in the same worker) wait for it as before."""
    from django.db import connection

    article = make_article()
    assert Client().get(article.get_absolute_url()).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    article.refresh_from_db()
    assert article.view_count == 1


def test_a_cached_article_visit_costs_the_count_statement_alone(
    make_article, django_assert_num_queries, monkeypatch
):
    """A hit is answered before the middleware: no session lookup, no view, one query
    (the count), and the reader still sees the exact new number."""
    from django.contrib.sessions.middleware import SessionMiddleware

    article = make_article(title="命中路径")
    url = article.get_absolute_url()
    reader = Client()
    assert reader.get(url)["X-Page-Cache"] == "miss"

    def refuse(self, request):
        raise AssertionError("a cache hit reached SessionMiddleware")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    with django_assert_num_queries(1):
        hit = reader.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert 'class="view-count">2<' in hit.content.decode()
