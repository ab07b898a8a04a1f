"""Answers a 404 with the redirect saved for its old address (see `redirects.models`).

Only GET and HEAD, and only what would otherwise be a 404: the portal's own pages always
win. One indexed query per 404; a redirect found costs one UPDATE more for its count.
"""

from urllib.parse import parse_qsl

from django.db.models import F
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone

from redirects.models import Redirect


def find_redirect(path: str, query_string: str) -> Redirect | None:
    """The redirect for `path` whose parameters are all in the request (the one naming
    most of them); `/about` and `/about/` are the same old address. No saved address
    holds a NUL (PostgreSQL text cannot), and the query would fail on one."""
    if "\x00" in path:
        return None
    paths = {path, path + "/" if not path.endswith("/") else path.rstrip("/") or "/"}
    candidates = list(Redirect.objects.filter(old_path__in=paths))
    if not candidates:
        return None
    asked = set(parse_qsl(query_string, keep_blank_values=True))
    best = None
    for redirect in candidates:
        wanted = set(parse_qsl(redirect.old_query, keep_blank_values=True))
        exact_path = redirect.old_path == path
        rank = (len(wanted), exact_path)
        if wanted <= asked and (best is None or rank > best[0]):
            best = (rank, redirect)
    return best[1] if best else None


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        redirect = find_redirect(request.path, request.META.get("QUERY_STRING", ""))
        if redirect is None:
            return response
        Redirect.objects.filter(pk=redirect.pk).update(
            hits=F("hits") + 1, last_hit_at=timezone.now()
        )
        if not redirect.new_url:
            response.status_code = 410  # the not-found page, saying gone for good
            response.reason_phrase = "Gone"
            return response
        return HttpResponsePermanentRedirect(redirect.new_url)
