import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from portal import search

HERE = Path(__file__).parent


def corpus_documents() -> list[dict]:
    return json.loads((HERE / "corpus.json").read_text(encoding="utf-8"))


def relevance_queries() -> list[dict]:
    return json.loads((HERE / "queries.json").read_text(encoding="utf-8"))


@pytest.fixture
def make_searchable_page(make_page):
    """A published page dated `days_ago`: its search date is updated_at."""
    from portal.models import Page

    def make(*, days_ago: int = 0, **overrides):
        page = make_page(**overrides)
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Page.objects.filter(pk=page.pk).update(updated_at=when)
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def corpus_index(db):
    """The relevance corpus loaded as searchable rows; returns (kind, {pk: corpus id}).

    Phase 1 loads it into Page (summary + source as weight B, body as C). To run the
    relevance test on articles, change only this fixture to create Article rows.
    """
    from portal.models import Page

    docs = corpus_documents()
    pages = []
    for doc in docs:
        page = Page(
            title=doc["title"],
            slug=f"c-{doc['id']}",
            summary=f"{doc['summary']} {doc['source']}",
            body="".join(f"<p>{para}</p>" for para in doc["body"].split("\n")),
            is_published=True,
        )
        page.search_vector = page.compute_search_vector()
        pages.append(page)
    Page.objects.bulk_create(pages)
    ids = {}
    for doc in docs:
        day = datetime.date.fromisoformat(doc["date"])
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Page.objects.filter(slug=f"c-{doc['id']}").update(updated_at=when)
    for pk, slug in Page.objects.filter(slug__startswith="c-").values_list("pk", "slug"):
        ids[pk] = int(slug.removeprefix("c-"))
    return search.get_kind("page"), ids


def run_search(q: str, *, limit: int = 20, **filters) -> list:
    """The hits the search page would list first for `q` (all kinds, ranked)."""
    query = search.parse_query(q)
    f = search.SearchFilters(**filters)
    kinds = [k for k in search.kinds_for(f) if not f.kind or k.kind == f.kind]
    return search.RankedResults(query, kinds, f, limit)[0:limit]
