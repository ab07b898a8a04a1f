"""Site-wide news data every page reads: the section tree (menus, breadcrumbs, lists)
and how long a cached page may live before the next scheduled publish or end time.

Both are cached under the content version (`portal.freshness`), which any save of a
section or article moves on (see news/receivers.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from news.models import Article, Section
from portal import freshness

MAX_TTL = 300


def ttl() -> int:
    """Seconds until the next scheduled publish or end time (capped), at least 1.

    The moment itself is cached with the content version (any save may change it), so
    a page-cache miss costs no query here once it is known.
    """
    now = timezone.now()
    moment = freshness.cached("news:next-scheduled-change", lambda: _next_change(now), MAX_TTL)
    if moment == "none":
        return MAX_TTL
    return max(1, min(MAX_TTL, int((moment - now).total_seconds()) + 1))


def _next_change(now):
    """The next publish or end time: one query of two index look-ups (article_latest_idx
    read backwards, article_unpublish_idx). One aggregate over both used to read every
    published row (tests/news/test_plans.py checks the plan)."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    soonest = [
        published.filter(**{f"{field}__gt": now}).order_by(field).values_list(field, flat=True)[:1]
        for field in ("publish_at", "unpublish_at")
    ]
    moments = list(soonest[0].union(soonest[1], all=True))
    return min(moments) if moments else "none"


@dataclass(frozen=True)
class SectionNode:
    """A section as the reader pages need it, without further queries."""

    id: int
    name: str
    slug: str
    kind: str
    url: str
    external: bool
    parent_id: int | None
    show_in_nav: bool
    description: str
    show_on_home: bool = True


@dataclass(frozen=True)
class SectionTree:
    nodes: dict[int, SectionNode]
    by_slug: dict[str, int]
    children: dict[int | None, list[int]]

    def get(self, slug: str) -> SectionNode | None:
        pk = self.by_slug.get(slug)
        return self.nodes[pk] if pk is not None else None

    def ancestors(self, pk: int) -> list[SectionNode]:
        """From the top-level section down to `pk` itself."""
        chain: list[SectionNode] = []
        seen: set[int] = set()
        node = self.nodes.get(pk)
        while node is not None and node.id not in seen:
            seen.add(node.id)
            chain.append(node)
            node = self.nodes.get(node.parent_id) if node.parent_id else None
        return chain[::-1]

    def child_nodes(self, pk: int | None) -> list[SectionNode]:
        return [self.nodes[c] for c in self.children.get(pk, [])]

    def descendant_ids(self, pk: int) -> list[int]:
        ids, stack = [], [pk]
        while stack:
            current = stack.pop()
            if current in ids:
                continue
            ids.append(current)
            stack.extend(self.children.get(current, []))
        return ids

    def top(self, pk: int) -> SectionNode:
        return self.ancestors(pk)[0]


def _build_tree() -> SectionTree:
    nodes: dict[int, SectionNode] = {}
    children: dict[int | None, list[int]] = {}
    for s in Section.objects.order_by("order", "id"):
        nodes[s.pk] = SectionNode(
            id=s.pk,
            name=s.name,
            slug=s.slug,
            kind=s.kind,
            url=s.get_absolute_url(),
            external=s.is_external,
            parent_id=s.parent_id,
            show_in_nav=s.show_in_nav,
            description=s.description,
            show_on_home=s.show_on_home,
        )
        children.setdefault(s.parent_id, []).append(s.pk)
    return SectionTree(nodes, {n.slug: n.id for n in nodes.values()}, children)


def section_tree() -> SectionTree:
    # Sections do not depend on publish times: no need to look for the next change.
    return freshness.cached("news:sections", _build_tree, 3600)


def nav_sections() -> list[SectionNode]:
    return [n for n in section_tree().child_nodes(None) if n.show_in_nav]
