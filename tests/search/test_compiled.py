"""Search compiles each kind's SQL once per process (search.engine._candidates): the
visibility rules still follow the clock, and every registered kind's SQL is kept."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

import search
from news.models import Article
from search import engine

pytestmark = pytest.mark.django_db


def test_every_registered_kind_is_compiled_once():
    """A kind whose visibility reads the clock in Python would be compiled on every
    search, the CPU this cache saves: each kind's SQL is kept after the first search."""
    engine._COMPILED.clear()
    query = search.parse_query("开发区")
    engine.rank_page(query, search.SearchFilters(), offset=0, limit=20)
    db = connection.alias
    kept = {key[0] for key, found in engine._COMPILED.items() if key[1] == db and found[1]}
    assert kept == {k.kind for k in search.registered()}


def test_a_scheduled_article_appears_when_its_time_comes(make_article):
    """The compiled SQL compares with the database's clock, not a time frozen in it."""
    article = make_article(
        title="定时发布的霍尔果斯通知",
        publish_at=timezone.now() + datetime.timedelta(hours=1),
    )
    query = search.parse_query("霍尔果斯")
    counts, rows = engine.rank_page(query, search.SearchFilters(), offset=0, limit=20)
    assert counts.get("article", 0) == 0 and rows == []
    # the time comes (no save: the compiled SQL is not rebuilt by a signal)
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    counts, rows = engine.rank_page(query, search.SearchFilters(), offset=0, limit=20)
    assert counts["article"] == 1
    assert [(pk, kind) for pk, kind, _score, _d in rows] == [(article.pk, "article")]


def test_another_query_is_not_answered_with_the_first_ones_words(make_article):
    make_article(title="温州经济技术开发区")
    make_article(title="宁波保税区")
    for word, title in (("温州", "温州经济技术开发区"), ("宁波", "宁波保税区")):
        hits = engine.load_hits(
            engine.rank_page(search.parse_query(word), search.SearchFilters(), offset=0, limit=20)[
                1
            ],
            search.parse_query(word),
        )
        assert [h.obj.title for h in hits] == [title]
