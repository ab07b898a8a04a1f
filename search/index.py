"""What is stored: a weighted ``tsvector`` per row (``simple`` configuration, GIN index),
written by :class:`Searchable` with the row, or by :func:`reindex` in bulk."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Protocol

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ImproperlyConfigured
from django.db import models, router, transaction

from portal import freshness
from search.text import bigram_tokens, char_tokens, normalize, quote_lexeme, tokenize

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
WEIGHTS = ("A", "B", "C", "D")
RANKED = ("A", "B")  # the weights that keep positions, and that search_rank holds


def build_vector(texts: dict[str, str | None]) -> str:
    """A ``tsvector`` literal from texts keyed by weight (A title, B summary, C body).

    Beside jieba's words, each CJK character (``~园``) and each two side-by-side
    characters (``~园区``) are marked lexemes, for one- and two-character queries.
    Title and summary (A, B) keep positions, character offsets with their weight: what
    ranking reads (``search_rank``), the exact phrase included. The body's lexemes (C, D)
    keep none: no query asks where they are, and the body is most of the vector.
    """
    positions: dict[str, list[str]] = {}
    bare: set[str] = set()
    base = 1
    for weight in WEIGHTS:
        text = normalize(texts.get(weight))
        if not text:
            continue
        tokens = [*tokenize(text, normalized=True), *char_tokens(text), *bigram_tokens(text)]
        if weight in RANKED:
            for token in tokens:
                pos = min(base + token.start, MAX_POSITION)
                positions.setdefault(token.text, []).append(f"{pos}{weight}")
        else:
            bare.update(token.text for token in tokens)
        base += len(text) + 10  # a gap: a phrase never spans two fields
    return " ".join(
        [
            *(f"{quote_lexeme(lex)}:{','.join(pos[:256])}" for lex, pos in positions.items()),
            *(quote_lexeme(lex) for lex in bare if lex not in positions),
        ]
    )


class HasFields(Protocol):
    """What a row's vector is built from: the registered kind's ``fields`` (a
    ``registry.SearchKind``; named by shape so this module needs no registry import)."""

    kind: str
    fields: Callable[[models.Model], dict[str, str]]


class Searchable(models.Model):
    """Mixin for a model that appears in site search.

    The texts come from the kind registered for the model (its ``fields``); ``save()``
    stores the vector in the same statement as the row. A model that declares its own
    ``Meta.indexes`` must include ``*Searchable.Meta.indexes`` there (a child's Meta
    replaces its parent's).
    """

    # Set by search.register(): the registry imports this module, not the reverse.
    search_kind: ClassVar[HasFields | None] = None

    search_vector = SearchVectorField("搜索索引", null=True, editable=False)
    # What ranking reads: the title and summary lexemes (weights A and B) of the vector,
    # kept by PostgreSQL itself. A few hundred bytes stored in the row, where the whole
    # vector (a few KB, the body's words) lies in the TOAST table: ranking the candidates
    # with the whole vector fetched each one from there.
    search_rank = models.GeneratedField(
        expression=models.Func(
            models.F("search_vector"), models.Value("{a,b}"), function="ts_filter"
        ),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name="排序用索引",
    )

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

    def compute_search_vector(self) -> str:
        kind = type(self).search_kind
        if kind is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} is Searchable but not registered with "
                "search.register(): its texts are unknown"
            )
        return build_vector(kind.fields(self))

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


def reindex(
    queryset: models.QuerySet,
    *,
    batch_size: int = 500,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Recompute and store the vector of every row of `queryset` (after bulk_create or
    queryset.update() on indexed text, which bypass save()). Returns the rows written;
    `progress(n)` hears of every batch written.

    Pass a queryset with the prefetches its kind's ``fields`` need.
    """
    db = queryset.db
    model = queryset.model
    done, batch = 0, []

    def flush():
        with transaction.atomic(using=db):
            model._base_manager.using(db).bulk_update(batch, ["search_vector"])
        if progress is not None:
            progress(len(batch))
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
        freshness.changed(db)
    return done
