"""点击量: every reader's visit to an article, counted exactly.

With Redis as the cache (REDIS_URL), a visit costs one Redis round trip and no database
write. A Lua script adds it, atomically, to the article's running total (the number the
page shows) and to the pending batch (per article, and per article and day); the first
visit that finds the batch older than VIEW_COUNT_FLUSH_SECONDS adds the whole batch to
PostgreSQL (`Article.view_count` and the day's `ArticleDailyViews` row) in one
statement: no cron. The dashboard, the CSV export and `manage.py backup` flush first,
so they read every visit.

Exactly once, whatever stops where:
- a flush renames the batch away from new visits before reading it (one script), under
  a lock, so a visit lands either in the batch being written or in the next one;
- the batch's token is committed with it (`ViewCountBatch`): a flush that died after
  its commit but before Redis heard of it leaves the batch in Redis, and the next flush
  finds the token and only drops it;
- a total missing from Redis (first visit, a restart, its hour-long lifetime over) is
  rebuilt under the same lock from the database plus the visits still pending.

What Redis losing its data costs (a restart without persistence, a flush of the
server): the visits of the batch not yet written, at most VIEW_COUNT_FLUSH_SECONDS of
them, or more when no article was read since the batch began. Everything flushed is in
PostgreSQL and totals start again from there.

Without Redis (locmem cache), and for a visit while Redis does not answer, a visit is
the one SQL statement of `count_in_database`.
"""

from __future__ import annotations

import logging
import time
import uuid
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

from news.models import Article, ArticleDailyViews, ViewCountBatch
from portal.views import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

TOTAL_TTL = 3600  # a total's lifetime in Redis; rebuilt from the database after it
LOCK_MS = 30_000  # a flush that takes longer loses the lock (the token keeps it exact)
LOCK_WAIT = 2.0  # seconds a visit waits for the lock to rebuild a missing total

# KEYS: total, pending, started. ARGV: article id, day, now (ms).
# -> {new total, when the batch began} or {-1, "0"} when the total is not in Redis.
_VISIT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, '0'} end
local n = redis.call('INCR', KEYS[1])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HINCRBY', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 1)
local started = redis.call('GET', KEYS[3])
if not started then
  redis.call('SET', KEYS[3], ARGV[3])
  started = ARGV[3]
end
return {n, started}
"""
# The same, for a page cache hit, in one round trip: also reads the cache entries KEYS[4],
# KEYS[5] (the content version and the page). -> {total or -1, started, entry, entry}.
_VISIT_AND_READ = """
local found = redis.call('MGET', KEYS[4], KEYS[5])
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, '0', found[1], found[2]} end
local n = redis.call('INCR', KEYS[1])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HINCRBY', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 1)
local started = redis.call('GET', KEYS[3])
if not started then
  redis.call('SET', KEYS[3], ARGV[3])
  started = ARGV[3]
end
return {n, started, found[1], found[2]}
"""
# Takes back a visit counted by _VISIT_AND_READ for a page that turned out stale and an
# article no longer visible, while it is still pending (a flush in the microseconds
# between leaves it counted). KEYS: total, pending. ARGV: article id, day.
_UNCOUNT = """
local field = ARGV[1] .. '|' .. ARGV[2]
if tonumber(redis.call('HGET', KEYS[2], field) or '0') > 0 then
  redis.call('HINCRBY', KEYS[2], field, -1)
  redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end
end
return 1
"""
# Under the lock, with no batch being written. KEYS: total, pending.
# ARGV: article id, its count in the database, lifetime.
_REBUILD = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  local pending = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
  redis.call('SET', KEYS[1], tonumber(ARGV[2]) + pending, 'EX', ARGV[3])
end
return redis.call('GET', KEYS[1])
"""
# Under the lock. KEYS: pending, flushing, started. ARGV: a new token.
# -> the batch to write (a batch left by a flush that died first), as HGETALL.
_TAKE_BATCH = """
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[2], '_token', ARGV[1])
end
return redis.call('HGETALL', KEYS[2])
"""
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def flush_seconds() -> float:
    return settings.VIEW_COUNT_FLUSH_SECONDS


def _redis():
    """The raw Redis client behind the cache, or None when the cache is not Redis."""
    if not isinstance(caches["default"], RedisCache):
        return None
    return get_redis_connection("default")


def _key(name: str) -> str:
    return caches["default"].make_key(f"visits:{name}")


