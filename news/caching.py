"""Cached reads behind the news pages.

Every cached value is keyed by one content version, bumped whenever an article, a
section, an attachment or a magazine issue is saved or deleted (and by the admin's bulk
actions), so an edit shows at once. Scheduled changes need no save: a cached value
never outlives the next publish or end time of any article (`ttl()`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from portal import pagecache

VERSION_KEY = "news:version"
NAV_KEY = "news:nav:v1"
MAX_TTL = 300


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        value = int(timezone.now().timestamp() * 1000)
        cache.add(VERSION_KEY, value, None)
        value = cache.get(VERSION_KEY, value)
    return value


def bump_version() -> None:
    pagecache.bump()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), None)
    cache.delete(NAV_KEY)


def key(name: str) -> str:
    return f"news:{version()}:{name}"


def ttl() -> int:
    """Seconds until the next scheduled publish or end time (capped), at least 1.

    The next moment itself is cached with the content version (any save may change it),
    so a cache miss elsewhere costs no query here once it is known.
    """
    now = timezone.now()
    moment_key = key("next-scheduled-change")
    moment = cache.get(moment_key)
    if moment is None:
        moment = _next_scheduled_change(now) or "none"
        cache.set(moment_key, moment, MAX_TTL)
    if moment == "none":
        return MAX_TTL
    return max(1, min(MAX_TTL, int((moment - now).total_seconds()) + 1))


def _next_scheduled_change(now):
    from news.models import Article

    found = Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(
        p=Min("publish_at", filter=Q(publish_at__gt=now)),
        u=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
    )
    moments = [m for m in (found["p"], found["u"]) if m]
    return min(moments) if moments else None


def get_or_build(name: str, build):
    """The cached value of `name`, or `build()` stored until the next scheduled change."""
    cache_key = key(name)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, ttl())
    return value


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


def section_tree() -> SectionTree:
    def build():
        from news.models import Section

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

    # Sections do not depend on publish times: no need to look for the next change.
    cache_key = key("sections")
    tree = cache.get(cache_key)
    if tree is None:
        tree = build()
        cache.set(cache_key, tree, 3600)
    return tree


def nav_sections() -> list[SectionNode]:
    items = cache.get(NAV_KEY)
    if items is None:
        tree = section_tree()
        items = [n for n in tree.child_nodes(None) if n.show_in_nav]
        cache.set(NAV_KEY, items, 3600)
    return items
