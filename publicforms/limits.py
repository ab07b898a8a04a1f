"""Per-client rate limits of the public forms, and the Chinese 429 that answers a request
over one."""

from django.http import JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited


def rate_limited(request, exception=None, *, retry_minutes: int = 10):
    """429 for a blocked request, saying in Chinese how long to wait (and Retry-After).

    django-ratelimit's RATELIMIT_VIEW; `blocked` below passes the real wait. A script's
    request (X-Requested-With) gets the sentence as JSON `{"error": …}`.
    """
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        response = JsonResponse(
            {"error": f"操作过于频繁，请约 {retry_minutes} 分钟后再试。"}, status=429
        )
    else:
        response = render(request, "429.html", {"retry_minutes": retry_minutes}, status=429)
    response["Retry-After"] = str(retry_minutes * 60)
    return response


def over_limit(request, *, group: str, rate: str, method: str = "POST") -> bool:
    """Count this request against the per-client limit of a public form (`group`) and
    say whether it is over; answer one that is with `blocked`."""
    return is_ratelimited(
        request, group=group, key="ip", rate=rate, method=[method], increment=True
    )


def blocked(request, *, group: str, rate: str, method: str = "POST"):
    """The 429 for a request over a per-client limit of `is_ratelimited(key="ip")`."""
    usage = get_usage(request, group=group, key="ip", rate=rate, method=[method])
    minutes = max(1, -(-(usage or {}).get("time_left", 600) // 60))
    return rate_limited(request, retry_minutes=minutes)
