"""The admin dashboard (/admin/) at scale: its SQL query count and render time (not a test).

Fills a SEPARATE database (on DATABASE_URL's server when set, otherwise the embedded
one of scripts/devdb.py) with the standard sections, --articles articles (copies of
one row made by generate_series: mostly published, some waiting for review, some
scheduled or going offline within the week), --days days of reads per day with
--read-per-day articles read each day, and --messages messages (1% waiting for a
reply); then logs a superuser in and times GET /admin/ with the test client (view,
ORM, templates), with the reading figures made afresh for each request and cached (as
editors get them within two minutes of each other). The data is reused when it is
already there.

    .venv/bin/python scripts/bench_dashboard.py [--db portal_bench_dash] [--runs 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import devdb  # scripts/: the database to measure in

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fill(args) -> None:
    """Bulk SQL (generate_series); every value is a number of the script's own, so the
    statements are built as text and run without parameters."""
    from django.db import connection, transaction

    from news.models import Article, ArticleDailyViews, Section

    n = args.articles
    sections = list(Section.objects.filter(kind=Section.Kind.LIST).values_list("id", flat=True))
    template = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("id").first()
    computed = {
        "title": "'性能测试文章 ' || g",
        "status": "CASE WHEN g % 50 = 0 THEN 'review' WHEN g % 97 = 0 THEN 'draft' "
        "ELSE 'published' END",
        # one every 10 minutes into the past; the last 500 scheduled over the next week
        "publish_at": f"CASE WHEN g > {n - 500} THEN now() + (g % 500) * interval '20 minutes' "
        "ELSE now() - g * interval '10 minutes' END",
        "unpublish_at": f"CASE WHEN g % 1000 = 0 AND g <= {n - 500} "
        "THEN now() + (g / 1000 % 14) * interval '1 day' + interval '1 hour' END",
        "section_id": f"(ARRAY{sections})[1 + g % {len(sections)}]",
        "view_count": "0",
        "is_pinned": "false",
        "is_headline": "false",
        "is_slide": "false",
    }
    columns = [f.column for f in Article._meta.concrete_fields if f.column != "id"]
    articles = (
        f"INSERT INTO news_article ({', '.join(columns)}) "
        f"SELECT {', '.join(computed.get(c, f'a.{c}') for c in columns)} "
        f"FROM news_article a, generate_series(1, {n}) g WHERE a.id = {template.pk}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute(articles)
        cursor.execute(
            "SELECT min(id), count(*) FROM news_article WHERE title LIKE '性能测试文章 %'"
        )
        first, made = cursor.fetchone()
        print(f"{made} articles in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        # each day --read-per-day distinct articles (k times a prime, modulo n)
        cursor.execute(
            "INSERT INTO news_articledailyviews (article_id, section_id, day, views) "
            "SELECT a.id, a.section_id, (now() AT TIME ZONE 'Asia/Shanghai')::date - d, "
            "1 + (k * 31 + d) % 97 "
            f"FROM generate_series(0, {args.days - 1}) d "
            f"CROSS JOIN generate_series(1, {args.read_per_day}) k "
            f"JOIN news_article a ON a.id = {first} + (d * 7919 + k * 104729) % {made} "
            "ON CONFLICT DO NOTHING"
        )
        print(
            f"{ArticleDailyViews.objects.count()} daily rows ({args.days} days x "
            f"{args.read_per_day} articles) in {time.perf_counter() - t0:.1f} s"
        )
        cursor.execute(
            "INSERT INTO submissions_message (created_at, updated_at, code, name, phone, email, "
            "subject, content, status, reply, replied_at, user_agent) "
            "SELECT now() - g * interval '1 hour', now(), 'LY-DASH-' || lpad(g::text, 11, '0'), "
            "'读者', '13900000000', '', '基准测试问题 ' || g, '关于开发区统计数据的咨询。', "
            "CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'published' END, "
            "CASE WHEN g % 100 = 0 THEN '' ELSE '您好。' END, "
            "CASE WHEN g % 100 = 0 THEN NULL ELSE now() END, '' "
            f"FROM generate_series(1, {args.messages}) g"
        )
    with connection.cursor() as cursor:
        for table in ("news_article", "news_articledailyviews", "submissions_message"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="portal_bench_dash", help="created when missing")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--read-per-day", type=int, default=3000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20, help="timed requests")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = devdb.database_url(args.db)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("SITE_URL", "http://testserver")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
    os.environ.setdefault("AXES_ENABLED", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from news.models import Article, ArticleDailyViews, Section

    call_command("migrate", verbosity=0)
    if not Section.objects.exists():
        call_command("load_demo", verbosity=0)
    if Article.objects.count() < args.articles:
        fill(args)
    else:
        print(f"{args.db} already holds {Article.objects.count()} articles: reusing them")

    user, _ = get_user_model().objects.get_or_create(
        username="bench-dashboard", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200  # warms the cached settings and sections
    figures = f"news:reads:{timezone.localdate()}"  # the reading figures, cached 2 minutes
    cache.delete(figures)
    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
    fresh_count = len(queries)
    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")
    cached_count = len(queries)
    fresh, cached = [], []
    for _ in range(args.runs):
        for times, drop in ((fresh, True), (cached, False)):
            if drop:
                cache.delete(figures)
            t0 = time.perf_counter()
            response = client.get("/admin/")
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
    load = os.getloadavg()[0]
    print(
        f"\nGET /admin/ (dashboard), {Article.objects.count()} articles, "
        f"{ArticleDailyViews.objects.count()} daily rows, {args.runs} runs, load average {load:.1f}"
    )
    for label, count, times in (
        ("figures made afresh", fresh_count, fresh),
        ("figures cached", cached_count, cached),
    ):
        print(
            f"  {label:20} {count:3d} SQL queries  median {statistics.median(times):7.1f} ms"
            f"  max {max(times):7.1f} ms"
        )
    print("slowest queries of a render with the figures made afresh (ms):")
    for q in slowest:
        print(f"  {float(q['time']) * 1000:7.1f}  {q['sql'][:110]}")


if __name__ == "__main__":
    main()
