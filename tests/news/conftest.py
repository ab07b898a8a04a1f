"""Factories for the news tests: plain make_x(**overrides) fixtures."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article, MagazineEntry, MagazineIssue, Section

_seq = itertools.count(1)


@pytest.fixture
def make_section(db):
    def make(**overrides):
        n = next(_seq)
        # A list with a home-page block, as the standard sections are (init_site).
        data = {
            "name": f"栏目{n}",
            "slug": f"section-{n}",
            "kind": Section.Kind.LIST,
            "show_on_home": True,
        }
        data.update(overrides)
        return Section.objects.create(**data)

    return make


@pytest.fixture
def section(make_section):
    return make_section(name="国家级开发区动态", slug="national")


@pytest.fixture
def make_article(section):
    def make(**overrides):
        n = next(_seq)
        data = {
            "title": f"开发区新闻{n}",
            "section": section,
            "source": "本站",
            "author": "记者",
            "summary": "摘要",
            "body": "<p>正文内容。</p>",
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(hours=n),
        }
        data.update(overrides)
        return Article.objects.create(**data)

    return make


@pytest.fixture
def make_issue(db):
    def make(**overrides):
        n = next(_seq)
        data = {"year": 2000 + n % 50, "number": n, "title": f"第{n}期专题"}
        data.update(overrides)
        return MagazineIssue.objects.create(**data)

    return make


@pytest.fixture
def make_entry(db):
    def make(issue, **overrides):
        return MagazineEntry.objects.create(issue=issue, **overrides)

    return make


@pytest.fixture
def hidden_articles(make_article):
    """A draft, a scheduled and an expired article: none may reach readers."""
    now = timezone.now()
    return {
        "draft": make_article(title="草稿文章甲", status=Article.Status.DRAFT),
        "future": make_article(title="定时文章乙", publish_at=now + timedelta(hours=2)),
        "expired": make_article(
            title="过期文章丙",
            publish_at=now - timedelta(days=3),
            unpublish_at=now - timedelta(minutes=1),
        ),
    }
