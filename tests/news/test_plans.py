"""No reader page reads the whole article table: at 100,000 articles (one section holding
19,999) every query a reader page sends about articles, on a cold cache and a warm one,
is planned through an index, never a sequential scan. The rows are made in
one INSERT … generate_series (news.bulk) inside the test's transaction."""

import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from news.bulk import add_articles
from news.models import Article

# The planner chooses by table size: the property holds only with a big table.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[1] / "search" / "corpus.json"
N = 100_000
BIG = 19_999


@pytest.fixture
def many_articles(make_section):
    center = make_section(name="资讯中心", slug="news")
    big = make_section(name="国家级开发区动态", slug="national", parent=center)
    local = make_section(name="地方动态", slug="local", parent=center)
    policy = make_section(name="政策法规", slug="policy")
    laws = make_section(name="法律", slug="laws", parent=policy)
    rules = make_section(name="规章", slug="rules", parent=policy)
    notices = make_section(name="通知公告", slug="notices")
    docs = json.loads(CORPUS.read_text(encoding="utf-8"))
    texts = [(d["title"], d["summary"], d["body"]) for d in docs]
    add_articles(
        N,
        [local.pk, laws.pk, rules.pk, notices.pk],
        texts,
        big_section=big.pk,
        big_count=BIG,
    )
    assert Article.objects.filter(section=big).count() == BIG
    return {"big": big, "policy": policy}


def _article_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries if "news_article" in q["sql"]]


def _seq_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return re.findall(r"Seq Scan on news_article\b.*", plan)


def test_no_reader_page_plans_a_sequential_scan_of_the_articles(many_articles):
    big_pages = -(-BIG // 20)
    old = Article.objects.published().filter(section=many_articles["big"]).order_by("id")[0]
    urls = [
        "/",
        "/news/",
        "/news/national/",
        "/news/national/?page=2",
        "/news/national/?page=500",
        f"/news/national/?page={big_pages}",
        "/news/policy/",
        "/news/policy/?page=900",
        "/news/notices/?page=300",
        f"/articles/{old.pk}/",
        "/feeds/latest/",
        "/feeds/national/",
        "/search/?q=开发区",
        "/search/?q=园区&page=10",  # the last page the ranked candidates fill
        "/search/?q=温州",
        "/search/?q=园区&section=notices",
    ]
    # A session cookie keeps the page cache out of the way: every request runs the view.
    reader = Client()
    reader.cookies["sessionid"] = "none"
    cache.clear()
    checked, scans = 0, []
    for state in ("cold", "warm"):
        for url in urls:
            if state == "cold":
                cache.clear()
            for sql in _article_queries(reader, url):
                if _seq_scans(sql):
                    scans.append((state, url, sql))
                checked += 1
    assert scans == [], "\n".join(f"{s} {u} {q[:160]} … {q[-260:]}" for s, u, q in scans)
    assert checked > len(urls)  # the pages did ask about articles
