"""Running a search over every registered kind: matching rows, capped counts, ranking
of the newest candidates, and loading one page of hits in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import SafeString

from portal.search.highlight import highlight, snippet
from portal.search.query import ParsedQuery
from portal.search.registry import SearchKind, get_kind, registered

CANDIDATES = 500  # per kind: the newest matches that are ranked (see README “Search”)
COUNT_CAP = 1000  # counts above this read “1000+”
TITLE_BONUS = 2.0  # every query word in the title
PHRASE_BONUS = 1.0  # the query's words in their order, adjacent (exact phrase)
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A as ts_rank_cd wants them


class TSMatch(models.Func):
    """``vector @@ query`` usable in filter() and When() (GIN-indexable)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = models.BooleanField()
    conditional = True


def tsquery(value: str) -> Cast:
    """A tsquery from lexemes we quoted ourselves: cast, never parsed by to_tsquery."""
    return Cast(models.Value(value), SearchQueryField())


@dataclass
class SearchFilters:
    kind: str = ""
    section: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class SearchHit:
    kind: SearchKind
    obj: models.Model
    url: str
    title_html: SafeString
    snippet_html: SafeString
    date: object
    section: str


def _date_filtered(entry: SearchKind, qs: models.QuerySet, filters: SearchFilters):
    field_obj = entry.model._meta.get_field(entry.date_field)
    is_datetime = isinstance(field_obj, models.DateTimeField)
    if filters.date_from:
        start = filters.date_from
        if is_datetime:
            start = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        qs = qs.filter(**{f"{entry.date_field}__gte": start})
    if filters.date_to:
        end = filters.date_to + datetime.timedelta(days=1)
        if is_datetime:
            end = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))
        qs = qs.filter(**{f"{entry.date_field}__lt": end})
    return qs


def kinds_for(filters: SearchFilters) -> list[SearchKind]:
    """Kinds a search covers: a section filter keeps only kinds that have sections."""
    kinds = registered()
    if filters.section:
        kinds = [k for k in kinds if k.section_field]
    return kinds


def matching(entry: SearchKind, query: ParsedQuery, filters: SearchFilters) -> models.QuerySet:
    """The visible rows of one kind that match every word of `query`."""
    qs = _date_filtered(entry, entry.queryset(), filters)
    if filters.section and entry.section_field:
        if entry.section_filter:
            qs = entry.section_filter(qs, filters.section)
        else:
            qs = qs.filter(**{f"{entry.section_field}__slug": filters.section})
    return qs.filter(TSMatch(models.F("search_vector"), tsquery(query.tsquery())))


def _score(query: ParsedQuery):
    vector = models.F("search_vector")
    score = SearchRank(
        vector,
        tsquery(query.tsquery()),
        weights=RANK_WEIGHTS,
        cover_density=True,
        normalization=models.Value(32),
    ) + models.Case(
        models.When(TSMatch(vector, tsquery(query.title_tsquery())), then=TITLE_BONUS),
        default=0.0,
        output_field=models.FloatField(),
    )
    if len(query.terms) > 1:
        score = score + models.Case(
            models.When(TSMatch(vector, tsquery(query.phrase_tsquery())), then=PHRASE_BONUS),
            default=0.0,
            output_field=models.FloatField(),
        )
    return score


def ranked(entry: SearchKind, query: ParsedQuery, filters: SearchFilters) -> models.QuerySet:
    """(pk, kind, score, date) rows: the newest CANDIDATES matches, scored."""
    candidates = (
        matching(entry, query, filters).order_by(f"-{entry.date_field}").values("pk")[:CANDIDATES]
    )
    return (
        entry.model._default_manager.filter(pk__in=candidates)
        .annotate(
            r_pk=models.F("pk"),
            r_kind=models.Value(entry.kind, output_field=models.CharField()),
            r_score=_score(query),
            r_date=Cast(models.F(entry.date_field), models.DateTimeField()),
        )
        .values_list("r_pk", "r_kind", "r_score", "r_date")
        .order_by()
    )


def count_by_kind(query: ParsedQuery, filters: SearchFilters) -> dict[str, int]:
    """Matches per kind, each capped at COUNT_CAP + 1, in one query (no COUNT(*) over all)."""
    kinds = kinds_for(filters)
    if not kinds:
        return {}
    selects, params = [], []
    db = router.db_for_read(kinds[0].model)
    for i, entry in enumerate(kinds):
        # In date order, so the newest matches are found through the date index: without
        # an order PostgreSQL reads the table from its start for a common word (issue 13).
        capped = (
            matching(entry, query, filters)
            .order_by(f"-{entry.date_field}")
            .values("pk")[: COUNT_CAP + 1]
        )
        try:
            sql, sub_params = capped.query.get_compiler(using=db).as_sql()
        except EmptyResultSet:  # e.g. a section filter that leaves nothing of this kind
            continue
        selects.append(f"SELECT %s, (SELECT COUNT(*) FROM ({sql}) AS capped_{i})")
        params.extend([entry.kind, *sub_params])
    if not selects:
        return {}
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return {kind: int(n) for kind, n in cursor.fetchall()}


class RankedResults:
    """A lazy, sliceable result list for Django's Paginator: one query per slice, then
    one query per kind on the page to load the objects."""

    def __init__(self, query: ParsedQuery, kinds: list[SearchKind], filters, total: int):
        self.query, self.kinds, self.filters, self.total = query, kinds, filters, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        if not self.kinds or self.total == 0:
            return []
        parts = [ranked(entry, self.query, self.filters) for entry in self.kinds]
        combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        rows = list(combined.order_by("-r_score", "-r_date", "r_kind", "-r_pk")[item])
        return load_hits(rows, self.query)


def load_hits(rows, query: ParsedQuery) -> list[SearchHit]:
    by_kind: dict[str, list] = {}
    for pk, kind, _score, _date in rows:
        by_kind.setdefault(kind, []).append(pk)
    objects = {}
    for kind, pks in by_kind.items():
        # not the vector: a few KB a row that the page never shows
        for obj in get_kind(kind).published().filter(pk__in=pks).defer("search_vector"):
            objects[(kind, obj.pk)] = obj
    hits = []
    for pk, kind, _score, _date in rows:
        obj = objects.get((kind, pk))
        if obj is None:  # unpublished between the two queries
            continue
        entry = get_kind(kind)
        hits.append(
            SearchHit(
                kind=entry,
                obj=obj,
                url=obj.get_absolute_url(),
                title_html=highlight(entry.title(obj), query),
                snippet_html=snippet(entry.snippet(obj), query),
                date=getattr(obj, entry.date_field),
                section=entry.section_of(obj),
            )
        )
    return hits
