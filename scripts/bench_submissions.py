"""Benchmark of the public message board and the admin queue counts on a big table.

Run against a scratch database (it adds rows and removes them again at the end):

    DATABASE_URL=postgres://…/portal_bench python scripts/bench_submissions.py [rows]

Prints the median time and the SQL query count of the board's first, middle and last
page, the look-up page, and the admin index with its two queue counts.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from publicforms.codes import CODE_ALPHABET  # noqa: E402
from submissions.models import Message  # noqa: E402

PREFIX = "LY-BENCH"


def bench_code(n: int) -> str:
    """LY-BENCH-XXXXX-XXXXX: a well-formed message code, n written in the code alphabet."""
    digits = ""
    for _ in range(10):
        n, rest = divmod(n, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[rest] + digits
    return f"{PREFIX}-{digits[:5]}-{digits[5:]}"


def fill(rows: int) -> None:
    now = timezone.now()
    batch = []
    for n in range(rows):
        published = n % 100 != 0  # a small pending queue, as on a real site
        batch.append(
            Message(
                code=bench_code(n),
                name="读者",
                phone="13900000000",
                subject=f"基准测试问题 {n}",
                content="关于开发区统计数据的咨询。" * 5,
                status="published" if published else "pending",
                reply="您好，相关数据可在协会研究部索取。" if published else "",
                replied_at=now - timedelta(minutes=n) if published else None,
            )
        )
        if len(batch) == 5000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE submissions_message")


def measure(client: Client, url: str, runs: int = 15) -> tuple[float, int, int]:
    client.get(url)  # warm caches and connections
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries), response.status_code


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    Message.objects.filter(code__startswith=PREFIX).delete()
    start = time.perf_counter()
    fill(rows)
    print(f"inserted {rows} messages in {time.perf_counter() - start:.1f} s")
    cache.clear()
    public = Client()
    # A session cookie keeps every request out of the page cache: time the board itself.
    public.cookies["sessionid"] = "benchmark"
    pages = Message.objects.published().count() // 15 + 1
    last = min(pages, 500)
    urls = [
        "/messages/",
        f"/messages/?page={last // 2}",
        f"/messages/?page={last}",
        f"/messages/lookup/?code={bench_code(rows // 2 + 1)}",
    ]
    for url in urls:
        ms, queries, status = measure(public, url)
        print(f"{url:45s} {status}  median {ms:7.2f} ms  {queries} queries")
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    staff = Client()
    staff.force_login(user)
    ms, queries, status = measure(staff, "/admin/", runs=10)
    print(f"{'/admin/ (with queue counts)':45s} {status}  median {ms:7.2f} ms  {queries} queries")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN SELECT COUNT(*) FROM submissions_message WHERE status = 'pending'")
        print("pending count plan:", " / ".join(r[0].strip() for r in cursor.fetchall()[:3]))
    Message.objects.filter(code__startswith=PREFIX).delete()
    user.delete()


if __name__ == "__main__":
    main()
