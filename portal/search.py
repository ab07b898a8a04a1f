"""Chinese full-text search inside PostgreSQL.

PostgreSQL's parser does not split Chinese into words, so the portal segments text in
Python with jieba and stores the tokens as a weighted ``tsvector`` (``simple``
configuration, GIN index). Queries are segmented the same way and turned into a
``tsquery`` built from escaped lexemes; user text never reaches ``to_tsquery``.

This module imports no other app: each app registers its searchable models with
:func:`register` in its ``AppConfig.ready()``; the search page only talks to the
registry. See README “Search”.
"""

from __future__ import annotations

import gc
import html
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from portal import pagecache

DICTIONARY_PATH = Path(__file__).with_name("search_dict.txt")
MAX_QUERY_CHARS = 100  # longer queries are cut, with a notice on the page
MAX_QUERY_TERMS = 12  # bounds the size of the tsquery
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
WEIGHTS = ("A", "B", "C", "D")

# Single characters that carry no meaning on their own: never indexed or searched.
STOP_CHARS = frozenset("的了和与及或等是在对为将也而并之于以其被把就都又从向由")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of CJK characters, or a Latin/number word that may join parts with & + . - '
# (R&D, covid-19, 5g, node.js) so such words stay whole.
_TOKEN_RE = re.compile(
    rf"(?P<cjk>[{_CJK}]+)|(?P<word>[0-9a-z\u00c0-\u024f]+(?:[&+.\-'][0-9a-z\u00c0-\u024f]+)*)"
)
_LATIN_PART_RE = re.compile(r"[0-9a-z\u00c0-\u024f]+")

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- normalisation


class _Segmenter:
    """jieba with the portal's dictionary, and OpenCC t2s; built once per process, lazily."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokenizer = None
        self._converter = None
        self._traditional: frozenset[str] = frozenset()

    def _load(self):
        import jieba
        from opencc import OpenCC

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in read_dictionary(DICTIONARY_PATH):
            tokenizer.add_word(word, freq, tag)
        converter = OpenCC("t2s")
        # Only text holding a traditional character is converted: the conversion is
        # the slow part of indexing and most text is already simplified.
        chars_file = Path(__import__("opencc").__file__).with_name("dictionary")
        chars_file = chars_file / "TSCharacters.txt"
        traditional = set()
        with chars_file.open(encoding="utf-8") as fh:
            for line in fh:
                source, _, targets = line.rstrip("\n").partition("\t")
                if source and targets and targets.split(" ")[0] != source:
                    traditional.add(source)
        self._traditional = frozenset(traditional)
        self._converter = converter
        self._tokenizer = tokenizer
        # jieba's dictionary is a few hundred thousand objects that live as long as the
        # process: keep the cyclic garbage collector from walking them on every full
        # collection (scripts/bench_search.py: median 63 ms before, about 35 ms after).
        gc.freeze()

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._load()
        return self._tokenizer

    def to_simplified(self, text: str) -> str:
        self.tokenizer  # noqa: B018 - loads the converter too
        if self._traditional.isdisjoint(text):
            return text
        return self._converter.convert(text)


_segmenter = _Segmenter()


def read_dictionary(path: Path) -> Iterable[tuple[str, int | None, str | None]]:
    """Lines ``词语 [词频] [词性]`` of the custom dictionary; # comments and blanks skipped."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            word, freq, tag = parts[0], None, None
            for extra in parts[1:3]:
                if extra.isdigit():
                    freq = int(extra)
                else:
                    tag = extra
            yield word, freq, tag


