"""The one cache of reader pages: finished HTML for anonymous readers.

Reader pages look the same for every anonymous visitor (font size, 适老化 mode and the
like live in the browser), so the finished response is cached and served without
touching the view, the templates or the database. The key holds the content version
(`portal.freshness`), so any edit makes every cached page stale at once; the lifetime
is bounded by `register_expiry` hooks (news: the next scheduled publish or end time).

Only the query parameters a page declares reach it and its key: junk parameters
neither add cache entries nor change what the view sees.

One rule for personal state: a request carrying a session or messages cookie, or
anything but GET/HEAD, is neither served from nor stored in the cache, and neither is
a response that sets a cookie, a CSRF token, or says private/no-cache, or is not a
plain 200.

No herd after an edit: a copy outlives its freshness by GRACE_SECONDS, and when a hit
finds it stale (the content version moved on, or its lifetime is over), the first such
request rebuilds the page while the others, for as long as that takes (REBUILD_SECONDS
at most, `X-Page-Cache: stale`), get the stale copy, instead of every concurrent reader
rendering the same page at once. A page that counts visits is never served stale.

A page with a per-visit number (an article's view count) passes `count=`: it runs on
every visit, cached or not, and its result replaces `COUNT_MARK` in the cached HTML.

Two halves, so that a hit costs no more than it must:
- `reader_page` (on the view, urls.py) builds a page on a miss and marks the response
  as storable, with the key and the content version read before the view ran;
- `PageCacheMiddleware` (first in settings.MIDDLEWARE) stores that response with its
  final headers (CSP, security headers, set by the middleware below it), and answers
  hits before sessions, CSRF, messages, locale and the rest run: one Redis MGET reads
  the content version and the page together (the page keeps the version it was built
  under beside its HTML, so a stale copy is simply not used). A page that counts visits
  may give its `count` a `count_and_read(request, names, *args, **kwargs)` that counts
  the visit and reads those entries in the same round trip (the article page with Redis:
  news.visits); a visit it counted for a stale copy is left on the request
  (`visit_counted`) for the view's `count` to confirm or take back. A request the
  middleware does not answer goes the normal way.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from portal import freshness
from portal.views import DATABASE_UNAVAILABLE

DEFAULT_TTL = 300
# A copy is kept this long after it went stale (an edit, its lifetime over): while one
# request rebuilds a page, the others are answered with the stale copy instead of all
# rebuilding it at once (the rebuild is marked for at most REBUILD_SECONDS).
GRACE_SECONDS = 60
REBUILD_SECONDS = 10
# Where a cached page shows its per-visit number (invisible separator characters).
COUNT_MARK = "\u2063count\u2063"
# What a cached page shows there while the database is down (the visit is not counted).
COUNT_UNKNOWN = "—"
_expiry_hooks: list[Callable[[], int]] = []


def register_expiry(seconds_left: Callable[[], int]) -> None:
    """Let an app bound every cached page's lifetime, e.g. by its next scheduled change."""
    _expiry_hooks.append(seconds_left)


def lifetime(ttl: int = DEFAULT_TTL) -> int:
    """Seconds a page cached now may live: `ttl`, or less if a scheduled change is due."""
    seconds = ttl
    for hook in _expiry_hooks:
        seconds = min(seconds, hook())
    return max(1, seconds)


def is_personal(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or request.method not in ("GET", "HEAD")
    )


