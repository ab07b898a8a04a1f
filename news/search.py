"""How news content takes part in site search (portal.search): articles and notices,
magazine issues and single-page sections. Registered from NewsConfig.ready()."""

from __future__ import annotations

from django.db import models

from portal import search
from portal.sanitize import html_to_text

# Indentation of sub-sections in the search page's 栏目 list.
_INDENT = "\u3000"


def section_choices() -> list[tuple[str, str]]:
    """(slug, name) of every section that lists articles, in tree order; sub-sections
    indented. Built from the cached section tree: no query while the cache is warm."""
    from news.caching import section_tree
    from news.models import Section

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
    from news.caching import section_tree

    tree = section_tree()
    node = tree.get(slug)
    if node is None:
        return queryset.none()
    return queryset.filter(section_id__in=tree.descendant_ids(node.id))


def _issue_snippet(issue) -> str:
    texts = issue.search_fields()
    return " ".join(t for t in (texts["B"], texts["C"]) if t)


def register_kinds() -> None:
    from news.models import Article, MagazineEntry, MagazineIssue, Section

    search.register(
        Article,
        kind="article",
        label="资讯",
        queryset=lambda: Article.objects.published(),
        date_field="publish_at",
        title=lambda article: article.title,
        snippet=lambda article: html_to_text(article.body) or article.summary,
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
        queryset=lambda: MagazineIssue.objects.visible(),
        date_field="published_on",
        title=lambda issue: f"{issue}{' ' + issue.title if issue.title else ''}",
        snippet=_issue_snippet,
        prefetch_related=(
            models.Prefetch("entries", queryset=MagazineEntry.objects.select_related("article")),
        ),
        order=20,
    )
    search.register(
        Section,
        kind="section",
        label="栏目",
        queryset=lambda: Section.objects.filter(kind=Section.Kind.PAGE).exclude(body=""),
        date_field="updated_at",
        title=lambda section: section.name,
        order=80,
    )
