"""点击量 stays exact in production's process model: the project's gunicorn.conf.py with
two preloaded workers sharing a Redis cache, the page answered from the cache by the
first middleware, the visits counted in Redis and written to PostgreSQL in batches by
both workers during the run, and 200 readers at once (issue 13)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from news import visits
from news.models import Article, ArticleDailyViews, ViewCountBatch

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
READS = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        assert process.poll() is None, "the server stopped"
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError as exc:
            if getattr(exc, "code", None):
                return
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def _gunicorn(redis_url: str, port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'].replace('/', '%2F')}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": "gunicorn-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "1",
        # batches written many times during the run, by whichever worker finds one old
        "VIEW_COUNT_FLUSH_SECONDS": "0.05",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_200_concurrent_reads_across_two_workers_add_exactly_200(make_article, redis_cache):
    redis_url = redis_cache.url
    article = make_article(title="两个进程的并发点击")
    Article.objects.filter(pk=article.pk).update(view_count=1000)
    port = _free_port()
    server = _gunicorn(redis_url, port)
    try:
        url = f"http://127.0.0.1:{port}{article.get_absolute_url()}"
        _wait_for(f"http://127.0.0.1:{port}/", server)
        workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(workers) == 2

        def read(_):
            with urllib.request.urlopen(url, timeout=60) as response:
                html = response.read().decode()
                cache_state = response.headers["X-Page-Cache"]
            shown = re.search(r'class="view-count">(\d+)<', html)
            return response.status, cache_state, int(shown.group(1))

        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(read, range(READS)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    assert {status for status, _, _ in answers} == {200}
    assert {state for _, state, _ in answers} == {"miss", "hit"}  # most from the cache
    # every reader saw their own exact number, once each
    assert sorted(shown for _, _, shown in answers) == list(range(1001, 1001 + READS))
    # the batches written during the run, and the one the last reads left, add up to 200
    assert ViewCountBatch.objects.count() >= 2
    visits.flush()
    article.refresh_from_db()
    assert article.view_count == 1000 + READS
    assert ArticleDailyViews.objects.get(article=article).views == READS
    assert sum(ViewCountBatch.objects.values_list("visits", flat=True)) == READS
