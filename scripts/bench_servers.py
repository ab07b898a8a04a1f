"""Capacity through nginx: one app server, then two (not a test; prints figures).

Starts the multi-server set-up of tests/deploy/ (deploy/nginx/portal.conf over HTTPS in
front of gunicorn, its own Redis; uploads on disk) on a database of its own with the demo
loaded, then for one and for two app servers sends requests from client threads over
keep-alive HTTPS connections for a fixed time per URL, and prints requests per second,
median and 99th-percentile latency and non-200 answers. Cached pages are reader pages
answered from the shared page cache after a first request; the uncached page is a search
with a new word each time, which every request computes.

    .venv/bin/python scripts/bench_servers.py [--seconds 8] [--clients 8] [--workers 2]

Every server runs on this one machine: with 2 cores, a second app server adds processes,
not CPU, and nginx, Redis, PostgreSQL and the client threads compete for the same cores.
"""

import argparse
import http.client
import os
import random
import ssl
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import devdb  # noqa: E402 - scripts/: the database to measure in

from tests.deploy.cluster import Cluster  # noqa: E402

WORDS = (
    "开发区 园区 协会 产业 招商 营商 环境 数字化 创新 服务 会员 通知 会议 标准 改革 绿色".split()
)


def prepare(database_url: str) -> tuple[str, str]:
    """Migrate and load the demo once; the newest article's and a section's paths."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "SECRET_KEY": "bench"}

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    manage("migrate", "--noinput")
    code = "from news.models import Article;print(Article.objects.exists())"
    if manage("shell", "-c", code).stdout.strip() != "True":
        manage("load_demo")
    manage("collectstatic", "--noinput")
    code = (
        "from news.models import Article;a=Article.objects.published().order_by('-publish_at')[0];"
        "print(a.get_absolute_url(), a.section.get_absolute_url())"
    )
    article, section = manage("shell", "-c", code).stdout.split()[-2:]
    return article, section


def hammer(cluster: Cluster, paths, seconds: float, clients: int) -> dict:
    """Requests per second, median and p99 latency (ms), non-200 answers, share of
    answers from the page cache (X-Page-Cache: hit)."""
    context = ssl.create_default_context(cafile=str(cluster.cert))
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    bad, hits = [0], [0]
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPSConnection("127.0.0.1", cluster.port, context=context, timeout=30)
        local, errors, hit = [], 0, 0
        while time.monotonic() < stop:
            path = paths() if callable(paths) else paths
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                errors += response.status != 200
                hit += response.getheader("X-Page-Cache") == "hit"
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPSConnection(
                    "127.0.0.1", cluster.port, context=context, timeout=30
                )
            local.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(local)
            bad[0] += errors
            hits[0] += hit

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "median": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "bad": bad[0],
        "hits": hits[0] / max(1, len(latencies)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="portal_bench_servers")
    parser.add_argument("--seconds", type=float, default=8.0, help="per URL and set-up")
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    args = parser.parse_args()

    database_url = devdb.database_url(args.db)
    article, section = prepare(database_url)

    def search():
        return "/search/?q=" + quote(f"{random.choice(WORDS)}{random.randint(0, 10**9)}")

    urls = [
        ("/", "cached"),
        (section, "cached"),
        (article, "cached"),
        (search, "uncached"),
    ]
    print(
        f"nginx (HTTPS) in front of N app servers of {args.workers} gunicorn workers x "
        f"{args.threads} threads, {args.clients} client threads, {args.seconds:.0f} s per URL, "
        f"{os.cpu_count()} cores shared by everything (and by other work on the machine)"
    )
    print(
        f"{'servers':>7} {'url':28} {'kind':8} {'req/s':>7} {'median ms':>9} {'p99 ms':>7} {'non-200':>7}"
    )
    for count in (1, 2):
        cluster = Cluster(
            database_url, s3=False, app_count=count, workers=args.workers, threads=args.threads
        ).start()
        try:
            for path, kind in urls:
                hammer(cluster, path, 1.0, args.clients)  # warm the caches and connections
                result = hammer(cluster, path, args.seconds, args.clients)
                name = "/search/?q=<new word>" if callable(path) else path
                print(
                    f"{count:7d} {name:28} {kind:8} {result['rps']:7.0f} {result['median']:9.1f}"
                    f" {result['p99']:7.1f} {result['bad']:7d} {result['hits']:9.0%}"
                )
        finally:
            cluster.close()


if __name__ == "__main__":
    main()
