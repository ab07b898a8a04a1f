"""Whole-page cache for anonymous readers.

Reader pages look the same for every anonymous visitor (font size, 适老化 mode and the
like live in the browser), so the finished HTML is cached and served without touching
the views, the templates or the database. Every cached page is keyed by one site-wide
version that each app bumps when its content changes (`bump()`), so an edit shows at
once. Staff (anyone with a session), form pages (they set the CSRF cookie) and anything
but a plain 200 are never cached.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "portal:page-version"
DEFAULT_TTL = 300
_expiry_hooks: list[Callable[[], int]] = []


def register_expiry(seconds_left: Callable[[], int]) -> None:
    """Let an app bound every cached page's lifetime, e.g. by its next scheduled change."""
    _expiry_hooks.append(seconds_left)


def _lifetime(ttl: int | Callable[[], int]) -> int:
    seconds = ttl() if callable(ttl) else ttl
    for hook in _expiry_hooks:
        seconds = min(seconds, hook())
    return max(1, seconds)


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        # Start from the clock, so a lost key never brings back pages cached before.
        cache.add(VERSION_KEY, time.time_ns() // 1000, None)
        value = cache.get(VERSION_KEY)
    return value


def bump() -> None:
    """Make every cached page stale; called wherever reader-visible content changes."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns() // 1000, None)


def _personal(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or request.method not in ("GET", "HEAD")
    )


def _key(request) -> str:
    digest = hashlib.sha256(
        f"{request.get_host()}|{request.get_full_path()}".encode("utf-8", "replace")
    ).hexdigest()[:32]
    return f"portal:page:{version()}:{digest}"


def reader_page(ttl: int | Callable[[], int] = DEFAULT_TTL):
    """Cache the view's 200 answers to anonymous readers for `ttl` seconds at most.

    Apps bound the lifetime further with `register_expiry` (news: the next scheduled
    publish or end time), so no page shows an article before or after its time.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if _personal(request):
                return view(request, *args, **kwargs)
            key = _key(request)
            hit = cache.get(key)
            if hit is not None:
                content, headers = hit
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cacheable = (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                # a page that put a CSRF token in a form belongs to one visitor
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and "private" not in response.get("Cache-Control", "")
                and "no-cache" not in response.get("Cache-Control", "")
            )
            if cacheable:
                cache.set(key, (response.content, list(response.headers.items())), _lifetime(ttl))
                response["X-Page-Cache"] = "miss"
            return response

        return wrapped

    return decorator
