"""Middleware of the portal's own."""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from editorial.files import is_disk_full
from portal.views import DATABASE_UNAVAILABLE, database_unavailable, healthz

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers /healthz first: a load balancer or monitor asks by IP address, which is
    not in ALLOWED_HOSTS, and needs no HTTPS redirect, session or CSRF. The answer says
    whether the database and Redis respond (portal.views.healthz)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (stopped, restarting, refusing connections)
    or cannot write a file (a full disk) answers with the styled 503 "没有保存，请稍后再试"
    at once, not a 500 with a logged traceback per request. Cached reader pages
    (portal.pagecache) do not need the database and are still served. Nothing is
    half-stored: the forms write their files and rows together or not at all
    (editorial.files.delete_on_failure), and no file is left partly written
    (editorial.files.SafeFileSystemStorage)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.warning(
                "database unavailable: %s %s (%s)",
                request.method,
                request.path,
                exception.__class__.__name__,
            )
            return database_unavailable(request)
        if is_disk_full(exception):
            logger.error("disk full: %s %s (%s)", request.method, request.path, exception)
            if request.path.startswith("/editor/"):  # CKEditor reads this JSON
                message = "图片没有保存：网站的存储空间暂时不足，请稍后再试。"
                return JsonResponse({"error": {"message": message}}, status=503)
            return database_unavailable(request)
        return None


class RequestSizeMiddleware:
    """Refuses a POST to an upload URL whose declared size passes its limit
    (settings.REQUEST_BODY_LIMITS) with 413, before anything reads the body: Django's
    CSRF check would otherwise read all of it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_LIMITS.get(request.path)
        if request.method == "POST" and limit and _content_length(request) > limit:
            megabytes = limit // (1024 * 1024)
            message = f"提交的内容超过 {megabytes} MB，未能接收。"
            if request.path.startswith("/editor/"):  # CKEditor reads this JSON
                return JsonResponse({"error": {"message": message}}, status=413)
            context = {"message": message, "back": request.path}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