def known_params(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the query parameters a page reads, in a fixed order; the rest are dropped.
    NUL characters go too: PostgreSQL cannot compare text that holds them."""
    known = QueryDict(mutable=True)
    for name in names:
        values = [v.replace("\x00", "") for v in query.getlist(name)]
        values = [v for v in values if v != ""]
        if values:
            known.setlist(name, values)
    known._mutable = False
    return known


def page_key(request) -> str:
    """What a cached reader page is keyed on: host, path and the page's known query
    parameters (so junk parameters cannot add cache entries). The content version is
    stored with the page, not in its key, so one MGET reads both (module docstring)."""
    raw = f"{request.get_host()}|{request.path}|{request.GET.urlencode()}"
    digest = hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
    return f"portal:page:{digest}"


def _cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # a page that put a CSRF token in a form belongs to one visitor
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
    )


def _filled(content: bytes, number: int | str | None) -> bytes:
    if number is None:
        return content
    return content.replace(COUNT_MARK.encode(), str(number).encode())


def reader_page(
    ttl: int = DEFAULT_TTL,
    *,
    params: tuple[str, ...] = (),
    count: Callable[..., int | None] | None = None,
):
    """Cache the view's 200 answers to anonymous readers for `ttl` seconds at most.

    `params` names the query parameters the view reads; only those reach the view
    and the cache key, for every visitor alike.

    `count(request, *args, **kwargs)` counts the visit and returns the new number, or
    None for a request that must not be counted; the view reads `request.visit_count`:
    the number, or `COUNT_MARK` when the page is being built for the cache.

    Hits are answered by `PageCacheMiddleware`; here a page is built and marked for it
    to store (`response.page_cache`).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.GET = known_params(request.GET, params)
            number = count(request, *args, **kwargs) if count else None
            request.visit_count = number
            if is_personal(request) or (count and number is None):
                return view(request, *args, **kwargs)
            # Read before the view runs: an edit committed meanwhile makes this copy stale.
            version = freshness.version()
            if count:
                request.visit_count = COUNT_MARK
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _cacheable(request, response):
                response.page_cache = _Pending(
                    page_key(request), version, response.content, lifetime(ttl)
                )
                response["X-Page-Cache"] = "miss"
            if count:
                response.content = _filled(response.content, number)
                # every visit must reach the server to be counted
                patch_cache_control(response, private=True, no_cache=True)
            return response

        # What the page reads, for tests that walk every reader URL (tests/security),
        # and for PageCacheMiddleware, which answers hits before the view is reached.
        wrapped.reader_params = params
        wrapped.reader_count = count
        return wrapped

    return decorator


@lru_cache(maxsize=4096)
def _reader_match(urlconf: str, path: str):
    """(view, args, kwargs) of a reader_page URL, or None: resolving every URL pattern
    was a fifth of a hit's own work, and a reader page's URL resolves alike each time."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    if getattr(match.func, "reader_params", None) is None:
        return None
    return match.func, match.args, match.kwargs


@dataclass(frozen=True)
class _Pending:
    """A page built for the cache, waiting for its final headers (PageCacheMiddleware)."""

    key: str
    version: int
    content: bytes
    timeout: int


# Headers not stored with a page: recomputed for each answer.
_UNSTORED = frozenset({"content-length", "x-page-cache"})


class PageCacheMiddleware:
    """First in settings.MIDDLEWARE: answers an anonymous GET for a cached reader page
    from the cache before the rest of the middleware runs, and stores the pages that
    `reader_page` marked, with the headers the whole stack gave them.

    It answers only what the full stack would have answered the same way: a GET without
    a session or messages cookie or Authorization header (`is_personal`), for an allowed
    host, over HTTPS when the site redirects to it, to a URL whose view is a
    `reader_page` (so never the admin), with a copy built under the current content
    version. Anything else, and every miss, goes through the stack unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.ssl_redirect = settings.SECURE_SSL_REDIRECT

    def __call__(self, request):
        response = self._hit(request)
        if response is not None:
            return response
        response = self.get_response(request)
        pending = getattr(response, "page_cache", None)
        if pending is not None and response.status_code == 200 and not response.cookies:
            headers = [(k, v) for k, v in response.items() if k.lower() not in _UNSTORED]
            fresh_until = time.time() + pending.timeout
            stored = (pending.version, fresh_until, pending.content, headers)
            cache.set(pending.key, stored, pending.timeout + GRACE_SECONDS)
            cache.delete(_rebuild_key(pending.key))
        elif getattr(request, "page_rebuild", None) and response.status_code != 503:
            # The page is gone or changed its nature (withdrawn: 404, moved: a redirect):
            # its stale copy must not answer anyone. While the database is down (503)
            # it still does, until the next try.
            cache.delete_many([request.page_rebuild, _rebuild_key(request.page_rebuild)])
        return response

    def _hit(self, request):
        if request.method != "GET" or is_personal(request):
            return None
        if self.ssl_redirect and not request.is_secure():
            return None  # SecurityMiddleware redirects it
        match = _reader_match(settings.ROOT_URLCONF, request.path_info)
        if match is None:
            return None
        func, args, kwargs = match
        params = func.reader_params
        request.GET = known_params(request.GET, params)
        try:
            key = page_key(request)
        except DisallowedHost:
            return None  # the stack answers 400
        count = func.reader_count
        names = [freshness.VERSION_KEY, key]
        # A page that counts visits may count and read in one round trip (news.visits)
        fetched = None
        if count is not None and hasattr(count, "count_and_read"):
            fetched = count.count_and_read(request, names, *args, **kwargs)
        counted, found = fetched if fetched is not None else (None, cache.get_many(names))
        stored = found.get(key)
        if stored is None or len(stored) != 4:
            request.visit_counted = counted  # the view confirms or takes it back
            return None
        version, fresh_until, content, headers = stored
        state = "hit"
        if version != found.get(freshness.VERSION_KEY) or time.time() >= fresh_until:
            # Stale. One request rebuilds it; while it does, the others get this copy
            # (never a page that counts visits: its number must be a live one).
            if count is not None or cache.add(_rebuild_key(key), 1, REBUILD_SECONDS):
                request.visit_counted = counted  # the view confirms or takes it back
                request.page_rebuild = key
                return None
            state = "stale"
        number = counted
        if count is not None and number is None:
            request.user = AnonymousUser()  # no session cookie: nobody is logged in
            request.page_cache_hit = True  # the page is there, so its object is visible
            try:
                number = count(request, *args, **kwargs)
            except DATABASE_UNAVAILABLE:
                # The database is down: the reader still gets the page, without the
                # count of this visit (the number shown is the one it was built with).
                number = COUNT_UNKNOWN
            if number is None:  # no longer visible: the view says so
                return None
        content = _filled(content, number)
        response = HttpResponse(content, headers=headers)
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = state
        return response


def _rebuild_key(key: str) -> str:
    return f"{key}:rebuilding"
