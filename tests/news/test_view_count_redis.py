"""点击量 with Redis (production's cache): a visit is one Redis script and no database
write; batches reach PostgreSQL exactly once; a Redis restart loses only the batch not
yet written, and a Redis outage falls back to counting in the database (news/visits.py)."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from news import reads, visits
from news.models import Article, ArticleDailyViews, ViewCountBatch

pytestmark = pytest.mark.django_db(transaction=True)


def shown(response) -> int:
    return int(re.search(r'class="view-count">(\d+)<', response.content.decode()).group(1))


def stored(article) -> int:
    article.refresh_from_db()
    return article.view_count


def today_views(article) -> int:
    row = ArticleDailyViews.objects.filter(article=article, day=timezone.localdate()).first()
    return row.views if row else 0


def test_visits_are_shown_exactly_and_written_to_the_database_in_one_batch(
    redis_cache, make_article
):
    article = make_article(title="批量写入")
    Article.objects.filter(pk=article.pk).update(view_count=100)
    answers = [Client().get(article.get_absolute_url()) for _ in range(5)]
    assert [a["X-Page-Cache"] for a in answers] == ["miss", "hit", "hit", "hit", "hit"]
    assert [shown(a) for a in answers] == [101, 102, 103, 104, 105]
    # nothing written yet: the batch is young
    assert (stored(article), today_views(article)) == (100, 0)

    assert visits.flush() == 5
    assert (stored(article), today_views(article)) == (105, 5)
    assert ViewCountBatch.objects.get().visits == 5
    assert visits.flush() == 0  # nothing pending: nothing written twice
    assert stored(article) == 105
    assert shown(Client().get(article.get_absolute_url())) == 106


def test_a_cached_visit_costs_one_redis_script_and_no_sql(
    redis_cache, make_article, django_assert_num_queries
):
    article = make_article()
    Client().get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit" and shown(response) == 2


def test_the_first_visit_after_the_batch_is_old_writes_it(redis_cache, make_article, settings):
    article = make_article()
    settings.VIEW_COUNT_FLUSH_SECONDS = 0  # every batch is old at once
    for n in range(1, 4):
        assert shown(Client().get(article.get_absolute_url())) == n
        assert (stored(article), today_views(article)) == (n, n)
    assert ViewCountBatch.objects.count() == 3


def test_a_batch_whose_flush_died_after_its_commit_is_not_added_twice(
    redis_cache, make_article, monkeypatch
):
    article = make_article()
    for _ in range(4):
        Client().get(article.get_absolute_url())
    write = visits.write_batch

    def commit_then_die(*args):
        write(*args)
        raise RuntimeError("the worker was killed before Redis heard of the commit")

    monkeypatch.setattr(visits, "write_batch", commit_then_die)
    with pytest.raises(RuntimeError):
        visits.flush()
    assert stored(article) == 4
    monkeypatch.setattr(visits, "write_batch", write)
    Client().get(article.get_absolute_url())  # a visit meanwhile goes to the next batch
    assert visits.flush() == 0  # the left-over batch: its token is known, dropped
    assert visits.flush() == 1
    assert (stored(article), today_views(article)) == (5, 5)


def test_a_redis_restart_loses_only_the_batch_not_yet_written(redis_cache, make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(view_count=10)
    for _ in range(3):
        Client().get(article.get_absolute_url())
    assert visits.flush() == 3
    for _ in range(2):  # these two stay in Redis …
        Client().get(article.get_absolute_url())
    redis_cache.restart()  # … and go with it (README: what an unwritten batch risks)
    response = Client().get(article.get_absolute_url())
    assert shown(response) == 14  # the total starts again from the database: 13, + 1
    assert visits.flush() == 1
    assert (stored(article), today_views(article)) == (14, 4)


def test_while_redis_is_down_each_visit_is_counted_in_the_database(redis_cache, make_article):
    article = make_article()
    redis_cache.stop()
    answers = [Client().get(article.get_absolute_url()) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert [shown(a) for a in answers] == [1, 2]
    assert (stored(article), today_views(article)) == (2, 2)


def test_hidden_articles_and_staff_are_not_counted_in_redis(redis_cache, make_article, superuser):
    draft = make_article(status=Article.Status.DRAFT)
    article = make_article()
    assert Client().get(draft.get_absolute_url()).status_code == 404
    staff = Client()
    staff.force_login(superuser)
    assert staff.get(article.get_absolute_url()).status_code == 200
    assert visits.flush() == 0
    assert (stored(draft), stored(article)) == (0, 0)


def test_the_dashboard_figures_include_visits_not_yet_written(redis_cache, make_article):
    article = make_article()
    for _ in range(3):
        Client().get(article.get_absolute_url())
    figures = reads.figures(timezone.localdate())
    assert figures["per_day"][-1][1] == 3
    assert stored(article) == 3


def test_a_cached_article_is_one_redis_round_trip(redis_cache, make_article, monkeypatch):
    """The page and the count in one script: one command sent to Redis per hit."""
    import redis

    article = make_article()
    Client().get(article.get_absolute_url())  # built and stored
    Client().get(article.get_absolute_url())  # the count script is loaded
    sent = []
    execute = redis.Redis.execute_command

    def counted(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit" and shown(response) == 3
    assert sent == ["EVALSHA"]


def test_a_visit_to_a_stale_copy_is_counted_once(redis_cache, make_article):
    article = make_article()
    other = make_article()
    Client().get(article.get_absolute_url())
    other.title = "另一篇文章改了标题"
    other.save()  # every cached page is stale now
    response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and shown(response) == 2
    assert visits.flush() == 2
    assert (stored(article), today_views(article)) == (2, 2)


def test_a_visit_to_the_stale_copy_of_a_withdrawn_article_is_taken_back(redis_cache, make_article):
    article = make_article()
    for _ in range(2):
        Client().get(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()  # its cached copy is stale, still in Redis
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert visits.flush() == 2
    assert (stored(article), today_views(article)) == (2, 2)


def test_an_article_is_never_served_from_a_stale_copy(redis_cache, make_article):
    from django.test import RequestFactory

    from portal.pagecache import _rebuild_key, page_key

    article = make_article(title="旧标题")
    url = article.get_absolute_url()
    Client().get(url)
    article.title = "新标题"
    article.save()
    redis_cache_key = _rebuild_key(page_key(RequestFactory().get(url)))
    from django.core.cache import cache

    cache.add(redis_cache_key, 1, 10)  # as if another reader were rebuilding it
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss" and "新标题" in response.content.decode()
    assert shown(response) == 2


def test_flush_view_counts_writes_what_is_pending_at_once(redis_cache, make_article):
    from io import StringIO

    from django.core.management import call_command

    article = make_article()
    for _ in range(3):
        Client().get(article.get_absolute_url())
    out = StringIO()
    call_command("flush_view_counts", stdout=out)
    assert out.getvalue().strip() == "已写入 3 次阅读。"
    assert (stored(article), today_views(article)) == (3, 3)
