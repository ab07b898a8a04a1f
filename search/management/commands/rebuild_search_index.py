"""Recompute the search vector of every row of every searchable model.

Needed after the dictionary (portal/search_dict.txt) changes, after bulk imports or
queryset.update() calls (they bypass save()), and once after a model is registered.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import router
from tqdm import tqdm

import search


class Command(BaseCommand):
    help = "重建站内搜索索引（所有已登记的内容类型，或用 --kind 指定）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            help="只重建这种内容（可重复），如 --kind page",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="每批处理的行数")

    def handle(self, *args, kind, batch_size, verbosity, **options):
        entries = search.registered()
        if kind:
            unknown = sorted(set(kind) - {e.kind for e in entries})
            if unknown:
                known = "、".join(e.kind for e in entries)
                raise CommandError(f"没有这种内容类型：{'、'.join(unknown)}（可用：{known}）")
            entries = [e for e in entries if e.kind in kind]
        if batch_size < 1:
            raise CommandError("--batch-size 必须大于 0")
        for entry in entries:  # reindex() refreshes the cached result pages
            self._rebuild(entry, batch_size, show_progress=verbosity > 0)

    def _rebuild(self, entry: search.SearchKind, batch_size: int, *, show_progress: bool):
        model = entry.model
        # Unpublished rows are indexed too: visibility is decided when searching, so
        # publishing later needs no re-index.
        # The prefetches the kind's search results use are the ones its texts need
        # (a zone's industries, an issue's contents): no query per row.
        rows = model._default_manager.using(router.db_for_write(model))
        if entry.prefetch_related:
            rows = rows.prefetch_related(*entry.prefetch_related)
        with tqdm(
            total=rows.count(),
            desc=entry.label,
            unit="条",
            disable=not show_progress,
            file=sys.stderr,
        ) as bar:
            done = search.reindex(rows, batch_size=batch_size, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{entry.label}：已重建 {done} 条索引。"))
