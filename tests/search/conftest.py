import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

import search

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


# The corpus's sections as a tree like the demo's: four under 资讯中心, two top-level.
CORPUS_SECTIONS = {
    "园区资讯": ("zone-news", "news"),
    "地方动态": ("local-news", "news"),
    "协会动态": ("association-news", "news"),
    "政策法规": ("policy", None),
    "通知公告": ("notices", None),
}


@pytest.fixture
def corpus_index(db):
    """The relevance corpus loaded as published articles in a section tree (notices in
    `notices`) and the magazine document as an issue; returns {(kind, pk): corpus id}.

    Rows are bulk-inserted with their vectors computed in Python, as a data load would.
    """
    from news.models import Article, MagazineIssue, Section

    news = Section.objects.create(name="资讯中心", slug="news", order=10)
    sections = {}
    for name, (slug, parent) in CORPUS_SECTIONS.items():
        sections[name] = Section.objects.create(
            name=name, slug=slug, parent=news if parent else None
        )

    def when(doc):
        day = datetime.date.fromisoformat(doc["date"])
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))

    ids = {}
    articles = []
    for doc in corpus_documents():
        if doc["kind"] == "magazine":
            year, number = re.search(r"(\d{4})年第(\d+)期", doc["title"]).groups()
            issue = MagazineIssue.objects.create(
                year=int(year),
                number=int(number),
                summary=f"{doc['summary']}{doc['body']}",
                published_on=when(doc).date(),
            )
            ids[("magazine", issue.pk)] = doc["id"]
            continue
        article = Article(
            title=doc["title"],
            section=sections[doc["section"]],
            summary=doc["summary"],
            source=doc["source"],
            body="".join(f"<p>{para}</p>" for para in doc["body"].split("\n")),
            status=Article.Status.PUBLISHED,
            publish_at=when(doc),
        )
        article.search_vector = article.compute_search_vector()
        article.corpus_id = doc["id"]
        articles.append(article)
    Article.objects.bulk_create(articles)
    ids.update({("article", a.pk): a.corpus_id for a in articles})
    return ids


def run_search(q: str, *, limit: int = 20, **filters) -> list:
    """The hits the search page would list first for `q` (all kinds, ranked)."""
    query = search.parse_query(q)
    f = search.SearchFilters(**filters)
    kinds = [k for k in search.kinds_for(f) if not f.kind or k.kind == f.kind]
    return search.RankedResults(query, kinds, f, limit)[0:limit]


# ---------------------------------------------------------------- registered kinds


@pytest.fixture
def news_sections(db):
    """资讯中心 with two sub-sections, 通知公告 (notices) and a single-page section."""
    from news.models import Section

    news = Section.objects.create(name="资讯中心", slug="news", order=10)
    return {
        "news": news,
        "national": Section.objects.create(
            name="国家级开发区动态", slug="national-zones", parent=news, order=10
        ),
        "local": Section.objects.create(name="地方动态", slug="local-news", parent=news, order=20),
        "notices": Section.objects.create(name="通知公告", slug="notices", order=20),
    }


@pytest.fixture
def make_article(news_sections):
    """A published article (in 国家级开发区动态 unless `section` names another)."""
    from news.models import Article

    def make(*, section="national", hours_ago=1, **overrides):
        data = {
            "title": "开发区新闻",
            "section": news_sections[section],
            "body": "<p>正文内容。</p>",
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(hours=hours_ago),
        }
        data.update(overrides)
        return Article.objects.create(**data)

    return make


@pytest.fixture
def make_zone(db):
    from associations.models import Zone

    def make(*, industries=(), **overrides):
        data = {
            "name": "示例经济技术开发区",
            "province": "江苏省",
            "city": "南京市",
            "level": Zone.Level.NATIONAL,
            "zone_type": Zone.Type.ECONOMIC,
            "introduction": "<p>园区简介。</p>",
        }
        data.update(overrides)
        zone = Zone.objects.create(**data)
        if industries:
            zone.industries.set(industries)
        return zone

    return make


def hits_of(response) -> list[str]:
    """The result links of a search page, in order."""
    return re.findall(
        r'<h2 class="search-hit-title">.*?<a href="([^"]+)"', response.content.decode()
    )
