"""Choose the API library by measurement: django-ninja against DRF + drf-spectacular.

The same trivial endpoint, a list of 20 published articles (id, title, date), is built
with each library and requested in-process through Django's test client; the median of
many requests is reported, with a bare Django view returning the same JSON as the floor.
Startup cost is measured in fresh interpreters: importing the library and building the
API's URLs (and, for each, generating its OpenAPI schema once).

    python scripts/bench_api_libs.py --libs /tmp/apibench --n 2000

`--libs` is a folder with both libraries installed (`pip install --target DIR --no-deps
django-ninja djangorestframework drf-spectacular uritemplate inflection`), so the shared
environment keeps only the one chosen. Needs DATABASE_URL (a scratch database
`<name>_libbench` is created and dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STARTUP = {
    "ninja": """
import ninja
from ninja import NinjaAPI, Schema
api = NinjaAPI(urls_namespace="b")
class A(Schema):
    id: int
    title: str
@api.get("/a", response=list[A])
def a(request):
    return []
api.urls
api.get_openapi_schema(path_prefix="/api/")
""",
    "drf": """
from rest_framework import serializers, generics
from rest_framework.renderers import JSONRenderer
from drf_spectacular.generators import SchemaGenerator
from django.urls import path
from news.models import Article
class S(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title"]
class V(generics.ListAPIView):
    serializer_class = S
    renderer_classes = [JSONRenderer]
    queryset = Article.objects.none()
urlpatterns = [path("a", V.as_view())]
SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
""",
}


def startup(lib: str, libs: str, runs: int) -> float:
    """Median seconds of importing and building one endpoint, after django.setup()."""
    code = (
        f"import sys, time, django; sys.path.insert(0, {libs!r}); django.setup(); "
        f"t = time.perf_counter()\n{STARTUP[lib]}\nprint(time.perf_counter() - t)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    if lib == "drf":
        code = code.replace(
            "django.setup();",
            "from django.conf import settings; import portal.settings as s; "
            "s.INSTALLED_APPS += ['rest_framework', 'drf_spectacular']; "
            "s.REST_FRAMEWORK = {'DEFAULT_SCHEMA_CLASS': 'drf_spectacular.openapi.AutoSchema'}; "
            "django.setup();",
        )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def requests(libs: str, n: int) -> dict[str, float]:
    sys.path.insert(0, libs)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import portal.settings as s

    s.INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
    s.REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
    s.ROOT_URLCONF = "bench_urls"
    import types

    import django

    urls = types.ModuleType("bench_urls")
    sys.modules["bench_urls"] = urls
    django.setup()
    from django.db import connection
    from django.http import JsonResponse
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import include, path
    from django.utils import timezone
    from ninja import NinjaAPI, Schema
    from rest_framework import generics, serializers
    from rest_framework.renderers import JSONRenderer

    from news.models import Article, Section

    class Row(Schema):
        id: int
        title: str
        publish_at: str

    api = NinjaAPI(urls_namespace="bench")

    def rows():
        return Article.objects.published().order_by("-publish_at")[:20]

    @api.get("/articles", response=list[Row])
    def ninja_list(request):
        return [
            {"id": a.id, "title": a.title, "publish_at": a.publish_at.isoformat()} for a in rows()
        ]

    class S(serializers.ModelSerializer):
        class Meta:
            model = Article
            fields = ["id", "title", "publish_at"]

    class DrfList(generics.ListAPIView):
        serializer_class = S
        renderer_classes = [JSONRenderer]
        authentication_classes: list = []
        permission_classes: list = []

        def get_queryset(self):
            return rows()

    def bare(request):
        data = [
            {"id": a.id, "title": a.title, "publish_at": a.publish_at.isoformat()} for a in rows()
        ]
        return JsonResponse(data, safe=False)

    urls.urlpatterns = [
        path("ninja/", api.urls),
        path("drf/articles", DrfList.as_view()),
        path("bare/articles", bare),
        path("", include("portal.urls")),  # the middleware names the admin's URLs
    ]
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        section = Section.objects.create(name="基准", slug="bench")
        now = timezone.now()
        for i in range(20):
            Article.objects.create(
                title=f"基准文章{i}",
                section=section,
                status="published",
                publish_at=now - timezone.timedelta(hours=i + 1),
            )
        client = Client()
        paths = {
            "django-ninja": "/ninja/articles",
            "DRF": "/drf/articles",
            "bare": "/bare/articles",
        }
        for p in paths.values():
            assert client.get(p).status_code == 200, p
            assert len(json.loads(client.get(p).content)) == 20, p
        results = {name: [] for name in paths}
        for _ in range(n):  # interleaved, so load changes hit each alike
            for name, p in paths.items():
                t = time.perf_counter()
                client.get(p)
                results[name].append(time.perf_counter() - t)
        return {name: statistics.median(v) for name, v in results.items()}
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libs", required=True)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--startup-runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_libbench"
    sys.path.insert(0, str(ROOT))
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    for lib in ("ninja", "drf"):
        print(f"startup {lib}: {startup(lib, args.libs, args.startup_runs) * 1000:.0f} ms (median)")
    for name, median in requests(args.libs, args.n).items():
        print(f"list of 20 via {name}: {median * 1e6:.0f} µs median over {args.n} requests")


if __name__ == "__main__":
    main()
