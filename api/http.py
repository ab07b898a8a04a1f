"""What every API answer shares: JSON errors in Chinese, the per-client rate limit, the
cache and its validators (ETag, Last-Modified, 304), refused unknown parameters, page
links, absolute addresses, times in +08:00, and CORS for the listed origins.

The answers are cached like reader pages (`portal.pagecache.reader_page`): anonymous,
keyed on the path and the parameters the endpoint declares, stored with the content
version. Only what an anonymous reader may see is ever read (`.published()`), so one
copy serves every client.
"""

from __future__ import annotations

import datetime
import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import get_usage, is_ratelimited

from portal.pagecache import reader_page

PAGE_SIZE = 20
MAX_PAGE = 500  # 10,000 items deep: enough to walk any list a partner mirrors
RATE_GROUP = "api"
EXPOSED = "ETag, Last-Modified, Retry-After"


def error(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def refuse_unknown(request, names: list[str]) -> JsonResponse:
    listed = "、".join(n[:30] for n in names[:5])
    return error(400, f"不支持的参数：{listed}。请查看接口文档 /api/v1/docs 中列出的参数。")


def too_many(request) -> JsonResponse:
    usage = get_usage(request, group=RATE_GROUP, key="ip", rate=settings.API_RATE, method=["GET"])
    seconds = max(1, int((usage or {}).get("time_left", 60)))
    return error(
        429, f"请求过于频繁，请约 {-(-seconds // 60)} 分钟后再试。", Retry_After=str(seconds)
    )


def local(moment: datetime.datetime | None) -> str | None:
    """ISO 8601 in the site's time zone (+08:00), to the second."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def base_url(request) -> str:
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def absolute(request, url: str) -> str:
    """A site path (/media/…, /articles/1/) as a full address; full addresses unchanged."""
    if not url or url.startswith(("http://", "https://", "//")):
        return url
    return base_url(request) + url


def file_url(request, field) -> str | None:
    return absolute(request, field.url) if field else None


def page_number(request) -> int:
    """The `page` parameter (1 when absent); a bad one is refused by `BadPage`."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadPage(f"页码应为 1 到 {MAX_PAGE} 之间的整数。")
    return int(raw)


class BadPage(ValueError):
    pass


def paged(request, rows: list, page: int, **extra) -> dict:
    """A page of `rows` (up to PAGE_SIZE + 1 read, so no count is needed) with the
    addresses of the next and previous pages."""

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return absolute(request, request.path) + "?" + urlencode(sorted(query.items()))

    has_next = len(rows) > PAGE_SIZE and page < MAX_PAGE
    return {
        **extra,
        "page": page,
        "next": link(page + 1) if has_next else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": rows[:PAGE_SIZE],
    }


def window(queryset, page: int) -> list:
    start = (page - 1) * PAGE_SIZE
    return list(queryset[start : start + PAGE_SIZE + 1])


def _validators(response) -> None:
    """ETag: the content version the answer was built under and a digest of its bytes
    (a scheduled publish changes the bytes, not the version). Last-Modified: when this
    copy was built, which no content it shows is newer than."""
    version = getattr(response, "page_cache", (0, 0))[0]
    digest = hashlib.blake2b(response.content, digest_size=8).hexdigest()
    response["ETag"] = f'"{version}-{digest}"'
    response["Last-Modified"] = http_date()


def endpoint(view, params: tuple[str, ...]):
    """An API view: GET only, rate-limited per client, cached as a reader page that reads
    `params` and refuses any other parameter, with validators and 304."""
    cached = reader_page(params=params, refuse_unknown=refuse_unknown)(view)

    @csrf_exempt  # read-only: nothing to protect, and a POST gets the JSON 405 below
    @wraps(cached)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error(405, "本接口只读，只接受 GET 请求。", Allow="GET, HEAD")
        limited = is_ratelimited(
            request,
            group=RATE_GROUP,
            key="ip",
            rate=settings.API_RATE,
            method=["GET", "HEAD"],
            increment=True,
        )
        if limited:
            return too_many(request)
        response = cached(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        _validators(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped


class CorsMiddleware:
    """CORS for the API, for the origins in API_CORS_ORIGINS only. Outside the page cache
    (it runs before it), so a cached answer never carries another site's origin; nginx
    keys its copies of /api/ on the Origin header for the same reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed = origin in settings.API_CORS_ORIGINS
        if allowed and request.method == "OPTIONS":  # a preflight (e.g. for If-None-Match)
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSED
        if settings.API_CORS_ORIGINS:
            patch_vary_headers(response, ["Origin"])
        return response
