"""Speed of the two joins between apps: zone pages with their news, and accepting a submission.

    DATABASE_URL=… DEBUG=true .venv/bin/python scripts/bench_accept.py [--links 20000] [--rounds 100]

Run `manage.py load_demo` first. The script links --links published articles (added to
a section 《性能测试》, slug "bench-zone") to one demo zone, then prints the median and
95th percentile time and the SQL queries of that zone's page next to /healthz, and the
plan of the 相关资讯 query. Then it accepts a submission with five 20 MB PDFs into a
draft article and prints how long that took; the submission, the article and every file
it wrote are removed again. --cleanup removes the bench articles.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from associations.models import Zone  # noqa: E402
from news.models import Article, Section  # noqa: E402
from publicforms.storage import PrivateStorage  # noqa: E402
from submissions.models import Submission, SubmissionAttachment, new_tracking_code  # noqa: E402
from submissions.services.accept import accept_into_article  # noqa: E402


def link(zone: Zone, n: int) -> None:
    section, _ = Section.objects.get_or_create(
        slug="bench-zone", defaults={"name": "性能测试（开发区）"}
    )
    have = Article.objects.filter(section=section).count()
    now = timezone.now()
    through = Article.zones.through
    for start in range(have, n, 5000):
        batch = Article.objects.bulk_create(
            Article(
                title=f"开发区资讯性能测试 {i}",
                section=section,
                status=Article.Status.PUBLISHED if i % 10 else Article.Status.DRAFT,
                publish_at=now - timedelta(minutes=i + 10),
                body="<p>用于测量开发区页相关资讯的文章。</p>",
            )
            for i in range(start, min(n, start + 5000))
        )
        through.objects.bulk_create(through(article_id=a.pk, zone_id=zone.pk) for a in batch)


def timed(client: Client, url: str, rounds: int) -> tuple[float, float, int]:
    client.get(url)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


@contextmanager
def mail_kept_quiet():
    """The acceptance e-mail goes to Django's in-memory outbox, not to the console."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


def bench_accept() -> None:
    storage = PrivateStorage()
    pdf = b"%PDF-1.4\n" + os.urandom(20 * 1024 * 1024 - 9)
    submission = Submission.objects.create(
        tracking_code=new_tracking_code(),
        title="性能测试投稿",
        author="测试",
        organization="测试单位",
        email="bench@example.org",
        body="第一段。\n第二段。",
        consent_at=timezone.now(),
    )
    for i in range(5):
        name = storage.save(f"submissions/bench/{i}.pdf", ContentFile(pdf))
        SubmissionAttachment.objects.create(
            submission=submission,
            file=name,
            original_name=f"附件{i}.pdf",
            kind="pdf",
            content_type="application/pdf",
            size=len(pdf),
        )
    editor = get_user_model().objects.filter(is_superuser=True).first()
    start = time.perf_counter()
    with mail_kept_quiet():
        article = accept_into_article(submission=submission, editor=editor)
    took = time.perf_counter() - start
    print(f"accept_into_article, 5 × 20 MB PDFs: {took * 1000:.0f} ms")
    for attachment in article.attachments.all():
        attachment.file.delete(save=False)
    article.delete()
    for attachment in submission.attachments.all():
        storage.delete(attachment.file.name)
    submission.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--cleanup", action="store_true")
    args = parser.parse_args()
    if args.cleanup:
        Article.objects.filter(section__slug="bench-zone").delete()
        Section.objects.filter(slug="bench-zone").delete()
        print("removed the bench articles")
        return
    zone = Zone.objects.published().order_by("pk").first()
    link(zone, args.links)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would keep them
        cursor.execute("ANALYZE news_article; ANALYZE news_article_zones")
    client = Client(HTTP_HOST="127.0.0.1")
    # A session cookie keeps every request out of the page cache: time the zone page itself.
    client.cookies["sessionid"] = "benchmark"
    for label, url in (
        ("/healthz", "/healthz"),
        (f"zone with {args.links} links", zone.get_absolute_url()),
        (
            "zone with no links",
            Zone.objects.published().filter(articles=None).first().get_absolute_url(),
        ),
    ):
        median, p95, queries = timed(client, url, args.rounds)
        print(f"{label:<26} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")
    related = (
        zone.articles.published()
        .only("id", "title", "publish_at")
        .order_by("-publish_at", "-id")[:8]
    )
    with connection.cursor() as cursor:
        sql, params = related.query.sql_with_params()
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        print("\n".join(row[0] for row in cursor.fetchall()))
    bench_accept()


if __name__ == "__main__":
    main()
