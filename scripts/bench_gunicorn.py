"""Reader pages under gunicorn compared with a trivial Django view (not a test).

Creates (or reuses) a PostgreSQL database (on DATABASE_URL's server when set, otherwise
the embedded one of scripts/devdb.py), loads the demo, starts gunicorn on a local
port with production-like settings (DEBUG off, Redis at --redis-url: gunicorn.conf.py refuses several workers
without it), then sends
requests from a few client threads for a fixed time per URL and prints requests per
second and the ratio to /robots.txt (a view with no database work).

    .venv/bin/python scripts/bench_gunicorn.py --db portal_bench_gunicorn
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import devdb  # scripts/: the database to measure in

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def run(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def hammer(port: int, path: str, seconds: float, threads: int) -> tuple[float, float, int, float]:
    """Requests per second, median latency in ms, non-200 answers, share of page-cache hits."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    hits = [0]
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local, bad, hit = [], 0, 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            local.append(time.perf_counter() - start)
            bad += response.status != 200
            hit += response.getheader("X-Page-Cache") == "hit"
        conn.close()
        with lock:
            latencies.extend(local)
            errors[0] += bad
            hits[0] += hit

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    began = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - began
    rps = len(latencies) / elapsed
    return rps, statistics.median(latencies) * 1000, errors[0], hits[0] / max(1, len(latencies))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="portal_bench_gunicorn")
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--seconds", type=float, default=5.0, help="per URL")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3", help="emptied first")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": devdb.database_url(args.db),
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "http://127.0.0.1",
        "MEDIA_ROOT": str(ROOT / "test-artifacts" / "bench-media"),
        "PRIVATE_MEDIA_ROOT": str(ROOT / "test-artifacts" / "bench-private"),
    }
    env["REDIS_URL"] = args.redis_url
    subprocess.run(["redis-cli", "-u", args.redis_url, "flushdb"], capture_output=True)
    run("migrate", "--noinput", env=env)
    run("load_demo", env=env)
    run("collectstatic", "--noinput", env=env)
    code = (
        "from news.models import Article;from associations.models import Zone;"
        "print(Article.objects.published().order_by('-publish_at').first().pk,"
        " Zone.objects.published().first().pk)"
    )
    ids = subprocess.run(
        [PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout.split()
    article, zone = ids[-2], ids[-1]

    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            "1",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request(
                    "GET", "/healthz"
                )
                break
            except OSError:
                time.sleep(0.1)
        urls = [
            "/robots.txt",
            "/healthz",
            "/",
            "/news/",
            "/news/notices/",
            f"/articles/{article}/",
            "/zones/",
            f"/zones/{zone}/",
            "/messages/",
            "/search/?q=开发区",
        ]
        print(
            f"gunicorn {args.workers} workers, {args.threads} client threads, "
            f"{args.seconds:.0f} s per URL, cache: Redis"
        )
        print(
            f"{'url':32} {'req/s':>8} {'median ms':>10} {'vs trivial':>10} {'non-200':>8} {'cache hit':>9}"
        )
        baseline = None
        for url in urls:
            path = (
                url.encode("utf-8").decode("latin-1")
                if url.isascii()
                else (url.split("?")[0] + "?q=%E5%BC%80%E5%8F%91%E5%8C%BA")
            )
            hammer(args.port, path, 0.5, args.threads)  # warm caches
            rps, median, bad, hit_share = hammer(args.port, path, args.seconds, args.threads)
            baseline = baseline or rps
            print(
                f"{url:32} {rps:8.0f} {median:10.1f} {rps / baseline:10.2f} {bad:8d}"
                f" {hit_share:9.0%}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
