"""The recycle bin (回收站): deleting an article, single page or magazine issue in the
admin moves it here instead of destroying it.

A binned row keeps everything (attachments, cover and files, zones, versions, the
contents lines that link it) but leaves every reader page at once: `published()` and
staff previews start from `PublishedQuerySet.present()`, and so do the feeds, sitemaps,
search, home blocks and zone pages, which all start from `published()`. Publishers
(those who may delete) restore it as it was; `purge_recycle_bin` (run by `housekeeping`)
really deletes rows binned longer ago than a number of days, and their files with them
(`editorial.files.files_follow_rows`).

Who: deleting, and so binning, is the 审核发布 role's (the models' delete permission);
restoring puts a row back in public view, so it takes the same permission, which 编辑
do not have. The moves are `QuerySet.update()`s, so they call `freshness.changed()`.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from editorial.models import Binnable, PendingRevision
from portal import freshness

DEFAULT_DAYS = 30


def binnable_models() -> list:
    return [model for model in apps.get_models() if issubclass(model, Binnable)]


def move_to_bin(queryset, user) -> int:
    """Bin the rows of `queryset` not binned yet; how many."""
    n = queryset.filter(deleted_at__isnull=True).update(deleted_at=timezone.now(), deleted_by=user)
    freshness.changed()
    return n


def restore(queryset) -> int:
    """Bring the binned rows of `queryset` back as they were; how many."""
    n = queryset.filter(deleted_at__isnull=False).update(deleted_at=None, deleted_by=None)
    freshness.changed()
    return n


def purge_date(deleted_at, days: int = DEFAULT_DAYS):
    return deleted_at + timedelta(days=days)


def purge(days: int = DEFAULT_DAYS, now=None) -> dict[str, int]:
    """Really delete rows binned more than `days` days ago, with their files (after the
    commit) and any restored texts waiting for them. {verbose name: count}."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    counts = {}
    for model in binnable_models():
        pks = list(model._base_manager.filter(deleted_at__lt=cutoff).values_list("pk", flat=True))
        if not pks:
            continue
        with transaction.atomic():
            PendingRevision.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=pks
            ).delete()
            model._base_manager.filter(pk__in=pks).delete()
        counts[str(model._meta.verbose_name)] = len(pks)
    return counts
