"""Faceted filtering for the two directories.

Filters are query parameters that combine (AND between facets, OR between several
values of one facet such as industries). Each facet counts, per value, the rows that
match every *other* filter — what the reader would get by picking that value. Counts
cost one aggregate query per facet and are cached under the content version
(`portal.freshness`), which every edit moves on, so a warm page adds no counting query.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from portal import freshness

MAX_QUERY_LENGTH = 50
FACET_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    field: str
    choices: tuple[tuple[str, str], ...]
    multiple: bool = False
    # Turns what people type into a stored value (e.g. "江苏" -> "江苏省"), or None.
    normalize: Callable[[str], str | None] | None = None
    # For many-to-many facets: the through model and the two column names.
    through: type | None = None
    through_owner: str = ""
    through_value: str = ""

    def lookup(self, values: list[str]) -> Q:
        if self.through is not None:
            links = self.through.objects.filter(
                **{self.through_owner: OuterRef("pk"), f"{self.through_value}__in": values}
            )
            return Q(Exists(links))
        if self.multiple:
            return Q(**{f"{self.field}__in": values})
        return Q(**{self.field: _from_param(values[0], self.choices)})


def _to_param(value) -> str:
    """A database value as it appears in the query string (booleans as 1/0)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _from_param(value: str, choices) -> object:
    if {c for c, _ in choices} <= {"0", "1"}:
        return value == "1"
    return value


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    query: str


@dataclass
class FacetResult:
    facet: Facet
    options: list[Option]
    clear_query: str
    selected_labels: list[str] = field(default_factory=list)


class Directory:
    """Parses the query string against `facets` and filters `queryset` (already visible)."""

    def __init__(
        self,
        *,
        queryset: QuerySet,
        facets: list[Facet],
        params: QueryDict,
        search_fields: tuple[str, ...],
        total_facet: str,
        cache_prefix: str,
    ):
        self.base = queryset
        self.facets = facets
        self.params = params
        self.search_fields = search_fields
        self.total_facet = total_facet
        self.cache_prefix = cache_prefix
        self.ignored: list[str] = []
        self.selected: dict[str, list[str]] = {}
        for facet in facets:
            valid = dict(facet.choices)
            raw = params.getlist(facet.param) if facet.multiple else params.getlist(facet.param)[:1]
            values = []
            for value in raw:
                value = value.strip()
                if not value:
                    continue
                if facet.normalize is not None:
                    value = facet.normalize(value) or value
                if value in valid:
                    if value not in values:
                        values.append(value)
                else:
                    self.ignored.append(f"{facet.label}“{value[:20]}”")
            if values:
                self.selected[facet.param] = values
        self.q = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]

    @property
    def is_filtered(self) -> bool:
        return bool(self.selected or self.q)

    def _filter(self, *, skip: str | None = None) -> QuerySet:
        qs = self.base
        for facet in self.facets:
            values = self.selected.get(facet.param)
            if values and facet.param != skip:
                qs = qs.filter(facet.lookup(values))
        if self.q:
            text = Q()
            for name in self.search_fields:
                text |= Q(**{f"{name}__icontains": self.q})
            qs = qs.filter(text)
        return qs

    def results(self) -> QuerySet:
        return self._filter()

    def _cache_key(self) -> str:
        parts = [f"{k}={','.join(sorted(v))}" for k, v in sorted(self.selected.items())]
        parts.append(f"q={self.q}")
        digest = hashlib.sha256("&".join(parts).encode()).hexdigest()[:32]
        return freshness.key(f"{self.cache_prefix}:facets:{digest}")

    def counts(self) -> dict[str, dict[str, int]]:
        """{param: {value: rows}}, one GROUP BY query per facet, cached."""
        key = self._cache_key()
        counts = cache.get(key)
        if counts is None:
            counts = {}
            for facet in self.facets:
                rows = (
                    self._filter(skip=facet.param)
                    .order_by()
                    .values_list(facet.field)
                    .annotate(n=Count("pk"))
                )
                counts[facet.param] = {_to_param(v): n for v, n in rows if v not in (None, "")}
            cache.set(key, counts, FACET_CACHE_SECONDS)
        return counts

    def total(self, counts: dict[str, dict[str, int]]) -> int:
        """Rows matching every filter, read off a facet every row has exactly one value of."""
        per_value = counts[self.total_facet]
        chosen = self.selected.get(self.total_facet)
        if chosen:
            return sum(per_value.get(v, 0) for v in chosen)
        return sum(per_value.values())

    def _query(self, **changes: list[str] | None) -> str:
        params = self.params.copy()
        params.pop("page", None)
        for key, values in changes.items():
            params.pop(key, None)
            if values:
                params.setlist(key, values)
        return params.urlencode()

    def query_without(self, param: str) -> str:
        """The query string with `param` removed (a chip's ✕), back on page 1."""
        return self._query(**{param: None})

    def facet_results(self, counts: dict[str, dict[str, int]]) -> list[FacetResult]:
        results = []
        for facet in self.facets:
            chosen = self.selected.get(facet.param, [])
            options = []
            for value, label in facet.choices:
                n = counts[facet.param].get(value, 0)
                selected = value in chosen
                if not n and not selected:
                    continue
                if facet.multiple:
                    new = [v for v in chosen if v != value] if selected else [*chosen, value]
                else:
                    new = [] if selected else [value]
                options.append(Option(value, label, n, selected, self._query(**{facet.param: new})))
            labels = dict(facet.choices)
            results.append(
                FacetResult(
                    facet=facet,
                    options=options,
                    clear_query=self._query(**{facet.param: None}),
                    selected_labels=[labels[v] for v in chosen],
                )
            )
        return results
