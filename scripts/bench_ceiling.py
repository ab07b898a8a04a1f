"""The ceiling of scripts/bench_gunicorn.py: a bare Django view answering 30 KB of HTML,
with no database, no cache and no middleware. Run by the benchmark under the project's
own gunicorn.conf.py (`gunicorn -c gunicorn.conf.py scripts.bench_ceiling:application`),
so the portal's figures are read as a share of what Django and gunicorn can do at all
on this machine."""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-ceiling-" + "k" * 40,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODY = ("<!doctype html><title>ceiling</title>" + "<p>天花板：不查数据库的页面。</p>" * 1200)[
    : 30 * 1024
].encode()


def ceiling(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", ceiling)]
application = get_wsgi_application()
