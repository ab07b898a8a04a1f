"""The one cache of reader pages: finished responses for anonymous readers, in Redis.

nginx's proxy cache in front (deploy/nginx/portal.conf) answers most repeat visits for a
second or two; this cache answers the rest, and every app server shares it. The key is
the host, the path, the query parameters the page declares (junk parameters neither
add entries nor reach the view) and the script the reader chose (简/繁,
`portal.traditional`); the content version (`portal.freshness`) is stored with
the page, so any edit makes every copy stale at once. A copy lives `lifetime()` seconds
at most: apps shorten it to their next scheduled change (`register_expiry`).

One rule for personal state, `is_personal`: a request with a session or messages cookie,
an Authorization header, or any method but GET/HEAD is neither served from nor stored in
this cache, and its answer says `Cache-Control: private`, so no shared cache keeps it.
nginx bypasses its cache on the same rule, and stores only answers that carry
`X-Page-Cache`, which only a shareable reader page gets.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from portal import freshness
from portal.traditional import script_of

DEFAULT_TTL = 300
_expiry_hooks: list[Callable[[], int]] = []
# Headers a stored page does not keep: set again for each answer. The page is the same
# for every anonymous reader, so neither cookies nor language make it vary.
_UNSTORED = frozenset({"content-length", "x-page-cache", "vary"})


def register_expiry(seconds_left: Callable[[], int]) -> None:
    """Let an app bound every cached page's lifetime, e.g. by its next scheduled change."""
    _expiry_hooks.append(seconds_left)


def lifetime(ttl: int = DEFAULT_TTL) -> int:
    return max(1, min([ttl, *(hook() for hook in _expiry_hooks)]))


def is_personal(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or request.method not in ("GET", "HEAD")
    )


def known_params(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the query parameters a page reads, in a fixed order, without empty values and
    NUL characters (PostgreSQL cannot compare text that holds them)."""
    known = QueryDict(mutable=True)
    for name in names:
        values = [v.replace("\x00", "") for v in query.getlist(name)]
        if values := [v for v in values if v]:
            known.setlist(name, values)
    known._mutable = False
    return known


def page_key(request) -> str:
    raw = f"{request.get_host()}|{request.path}|{request.GET.urlencode()}|{script_of(request)}"
    return "portal:page:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]


def reader_page(
    ttl: int = DEFAULT_TTL,
    *,
    params: tuple[str, ...] = (),
    refuse_unknown: Callable[[object, list[str]], HttpResponse] | None = None,
):
    """Mark a view as a reader page: only `params` of the query string reach it, and its
    plain 200 answers to anonymous readers are cached for `ttl` seconds at most.

    Reader pages drop parameters they do not read; a page given `refuse_unknown` (the
    API, whose clients should hear about a misspelt filter) answers a request carrying
    any with `refuse_unknown(request, names)` instead, never from the cache."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if refuse_unknown is not None and (unknown := _unknown(request.GET, params)):
                return refuse_unknown(request, unknown)
            request.GET = known_params(request.GET, params)
            if is_personal(request):
                return view(request, *args, **kwargs)
            version = freshness.version()  # read first: an edit meanwhile makes it stale
            response = view(request, *args, **kwargs)
            response.page_cache = (version, lifetime(ttl))
            return response

        wrapped.reader_params = params  # for PageCacheMiddleware and the fuzz tests
        wrapped.reader_strict = refuse_unknown is not None
        return wrapped

    return decorator


def _unknown(query: QueryDict, names: tuple[str, ...]) -> list[str]:
    return sorted(set(query) - set(names))


@lru_cache(maxsize=4096)
def _reader_params(urlconf: str, path: str) -> tuple[tuple[str, ...] | None, bool]:
    try:
        func = resolve(path, urlconf).func
    except Resolver404:
        return None, False
    return getattr(func, "reader_params", None), getattr(func, "reader_strict", False)


def _shareable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a CSRF token
        and not response.has_header("Cache-Control")  # the view said private or no-cache
    )


def _conditional(request, response):
    """A stored page that carries validators (the API's ETag and Last-Modified) answers
    If-None-Match / If-Modified-Since with 304 from the cache too."""
    if not response.has_header("ETag"):
        return response
    modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=modified, response=response
    )


class PageCacheMiddleware:
    """First in settings.MIDDLEWARE, so a hit skips sessions, CSRF and the rest, and a miss
    is stored with every header the middleware below added (CSP, security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self._answer(request, None)
        version, key, hit = self._lookup(request)
        if hit is not None:
            return hit
        with freshness.pinned(version):  # one read of the version for the whole page
            return self._answer(request, key)

    def _lookup(self, request):
        """(the content version read with the stored copy, the copy's key, the copy as an
        answer): Nones where the page is not looked up, or not found."""
        params = None
        if request.method == "GET" and not is_personal(request):
            params, strict = _reader_params(settings.ROOT_URLCONF, request.path_info)
            if strict and params is not None and _unknown(request.GET, params):
                params = None  # the view refuses the request; nothing to look up
        if params is not None and not (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            request.GET = known_params(request.GET, params)
            try:
                key = page_key(request)
            except DisallowedHost:
                return None, None, None  # the stack answers 400
            found = cache.get_many([freshness.VERSION_KEY, key])
            version, stored = found.get(freshness.VERSION_KEY), found.get(key)
            if stored and stored[0] == version and time.time() < stored[1]:
                response = HttpResponse(stored[2], headers=stored[3])
                response["Content-Length"] = str(len(stored[2]))
                response["X-Page-Cache"] = "hit"
                return version, key, _conditional(request, response)
            return version, key, None
        return None, None, None

    def _answer(self, request, key):
        response = self.get_response(request)
        pending = getattr(response, "page_cache", None)
        if pending and key and _shareable(request, response):
            del response["Vary"]
            version, timeout = pending
            headers = [(k, v) for k, v in response.items() if k.lower() not in _UNSTORED]
            cache.set(key, (version, time.time() + timeout, response.content, headers), timeout)
            response["X-Page-Cache"] = "miss"
        elif is_personal(request) or response.cookies:
            patch_cache_control(response, private=True)
        return response