def add(pk: int, *, known_visible: bool) -> int | None:
    """Count one visit to article `pk`; the new total, or None when the article is not
    visible to readers. `known_visible`: the caller served the article's cached page,
    which exists only while the article is visible (any edit makes it stale)."""
    client = _redis()
    if client is None:
        return count_in_database(pk)
    try:
        if not known_visible and not Article.objects.published().filter(pk=pk).exists():
            return None
        return _add_in_redis(client, pk)
    except RedisError:
        logger.warning("点击量：Redis 无应答，本次阅读直接写入数据库", exc_info=True)
        return count_in_database(pk)


def add_and_read(pk: int, names: list[str]) -> tuple[int | None, dict] | None:
    """For a page cache hit: count a visit to article `pk` and read the cache entries
    `names` (the content version and the page) in one Redis round trip. (the new total,
    or None when it must be counted the usual way; {name: value} of the entries found),
    or None without Redis. A visit counted here for a page found stale is the caller's
    to confirm (`confirm`)."""
    client = _redis()
    if client is None:
        return None
    backend = caches["default"]
    try:
        keys, args, now_ms = _visit_keys(pk)
        script = client.register_script(_VISIT_AND_READ)
        total, started, *values = script(
            keys=keys + [backend.make_key(n) for n in names], args=args
        )
        found = {
            name: backend.client.decode(value)
            for name, value in zip(names, values, strict=True)
            if value is not None
        }
        if total == -1:
            return None, found
        _flush_if_old(client, now_ms, started)
        return int(total), found
    except RedisError:
        return None


def confirm(pk: int, counted: int) -> int | None:
    """A visit `add_and_read` counted for a page that was stale: `counted` when the
    article is still visible, else the visit is taken back and None returned."""
    if Article.objects.published().filter(pk=pk).exists():
        return counted
    client = _redis()
    if client is not None:
        try:
            keys, args, _ = _visit_keys(pk)
            client.register_script(_UNCOUNT)(keys=keys[:2], args=args[:2])
        except RedisError:
            logger.warning("点击量：Redis 无应答，未能撤回一次计数", exc_info=True)
    return None


def _visit_keys(pk: int) -> tuple[list, list, int]:
    now = timezone.now()
    now_ms = int(now.timestamp() * 1000)
    keys = [_key(f"total:{pk}"), _key("pending"), _key("started")]
    return keys, [pk, timezone.localdate(now).isoformat(), now_ms], now_ms


def _flush_if_old(client, now_ms: int, started) -> None:
    if now_ms - int(started) >= flush_seconds() * 1000:
        try:
            flush(client, wait=0)
        except DATABASE_UNAVAILABLE:
            # The batch stays in Redis, whole; the next visit tries again.
            logger.warning("点击量：数据库无应答，本批阅读数暂存 Redis", exc_info=True)


def _add_in_redis(client, pk: int) -> int | None:
    keys, args, now_ms = _visit_keys(pk)
    visit = client.register_script(_VISIT)
    total, started = visit(keys=keys, args=args)
    if total == -1:
        if not _rebuild_total(client, pk):
            return None
        total, started = visit(keys=keys, args=args)
        if total == -1:  # pragma: no cover - expired within the same millisecond
            return count_in_database(pk)
    _flush_if_old(client, now_ms, started)
    return int(total)


def _rebuild_total(client, pk: int) -> bool:
    """Put article `pk`'s total back into Redis: the database's count plus the visits
    pending, under the lock (so no batch is half written). False: no such article."""
    with _locked(client, LOCK_WAIT) as locked:
        if not locked:
            raise RedisError("点击量：等待写入锁超时")
        _flush_locked(client)
        stored = Article.objects.filter(pk=pk).values_list("view_count", flat=True).first()
        if stored is None:
            return False
        rebuild = client.register_script(_REBUILD)
        rebuild(keys=[_key(f"total:{pk}"), _key("pending")], args=[pk, stored, TOTAL_TTL])
    return True


def flush(client=None, *, wait: float = LOCK_WAIT) -> int:
    """Write the pending batch to the database; the number of visits written (0 when
    there was none, or another process is writing it and `wait` ran out)."""
    client = client or _redis()
    if client is None:
        return 0
    with _locked(client, wait) as locked:
        return _flush_locked(client) if locked else 0


def flush_quietly() -> None:
    """Before reading the daily figures (dashboard, export, backup): every visit so far
    in the database, or a log line when Redis does not answer."""
    try:
        flush()
    except RedisError:
        logger.warning("点击量：Redis 无应答，暂存的阅读数未能写入", exc_info=True)


