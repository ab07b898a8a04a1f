"""点击量 is exact under concurrency: one atomic UPDATE … SET view_count = view_count + 1,
whose CTE also adds the visit to the article's row of the day (阅读数 per day)."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, ArticleDailyViews

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
    today = ArticleDailyViews.objects.get(article=article, day=timezone.localdate())
    assert today.views == 50


def test_a_visit_is_one_sql_statement_that_also_counts_the_day(make_article):
    article = make_article()
    yesterday = timezone.localdate() - timedelta(days=1)
    ArticleDailyViews.objects.create(article=article, day=yesterday, views=7)
    Client().get(article.get_absolute_url())  # the page is cached from here on
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 1
    rows = ArticleDailyViews.objects.filter(article=article).order_by("day")
    assert [(r.day, r.views) for r in rows] == [(yesterday, 7), (timezone.localdate(), 2)]
    # the day's row keeps the section readers found the article in
    assert rows[1].section_id == article.section_id


def test_the_day_turns_at_midnight_in_beijing_time_not_utc(make_article, monkeypatch):
    article = make_article(publish_at=timezone.now().replace(year=2025))
    shanghai = ZoneInfo("Asia/Shanghai")
    # both moments fall on 1 March in UTC; the second is already 2 March in Beijing
    for moment in (
        datetime(2026, 3, 1, 23, 59, tzinfo=shanghai),
        datetime(2026, 3, 2, 0, 1, tzinfo=shanghai),
    ):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        Client().get(article.get_absolute_url())
    rows = ArticleDailyViews.objects.filter(article=article).order_by("day")
    assert [(r.day, r.views) for r in rows] == [(date(2026, 3, 1), 1), (date(2026, 3, 2), 1)]


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
    assert not ArticleDailyViews.objects.exists()
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


def test_a_cached_article_is_still_served_while_the_database_is_down(make_article, monkeypatch):
    from django.db import OperationalError

    article = make_article(title="停库时仍可阅读")
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    html = response.content.decode()
    assert "停库时仍可阅读" in html
    assert "\u2063count\u2063" not in html and "—" in html
