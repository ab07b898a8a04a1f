"""In-process CPU cost of uncached reader pages : not a test.

    .venv/bin/python scripts/bench_render.py [-n 300] [--profile PATH] [--dump DIR]

Runs in the environment of a benchmark database (DATABASE_URL, REDIS_URL, DEBUG=false,
…: see scripts/bench_gunicorn.py django_env()). Every request carries a session cookie,
so the page cache is skipped and the view and templates run. For each page: the median
process time per request, SQL queries and Redis commands per request. --profile prints
cProfile's top entries for each page; --dump writes each page's HTML (to compare the
output of two versions of the code).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from news.models import Article, Section  # noqa: E402


def redis_commands() -> int | None:
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url).info("stats")["total_commands_processed"]


def pages() -> dict[str, str]:
    section = Section.objects.get(slug="national")
    article = Article.objects.published().filter(section=section).order_by("-publish_at", "-id")[5]
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "article": f"/articles/{article.pk}/",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="top N cProfile entries")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    assert not settings.DEBUG, "run with DEBUG=false"
    client = Client(HTTP_HOST="testserver")
    client.cookies["sessionid"] = "x"
    for name, path in pages().items():
        for _ in range(20):  # warm: templates compiled, caches filled
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{name}.html").write_bytes(response.content)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        query_count = len(queries)  # now: the next request clears the log
        before = redis_commands()
        client.get(path)
        after = redis_commands()
        redis_per_request = None if before is None else after - before - 1  # minus INFO
        times = []
        for _ in range(args.n):
            start = time.process_time()
            client.get(path)
            times.append(time.process_time() - start)
        print(
            f"{name:8} {path:28} median {statistics.median(times) * 1000:6.2f} ms CPU"
            f"  mean {statistics.mean(times) * 1000:6.2f}  queries {query_count}"
            f"  redis commands {redis_per_request}"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(100):
                client.get(path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
            stats.print_stats(args.profile)
            print(out.getvalue().split("\n", 6)[-1])


if __name__ == "__main__":
    main()
