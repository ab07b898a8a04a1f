"""News models: sections (栏目), articles with attachments, and the magazine."""

from news.models.articles import (
    COVER_RENDITIONS,
    Article,
    ArticleAttachment,
    ArticleQuerySet,
    _cover_path,
)
from news.models.magazine import MagazineEntry, MagazineIssue
from news.models.reads import ArticleDailyViews
from news.models.sections import NEWS_INDEX_SLUG, NOTICES_SLUG, Section

__all__ = [
    "COVER_RENDITIONS",
    "NEWS_INDEX_SLUG",
    "NOTICES_SLUG",
    "Article",
    "ArticleAttachment",
    "ArticleDailyViews",
    "ArticleQuerySet",
    "MagazineEntry",
    "MagazineIssue",
    "Section",
    "_cover_path",  # named by migration 0001
]
