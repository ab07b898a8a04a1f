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

A page with a per-visit number (an article's view count) passes `count=`: it runs on
every visit, cached or not, and its result replaces `COUNT_MARK` in the cached HTML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control

from portal import freshness

DEFAULT_TTL = 300
# Where a cached page shows its per-visit number (invisible separator characters).
COUNT_MARK = "\u2063count\u2063"
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
    """What a cached reader page is keyed on: the content version, host, path and the
    page's known query parameters (so junk parameters cannot add cache entries)."""
    raw = f"{request.get_host()}|{request.path}|{request.GET.urlencode()}"
    digest = hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
    return freshness.key(f"page:{digest}")


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


def _filled(content: bytes, number: int | None) -> bytes:
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
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.GET = known_params(request.GET, params)
            number = count(request, *args, **kwargs) if count else None
            request.visit_count = number
            if is_personal(request) or (count and number is None):
                return view(request, *args, **kwargs)
            key = page_key(request)
            hit = cache.get(key)
            if hit is not None:
                content, headers = hit
                response = HttpResponse(_filled(content, number))
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
            else:
                if count:
                    request.visit_count = COUNT_MARK
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if _cacheable(request, response):
                    headers = [(k, v) for k, v in response.headers.items() if k != "Content-Length"]
                    cache.set(key, (response.content, headers), lifetime(ttl))
                    response["X-Page-Cache"] = "miss"
                if count:
                    response.content = _filled(response.content, number)
            if count:
                # every visit must reach the server to be counted
                patch_cache_control(response, private=True, no_cache=True)
            return response

        # What the page reads, for tests that walk every reader URL (tests/security).
        wrapped.reader_params = params
        return wrapped

    return decorator
