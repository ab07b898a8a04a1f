"""The optional read replica (`DATABASE_REPLICA_URL`): anonymous reader pages read from a
streaming standby, everything else from the primary.

Per request, `ReplicaMiddleware` marks a request replica-safe or not; `ReplicaRouter`
(settings.DATABASE_ROUTERS) follows that mark, so reads default to the primary. A request
reads from the replica only when all of these hold:

- it is a GET/HEAD of a reader page (a view wrapped by `portal.pagecache.reader_page`);
- it is not personal (`pagecache.is_personal`: no session or messages cookie, so never
  logged-in staff or the admin) and carries no sticky cookie: every request that may
  write (anything but GET/HEAD/OPTIONS) sets `STICKY_COOKIE` for `STICKY_SECONDS`, so
  whoever just wrote reads their own write;
- the replica has replayed the primary's WAL up to the position recorded for the
  current content version (below): one query on the replica, made at the request's
  first read, so a page served from the page cache costs none;
- the replica answered the last time it was asked (a failure sends every request to the
  primary for `DOWN_SECONDS`, then it is tried again). A replica that does not answer
  costs no error page: the request reads from the primary.

Why the position: a reader page is cached under the content version
(`portal.freshness`). A page rendered from a replica that has not yet replayed the edit
that moved the version on would be stored under the NEW version and stay stale for its
whole lifetime. So when the version moves on, `record_position()` stores the primary's
`pg_current_wal_lsn()` next to it (read after the move, so it covers every commit that
moved the version up to there); a request uses the replica only if
`pg_last_wal_replay_lsn()` is at least that far, and then renders with that version
pinned (`freshness.pin`), so nothing it caches lands under a later version. Writes
always go to the primary (`db_for_write`), among them the article view count.
"""

from __future__ import annotations

import contextvars
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

from portal import freshness, pagecache

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "portal_primary"
STICKY_SECONDS = 10
DOWN_SECONDS = 5
DOWN_KEY = "portal:replica-down"
POSITION_TTL = 24 * 3600
SAFE_METHODS = ("GET", "HEAD")

logger = logging.getLogger(__name__)
# Where this request's reads go: PRIMARY, REPLICA, or PENDING (replica-safe; asked at the
# first read whether the replica has caught up).
PENDING = "pending"
_reads: contextvars.ContextVar[str] = contextvars.ContextVar("reads", default=PRIMARY)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def position_key(version: int) -> str:
    return f"portal:wal-position:{version}"


def _primary_position() -> str:
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def record_position(version: int) -> None:
    """The content version has just moved on to `version`: remember how far the primary's
    WAL is, which a replica must have replayed before it may serve pages of `version`."""
    if configured():
        cache.set(position_key(version), _primary_position(), POSITION_TTL)


def caught_up(version: int) -> bool:
    """Whether the replica has replayed everything behind `version` (one query on it;
    one on the primary when no position was recorded, e.g. after the cache was emptied).
    False, and the replica left alone for DOWN_SECONDS, when it does not answer."""
    position = cache.get(position_key(version))
    if position is None:
        # Read after `version` was: covers every commit that moved the version this far.
        position = _primary_position()
        cache.add(position_key(version), position, POSITION_TTL)
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            return bool(cursor.fetchone()[0])  # NULL (not a standby): no
    except DatabaseError as exc:
        logger.warning("read replica unavailable, reading from the primary: %s", exc)
        cache.set(DOWN_KEY, True, DOWN_SECONDS)
        connections[REPLICA].close()
        return False


def replica_safe(request, view_func) -> bool:
    """Whether this request may read from the replica, before asking how far it is."""
    return (
        hasattr(view_func, "reader_params")  # a reader page (portal.pagecache)
        and not pagecache.is_personal(request)  # GET/HEAD, no session: not staff
        and not _just_wrote(request)
    )


def _just_wrote(request) -> bool:
    return (
        request.get_signed_cookie(
            STICKY_COOKIE, default=None, salt=STICKY_COOKIE, max_age=STICKY_SECONDS
        )
        is not None
    )


class ReplicaMiddleware:
    """Chooses the database of each request (see the module's text); after any request
    that may write, keeps its sender on the primary for STICKY_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            _reads.set(PRIMARY)
            freshness.unpin()
        if request.method not in (*SAFE_METHODS, "OPTIONS") and configured():
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=STICKY_COOKIE,
                max_age=STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if configured() and replica_safe(request, view_func):
            # The version the replica will be checked against, and the one every value
            # this request caches is keyed on.
            freshness.pin(freshness.version())
            _reads.set(PENDING)
        return None


def _reads_from() -> str:
    reads = _reads.get()
    if reads == PENDING:
        ready = not cache.get(DOWN_KEY) and caught_up(freshness.version())
        reads = REPLICA if ready else PRIMARY
        _reads.set(reads)
    return reads


class ReplicaRouter:
    """Reads go where ReplicaMiddleware sent the request (the primary unless it chose the
    replica); writes and migrations always to the primary."""

    def db_for_read(self, model, **hints):
        return _reads_from()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