def normalize(text: str | None) -> str:
    """Full-width to half-width (NFKC), traditional to simplified, lower case, no NULs."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text.replace("\x00", " ")).lower()
    return _segmenter.to_simplified(text)


# ---------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offset in the normalised text


def _sub_words(word: str, start: int) -> list[Token]:
    """Every dictionary word inside a longer word (search mode, any length)."""
    freq = _segmenter.tokenizer.FREQ
    found = []
    n = len(word)
    for size in range(n - 1, 1, -1):
        for i in range(0, n - size + 1):
            piece = word[i : i + size]
            if freq.get(piece):
                found.append(Token(piece, start + i))
    return found


def _keep(token: str) -> bool:
    return not (len(token) == 1 and token in STOP_CHARS)


def tokenize(text: str | None, *, normalized: bool = False) -> list[Token]:
    """Search-mode tokens of `text` with their offsets.

    Chinese runs are cut by jieba (precise mode, dictionary only) and every longer word
    also yields the dictionary words inside it, so 行业协会 gives 行业协会, 行业, 协会.
    Latin words and numbers stay whole (r&d, 2020, ckeditor) and also yield their parts.
    """
    if not normalized:
        text = normalize(text)
    if not text:
        return []
    tokenizer = _segmenter.tokenizer
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        run, base = match.group(), match.start()
        if match.lastgroup == "cjk":
            for word, start, _end in tokenizer.tokenize(run, HMM=False):
                if _keep(word):
                    tokens.append(Token(word, base + start))
                if len(word) > 2:
                    tokens.extend(_sub_words(word, base + start))
        else:
            tokens.append(Token(run, base))
            parts = list(_LATIN_PART_RE.finditer(run))
            if len(parts) > 1:
                tokens.extend(Token(p.group(), base + p.start()) for p in parts)
    return tokens


def segment(text: str | None) -> list[str]:
    """The search-mode tokens of `text` as strings, in order (duplicates kept)."""
    return [t.text for t in tokenize(text)]


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def build_vector(texts: dict[str, str | None]) -> str:
    """A ``tsvector`` literal from texts keyed by weight (A title, B summary, C body).

    Positions are character offsets (fields follow each other), so a phrase query can
    ask for two words exactly ``len(first)`` characters apart.
    """
    positions: dict[str, list[str]] = {}
    base = 1
    for weight in WEIGHTS:
        text = normalize(texts.get(weight))
        if not text:
            continue
        label = "" if weight == "D" else weight
        for token in tokenize(text, normalized=True):
            pos = min(base + token.start, MAX_POSITION)
            positions.setdefault(token.text, []).append(f"{pos}{label}")
        base += len(text) + 10  # a gap: a phrase never spans two fields
    return " ".join(f"{_quote(lex)}:{','.join(pos[:256])}" for lex, pos in positions.items())


# ---------------------------------------------------------------- queries


@dataclass
class Term:
    """One word of the query: matches the word itself OR all of its parts."""

    word: str
    start: int
    parts: tuple[str, ...] = ()

    def tsquery(self, weight: str = "") -> str:
        whole = _quote(self.word) + (f":{weight}" if weight else "")
        if not self.parts:
            return whole
        parts = " & ".join(_quote(p) + (f":{weight}" if weight else "") for p in self.parts)
        return f"({whole} | ({parts}))"


def _cover(word: str) -> tuple[str, ...]:
    """The finest dictionary words that cover `word` from left to right (2–3 characters
    preferred): 经济技术开发区 -> 经济, 技术, 开发区; 行业协会 -> 行业, 协会."""
    freq = _segmenter.tokenizer.FREQ
    parts, i, n = [], 0, len(word)
    while i < n:
        for size in (3, 2):
            piece = word[i : i + size]
            if len(piece) == size and piece != word and freq.get(piece):
                parts.append(piece)
                i += size
                break
        else:
            i += 1
    return tuple(parts) if len(parts) > 1 else ()


@dataclass
class ParsedQuery:
    raw: str
    text: str  # what was searched for (normalised, maybe truncated)
    truncated: bool
    terms: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms

    def tsquery(self) -> str:
        """Every word must match (AND); a word matches whole or by all its parts."""
        return " & ".join(t.tsquery() for t in self.terms)

    def title_tsquery(self) -> str:
        return " & ".join(t.tsquery("A") for t in self.terms)

    def phrase_tsquery(self) -> str:
        """The query's words at the distances they have in the query (exact phrase)."""
        parts = [_quote(self.terms[0].word)]
        for prev, term in zip(self.terms, self.terms[1:], strict=False):
            # Readers put spaces between Chinese words that the text writes together.
            latin = _LATIN_PART_RE.match(prev.word) and _LATIN_PART_RE.match(term.word)
            distance = term.start - prev.start if latin else len(prev.word)
            parts.append(f"<{max(distance, 1)}> {_quote(term.word)}")
        return " ".join(parts)

    @cached_property
    def highlight_words(self) -> list[str]:
        words = {t.word for t in self.terms}
        for t in self.terms:
            words.update(t.parts)
        return sorted(words, key=lambda w: (-len(w), w))


def parse_query(raw: str | None) -> ParsedQuery:
    """Segment a reader's query exactly as documents are segmented."""
    raw = (raw or "").replace("\x00", "")
    stripped = " ".join(raw.split())
    truncated = len(stripped) > MAX_QUERY_CHARS
    stripped = stripped[:MAX_QUERY_CHARS]
    text = normalize(stripped)
    terms: list[Term] = []
    seen: set[str] = set()
    tokenizer = _segmenter.tokenizer
    for match in _TOKEN_RE.finditer(text):
        run, base = match.group(), match.start()
        if match.lastgroup == "cjk":
            words = [(w, base + s) for w, s, _e in tokenizer.tokenize(run, HMM=False)]
        else:
            words = [(run, base)]
        for word, start in words:
            if not _keep(word) or word in seen:
                continue
            seen.add(word)
            parts = _cover(word) if match.lastgroup == "cjk" and len(word) > 2 else ()
            terms.append(Term(word, start, parts))
    return ParsedQuery(raw=raw, text=stripped, truncated=truncated, terms=terms[:MAX_QUERY_TERMS])


