"""Sections, articles, notices and the magazine: what news/ shows readers, as JSON.

Every query starts from `.published()`; each endpoint reads a fixed number of rows
(a page plus one) in a fixed number of queries, whatever the data size
(tests/api/test_queries.py)."""

from __future__ import annotations

import datetime
import re

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from api import schemas
from api.http import MAX_PAGE, absolute, base_url, file_url, local, paged, window
from editorial.sanitize import clean_html
from news.caching import section_tree
from news.models import NOTICES_SLUG, Article, MagazineIssue
from search.engine import SearchFilters, matching
from search.query import parse_query
from search.registry import get_kind

router = Router(tags=["资讯"])
LIST_FIELDS = (
    "id",
    "title",
    "subtitle",
    "summary",
    "publish_at",
    "is_pinned",
    "is_headline",
    "cover_list",
    "section__id",
    "section__name",
    "section__slug",
)
PageParam = Query(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
# A site path in an attribute of the body: made absolute for clients on other sites.
_SITE_PATH = re.compile(r'(\s(?:src|href)=")(/(?!/)[^"]*)"')


def members_only(article: Article) -> bool:
    """The hook of 会员可见: a member-only article is shown to the API, as to anonymous
    readers on the site, by its title and summary only. When the member area adds its
    flag to Article, this reads it; every field beyond the list item's passes here."""
    return bool(getattr(article, "members_only", False))


def _tree_nodes(tree, parent_id, request) -> list[dict]:
    return [
        {
            "id": node.id,
            "name": node.name,
            "slug": node.slug,
            "kind": node.kind,
            "url": absolute(request, node.url),
            "description": node.description,
            "children": _tree_nodes(tree, node.id, request),
        }
        for node in tree.child_nodes(parent_id)
    ]


@router.get("/sections", response=schemas.answers(list[schemas.SectionNode]), summary="栏目树")
def list_sections(request):
    return _tree_nodes(section_tree(), None, request)


def article_item(request, article: Article) -> dict:
    section = article.section
    return {
        "id": article.id,
        "title": article.title,
        "subtitle": article.subtitle,
        "summary": article.summary,
        "section": {"id": section.id, "name": section.name, "slug": section.slug},
        "publish_at": local(article.publish_at),
        "is_pinned": article.is_pinned,
        "is_headline": article.is_headline,
        "cover": file_url(request, article.cover_list),
        "url": absolute(request, article.get_absolute_url()),
    }


def _in_section(queryset, slug: str):
    tree = section_tree()
    node = tree.get(slug)
    if node is None:
        raise Http404(f"栏目“{slug[:40]}”不存在。")
    return queryset.filter(section_id__in=tree.descendant_ids(node.id)).in_list_order()


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get("/articles", response=schemas.answers(schemas.ArticlePage), summary="文章列表")
def list_articles(
    request,
    section: str | None = Query(
        None, max_length=60, description="栏目网址名（含下级栏目）；给出时置顶的在前"
    ),
    date_from: datetime.date | None = Query(None, alias="from", description="起始日期 YYYY-MM-DD"),
    date_to: datetime.date | None = Query(None, alias="to", description="截止日期 YYYY-MM-DD"),
    pinned: bool | None = Query(None, description="只要置顶（true）或非置顶（false）"),
    headline: bool | None = Query(None, description="只要头条（true）或非头条（false）"),
    q: str | None = Query(None, max_length=50, description="关键词，用站内搜索的中文分词检索"),
    page: int = PageParam,
):
    articles = Article.objects.published()
    if q:
        query = parse_query(q)
        if query.empty:
            raise HttpError(400, "关键词中没有可检索的字词。")
        articles = matching(get_kind("article"), query, SearchFilters())
    if date_from:
        articles = articles.filter(publish_at__gte=_day_start(date_from))
    if date_to:
        articles = articles.filter(publish_at__lt=_day_start(date_to + datetime.timedelta(1)))
    if pinned is not None:
        articles = articles.filter(is_pinned=pinned)
    if headline is not None:
        articles = articles.filter(is_headline=headline)
    if section:
        articles = _in_section(articles, section)
    else:
        articles = articles.order_by("-publish_at", "-id")
    rows = window(articles.select_related("section").only(*LIST_FIELDS), page)
    return paged(request, [article_item(request, a) for a in rows], page)


def body_html(request, html: str) -> str:
    base = base_url(request)
    return _SITE_PATH.sub(lambda m: f'{m.group(1)}{base}{m.group(2)}"', clean_html(html))


@router.get(
    "/articles/{int:article_id}",
    response=schemas.answers(schemas.ArticleDetail),
    summary="文章详情",
)
def get_article(request, article_id: int):
    article = (
        Article.objects.published()
        .select_related("section")
        .prefetch_related("attachments")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise Http404("这篇文章不存在或尚未发布。")
    data = article_item(request, article)
    hidden = members_only(article)
    data.update(
        source=article.source,
        author=article.author,
        view_count=article.view_count,
        members_only=hidden,
        # What only members may read stops here: no body, no files, no large cover.
        body_html=None if hidden else body_html(request, article.body),
        attachments=[]
        if hidden
        else [
            {
                "title": a.title,
                "url": absolute(request, a.file.url),
                "size": a.size,
                "extension": a.extension,
            }
            for a in article.attachments.all()
        ],
        cover_large=None if hidden else file_url(request, article.cover),
    )
    return data


@router.get("/notices", response=schemas.answers(schemas.ArticlePage), summary="通知公告")
def list_notices(request, page: int = PageParam):
    notices = _in_section(Article.objects.published(), NOTICES_SLUG)
    rows = window(notices.select_related("section").only(*LIST_FIELDS), page)
    return paged(request, [article_item(request, a) for a in rows], page)


def issue_data(request, issue: MagazineIssue) -> dict:
    lines = []
    for entry in issue.entries.all():
        article = entry.article if entry.article_id and entry.article.is_visible else None
        lines.append(
            {
                "column": entry.column,
                "title": entry.title or (entry.article.title if entry.article_id else ""),
                "page": entry.page,
                "article_id": article.id if article else None,
                "article_url": absolute(request, article.get_absolute_url()) if article else None,
            }
        )
    return {
        "id": issue.id,
        "year": issue.year,
        "number": issue.number,
        "label": issue.label,
        "title": issue.title,
        "summary": issue.summary,
        "published_on": issue.published_on.isoformat(),
        "cover": file_url(request, issue.cover),
        "pdf": file_url(request, issue.pdf),
        "url": absolute(request, issue.get_absolute_url()),
        "contents": lines,
    }


def _issues():
    return MagazineIssue.objects.published().prefetch_related("entries__article")


@router.get("/magazine", response=schemas.answers(schemas.IssuePage), summary="会刊各期及目录")
def list_issues(request, page: int = PageParam):
    rows = window(_issues(), page)
    return paged(request, [issue_data(request, i) for i in rows], page)


@router.get(
    "/magazine/{int:issue_id}", response=schemas.answers(schemas.Issue), summary="会刊一期及目录"
)
def get_issue(request, issue_id: int):
    issue = _issues().filter(pk=issue_id).first()
    if issue is None:
        raise Http404("这一期会刊不存在或尚未上线。")
    return issue_data(request, issue)
