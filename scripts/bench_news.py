"""Speed of the news reader pages, measured in-process with Django's test client.

    DATABASE_URL=… DEBUG=true .venv/bin/python scripts/bench_news.py [--articles 20000] [--rounds 200]

Run `manage.py load_demo` first. With --articles N the script first adds articles to a
section 《性能测试》 (slug "bench") until it holds N, so list and count costs show at
scale; --cleanup removes them again. Prints the median and 95th percentile time and the
number of SQL queries per page, cold (empty cache) and warm, next to /healthz (a trivial
view that runs one query) as the baseline.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from news.models import Article, Section  # noqa: E402


def fill(n: int) -> Section:
    news = Section.objects.filter(slug="news").first()
    section, _ = Section.objects.get_or_create(
        slug="bench", defaults={"name": "性能测试", "parent": news}
    )
    have = Article.objects.filter(section=section).count()
    now = timezone.now()
    batch = []
    for i in range(have, n):
        batch.append(
            Article(
                title=f"性能测试文章 {i}",
                section=section,
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=i + 10),
                body="<p>用于测量列表和计数开销的文章。</p>" * 5,
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    if batch:
        Article.objects.bulk_create(batch)
    Section.objects.get(pk=section.pk).save()  # bump the cache version
    return section


class QueryCounter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def measure(client: Client, url: str, rounds: int) -> tuple[float, float, int, int]:
    cache.clear()
    cold, warm = QueryCounter(), QueryCounter()
    with connection.execute_wrapper(cold):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    with connection.execute_wrapper(warm):
        client.get(url)
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], cold.n, warm.n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--cleanup", action="store_true")
    args = parser.parse_args()
    if args.cleanup:
        deleted, _ = Article.objects.filter(section__slug="bench").delete()
        Section.objects.filter(slug="bench").delete()
        print(f"removed {deleted} benchmark rows")
        return
    if args.articles:
        fill(args.articles)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")
    article = Article.objects.published().order_by("-publish_at").first()
    urls = [
        "/healthz",
        "/",
        "/news/",
        "/news/national/",
        "/news/association/",
        article.get_absolute_url(),
        "/magazine/",
        "/feeds/latest/",
    ]
    if Section.objects.filter(slug="bench").exists():
        urls.append("/news/bench/?page=400")
    print(f"published articles: {Article.objects.published().count()}, rounds: {args.rounds}")
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'SQL cold':>9} {'SQL warm':>9}")
    client = Client(HTTP_HOST="127.0.0.1")
    for url in urls:
        median, p95, cold, warm = measure(client, url, args.rounds)
        print(f"{url:28} {median:10.2f} {p95:8.2f} {cold:9d} {warm:9d}")


if __name__ == "__main__":
    main()