# ---------------------------------------------------------------- highlighting


def _normalized_with_map(text: str) -> str:
    """`text` normalised so that offsets still match the original characters."""
    whole = unicodedata.normalize("NFKC", text).lower()
    if len(whole) == len(text):  # the usual case: every character maps to one
        converted = _segmenter.to_simplified(whole)
        return converted if len(converted) == len(whole) else whole
    chars = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        chars.append(n if len(n) == 1 else ch.lower())
    joined = "".join(chars)
    converted = _segmenter.to_simplified(joined)
    return converted if len(converted) == len(joined) else joined


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    if not words or not text:
        return []
    norm = _normalized_with_map(text)
    pattern = re.compile("|".join(re.escape(w) for w in words))
    return [m.span() for m in pattern.finditer(norm)]


def _marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str | None, query: ParsedQuery) -> str:
    """`text` escaped, with every query word wrapped in <mark>."""
    text = text or ""
    return _marked(text, _spans(text, query.highlight_words))


def snippet(text: str | None, query: ParsedQuery, *, size: int = 120) -> str:
    """About `size` characters of plain text around the first match, escaped and marked."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    spans = _spans(text, query.highlight_words)
    first = spans[0][0] if spans else 0
    start = max(0, first - size // 4)
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    body = _marked(text, spans, start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


# ---------------------------------------------------------------- models


class Searchable(models.Model):
    """Mixin for a model that appears in site search.

    The model implements :meth:`search_fields`; ``save()`` stores the vector in the same
    statement as the row. A model that declares its own ``Meta.indexes`` must include
    ``*Searchable.Meta.indexes`` there (a child's Meta replaces its parent's).
    """

    search_vector = SearchVectorField(_("搜索索引"), null=True, editable=False)

    class Meta:
        abstract = True
        indexes = [GinIndex(fields=["search_vector"], name="%(app_label)s_%(class)s_search")]

    def save(self, *args, **kwargs):
        # A tsvector literal: PostgreSQL casts it on write, in the same UPDATE/INSERT.
        self.search_vector = self.compute_search_vector()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_vector" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_vector"]
        super().save(*args, **kwargs)

    def search_fields(self) -> dict[str, str]:
        """Plain text by weight: {"A": title, "B": summary/source/author, "C": body}."""
        raise NotImplementedError

    def compute_search_vector(self) -> str:
        return build_vector(self.search_fields())

    def refresh_search_vector(self, using: str | None = None) -> None:
        """Store the vector again without saving the row: for text that lives in other
        rows (many-to-many industries, a magazine's table of contents), after they change.
        """
        if self.pk is None:
            return
        using = using or router.db_for_write(type(self), instance=self)
        self.search_vector = self.compute_search_vector()
        type(self)._base_manager.using(using).filter(pk=self.pk).update(
            search_vector=self.search_vector
        )


def reindex(queryset: models.QuerySet, *, batch_size: int = 500) -> int:
    """Recompute and store the vector of every row of `queryset` (after bulk_create or
    queryset.update() on indexed text, which bypass save()). Returns the rows written.

    Pass a queryset with the prefetches its ``search_fields()`` needs.
    """
    db = queryset.db
    model = queryset.model
    done, batch = 0, []

    def flush():
        with transaction.atomic(using=db):
            model._base_manager.using(db).bulk_update(batch, ["search_vector"])
        return len(batch)

    for obj in queryset.order_by("pk").iterator(chunk_size=batch_size):
        obj.search_vector = obj.compute_search_vector()
        batch.append(obj)
        if len(batch) >= batch_size:
            done += flush()
            batch = []
    if batch:
        done += flush()
    if done:
        pagecache.bump()
    return done


# ---------------------------------------------------------------- registry


@dataclass
class SearchKind:
    """How one model takes part in site search."""

    model: type[models.Model]
    kind: str  # the ?kind= value
    label: str  # shown to readers: 资讯, 单页 …
    queryset: Callable[[], models.QuerySet]  # what readers may see: .published()
    date_field: str  # newest first among equal matches; ?from= / ?to= filter it
    snippet: Callable[[models.Model], str]  # plain text the snippet is cut from
    title: Callable[[models.Model], str] = str
    section_field: str | None = None  # FK to a model with `slug` and `name`
    sections: Callable[[], list[tuple[str, str]]] | None = None  # (slug, name) choices
    # (queryset, slug) -> queryset: e.g. a section and its sub-sections; default: slug match
    section_filter: Callable[[models.QuerySet, str], models.QuerySet] | None = None
    select_related: tuple[str, ...] = ()
    # what title()/snippet() read from other tables: one more query per kind on a page
    prefetch_related: tuple = ()
    order: int = 100
    # the hit's meta line before its date (default: the section's name), e.g. a place
    meta: Callable[[models.Model], str] | None = None

    def visible(self) -> models.QuerySet:
        qs = self.queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
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


def register(
    model: type[models.Model],
    *,
    kind: str,
    label: str,
    queryset: Callable[[], models.QuerySet],
    date_field: str,
    snippet: Callable[[models.Model], str] | None = None,
    title: Callable[[models.Model], str] | None = None,
    section_field: str | None = None,
    sections: Callable[[], list[tuple[str, str]]] | None = None,
    section_filter: Callable[[models.QuerySet, str], models.QuerySet] | None = None,
    select_related: Iterable[str] = (),
    prefetch_related: Iterable = (),
    order: int = 100,
    meta: Callable[[models.Model], str] | None = None,
) -> SearchKind:
    """Make `model` searchable on /search/ (call from the app's ``AppConfig.ready()``)."""
    if not issubclass(model, Searchable):
        raise TypeError(f"{model.__name__} must inherit portal.search.Searchable")
    if kind in _registry and _registry[kind].model is not model:
        raise ValueError(f"search kind {kind!r} is already registered")
    if not any(
        isinstance(index, GinIndex) and list(index.fields) == ["search_vector"]
        for index in model._meta.indexes
    ):
        # A child Meta that does not inherit Searchable.Meta silently drops the index.
        raise ImproperlyConfigured(
            f"{model.__name__}.Meta must inherit Searchable.Meta or list "
            "*Searchable.Meta.indexes: without the GIN index every search scans the table"
        )

    def default_title(obj):
        return obj.search_fields().get("A") or str(obj)

    def default_snippet(obj):
        texts = obj.search_fields()
        return texts.get("C") or texts.get("B") or ""

    entry = SearchKind(
        model=model,
        kind=kind,
        label=str(label),
        queryset=queryset,
        date_field=date_field,
        snippet=snippet or default_snippet,
        title=title or default_title,
        section_field=section_field,
        sections=sections,
        section_filter=section_filter,
        select_related=tuple(select_related),
        prefetch_related=tuple(prefetch_related),
        order=order,
        meta=meta,
    )
    _registry[kind] = entry
    return entry


def unregister(kind: str) -> None:
    _registry.pop(kind, None)


def registered() -> list[SearchKind]:
    return sorted(_registry.values(), key=lambda k: (k.order, k.kind))


def get_kind(kind: str) -> SearchKind | None:
    return _registry.get(kind)


# ---------------------------------------------------------------- query expressions


class TSMatch(models.Func):
    """``vector @@ query`` usable in filter() and When() (GIN-indexable)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = models.BooleanField()
    conditional = True


def tsquery(value: str) -> Cast:
    """A tsquery from lexemes we quoted ourselves: cast, never parsed by to_tsquery."""
    return Cast(models.Value(value), SearchQueryField())


# ---------------------------------------------------------------- running a search

CANDIDATES = 500  # per kind: the newest matches that are ranked (see README “Search”)
COUNT_CAP = 1000  # counts above this read “1000+”
TITLE_BONUS = 2.0  # every query word in the title
PHRASE_BONUS = 1.0  # the query's words in their order, adjacent (exact phrase)
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A as ts_rank_cd wants them


@dataclass
class SearchFilters:
    kind: str = ""
    section: str = ""
    date_from: object = None  # datetime.date or None
    date_to: object = None


@dataclass
class SearchHit:
    kind: SearchKind
    obj: models.Model
    url: str
    title_html: str
    snippet_html: str
    date: object
    section: str


def _date_filtered(entry: SearchKind, qs: models.QuerySet, filters: SearchFilters):
    import datetime

    from django.utils import timezone

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
    from django.contrib.postgres.search import SearchRank

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
        capped = matching(entry, query, filters).order_by().values("pk")[: COUNT_CAP + 1]
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
        entry = _registry[kind]
        for obj in entry.visible().filter(pk__in=pks):
            objects[(kind, obj.pk)] = obj
    hits = []
    for pk, kind, _score, _date in rows:
        obj = objects.get((kind, pk))
        if obj is None:  # unpublished between the two queries
            continue
        entry = _registry[kind]
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
