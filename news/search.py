"""How news content takes part in site search (search): articles and notices,
magazine issues and single-page sections, each with everything search knows of it.
Registered from NewsConfig.ready()."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef
from django.db.models.functions import Coalesce, Concat, Now, NullIf

import search
from editorial.sanitize import html_to_text, plain_text
from news.caching import section_tree
from news.models import Article, MagazineEntry, MagazineIssue, Section

# Indentation of sub-sections in the search page's 栏目 list.
_INDENT = "\u3000"


def section_choices() -> list[tuple[str, str]]:
    """(slug, name) of every section that lists articles, in tree order; sub-sections
    indented. Built from the cached section tree: no query while the cache is warm."""
    tree = section_tree()
    choices: list[tuple[str, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for node in tree.child_nodes(parent_id):
            if node.kind == Section.Kind.LIST:
                choices.append((node.slug, f"{_INDENT * depth}{node.name}"))
                walk(node.id, depth + 1)

    walk(None, 0)
    return choices


def in_section(queryset: models.QuerySet, slug: str) -> models.QuerySet:
    """Articles of the section `slug` and of all its sub-sections."""
    tree = section_tree()
    node = tree.get(slug)
    if node is None:
        return queryset.none()
    return queryset.filter(section_id__in=tree.descendant_ids(node.id))


def article_fields(article: Article) -> dict[str, str]:
    """A member-only article is found by its title and summary, as the public sees it:
    the index is shared by every reader, so its body words are not in it."""
    return {
        "A": f"{article.title} {article.subtitle}",
        "B": f"{article.summary} {article.source} {article.author}",
        "C": "" if article.members_only else html_to_text(article.body),
    }


def article_snippet(article: Article) -> str:
    """A hit's text: the body (plain_text: html_to_text's words at a tenth of the CPU),
    or the summary. A member-only article's is its summary, as the public sees it."""
    return ("" if article.members_only else plain_text(article.body)) or article.summary


def issue_fields(issue: MagazineIssue) -> dict[str, str]:
    """The issue's own texts and its table of contents (lines without their own title
    are found by their article's title)."""
    lines = []
    if "entries" in getattr(issue, "_prefetched_objects_cache", {}):
        # search results and re-indexing prefetch the contents with their articles
        lines = [(e.column, e.display_title) for e in issue.entries.all()]
    elif issue.pk is not None:
        rows = issue.entries.values_list("column", "title", "article__title")
        lines = [(column, title or article or "") for column, title, article in rows]
    contents = " ".join(f"{column} {title}" for column, title in lines)
    return {
        "A": f"{issue.title} 《中国开发区》会刊 {issue.label}",
        "B": issue.summary,
        "C": contents,
    }


def _issue_snippet(issue: MagazineIssue) -> str:
    lines = getattr(issue, "contents_lines", None)  # a page of hits loads them (below)
    if lines is None:
        lines = [issue_fields(issue)["C"]]
    return " ".join(t for t in (issue.summary, *lines) if t)


def _contents_lines() -> dict:
    """A magazine hit's table of contents, read with the issue's row: each line's column
    and title, or its article's title (MagazineEntry.display_title), in order."""
    lines = (
        MagazineEntry.objects.filter(issue=OuterRef("pk"))
        .order_by("order", "id")
        .values(
            line=Concat(
                "column",
                models.Value(" "),
                Coalesce(NullIf("title", models.Value("")), "article__title", models.Value("")),
                output_field=models.CharField(),
            )
        )
    )
    return {"contents_lines": ArraySubquery(lines)}


def section_fields(section: Section) -> dict[str, str]:
    # Only single pages are searched (the kind's queryset); list sections get a vector
    # too, so that turning a list into a page needs no re-index.
    return {"A": section.name, "B": section.description, "C": html_to_text(section.body)}


def register_kinds() -> None:
    search.register(
        Article,
        kind="article",
        label="资讯",
        # the database's clock: the SQL is compiled once (search.engine)
        queryset=lambda: Article.objects.published(now=Now()),
        date_field="publish_at",
        fields=article_fields,
        title=lambda article: article.title,
        snippet=article_snippet,
        section_field="section",
        sections=section_choices,
        section_filter=in_section,
        select_related=("section",),
        order=10,
    )
    search.register(
        MagazineIssue,
        kind="magazine",
        label="会刊",
        queryset=lambda: MagazineIssue.objects.published(),
        date_field="published_on",
        fields=issue_fields,
        title=lambda issue: f"{issue}{' ' + issue.title if issue.title else ''}",
        snippet=_issue_snippet,
        annotations=_contents_lines,
        prefetch_related=(
            # of the lines' articles only the titles (display_title): not their bodies
            # and vectors (KBs a row), nor the rest of their 28 columns
            models.Prefetch(
                "entries",
                queryset=MagazineEntry.objects.select_related("article").only(
                    "issue", "column", "title", "article__title", "page", "order"
                ),
            ),
        ),
        order=20,
    )
    search.register(
        Section,
        kind="section",
        label="栏目",
        queryset=lambda: Section.objects.filter(kind=Section.Kind.PAGE).exclude(body=""),
        date_field="updated_at",
        fields=section_fields,
        title=lambda section: section.name,
        snippet=lambda section: plain_text(section.body) or section.description,
        order=80,
    )
