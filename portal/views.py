import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView

from editorial.access import reads_members_only
from editorial.images import process_image, store
from editorial.sanitize import removed_formatting
from portal.models import Page


class PageDetailView(DetailView):
    template_name = "portal/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sibling_pages"] = Page.objects.published().only("title", "slug")
        page = context["page"]
        context["locked"] = page.members_only and not reads_members_only(self.request.user)
        return context

    def render_to_response(self, context, **kwargs):
        """A member-only page's whole text is for this reader only: never stored in a
        shared cache (the anonymous, locked answer is the same for everyone)."""
        response = super().render_to_response(context, **kwargs)
        if self.request.user.is_staff or (context["page"].members_only and not context["locked"]):
            add_never_cache_headers(response)
        return response


@never_cache
@require_GET
def healthz(request):
    """JSON for a load balancer or monitor: the database and the cache, each "ok" or
    "unavailable" (the cache "local" without Redis). 503 only when the database is down:
    without Redis the site still serves every page, from the database."""
    body = {"status": "ok", "database": "ok", "redis": _redis_health()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        body.update(status="error", database="unavailable", detail=exc.__class__.__name__)
        return JsonResponse(body, status=503)
    if body["redis"] == "unavailable":
        body["status"] = "degraded"
    return JsonResponse(body)


def _redis_health() -> str:
    if not settings.REDIS_URL:
        return "local"
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").ping()
    except Exception:  # refused, timed out, or an error reply: the cache is not there
        return "unavailable"
    return "ok"


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /messages/lookup/",
        "Disallow: /contribute/status/",
        "Disallow: /membership/status/",
        "Disallow: /codes/",
        "Disallow: /events/registration/",
        "Disallow: /events/checkin/",
        "Disallow: /search/",
        f"Sitemap: {base}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_POST
def editor_upload(request):
    """Image upload for CKEditor 5: staff only, checked and re-encoded by Pillow."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse({"error": {"message": "只有编辑人员可以上传图片。"}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "没有收到文件。"}}, status=400)
    try:
        checked = process_image(upload, prefix="")
    except ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    return JsonResponse({"url": default_storage.url(store(default_storage, "editor", checked))})


@require_POST
def editor_check(request):
    """What saving would remove from the editor's HTML (`removed_formatting`), for the
    warning static/js/editor.js shows after a paste. Staff only."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse({"error": "只有编辑人员可以使用。"}, status=403)
    return JsonResponse({"removed": removed_formatting(request.POST.get("html", ""))})


@requires_csrf_token
def page_not_found(request, exception=None):
    """The styled 404, with the sentence a view gave `Http404` (what was not found)."""
    message = exception.args[0] if exception is not None and exception.args else ""
    context = {"exception_message": message if isinstance(message, str) else ""}
    return render(request, "404.html", context, status=404)


@requires_csrf_token
def bad_request(request, exception=None):
    """The 400 for a request Django cannot read (a broken multipart body, a bad charset,
    too many fields): without context processors, which would read it again."""
    template = loader.get_template("400.html")
    return HttpResponse(template.render({}), status=400)


@requires_csrf_token
def server_error(request):
    """500 without context processors: the database may be the thing that failed. An
    unreachable database raised outside a view (a session saved after the response) gets
    the 503 of `database_unavailable` instead."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        # The view finished (what it stored is committed); what failed came after it.
        return database_unavailable(request, after_view=True)
    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)


# What the database driver raises when the server is down, restarting, refusing
# connections or cancelling a statement: the reader may try again shortly.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(request, *, after_view: bool = False):
    """The styled 503 when the database does not answer, rendered without it (no context
    processors); Retry-After tells browsers and crawlers when to come back. A form sent
    to a view that failed was not stored (its row and files are written together or not
    at all); `after_view`: the failure came after the view, which may have stored it."""
    template = loader.get_template("503.html")
    context = {"posted": request.method == "POST", "after_view": after_view}
    response = HttpResponse(template.render(context), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_cache=True, no_store=True)
    return response


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
