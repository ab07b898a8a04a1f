"""The API's article list and detail from the page cache against a bare Django view.

In-process, through the whole middleware stack with Django's test client: the median of
`--n` interleaved requests each of the cached list (/api/v1/articles), the cached detail
(/api/v1/articles/<id>), and a bare Django view that returns the list's bytes as they
are (no database, no cache): the floor any view pays for the stack. Also the list and
the detail uncached (the page cache emptied before each request).

    python scripts/bench_api.py --n 2000 --articles 1000

Needs DATABASE_URL; a scratch database `<name>_apibench` is created and dropped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_apibench"
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    sys.path.insert(0, str(ROOT))
    import portal.settings as s

    s.ROOT_URLCONF = "bench_api_urls"
    s.RATELIMIT_ENABLE = False
    urls = types.ModuleType("bench_api_urls")
    sys.modules["bench_api_urls"] = urls
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import include, path
    from django.utils import timezone

    from news.models import Article, Section

    body = {"bytes": b""}

    def bare(request):
        return HttpResponse(body["bytes"], content_type="application/json")

    urls.urlpatterns = [path("bare/", bare), path("", include("portal.urls"))]
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        section = Section.objects.create(name="基准", slug="bench")
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"基准文章{i}",
                summary="摘要" * 20,
                body="<p>" + "正文" * 400 + "</p>",
                section=section,
                status="published",
                publish_at=now - timezone.timedelta(minutes=i + 1),
            )
            for i in range(args.articles)
        )
        detail = f"/api/v1/articles/{Article.objects.order_by('-publish_at').first().pk}"
        client = Client()
        body["bytes"] = client.get("/api/v1/articles").content
        paths = {
            "cached list": "/api/v1/articles",
            "cached detail": detail,
            "bare Django view": "/bare/",
        }
        for p in paths.values():
            assert client.get(p).status_code == 200, p
        assert client.get(detail)["X-Page-Cache"] == "hit"
        times: dict[str, list[float]] = {name: [] for name in paths}
        times |= {"uncached list": [], "uncached detail": []}
        for i in range(args.n):
            for name, p in paths.items():
                t = time.perf_counter()
                client.get(p)
                times[name].append(time.perf_counter() - t)
            if i % 10 == 0:  # uncached: fewer, they are slow
                for name, p in (("uncached list", "/api/v1/articles"), ("uncached detail", detail)):
                    cache.clear()
                    t = time.perf_counter()
                    client.get(p)
                    times[name].append(time.perf_counter() - t)
        medians = {name: statistics.median(v) for name, v in times.items()}
        floor = medians["bare Django view"]
        print(
            f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}"
        )
        for name, median in medians.items():
            print(
                f"{name}: {median * 1e6:.0f} µs median over {len(times[name])} requests, "
                f"{1 / median:.0f} req/s, {floor / median:.2f} × the bare view"
            )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
