"""The objects of one page of hits, by kind, with SQL compiled once per process.

Compiling the visible-rows query of a kind with the ORM (its ``published()``, the
``select_related`` joins, the deferred vector) cost more CPU than running it, on every
search page; the statement differs from page to page only in its primary keys, so it is
compiled once with ``pk = ANY(%s)`` and the rows are made into objects as Django's
ModelIterable does (select_related included; prefetches run after, as the ORM's do).
SQL that holds a date or time is never kept (a clock read in Python would freeze):
such a kind is loaded through the ORM each time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators, prefetch_related_objects

from search.registry import SearchKind

_PKS_SLOT = "\x00pks\x00"  # stands for the page's primary keys in the compiled params


@dataclass
class _Loader:
    entry: SearchKind
    sql: str | None  # None: the SQL holds a time and is compiled each time
    params: tuple
    slot: int
    init_list: list[str]
    fields_start: int
    fields_end: int
    populators: list
    annotations: dict
    converters: dict
    prefetch: tuple


_LOADERS: dict[tuple[str, str], _Loader] = {}


def _queryset(entry: SearchKind, pks) -> models.QuerySet:
    meta = entry.model._meta
    in_page = RawSQL(
        f'"{meta.db_table}"."{meta.pk.column}" = ANY(%s)',
        (pks,),
        output_field=models.BooleanField(),
    )
    # not the vector: a few KB a row that the page never shows
    return entry.published().filter(in_page).order_by().defer("search_vector", "search_rank")


def _compile(entry: SearchKind, db: str) -> _Loader:
    queryset = _queryset(entry, _PKS_SLOT)
    compiler = queryset.query.get_compiler(using=db)
    sql, params = compiler.as_sql()
    if any(isinstance(p, datetime.date) for p in params):  # datetime is a date too
        return _Loader(entry, None, (), 0, [], 0, 0, [], {}, {}, ())
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _Loader(
        entry=entry,
        sql=sql,
        params=tuple(params),
        slot=list(params).index(_PKS_SLOT),
        init_list=[f[0].target.attname for f in select[start:end]],
        fields_start=start,
        fields_end=end,
        populators=get_related_populators(klass_info, select, db),
        annotations=dict(compiler.annotation_col_map or {}),
        converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
        prefetch=tuple(queryset._prefetch_related_lookups),
    )


def _rows(loader: _Loader, pks: list, db: str) -> Iterable[list]:
    params = list(loader.params)
    params[loader.slot] = pks
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(loader.sql, params)
        rows = cursor.fetchall()
    for row in rows:
        if loader.converters:
            row = list(row)
            for pos, (converters, expression) in loader.converters.items():
                value = row[pos]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[pos] = value
        yield row


def visible(entry: SearchKind, pks: list, db: str) -> list[models.Model]:
    """The rows of `pks` that readers may still see (one query, plus the kind's
    prefetches), in no particular order."""
    key = (entry.kind, db)
    loader = _LOADERS.get(key)
    if loader is None or loader.entry is not entry:
        loader = _LOADERS[key] = _compile(entry, db)
    if loader.sql is None:  # it holds a time: through the ORM, each time
        return list(_queryset(entry, pks).using(db))
    model = entry.model
    objects = []
    for row in _rows(loader, pks, db):
        obj = model.from_db(db, loader.init_list, row[loader.fields_start : loader.fields_end])
        for populator in loader.populators:
            populator.populate(row, obj)
        for name, pos in loader.annotations.items():
            setattr(obj, name, row[pos])
        objects.append(obj)
    if loader.prefetch and objects:
        prefetch_related_objects(objects, *loader.prefetch)
    return objects
