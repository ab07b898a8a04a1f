"""点击量: the article page is an ordinary cached page; its script posts each visit to
/articles/<id>/views/, which counts it in one SQL statement (the total and the day's
row together) and answers with the new number."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, ArticleDailyViews

pytestmark = pytest.mark.django_db

SCRIPT = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def visit(article, client=None):
    return (client or Client()).post(f"/articles/{article.pk}/views/", **SCRIPT)


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_visits_raise_the_count_by_exactly_fifty(live_server, make_article):
    article = make_article(title="并发点击测试")
    Article.objects.filter(pk=article.pk).update(view_count=100)
    url = f"{live_server.url}/articles/{article.pk}/views/"

    def post(_):
        request = urllib.request.Request(
            url, data=b"", method="POST", headers={"X-Requested-With": "XMLHttpRequest"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(post, range(50)))
    assert statuses == [200] * 50
    article.refresh_from_db()
    assert article.view_count == 150
    today = ArticleDailyViews.objects.get(article=article, day=timezone.localdate())
    assert today.views == 50


def test_a_visit_is_one_sql_statement_that_also_counts_the_day(make_article):
    article = make_article()
    yesterday = timezone.localdate() - timedelta(days=1)
    ArticleDailyViews.objects.create(article=article, day=yesterday, views=7)
    Article.objects.filter(pk=article.pk).update(view_count=7)
    with CaptureQueriesContext(connection) as queries:
        response = visit(article)
    assert response.json() == {"views": 8}
    assert len(queries) == 1
    rows = ArticleDailyViews.objects.filter(article=article).order_by("day")
    assert [(r.day, r.views) for r in rows] == [(yesterday, 7), (timezone.localdate(), 1)]
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
        assert visit(article).status_code == 200
    rows = ArticleDailyViews.objects.filter(article=article).order_by("day")
    assert [(r.day, r.views) for r in rows] == [(date(2026, 3, 1), 1), (date(2026, 3, 2), 1)]


def test_staff_and_articles_readers_cannot_see_are_not_counted(make_article, superuser):
    article = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))
    withdrawn = make_article(unpublish_at=timezone.now() - timedelta(minutes=1))
    binned = make_article()
    Article.objects.filter(pk=binned.pk).update(deleted_at=timezone.now())
    staff = Client()
    staff.force_login(superuser)
    assert visit(article, staff).json() == {"views": 0}
    for hidden in (draft, scheduled, withdrawn, binned):
        response = visit(hidden)
        assert response.status_code == 404
        assert response.json() == {"error": "这篇文章不存在或尚未发布。"}
    assert Client().get(article.get_absolute_url()).status_code == 200  # the page counts nothing
    assert list(Article.objects.order_by("pk").values_list("view_count", flat=True)) == [0] * 5
    assert not ArticleDailyViews.objects.exists()
    assert visit(article).json() == {"views": 1}


def test_the_count_endpoint_is_never_cached_and_refuses_what_a_page_would_not_send(make_article):
    article = make_article()
    response = visit(article)
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert Client().get(f"/articles/{article.pk}/views/").status_code == 405
    # another site's form can post, but cannot send the header a script sends
    cross_site = Client().post(f"/articles/{article.pk}/views/")
    assert cross_site.status_code == 400 and cross_site.json() == {"error": "请从文章页面访问。"}
    for hostile in ("0", "99999999999", "9" * 40):
        assert Client().post(f"/articles/{hostile}/views/", **SCRIPT).status_code == 404
    article.refresh_from_db()
    assert article.view_count == 1


def test_visits_are_rate_limited_per_client_address(make_article, settings):
    settings.NEWS_VIEW_COUNT_RATE = "3/m"
    article = make_article()
    reader = Client(REMOTE_ADDR="203.0.113.7")
    assert [visit(article, reader).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = visit(article, reader)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "操作过于频繁" in refused.json()["error"]
    assert visit(article, Client(REMOTE_ADDR="203.0.113.8")).json() == {"views": 4}
    article.refresh_from_db()
    assert article.view_count == 4


def test_the_cached_page_shows_the_count_it_was_built_with_and_calls_the_endpoint(make_article):
    article = make_article(title="计数展示")
    Article.objects.filter(pk=article.pk).update(view_count=41)
    first = Client().get(article.get_absolute_url())
    visit(article)
    second = Client().get(article.get_absolute_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    html = second.content.decode()
    assert f'data-count-url="/articles/{article.pk}/views/">41<' in html
    assert "/static/js/article" in html
    # an ordinary cached page: nothing in its headers makes it personal
    assert "Cache-Control" not in second and second["Vary"] == "Accept-Encoding"


def test_a_cached_article_is_still_served_while_the_database_is_down(make_article, monkeypatch):
    article = make_article(title="停库时仍可阅读")
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert "停库时仍可阅读" in response.content.decode()
    # the count cannot be taken: the styled 503, which the script ignores
    assert visit(article).status_code == 503


def test_a_flash_message_cookie_never_reaches_another_readers_article_page(make_article):
    """A replayed signed `messages` cookie must not plant its text into the cached page."""
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
        assert "private" in attacker.get(url)["Cache-Control"]
    assert "本站已迁移" not in Client().get(url).content.decode()
    assert "本站已迁移" not in Client().get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_only_the_count_commits_without_waiting_for_the_disk(make_article):
    """The count's own transaction skips the WAL flush; the connection's next writes (an
    editor's save in the same worker) wait for it as before."""
    article = make_article()
    assert visit(article).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    article.refresh_from_db()
    assert article.view_count == 1
