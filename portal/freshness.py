"""The site's content version: the one answer to "has anything readers see changed?".

Every cached value built from content — whole reader pages (`portal.pagecache`), the
menus, the footer, section trees, facet and page counts — carries `version()` in its
key (`key()`), so moving the version on makes all of them stale at once. Nothing else
defines a version key.

What moves it on is declared per app in `<app>/receivers.py` with `watch()`: saves,
deletes and many-to-many changes of the models readers see. Writes that send no
signal (`QuerySet.update()` in admin actions, spreadsheet imports, demo loaders) call
`changed()` themselves; the admin's actions do so through `editorial.admin.ContentAdmin`.
The version moves after the transaction commits, so a reader request that lands
between an edit and its commit cannot cache the old content under the new version.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "portal:content-version"
# Every model `watch()` was called for (tests check each has an admin that refreshes
# pages after bulk actions).
WATCHED: set[type[models.Model]] = set()


# The version one request reads once (`pinned`): every cached part of its page comes
# from that one version, for one cache read instead of one per part.
_pinned: ContextVar[int | None] = ContextVar("portal_content_version", default=None)


def version() -> int:
    value = _pinned.get()
    if value is not None:
        return value
    value = cache.get(VERSION_KEY)
    if value is None:
        # Start from the clock, so a lost key never brings back values cached before.
        cache.add(VERSION_KEY, time.time_ns() // 1000, None)
        value = cache.get(VERSION_KEY)
    return value


@contextmanager
def pinned(value: int | None = None) -> Iterator[None]:
    """Inside, `version()` answers `value` (the version read now when None) without
    reading the cache: PageCacheMiddleware pins each GET request to the version it read
    with the page. A change during the request is seen by the next one."""
    token = _pinned.set(value if value is not None else version())
    try:
        yield
    finally:
        _pinned.reset(token)


def key(name: str) -> str:
    """The cache key of a value derived from content: stale after the next change."""
    return f"portal:{version()}:{name}"


def cached(name: str, build: Callable[[], Any], timeout: int) -> Any:
    """The cached value of `name` for the current version, or `build()` stored."""
    cache_key = key(name)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, timeout)
    return value


def bump() -> None:
    """Make every cached content value stale now."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was lost (evicted, Redis restarted)
        cache.set(VERSION_KEY, time.time_ns() // 1000, None)


def changed(using: str | None = None) -> None:
    """Content readers see has changed: bump the version once the transaction commits
    (at once outside a transaction). One bump per transaction, however many rows."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(entry[1] is bump for entry in connection.run_on_commit):
        return
    after_commit(bump, using=using)


# Tests that run inside one transaction (which never commits) call `bump` at once here.
after_commit = transaction.on_commit


def watch(*watched: type[models.Model], when: Callable[..., bool] | None = None) -> None:
    """Reader pages show these models: any save, delete or change of one of their
    many-to-many relations calls `changed()`. `when(instance, created)` may skip saves
    that readers cannot see (a new message waiting for review)."""

    def on_save(sender, instance, created, raw=False, using=None, **kwargs):
        if raw or (when is not None and not when(instance, created)):
            return
        changed(using)

    def on_delete(sender, instance, using=None, **kwargs):
        changed(using)

    def on_m2m(sender, action, using=None, **kwargs):
        if action.startswith("post_"):
            changed(using)

    for model in watched:
        uid = f"freshness:{model._meta.label}"
        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(on_m2m, sender=through, weak=False, dispatch_uid=uid)
        WATCHED.add(model)
