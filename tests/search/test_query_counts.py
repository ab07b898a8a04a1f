"""/search/ issues a fixed number of queries with every kind registered, however many
rows match: one for the counts of all kinds, one for the ranked page, one per kind shown
(plus the contents of shown magazine issues and the industries of shown zones).
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from associations.models import Association, Zone
from events.models import Event
from news.models import Article, MagazineIssue, Section
from portal.models import Page
from search import loading, registered

pytestmark = pytest.mark.django_db


def _bulk(model, rows):
    for row in rows:
        if hasattr(row, "derive_fields"):
            row.derive_fields()
        row.search_vector = row.compute_search_vector()
    model.objects.bulk_create(rows)


@pytest.fixture
def every_kind(news_sections):
    """`rows` matching rows of each of the seven registered kinds."""

    def make(rows: int):
        now = timezone.now()
        _bulk(
            Article,
            [
                Article(
                    title=f"开发区年报{n}",
                    section=news_sections["local" if n % 2 else "notices"],
                    body="<p>开发区年报正文。</p>",
                    status=Article.Status.PUBLISHED,
                    publish_at=now - datetime.timedelta(hours=n + 1),
                )
                for n in range(rows)
            ],
        )
        _bulk(
            Zone,
            [
                Zone(
                    name=f"开发区年报示范区{n}",
                    province="江苏省",
                    level=Zone.Level.NATIONAL,
                    zone_type=Zone.Type.ECONOMIC,
                )
                for n in range(rows)
            ],
        )
        _bulk(
            Association,
            [Association(name=f"开发区年报协会{n}", kind="branch") for n in range(rows)],
        )
        _bulk(
            MagazineIssue,
            [MagazineIssue(year=1900 + n, number=1, title="开发区年报") for n in range(rows)],
        )
        _bulk(Page, [Page(title=f"开发区年报{n}", slug=f"p{n}") for n in range(rows)])
        _bulk(
            Event,
            [
                Event(
                    title=f"开发区年报发布会{n}",
                    place="北京",
                    starts_at=now + datetime.timedelta(days=n + 1),
                    ends_at=now + datetime.timedelta(days=n + 1, hours=3),
                    registration_opens_at=now - datetime.timedelta(days=1),
                    registration_closes_at=now + datetime.timedelta(days=n),
                    capacity=50,
                    status=Event.Status.PUBLISHED,
                    publish_at=now - datetime.timedelta(days=1),
                )
                for n in range(rows)
            ],
        )
        _bulk(
            Section,
            [
                Section(name=f"开发区年报{n}", slug=f"s{n}", kind="page", body="<p>年报</p>")
                for n in range(rows)
            ],
        )

    return make


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "年报"},
        {"q": "开发区 年报", "page": "2"},
        {"q": "年报", "section": "news"},
        {"q": "报"},  # one character, matched inside 年报: the same statements
        {"q": "年报", "kind": "zone"},  # zones read their industries with their rows
        {"q": "年报", "kind": "magazine"},  # issues their contents lines
    ],
)
def test_query_count_is_fixed_with_every_kind_registered(
    client, every_kind, rows, params, forget_cached_page
):
    every_kind(rows)
    client.get("/search/", params)  # warms the site-settings, nav and section caches
    forget_cached_page("/search/", params)  # measure the view, not the whole-page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    html = response.content.decode()
    assert response.status_code == 200
    hits = html.count('class="search-hit"')
    assert hits == 20 if rows == 200 else hits > 0
    kinds_shown = set(re.findall(r'<span class="badge badge-kind">([^<]+)</span>', html))
    # one statement for the counts and the ranking, one per kind shown: magazine issues
    # read their contents lines and zones their industries in the query of their rows
    expected = 1 + len(kinds_shown)
    assert len(queries) == expected, [q["sql"][:120] for q in queries]
    assert len(queries) <= 10
    if "section" in params:
        assert kinds_shown == {"资讯"}
    if params.get("kind") in ("zone", "magazine"):
        assert kinds_shown == {"开发区" if params["kind"] == "zone" else "会刊"}


def test_every_kind_loads_its_hits_with_sql_compiled_once(client, every_kind):
    """The objects of a page of hits come from SQL compiled once per kind
    (search.loading): a kind whose SQL cannot be kept would be loaded through the ORM,
    correctly but at the CPU that saves."""
    every_kind(2)
    loading._LOADERS.clear()
    response = client.get("/search/", {"q": "年报"})
    assert response.status_code == 200
    kept = {kind for (kind, _db), loader in loading._LOADERS.items() if loader.sql}
    assert kept == {k.kind for k in registered()}
