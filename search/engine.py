"""Running a search over every registered kind: matching rows, capped counts, ranking
of the newest candidates, and loading one page of hits in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import SafeString

from search.loading import visible
from search.marking import highlight, snippet
from search.query import ParsedQuery
from search.registry import SearchKind, get_kind, registered

# Per kind: the newest matches that are ranked, so a reader can page 10 pages of 20 deep
# per kind (the pager offers no more). Ranking reads each candidate's `search_rank` (its
# title and summary), stored in the row.
CANDIDATES = 200
COUNT_CAP = 200  # counts above this read “200+”: counting further reads further
# The limit the candidate SQL is planned with. Only as many rows as the count and the
# ranking need are read from it (a CTE is read lazily), but the plan is the one for this
# limit: planned for 201 rows, PostgreSQL walks the date index for words with a few
# thousand matches (it does not cost the TOAST fetch of each row it tests) where the
# GIN index is 5–10 times cheaper (温州: 25 ms planned for 1001, 130 ms for 201).
PLANNED_ROWS = 1001
TITLE_BONUS = 2.0  # every query word in the title
PHRASE_BONUS = 1.0  # the query's words in their order, adjacent (exact phrase)
# Every word matched as jieba's word, not only as characters (区 alone, not 园区's 区):
# larger than all the rest together, so word matches come before character matches.
WORD_BONUS = 4.0
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A as ts_rank wants them


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
    day: str = ""  # the date as YYYY-MM-DD in the site's time zone, for the page


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


def matching(
    entry: SearchKind, query: ParsedQuery | str, filters: SearchFilters
) -> models.QuerySet:
    """The visible rows of one kind that match every word of `query` (or a tsquery)."""
    qs = _date_filtered(entry, entry.queryset(), filters)
    if filters.section and entry.section_field:
        if entry.section_filter:
            qs = entry.section_filter(qs, filters.section)
        else:
            qs = qs.filter(**{f"{entry.section_field}__slug": filters.section})
    text = query if isinstance(query, str) else query.tsquery()
    return qs.filter(TSMatch(models.F("search_vector"), tsquery(text)))


def _score_sql(query: ParsedQuery) -> tuple[str, list[str]]:
    """The score of a candidate's ``v``, its title and summary (``search_rank``):
    ts_rank (how often the words occur, the title weighing most), plus TITLE_BONUS when
    every word is in the title, PHRASE_BONUS for the exact phrase and WORD_BONUS when
    short words matched as words, not only as characters (SQL and its params). A match
    in the body alone scores 0, and such matches follow the others newest first.
    ts_rank_cd, which also weighs how close the words stand, cost ten times as much
    CPU per candidate, for the same precision on the relevance corpus."""
    weights = "{" + ",".join(str(w) for w in RANK_WEIGHTS) + "}"
    sql = (
        f"ts_rank('{weights}'::float4[], v, %s::tsquery, 32)::float8"
        f" + CASE WHEN v @@ %s::tsquery THEN {TITLE_BONUS}::float8 ELSE 0.0 END"
    )
    params = [query.tsquery(), query.title_tsquery()]
    if len(query.terms) > 1:
        sql += f" + CASE WHEN v @@ %s::tsquery THEN {PHRASE_BONUS}::float8 ELSE 0.0 END"
        params.append(query.phrase_tsquery())
    if query.has_char_terms:
        sql += f" + CASE WHEN v @@ %s::tsquery THEN {WORD_BONUS}::float8 ELSE 0.0 END"
        params.append(query.words_tsquery())
    return sql, params


# Stands for the query's tsquery in SQL compiled once (never a reader's text: NUL).
_TSQUERY_SLOT = "\x00tsquery\x00"
# (kind, database, limit) -> (the kind's entry, SQL, params, positions of the tsquery)
# (SQL None: it holds a time, so it is compiled for each search)
_COMPILED: dict[tuple[str, str, int], tuple[SearchKind, str | None, tuple, tuple[int, ...]]] = {}


def _planned_rows() -> int:
    return max(PLANNED_ROWS, COUNT_CAP + 1, CANDIDATES + 1)


def _compile_candidates(entry: SearchKind, filters: SearchFilters, db: str, tsquery_text: str):
    """SQL of the newest matches of one kind, (pk, date): enough of them both to count up
    to COUNT_CAP + 1 and to rank CANDIDATES. None when nothing can match."""
    newest = (
        matching(entry, tsquery_text, filters)
        .order_by(f"-{entry.date_field}")
        .values_list("pk", entry.date_field, "search_rank")[: _planned_rows()]
    )
    try:
        return newest.query.get_compiler(using=db).as_sql()
    except EmptyResultSet:  # e.g. a section filter that leaves nothing of this kind
        return None


def _candidates(entry: SearchKind, query: ParsedQuery, filters: SearchFilters, db: str):
    """The candidate SQL of one kind for `query`, and its params.

    Building it with the ORM cost more CPU than the rest of a search, so without filters
    it is compiled once per process with a slot for the tsquery. Only SQL that holds no
    date or time is kept: a kind whose visibility reads the clock in Python would be
    frozen at its first search, so the kinds that read it use the database's, ``Now()``.
    """
    if filters.section or filters.date_from or filters.date_to:
        return _compile_candidates(entry, filters, db, query.tsquery())
    key = (entry.kind, db, _planned_rows())  # the limit is in the SQL
    found = _COMPILED.get(key)
    if found is None or found[0] is not entry:
        compiled = _compile_candidates(entry, filters, db, _TSQUERY_SLOT)
        if compiled is None:
            return None
        sql, params = compiled
        if any(isinstance(p, datetime.date) for p in params):  # datetime is a date too
            sql = None  # not kept: compiled for each search
        slots = tuple(i for i, p in enumerate(params) if p == _TSQUERY_SLOT)
        found = _COMPILED[key] = (entry, sql, tuple(params), slots)
    _entry, sql, params, slots = found
    if sql is None:
        return _compile_candidates(entry, filters, db, query.tsquery())
    params = list(params)
    for i in slots:
        params[i] = query.tsquery()
    return sql, params


def rank_page(
    query: ParsedQuery,
    filters: SearchFilters,
    *,
    offset: int,
    limit: int,
    ranked_kinds: Collection[str] | None = None,
) -> tuple[dict[str, int], list[tuple]]:
    """Counts of every kind and rows ``offset``…``offset + limit`` of the ranking, in one
    statement.

    Each kind's newest matches are read once into a CTE, only as far as the count
    (up to COUNT_CAP + 1) and the ranking (its newest CANDIDATES) need: the CTE is planned
    for PLANNED_ROWS but read lazily. Ranked are `ranked_kinds` (default: those `filters.kind`
    allows); counted, every kind the filters leave. Returns ({kind: count}, [(pk, kind, score, date), …]).
    """
    kinds = kinds_for(filters)
    if not kinds:
        return {}, []
    db = router.db_for_read(kinds[0].model)
    score, score_params = _score_sql(query)
    ctes, counts, ranks = [], [], []
    cte_params, count_params, rank_params = [], [], []
    for i, entry in enumerate(kinds):
        compiled = _candidates(entry, query, filters, db)
        if compiled is None:
            continue
        sql, params = compiled
        ctes.append(f"c{i} (pk, d, v) AS MATERIALIZED ({sql})")
        cte_params.extend(params)
        counts.append(
            "SELECT %s::text, NULL::bigint, COUNT(*)::float8, NULL::timestamptz"
            f" FROM (SELECT 1 FROM c{i} LIMIT {COUNT_CAP + 1}) AS n{i}"
        )
        count_params.append(entry.kind)
        if ranked_kinds is not None:
            rank = entry.kind in ranked_kinds
        else:
            rank = not filters.kind or entry.kind == filters.kind
        if rank:
            ranks.append(
                f"SELECT %s::text AS kind, r.pk::bigint AS pk, {score} AS score,"
                f" r.d::timestamptz AS d FROM (SELECT pk, d, v FROM (SELECT pk, d, v FROM c{i}"
                f" LIMIT {CANDIDATES + 1}) AS f ORDER BY d DESC, pk DESC LIMIT {CANDIDATES}) AS r"
            )
            rank_params.extend([entry.kind, *score_params])
    if not ctes:
        return {}, []
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(counts)
    params = cte_params + count_params
    if ranks:
        sql += (
            " UNION ALL (SELECT kind, pk, score, d FROM ("
            + " UNION ALL ".join(ranks)
            + ") AS ranked ORDER BY score DESC, d DESC, kind, pk DESC LIMIT %s OFFSET %s)"
        )
        params += [*rank_params, limit, offset]
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    found = {kind: int(n) for kind, pk, n, _d in result if pk is None}
    rows = [(pk, kind, n, d) for kind, pk, n, d in result if pk is not None]
    return found, rows


class RankedResults:
    """A lazy, sliceable result list for Django's Paginator: one statement per slice,
    then one query per kind on the page to load the objects. `first` = (offset, limit,
    rows) is a slice rank_page() has ranked already: answered without a statement."""

    def __init__(
        self,
        query: ParsedQuery,
        kinds: list[SearchKind],
        filters,
        total: int,
        first: tuple[int, int, list] | None = None,
    ):
        self.query, self.kinds, self.filters, self.total = query, kinds, filters, total
        self.first = first

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        if not self.kinds or self.total == 0:
            return []
        start, stop = item.start or 0, item.stop if item.stop is not None else self.total
        if self.first is not None:
            offset, limit, rows = self.first
            if start == offset and stop - start <= limit:
                return load_hits(rows[: stop - start], self.query)
        _counts, rows = rank_page(
            self.query,
            self.filters,
            offset=start,
            limit=stop - start,
            ranked_kinds={k.kind for k in self.kinds},
        )
        return load_hits(rows, self.query)


def _day(value, zone: datetime.tzinfo | None = None) -> str:
    """What the template's ``|date:"Y-m-d"`` gives, once per hit instead of twice;
    `zone`: the current time zone, read once for a page's hits."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(zone if zone is not None else timezone.get_current_timezone())
        value = value.date()
    return value.isoformat() if value else ""


def load_hits(rows, query: ParsedQuery) -> list[SearchHit]:
    by_kind: dict[str, list] = {}
    for pk, kind, _score, _date in rows:
        by_kind.setdefault(kind, []).append(pk)
    objects = {}
    for kind, pks in by_kind.items():
        entry = get_kind(kind)
        for obj in visible(entry, pks, router.db_for_read(entry.model)):
            objects[(kind, obj.pk)] = obj
    hits = []
    zone = timezone.get_current_timezone()
    for pk, kind, _score, _date in rows:
        obj = objects.get((kind, pk))
        if obj is None:  # unpublished between the two queries
            continue
        entry = get_kind(kind)
        date = getattr(obj, entry.date_field)
        hits.append(
            SearchHit(
                kind=entry,
                obj=obj,
                url=obj.get_absolute_url(),
                title_html=highlight(entry.title(obj), query),
                snippet_html=snippet(entry.snippet(obj), query),
                date=date,
                section=entry.section_of(obj),
                day=_day(date, zone),
            )
        )
    return hits
