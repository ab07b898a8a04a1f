"""Which models take part in site search, and how. Each app registers its kinds from
its own search module (news.search, associations.search, portal.search_pages), called
by its ``AppConfig.ready()``; the search page only talks to this registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from search.index import Searchable

# Plain text by weight: {"A": title, "B": summary/source/author, "C": body}.
Fields = Callable[[models.Model], dict[str, str]]


@dataclass
class SearchKind:
    """How one model takes part in site search."""

    model: type[models.Model]
    kind: str  # the ?kind= value
    label: str  # shown to readers: 资讯, 单页 …
    queryset: Callable[[], models.QuerySet]  # what readers may see: .published()
    date_field: str  # newest first among equal matches; ?from= / ?to= filter it
    # what is indexed, for every row of the model (not only the visible ones)
    fields: Fields
    snippet: Callable[[models.Model], str]  # plain text the snippet is cut from
    title: Callable[[models.Model], str] = str
    section_field: str | None = None  # FK to a model with `slug` and `name`
    sections: Callable[[], list[tuple[str, str]]] | None = None  # (slug, name) choices
    # (queryset, slug) -> queryset: e.g. a section and its sub-sections; default: slug match
    section_filter: Callable[[models.QuerySet, str], models.QuerySet] | None = None
    select_related: tuple[str, ...] = ()
    # what fields()/title()/snippet() read from other tables: one more query per kind
    # on a page, and none per row when re-indexing
    prefetch_related: tuple = ()
    # what a page of hits reads from other tables, as expressions on each row (an
    # ArraySubquery, say), loaded by the page's one query for the kind: when given, a
    # page is loaded with them instead of the prefetches above, which cost a second
    # query through the ORM on every search (the prefetches still serve re-indexing)
    annotations: Callable[[], dict] | None = None
    order: int = 100
    # the hit's meta line before its date (default: the section's name), e.g. a place
    meta: Callable[[models.Model], str] | None = None

    def published(self) -> models.QuerySet:
        qs = self.queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.annotations:
            qs = qs.annotate(**self.annotations())
        elif self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def section_of(self, obj) -> str:
        if self.meta:
            return self.meta(obj)
        if not self.section_field:
            return ""
        section = getattr(obj, self.section_field, None)
        return getattr(section, "name", "") or ""


_registry: dict[str, SearchKind] = {}


def _check_model(model: type[models.Model], kind: str) -> None:
    if not issubclass(model, Searchable):
        raise TypeError(f"{model.__name__} must inherit search.Searchable")
    if kind in _registry and _registry[kind].model is not model:
        raise ValueError(f"search kind {kind!r} is already registered")
    if model.search_kind is not None and model.search_kind.kind != kind:
        # A row has one vector, so one set of fields.
        raise ValueError(f"{model.__name__} is already registered as {model.search_kind.kind!r}")
    if not any(
        isinstance(index, GinIndex) and list(index.fields) == ["search_vector"]
        for index in model._meta.indexes
    ):
        # A child Meta that does not inherit Searchable.Meta silently drops the index.
        raise ImproperlyConfigured(
            f"{model.__name__}.Meta must inherit Searchable.Meta or list "
            "*Searchable.Meta.indexes: without the GIN index every search scans the table"
        )


def register(
    model: type[models.Model],
    *,
    kind: str,
    label: str,
    queryset: Callable[[], models.QuerySet],
    date_field: str,
    fields: Fields,
    snippet: Callable[[models.Model], str] | None = None,
    title: Callable[[models.Model], str] | None = None,
    section_field: str | None = None,
    sections: Callable[[], list[tuple[str, str]]] | None = None,
    section_filter: Callable[[models.QuerySet, str], models.QuerySet] | None = None,
    select_related: Iterable[str] = (),
    prefetch_related: Iterable = (),
    annotations: Callable[[], dict] | None = None,
    order: int = 100,
    meta: Callable[[models.Model], str] | None = None,
) -> SearchKind:
    """Make `model` searchable on /search/ and tell its rows what to index."""
    _check_model(model, kind)

    def default_title(obj):
        return fields(obj).get("A") or str(obj)

    def default_snippet(obj):
        texts = fields(obj)
        return texts.get("C") or texts.get("B") or ""

    entry = SearchKind(
        model=model,
        kind=kind,
        label=str(label),
        queryset=queryset,
        date_field=date_field,
        fields=fields,
        snippet=snippet or default_snippet,
        title=title or default_title,
        section_field=section_field,
        sections=sections,
        section_filter=section_filter,
        select_related=tuple(select_related),
        prefetch_related=tuple(prefetch_related),
        annotations=annotations,
        order=order,
        meta=meta,
    )
    _registry[kind] = entry
    model.search_kind = entry
    return entry


def unregister(kind: str) -> None:
    entry = _registry.pop(kind, None)
    if entry is not None:
        entry.model.search_kind = None


def registered() -> list[SearchKind]:
    return sorted(_registry.values(), key=lambda k: (k.order, k.kind))


def get_kind(kind: str) -> SearchKind | None:
    return _registry.get(kind)