@contextmanager
def _locked(client, wait: float):
    token = uuid.uuid4().hex
    lock = _key("lock")
    deadline = time.monotonic() + wait
    while not client.set(lock, token, nx=True, px=LOCK_MS):
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(0.002)
    try:
        yield True
    finally:
        client.register_script(_UNLOCK)(keys=[lock], args=[token])


def _flush_locked(client) -> int:
    flushing = _key("flushing")
    take = client.register_script(_TAKE_BATCH)
    items = take(keys=[_key("pending"), flushing, _key("started")], args=[uuid.uuid4().hex])
    batch = {items[i].decode(): items[i + 1].decode() for i in range(0, len(items), 2)}
    if not batch:
        return 0
    token = uuid.UUID(batch.pop("_token"))
    totals: dict[int, int] = {}
    days: list[tuple[int, date, int]] = []
    for field, n in batch.items():
        if "|" in field:
            pk, day = field.split("|")
            days.append((int(pk), date.fromisoformat(day), int(n)))
        else:
            totals[int(field)] = int(n)
    written = write_batch(token, totals, days)
    client.delete(flushing)
    return written


def write_batch(token: uuid.UUID, totals: dict[int, int], days: list) -> int:
    """Add a batch to the articles and their days in one statement, once per token; the
    visits added (0 when this token was written before)."""
    article = Article._meta.db_table
    daily = ArticleDailyViews._meta.db_table
    batches = ViewCountBatch._meta.db_table
    visits = sum(totals.values())
    with transaction.atomic(using="default"), connection.cursor() as cursor:
        cursor.execute(
            f"WITH batch AS (INSERT INTO {batches} (token, flushed_at, visits) "  # noqa: S608 (no user input)
            "VALUES (%s, now(), %s) ON CONFLICT (token) DO NOTHING RETURNING token), "
            f"bumped AS (UPDATE {article} AS a SET view_count = a.view_count + v.n "
            "FROM unnest(%s::int[], %s::int[]) AS v(id, n), batch "
            "WHERE a.id = v.id RETURNING a.id, a.section_id), "
            f"days AS (INSERT INTO {daily} (article_id, section_id, day, views) "
            "SELECT v.id, b.section_id, v.day, v.n "
            "FROM unnest(%s::int[], %s::date[], %s::int[]) AS v(id, day, n) "
            "JOIN bumped AS b ON b.id = v.id "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {daily}.views + EXCLUDED.views) "
            "SELECT count(*) FROM batch",
            [
                token,
                visits,
                list(totals),
                list(totals.values()),
                [pk for pk, _, _ in days],
                [day for _, day, _ in days],
                [n for _, _, n in days],
            ],
        )
        written = cursor.fetchone()[0]
        cursor.execute(
            f"DELETE FROM {batches} WHERE flushed_at < now() - interval '1 day'"  # noqa: S608
        )
    return visits if written else 0


def total(pk: int) -> int | None:
    """The count a page shows, without counting (staff previews): Redis's running total
    when it has one, else the database's."""
    client = _redis()
    if client is not None:
        try:
            value = client.get(_key(f"total:{pk}"))
            if value is not None:
                return int(value)
        except RedisError:
            pass
    return Article.objects.filter(pk=pk).values_list("view_count", flat=True).first()


def count_in_database(pk: int) -> int | None:
    """A visit as one atomic statement: one view added to a visible article and to its
    row of the day (the site's time zone); the new total, or None (not visible).

    It commits without waiting for the disk (synchronous_commit off for this
    transaction only): waiting for the WAL flush was most of an article page's time.
    Counting stays atomic and exact; only a crash of PostgreSQL itself may lose the
    views of its last half second or so (3 × wal_writer_delay), never any other write."""
    now = timezone.now()
    table = Article._meta.db_table
    daily = ArticleDailyViews._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH bumped AS (UPDATE {table} SET view_count = view_count + 1 "  # noqa: S608 (no user input)
            "WHERE id = %s AND status = %s AND publish_at <= %s "
            "AND (unpublish_at IS NULL OR unpublish_at > %s) AND deleted_at IS NULL "
            "RETURNING id, section_id, view_count), "
            f"daily AS (INSERT INTO {daily} (article_id, section_id, day, views) "
            "SELECT id, section_id, %s, 1 FROM bumped ON CONFLICT (article_id, day) "
            f"DO UPDATE SET views = {daily}.views + 1) "
            "SELECT view_count, set_config('synchronous_commit', 'off', true) FROM bumped",
            [pk, Article.Status.PUBLISHED, now, now, timezone.localdate(now)],
        )
        row = cursor.fetchone()
    return row[0] if row else None
